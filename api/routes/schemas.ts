import { z } from 'zod';

export const pageQuery = {
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
};

const boolish = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export const queueQuery = z.object({
  kind: z.string().max(64).optional(),
  status: z.enum(['OPEN', 'COMPLETED', 'EXPIRED', 'ALL']).default('OPEN'),
  overdue: boolish.optional(),
  mine: boolish.optional(),
  ...pageQuery,
}).strict();

export const idParam = z.object({ id: z.string().min(1).max(128) });

export const completeBody = z.object({
  outcome: z.string().min(1).max(64),
  data: z.record(z.string(), z.unknown()).default({}),
}).strict();

export const reassignBody = z.object({ userId: z.string().min(1).max(128) }).strict();

export const loginBody = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
}).strict();

export const registerCaseBody = z.object({
  party: z.object({
    kind: z.enum(['PERSON', 'ORG']),
    name: z.string().trim().min(1).max(200),
    idNumber: z.string().trim().min(6).max(32),
    enterpriseId: z.string().max(64).optional(),
    address: z.string().trim().max(300).optional(),
  }).strict(),
  catalogItemId: z.string().min(1).max(64),
  source: z.enum(['INSPECTION', 'COMPLAINT', 'REFERRAL', 'ACCIDENT', 'TRANSFER', 'OTHER']),
  facts: z.string().trim().min(5, '案情摘要至少5个字').max(10_000),
  occurredAt: z.iso.datetime({ offset: true }).or(z.iso.date()),
  harmToLife: z.boolean().default(false),
}).strict();

/** What registering a case (either procedure) answers. */
export const registeredCase = z.object({ caseId: z.string(), workflowId: z.string() });

export const summaryCaseBody = registerCaseBody.extend({
  officerIds: z.array(z.string().min(1).max(128)).min(1, '请填写另一名执法人员').max(5),
  penalty: z.object({
    penaltyTypes: z.array(z.enum(['WARNING', 'FINE'])).min(1),
    fineFen: z.number().int().min(0).max(1_000_000_000_00), // the summary limits are the service's rule (422 pointing to the general procedure)
  }).strict(),
}).strict();
