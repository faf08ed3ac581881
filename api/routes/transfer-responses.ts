import { z } from 'zod';
import { CRIME_CATEGORY_IDS, type CrimeCategoryId } from '../../rules/criminal-thresholds.ts';
import { documentSummary, isoDateTime, taskRow } from './responses.ts';

// Success bodies of the 行刑衔接 routes (api/routes/transfers.ts), read off api/services/transfers.ts.

export const crimeCategoryList = z.array(z.object({
  id: z.enum(CRIME_CATEGORY_IDS as [CrimeCategoryId, ...CrimeCategoryId[]]), label: z.string(), article: z.string().describe('刑法条文'),
  verified: z.boolean().describe('条文与立案追诉标准已核对'),
}));

export const transferCreated = z.object({ id: z.string(), workflowId: z.string() });
export const caseTransferCreated = z.object({ transferId: z.string(), workflowId: z.string() });
export const harmAssessed = z.object({ suggested: z.boolean().describe('达到立案追诉标准，提示负责人审查是否移送'), reasons: z.array(z.string()) });

const transferRow = {
  id: z.string(), caseId: z.string().nullable(), fromOrgId: z.string(), psbOrgId: z.string(), procuratorateOrgId: z.string(), category: z.string(),
  status: z.string(), partyName: z.string(), letterNumber: z.string().nullable(), stepDueAt: isoDateTime.nullable(), overdueSteps: z.number().int().min(0),
  createdAt: isoDateTime, closedAt: isoDateTime.nullable(),
};

/** The list; the city also sees every bureau's overdue steps and the suggestions that were dismissed. */
export const transferList = z.object({
  items: z.array(z.object({ ...transferRow, fromOrgName: z.string(), psbOrgName: z.string(), overdue: z.boolean(), crime: z.string() })),
  overdueByBureau: z.array(z.object({ orgId: z.string(), name: z.string(), count: z.number().int().min(0) })).optional(),
  dismissedSuggestions: z.array(z.object({
    caseId: z.string().nullable(), orgId: z.string().nullable(), orgName: z.string().nullable(), at: isoDateTime,
    reason: z.string().nullable(), reasons: z.array(z.string()),
  })).optional(),
});

export const transferDetail = z.object({
  ...transferRow, data: z.record(z.string(), z.unknown()), fromOrgName: z.string(), psbOrgName: z.string(), procuratorateOrgName: z.string(),
  crime: z.string(), overdue: z.boolean(),
  tasks: z.array(taskRow.pick({ id: true, kind: true, title: true, orgId: true, status: true, dueAt: true, outcome: true, completedAt: true, escalationLevel: true })),
  documents: z.array(documentSummary),
});

/** One step done (a retry with the same Idempotency-Key gets the same answer). */
export const transferStepDone = z.object({
  transferId: z.string(), step: z.string(), outcome: z.string(), taskId: z.string(), completedAt: z.string(),
});

export const opinionRecorded = z.object({ opinionNo: z.number().int().min(1) });
