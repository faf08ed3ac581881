import { z } from 'zod';

/** Who may take the case-level actions (the same lists guard the JSON API and the case page). */
export const CASE_OFFICERS = ['HANDLER', 'SUPERVISOR', 'HEAD'] as const;

const instant = (what: string) => z.iso.datetime({ offset: true, error: `请填写${what}（日期和时间）` });

export const reasonBody = z.object({ reason: z.string({ error: '请填写理由' }).trim().min(2, '请填写理由（至少2个字）').max(2000) }).strict();

/** One article of a 先行登记保存 (CF Art 56; the notice lists name, 规格型号, quantity and where it is kept). */
export const preservedItem = z.object({
  name: z.string({ error: '请填写物品名称' }).trim().min(2, '请填写物品名称（至少2个字）').max(100),
  spec: z.string({ error: '请填写规格型号' }).trim().min(1, '请填写规格型号（没有的填“无”）').max(100),
  quantity: z.number({ error: '请填写数量（数字）' }).positive('数量须大于0').max(1_000_000),
  unit: z.string({ error: '请填写计量单位' }).trim().min(1, '请填写计量单位（如：台、箱、千克）').max(10),
  keptAt: z.string({ error: '请填写保存地点' }).trim().min(2, '请填写保存地点（至少2个字）').max(200),
}).strict();

export const preservationBody = z.object({
  items: z.array(preservedItem, { error: '请逐项列明先行登记保存的物品' }).min(1, '请至少列明一件物品').max(50, '一次最多50件物品'),
  urgent: z.boolean().default(false),
  performedAt: z.iso.datetime({ offset: true, error: '请填写当场实施的时间' }).optional().describe('紧急情况下当场实施的时间（24小时报告期限自此起算）'),
}).strict();

export const lawsuitBody = z.object({
  court: z.string({ error: '请填写受理法院' }).trim().min(2, '请填写受理法院').max(200),
  filedAt: instant('起诉时间'),
}).strict();

export const deferralBody = z.object({
  reason: reasonBody.shape.reason,
  newDueDay: z.iso.date({ error: '请填写申请的缴款期限（日期）' }),
}).strict();
