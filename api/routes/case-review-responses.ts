import { z } from 'zod';
import { REVIEW_ITEMS } from '../../rules/case-review.ts';
import { isoDateTime, taskRow } from './responses.ts';

// Success bodies of the 案卷评查 routes (api/routes/case-reviews.ts), read off api/services/case-reviews.ts.

export const reviewCycleStarted = z.object({ workflowId: z.string(), started: z.boolean().describe('false：已在运行') });

/** workflows/case-review-messages.ts CaseReviewCycleState; null before the cycle was started. */
export const reviewCycle = z.object({
  cycle: z.object({
    cityOrgId: z.string(), nextDrawAt: z.string().optional(), currentPeriod: z.string().optional(), lastPeriod: z.string().optional(),
    draws: z.number().int().min(0), sampled: z.number().int().min(0),
  }).nullable(),
});

const reviewRow = {
  id: z.string(), caseId: z.string(), orgId: z.string(), period: z.string(), status: z.string(), failedItems: z.array(z.string()),
  officerIds: z.array(z.string()), reviewedAt: isoDateTime.nullable(), correctedAt: isoDateTime.nullable(),
};

export const reviewList = z.object({
  items: z.array(z.object({ ...reviewRow, caseNumber: z.string().nullable(), partyName: z.string(), orgName: z.string(), failedLabels: z.array(z.string()) })),
});

const rates = {
  passRate: z.number().nullable().describe('合格率（%）'), sampled: z.number().int(), reviewed: z.number().int(), passed: z.number().int(),
  failed: z.number().int(), corrected: z.number().int(), openCorrections: z.number().int(), itemFailures: z.record(z.string(), z.number().int()),
};
export const reviewReport = z.object({
  period: z.object({ key: z.string(), from: z.string(), to: z.string() }).nullable(),
  items: z.array(z.object({ item: z.enum(REVIEW_ITEMS), label: z.string() })),
  showsInterference: z.boolean(),
  counties: z.array(z.object({ ...rates, orgId: z.string(), name: z.string(), interference: z.number().int().optional() })),
  officers: z.array(z.object({ ...rates, orgId: z.string(), userId: z.string(), name: z.string(), orgName: z.string() })),
});

const drawRow = {
  id: z.string(), period: z.string(), seed: z.string(), sampleSize: z.number().int().min(0), chosen: z.array(z.string()), policy: z.unknown(),
  drawnAt: isoDateTime, reproduced: z.boolean().describe('以记录的种子和总体重新抽取，结果相同'),
};
export const reviewDraw = z.object({
  ...drawRow, workflowId: z.string(), cityOrgId: z.string(), countyOrgId: z.string(), periodFrom: isoDateTime, periodTo: isoDateTime,
  population: z.array(z.string()),
});

export const reviewDetail = z.object({
  ...reviewRow, drawId: z.string(), cityOrgId: z.string(), createdAt: isoDateTime, scores: z.unknown(), corrections: z.unknown(),
  reviewedById: z.string().nullable(), correctedById: z.string().nullable(), data: z.record(z.string(), z.unknown()),
  case: z.object({ id: z.string(), number: z.string().nullable(), partyName: z.string(), closedAt: isoDateTime.nullable(), catalogItemId: z.string() }).nullable(),
  orgName: z.string(),
  tasks: z.array(taskRow.pick({
    id: true, kind: true, title: true, orgId: true, status: true, dueAt: true, outcome: true, completedAt: true, escalationLevel: true, candidateRoles: true,
  })),
  officers: z.array(z.object({ id: z.string(), name: z.string().nullable() })),
  reviewedByName: z.string().nullable(), correctedByName: z.string().nullable(),
  correctionList: z.array(z.object({ item: z.enum(REVIEW_ITEMS), label: z.string(), action: z.string() })),
  // pass is null until the item is scored.
  checklist: z.array(z.object({ item: z.enum(REVIEW_ITEMS), label: z.string(), pass: z.boolean().nullable(), comment: z.string() })),
  draw: z.object({ ...drawRow, populationSize: z.number().int().min(0) }),
});

export const reviewStepDone = z.object({
  reviewId: z.string(), step: z.enum(['review', 'correction']), taskId: z.string(), outcome: z.string(), completedAt: z.string(),
});
