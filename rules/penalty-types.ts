// 行政处罚的种类 as Zhifa codes them (行政处罚法 第九条): the one vocabulary of the catalog
// (prisma/seed-data/catalog.ts), the forms and the penalty rules.
// SUSPENSION = 责令停产停业(整顿)/停止建设; REVOCATION = 吊销许可证; CLOSURE = 关闭 (AQ 113, by the government).
export const PENALTY_TYPES = ['WARNING', 'FINE', 'CONFISCATION', 'SUSPENSION', 'REVOCATION', 'CLOSURE'] as const;
export type PenaltyType = (typeof PENALTY_TYPES)[number];
