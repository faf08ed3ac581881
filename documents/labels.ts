// Words the documents print for codes the read model stores. They live here, below the API and
// the activities, because a document is written by both (store/document-data.ts); api/labels.ts
// re-exports them so a page still takes every label from one module.

export type Labels = Readonly<Record<string, string>>;

/** The label of `code` in `labels`; a code without one is shown as it is (the page crawl then finds it). */
export const labelOf = (labels: Labels, code: string | null | undefined): string => (code ? labels[code] ?? code : '');

export const CASE_SOURCE_LABELS: Labels = { INSPECTION: '监督检查', COMPLAINT: '投诉举报', REFERRAL: '移送', ACCIDENT: '事故调查', TRANSFER: '移交', OTHER: '其他' };

/** The same kinds in the words of the statute, for the public disclosures. */
export const PENALTY_STATUTE_LABELS: Labels = { WARNING: '警告', FINE: '罚款', CONFISCATION: '没收违法所得、没收非法财物', SUSPENSION: '责令停产停业', REVOCATION: '暂扣或者吊销许可证件', CLOSURE: '责令关闭' };

/** 送达方式 (行政处罚法 第六十一条, 民事诉讼法 送达 chapter). */
export const SERVICE_METHOD_LABELS: Labels = {
  DIRECT: '直接送达', LEFT: '留置送达', MAIL: '邮寄送达', ELECTRONIC: '电子送达', ENTRUSTED: '委托送达', PUBLIC_NOTICE: '公告送达',
};
