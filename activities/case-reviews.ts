import { createHash, randomBytes } from 'node:crypto';
import { beat } from './heartbeat.ts';
import { ApplicationFailure } from '@temporalio/common';
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';
import { drawReviewSample, reviewSampleSize, reviewSeed, type ReviewPeriod } from '../rules/case-review.ts';
import { deadlineRule, type DeadlineOverrides } from '../rules/deadlines.ts';
import { withThresholdOverrides, type ThresholdOverrides } from '../rules/thresholds.ts';
import { appendAudit } from '../store/audit.ts';
import type { CaseReviewInput, CaseReviewStatus } from '../workflows/case-review-messages.ts';
import { workflowActor } from './audit-actor.ts';

const hashId = (...parts: string[]) => createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
/** Cases that count as closed for 抽查: 结案 and 归档 (a 不予立案 is not a handled case). */
const CLOSED = ['CLOSED', 'ARCHIVED'];
/** Roles whose holders are the officers evaluated for a case (承办人). */
const OFFICER_ROLES = ['HANDLER', 'TOWNSHIP_OFFICER'];

export interface DrawCaseReviews {
  cityOrgId: string;
  countyOrgIds?: string[];
  period: ReviewPeriod;
  months: number;
  thresholdOverrides?: ThresholdOverrides;
  workflowId: string;
  /** Workflow time of the draw: the scoring period runs from it. */
  at: string;
}

export interface RecordCaseReview {
  reviewId: string;
  /** Idempotency: a step recorded once, whatever the retries. */
  key: string;
  action: string;
  status?: CaseReviewStatus;
  scores?: Record<string, unknown>;
  failedItems?: string[];
  corrections?: Record<string, unknown>;
  actorId?: string;
  at?: string;
  data?: Record<string, unknown>;
}

/** The case's officers: who registered it and who completed its steps, if they hold an officer role. */
async function handlersOf(tx: Prisma.TransactionClient, caseIds: string[]): Promise<Map<string, string[]>> {
  const [cases, tasks] = await Promise.all([
    tx.case.findMany({ where: { id: { in: caseIds } }, select: { id: true, registeredById: true } }),
    tx.task.findMany({ where: { caseId: { in: caseIds }, completedById: { not: null } }, select: { caseId: true, completedById: true } }),
  ]);
  const people = new Map<string, Set<string>>(cases.map((c) => [c.id, new Set([c.registeredById])]));
  for (const t of tasks) people.get(t.caseId!)?.add(t.completedById!);
  const ids = [...new Set([...people.values()].flatMap((s) => [...s]))];
  const officers = new Set((await tx.user.findMany({ where: { id: { in: ids }, roles: { hasSome: OFFICER_ROLES } }, select: { id: true } })).map((u) => u.id));
  return new Map([...people].map(([caseId, s]) => [caseId, [...s].filter((id) => officers.has(id)).sort()]));
}

// The sampling review's read model (CaseReviewDraw, CaseReview), written only by
// workflows/case-review-cycle.ts and workflows/case-review.ts.
export function caseReviewActivities(prisma: PrismaClient, deadlineOverrides: DeadlineOverrides = {}) {
  return {
    /** The length of a review period, from the CASE_REVIEW_CYCLE row (configurable). */
    async caseReviewCycleMonths(): Promise<number> {
      const row = deadlineRule('CASE_REVIEW_CYCLE', deadlineOverrides);
      if (row.unit !== 'MONTH' || 12 % row.amount !== 0) {
        throw ApplicationFailure.nonRetryable(`抽查周期（CASE_REVIEW_CYCLE）须为能整除12的月数，当前配置为 ${row.amount} ${row.unit}`);
      }
      return row.amount;
    },

    /**
     * Draws each county's sample of the cases closed in the period, with a random seed recorded
     * beside the population and the chosen ids. One draw per city, county and period: a retry
     * (or a second cycle) gets the recorded draw, never a second one.
     */
    async drawCaseReviews(q: DrawCaseReviews): Promise<CaseReviewInput[]> {
      const counties = q.countyOrgIds?.length
        ? q.countyOrgIds
        : (await prisma.org.findMany({ where: { parentId: q.cityOrgId, kind: 'COUNTY_BUREAU' }, select: { id: true }, orderBy: { id: 'asc' } })).map((o) => o.id);
      const policy = withThresholdOverrides(q.thresholdOverrides ?? {});
      const shareBp = policy.CASE_REVIEW_SAMPLE_SHARE.value;
      const min = policy.CASE_REVIEW_SAMPLE_MIN.value;
      const out: CaseReviewInput[] = [];
      for (const countyOrgId of counties) {
        beat({ countyOrgId });
        const drawId = hashId('case-review-draw', q.cityOrgId, countyOrgId, q.period.key);
        await prisma.$transaction(async (tx) => {
          if (await tx.caseReviewDraw.findUnique({ where: { id: drawId }, select: { id: true } })) return;
          const population = (await tx.case.findMany({
            where: { orgId: countyOrgId, status: { in: CLOSED }, closedAt: { gte: new Date(q.period.from), lt: new Date(q.period.to) } },
            select: { id: true }, orderBy: { id: 'asc' },
          })).map((c) => c.id);
          const seed = reviewSeed(randomBytes(16).toString('hex'), countyOrgId, q.period.key);
          const sampleSize = reviewSampleSize(population.length, shareBp, min);
          const chosen = drawReviewSample(seed, population, sampleSize);
          await tx.caseReviewDraw.create({ data: {
            id: drawId, cityOrgId: q.cityOrgId, countyOrgId, period: q.period.key, periodFrom: new Date(q.period.from), periodTo: new Date(q.period.to),
            seed, population, sampleSize, chosen, policy: { shareBp, min, months: q.months }, workflowId: q.workflowId, drawnAt: new Date(q.at),
          } });
          const officers = await handlersOf(tx, chosen);
          for (const caseId of chosen) {
            await tx.caseReview.create({ data: {
              id: hashId('case-review', drawId, caseId), drawId, caseId, orgId: countyOrgId, cityOrgId: q.cityOrgId, period: q.period.key,
              officerIds: officers.get(caseId) ?? [], status: 'AWAITING_REVIEW', failedItems: [], data: { actions: [], events: [] },
            } });
          }
          await appendAudit(tx, { ...workflowActor(), action: 'case_review.drawn', subjectType: 'CaseReviewDraw', subjectId: drawId, orgId: countyOrgId,
            data: { cityOrgId: q.cityOrgId, period: q.period.key, seed, population: population.length, sampleSize, chosen, shareBp, min } });
        });
        const draw = await prisma.caseReviewDraw.findUniqueOrThrow({ where: { id: drawId } });
        const reviews = await prisma.caseReview.findMany({ where: { drawId }, orderBy: { caseId: 'asc' } });
        const numbers = new Map((await prisma.case.findMany({ where: { id: { in: reviews.map((r) => r.caseId) } }, select: { id: true, number: true } })).map((c) => [c.id, c.number]));
        for (const r of reviews) {
          out.push({ reviewId: r.id, drawId, caseId: r.caseId, caseNumber: numbers.get(r.caseId) ?? null, orgId: r.orgId, cityOrgId: r.cityOrgId,
            period: r.period, officerIds: r.officerIds, drawnAt: draw.drawnAt.toISOString() });
        }
      }
      return out;
    },

    /** One step of a sampled case's review, audited on the case's trail. */
    async recordCaseReview(u: RecordCaseReview): Promise<void> {
      await prisma.$transaction(async (tx) => {
        const rows = await tx.$queryRaw<{ data: Prisma.JsonObject }[]>`SELECT "data" FROM "CaseReview" WHERE "id" = ${u.reviewId} FOR UPDATE`;
        const before = await tx.caseReview.findUniqueOrThrow({ where: { id: u.reviewId } });
        const data = (rows[0]?.data ?? {}) as { actions?: string[]; events?: unknown[] };
        if ((data.actions ?? []).includes(u.key)) return;
        const at = u.at ?? new Date().toISOString();
        const set: Prisma.CaseReviewUpdateInput = {
          data: { ...data, actions: [...(data.actions ?? []), u.key], events: [...(data.events ?? []), { at, action: u.action, by: u.actorId ?? null, ...(u.data ?? {}) }] } as Prisma.InputJsonValue,
        };
        if (u.status) set.status = u.status;
        if (u.scores) Object.assign(set, { scores: u.scores as Prisma.InputJsonValue, failedItems: u.failedItems ?? [], reviewedById: u.actorId ?? null, reviewedAt: new Date(at) });
        if (u.corrections) Object.assign(set, { corrections: u.corrections as Prisma.InputJsonValue, correctedById: u.actorId ?? null, correctedAt: new Date(at) });
        await tx.caseReview.update({ where: { id: u.reviewId }, data: set });
        const actor = u.actorId ? { actorKind: 'USER' as const, actorId: u.actorId } : workflowActor();
        await appendAudit(tx, { ...actor, action: u.action, subjectType: 'CaseReview', subjectId: u.reviewId, caseId: before.caseId, orgId: before.orgId,
          data: { status: u.status ?? before.status, period: before.period, failedItems: u.failedItems ?? before.failedItems, ...(u.data ?? {}) } as Prisma.InputJsonValue });
      });
    },
  };
}
