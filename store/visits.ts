// Visit frequency (issue 21 item 5; reform plan (六) "减少不必要的执法，切实防止执法扰民" and (二)
// "对实施惩戒的企业，增加执法检查频次"): the rolling count of visits to an enterprise by every Zhifa
// org, the refusal of a visit beyond the policy without a reason for the head, and the enterprises
// under sanction. The policy is rules/thresholds.ts VISIT_FREQUENCY_* and the deadline row
// VISIT_FREQUENCY_WINDOW, all confirmed:false and configurable. Used by plans, ad-hoc and joint
// inspections, campaigns, and the random draws' pools.
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';
import { deadlineRule, type DeadlineOverrides } from '../rules/deadlines.ts';
import { addMonthsClamped, shanghaiDate } from '../rules/iso-date.ts';
import { withThresholdOverrides, type ThresholdOverrides } from '../rules/thresholds.ts';
import type { VisitOverLimit } from '../workflows/inspection-messages.ts';
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

/**
 * How long a reservation (a visit that passed the check, whose workflow has not written its row yet)
 * holds its place. The API waits UPDATE_DEADLINE_MS (10 s) for the row; a start that has written
 * nothing an hour later has failed, and its place is given back. A technical bound, not policy.
 */
export const RESERVATION_HOLD_SECONDS = 3600;

/**
 * The rolling counts of several enterprises in one statement, so one snapshot: every org's
 * inspections in the window, except complaints and visits the head refused, plus the visits being
 * started (reservations whose row is not written yet). `except` leaves out the visit being checked.
 */
export async function visitCounts(db: Db, enterpriseIds: readonly string[], policy: VisitPolicy, o: { today?: string; except?: string } = {}): Promise<Map<string, number>> {
  if (!enterpriseIds.length) return new Map();
  const since = windowStart(o.today ?? shanghaiDate(new Date()), policy.windowMonths);
  const except = o.except ?? '';
  const rows = await db.$queryRaw<{ id: string; n: number }[]>`
    SELECT e."id", ((SELECT count(*) FROM "Inspection" i WHERE i."enterpriseId" = e."id" AND i."kind" <> 'COMPLAINT' AND i."scheduledFor" >= ${since}::date
        AND (i."result" IS NULL OR i."result" <> 'NOT_APPROVED') AND i."id" <> ${except})
      + (SELECT count(*) FROM "VisitReservation" r WHERE r."enterpriseId" = e."id" AND r."scheduledFor" >= ${since}::date AND r."id" <> ${except}
        AND r."createdAt" > (now() AT TIME ZONE 'UTC') - make_interval(secs => ${RESERVATION_HOLD_SECONDS}) AND NOT EXISTS (SELECT 1 FROM "Inspection" i WHERE i."id" = r."id")))::int AS "n"
    FROM unnest(${[...new Set(enterpriseIds)]}::text[]) AS e("id")`;
  return new Map(rows.map((r) => [r.id, Number(r.n)]));
}

/** Visits that count for one enterprise (see visitCounts). */
export async function countVisits(db: Db, enterpriseId: string, policy: VisitPolicy, today = shanghaiDate(new Date()), except?: string): Promise<number> {
  return (await visitCounts(db, [enterpriseId], policy, { today, except })).get(enterpriseId) ?? 0;
}

export interface VisitCheck { enterpriseId: string; enterpriseName: string; count: number; limit: number; windowMonths: number; over: boolean }

/**
 * Checks one visit against the policy and holds its place, serialised per enterprise: the
 * enterprise's row is locked (FOR NO KEY UPDATE: it serialises these checks, yet does not block the
 * workflow's insert of an Inspection row, which only needs KEY SHARE) before counting, and the
 * reservation is written in the same transaction, so of simultaneous requests for the last allowed
 * visit only one passes; the others count it and are refused (or go to the head with their reason).
 * Only this enterprise's checks wait: there is no global lock (issue 18). Without a reason, a visit
 * over the limit is refused with overLimitRefusal(…, field) and nothing is written.
 */
export async function reserveVisit(prisma: PrismaClient, v: { inspectionId: string; enterpriseId: string; scheduledFor: string; reason?: string; field: string }, policy: VisitPolicy): Promise<VisitCheck> {
  return prisma.$transaction(async (tx) => {
    const [e] = await tx.$queryRaw<{ name: string }[]>`SELECT "name" FROM "Enterprise" WHERE "id" = ${v.enterpriseId} FOR NO KEY UPDATE`;
    if (!e) throw invalid(`生产经营单位 ${v.enterpriseId} 不存在`, { field: 'enterpriseId' });
    const count = await countVisits(tx, v.enterpriseId, policy, undefined, v.inspectionId);
    const c: VisitCheck = { enterpriseId: v.enterpriseId, enterpriseName: e.name, count, limit: policy.limit, windowMonths: policy.windowMonths, over: count + 1 > policy.limit };
    if (c.over && !v.reason) throw overLimitRefusal(c, v.field);
    await tx.$executeRaw`DELETE FROM "VisitReservation" WHERE "enterpriseId" = ${v.enterpriseId} AND "createdAt" <= (now() AT TIME ZONE 'UTC') - make_interval(secs => ${RESERVATION_HOLD_SECONDS})`;
    await tx.$executeRaw`INSERT INTO "VisitReservation" ("id", "enterpriseId", "scheduledFor", "createdAt") VALUES (${v.inspectionId}, ${v.enterpriseId}, ${v.scheduledFor}::date, (now() AT TIME ZONE 'UTC'))
      ON CONFLICT ("id") DO NOTHING`;
    return c;
  });
}

/** The 4xx a visit over the limit gets when no reason is given (the field that carries it is named). */
export function overLimitRefusal(c: VisitCheck, field: string, adding = 1) {
  return invalid(`企业“${c.enterpriseName}”近${c.windowMonths}个月已被检查${c.count}次（不含投诉举报），再检查${adding}次将超过每${c.windowMonths}个月${c.limit}次的检查频次上限：`
    + '须填写“超出检查频次的理由”，报负责人批准', { field, enterpriseId: c.enterpriseId, count: c.count, limit: c.limit });
}

/** What the inspection workflow carries to the head's approval step (workflows/joint-signatures.ts) when a visit is over the limit with a reason. */
export function overLimitOf(c: VisitCheck | null, reason: string | undefined): VisitOverLimit | undefined {
  return c?.over && reason ? { reason, count: c.count, limit: c.limit, windowMonths: c.windowMonths } : undefined;
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
