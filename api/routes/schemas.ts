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
    kind: z.enum(['PERSON', 'ORG'], { error: '请选择当事人类型' }),
    name: z.string({ error: '请填写当事人名称' }).trim().min(1, '请填写当事人名称').max(200, '当事人名称最多200字'),
    idNumber: z.string({ error: '请填写统一社会信用代码或身份证号' }).trim().min(6, '请填写统一社会信用代码（18位）或身份证号（18位）').max(32, '证件号码过长'),
    enterpriseId: z.string().max(64).optional(),
    address: z.string().trim().max(300, '地址最多300字').optional(),
  }).strict(),
  catalogItemId: z.string({ error: '请选择执法事项' }).min(1, '请选择执法事项').max(64),
  source: z.enum(['INSPECTION', 'COMPLAINT', 'REFERRAL', 'ACCIDENT', 'TRANSFER', 'OTHER'], { error: '请选择案件来源' }),
  facts: z.string({ error: '请填写案情摘要' }).trim().min(5, '案情摘要至少5个字').max(10_000, '案情摘要最多10000字'),
  occurredAt: z.union([z.iso.datetime({ offset: true }), z.iso.date()], { error: '请填写违法行为发生日期（年-月-日）' }),
  harmToLife: z.boolean().default(false),
}).strict();

export const summaryCaseBody = registerCaseBody.extend({
  officerIds: z.array(z.string().min(1).max(128)).min(1, '请填写另一名执法人员').max(5),
  penalty: z.object({
    penaltyTypes: z.array(z.enum(['WARNING', 'FINE'])).min(1),
    fineFen: z.number().int().min(0).max(1_000_000_000_00), // the summary limits are the service's rule (422 pointing to the general procedure)
  }).strict(),
}).strict();
