import { z } from 'zod';
import { ruleIssue } from '../../rules/forms/fields.ts';
import { summaryReceipt } from '../../rules/forms/signatures.ts';
import { MIN_PASSWORD_LENGTH } from '../../store/passwords.ts';
import { PROCEDURES } from '../../rules/task-forms.ts';

export const pageQuery = {
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
};

const boolish = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

// An HTML form sends "" for an unset select or date: the same as not sending the field.
// Published as "empty, or what the schema takes", so the spec admits what the handler does.
const blank = <T extends z.ZodType>(schema: T) =>
  z.union([z.literal(''), schema]).transform((v) => (v === '' ? undefined : v as z.output<T>)).optional();
// z.iso.date, not a regex plus Date.parse: its published pattern knows each month's days, so the
// spec refuses 8637-88-16 as the handler does (Schemathesis found the two disagreeing).
const isoDay = z.iso.date({ error: '不是有效日期（格式 YYYY-MM-DD）' });

/** A yes/no filter: a JSON boolean, or the string an HTML checkbox sends. */
const flag = z.union([z.boolean(), boolish]);

/** The work queue's filters (issue 17): also what a saved view keeps. */
export const queueFilters = z.object({
  kind: blank(z.string().max(64)),
  procedure: blank(z.enum(PROCEDURES)),
  status: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['OPEN', 'COMPLETED', 'EXPIRED', 'ALL']).default('OPEN')),
  overdue: blank(flag),
  near: blank(flag),
  /** Same as claim=mine; the first form of the queue's API. */
  mine: blank(flag),
  claim: blank(z.enum(['all', 'mine', 'unclaimed'])),
  due: blank(z.enum(['today', '3d', '7d', 'custom'])),
  dueFrom: blank(isoDay),
  dueTo: blank(isoDay),
  q: blank(z.string().trim().min(2, '搜索词至少 2 个字').max(64)),
  sort: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['due', 'registered', 'registered_desc']).default('due')),
});

const customWindow = (f: { due?: string; dueFrom?: string; dueTo?: string }, ctx: z.RefinementCtx) => {
  // Rules across fields of a well-formed query: 422, as for a form (api/errors.ts zodStatus).
  if (f.due === 'custom' && !f.dueFrom && !f.dueTo) ruleIssue(ctx, ['dueFrom'], '自定日期须填写起或止日期');
  if (f.dueFrom && f.dueTo && f.dueFrom > f.dueTo) ruleIssue(ctx, ['dueTo'], '止日期不能早于起日期');
};

export const queueQuery = queueFilters.extend(pageQuery).strict().superRefine(customWindow);
export const savedFilters = queueFilters.strict().superRefine(customWindow);
export type QueueFilters = z.output<typeof queueFilters>;

export const queueViewBody = z.object({
  name: z.string().trim().min(1, '请填写视图名称').max(40, '视图名称最多 40 个字'),
  filters: savedFilters,
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

export const passwordBody = z.object({
  currentPassword: z.string({ error: '请输入当前密码' }).min(1, '请输入当前密码').max(256).describe('当前密码'),
  newPassword: z.string({ error: '请输入新密码' }).min(MIN_PASSWORD_LENGTH, `新密码至少 ${MIN_PASSWORD_LENGTH} 个字符`).max(256).describe('新密码'),
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
  // AB25 Art 34 ①: the 5 working days to decide on filing run from when the lead was found or
  // its materials received, which may be before someone registers it here.
  receivedAt: z.union([z.iso.datetime({ offset: true }), z.iso.date()], { error: '发现线索或收到材料的时间格式应为 年-月-日' }).optional().describe('发现线索或收到材料的时间（立案审查期限自此起算；不填为登记时间）'),
  harmToLife: z.boolean().default(false),
}).strict();

/** What registering a case (either procedure) answers. */
export const registeredCase = z.object({ caseId: z.string(), workflowId: z.string() });

export const summaryCaseBody = registerCaseBody.omit({ receivedAt: true }).extend({
  officerIds: z.array(z.string().min(1).max(128)).min(1, '请填写另一名执法人员').max(5),
  penalty: z.object({
    penaltyTypes: z.array(z.enum(['WARNING', 'FINE'])).min(1),
    fineFen: z.number().int().min(0).max(1_000_000_000_00), // the summary limits are the service's rule (422 pointing to the general procedure)
  }).strict(),
  // CF 52: the decision is recorded as handed over only with the party's receipt or the noted refusal.
  receipt: summaryReceipt,
}).strict();
