// Visit frequency (issue 21 item 5; reform plan (六) "减少不必要的执法，切实防止执法扰民" and (二)
// "对实施惩戒的企业，增加执法检查频次"): the rolling count of visits to an enterprise by every Zhifa
// org, the refusal of a visit beyond the policy without a reason for the head, and the enterprises
// under sanction. The policy is rules/thresholds.ts VISIT_FREQUENCY_* and the deadline row
// VISIT_FREQUENCY_WINDOW, all confirmed:false and configurable. Used by plans, ad-hoc and joint
// inspections, and campaigns.
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';
import { deadlineRule, type DeadlineOverrides } from '../rules/deadlines.ts';
import { addMonthsClamped, shanghaiDate } from '../rules/iso-date.ts';
import { withThresholdOverrides, type ThresholdOverrides } from '../rules/thresholds.ts';
import { invalid } from './errors.ts';

type Db = PrismaClient | Prisma.TransactionClient;

export interface VisitPolicy { limit: number; sanctionedPerYear: number; windowMonths: number }

export function visitPolicy(deadlines: DeadlineOverrides = {}, thresholds: ThresholdOverrides = {}): VisitPolicy {
  const t = withThresholdOverrides(thresholds);
  const w = deadlineRule('VISIT_FREQUENCY_WINDOW', deadlines);
  if (w.unit !== 'MONTH') throw new Error('期限 VISIT_FREQUENCY_WINDOW 只能按月配置');
  return { limit: t.VISIT_FREQUENCY_MAX.value, sanctionedPerYear: t.VISIT_FREQUENCY_SANCTIONED.value, windowMonths: w.amount };
}

/** First day (Beijing) of the window that ends on `day`. */
export const windowStart = (day: string, months: number): string => addMonthsClamped(day, -months);

/** Visits that count: every org's inspections of the enterprise in the window, except complaints and visits the head refused. */
export async function countVisits(db: Db, enterpriseId: string, policy: VisitPolicy, today = shanghaiDate(new Date())): Promise<number> {
  return db.inspection.count({ where: {
    enterpriseId, kind: { not: 'COMPLAINT' }, scheduledFor: { gte: new Date(`${windowStart(today, policy.windowMonths)}T00:00:00Z`) },
    OR: [{ result: null }, { result: { not: 'NOT_APPROVED' } }],
  } });
}

export interface VisitCheck { enterpriseId: string; enterpriseName: string; count: number; limit: number; windowMonths: number; over: boolean }

/** Whether `adding` more visits now would take the enterprise over the policy. */
export async function checkVisits(db: Db, enterpriseId: string, adding: number, policy: VisitPolicy): Promise<VisitCheck> {
  const e = await db.enterprise.findUniqueOrThrow({ where: { id: enterpriseId }, select: { name: true } });
  const count = await countVisits(db, enterpriseId, policy);
  return { enterpriseId, enterpriseName: e.name, count, limit: policy.limit, windowMonths: policy.windowMonths, over: count + adding > policy.limit };
}

/** The 4xx a visit over the limit gets when no reason is given (the field that carries it is named). */
export function overLimitRefusal(c: VisitCheck, field: string, adding = 1) {
  return invalid(`企业“${c.enterpriseName}”近${c.windowMonths}个月已被检查${c.count}次（不含投诉举报），再检查${adding}次将超过每${c.windowMonths}个月${c.limit}次的检查频次上限：`
    + `须在“${field}”中说明理由，报负责人批准`, { field, enterpriseId: c.enterpriseId, count: c.count, limit: c.limit });
}

/** Enterprises supervised by the org under a sanction in force: an active 不良记录 or 黑名单 (rules/credit.ts). */
export async function sanctionedEnterprises(db: Db, orgId: string, at = new Date()): Promise<string[]> {
  const rows = await db.creditRecord.findMany({
    where: { kind: { in: ['BAD', 'BLACKLIST'] }, validFrom: { lte: at }, OR: [{ validUntil: null }, { validUntil: { gt: at } }] },
    select: { enterpriseId: true }, distinct: ['enterpriseId'],
  });
  if (!rows.length) return [];
  const mine = await db.enterprise.findMany({ where: { orgId, id: { in: rows.map((r) => r.enterpriseId) } }, select: { id: true }, orderBy: { id: 'asc' } });
  return mine.map((e) => e.id);
}
