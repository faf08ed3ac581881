import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { ruleIssue } from '../../rules/forms/fields.ts';
import { CREDIT_KINDS } from '../../rules/credit.ts';
import { signedInspectionRecord } from '../../rules/forms/inspection-forms.ts';
import { formToData } from '../record-form.ts';
import { checkCsrf, csrfToken } from '../auth.ts';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { HAZARD_STATUS_LABELS, INSPECTION_KIND_LABELS, INSPECTION_RESULT_LABELS, INSPECTION_STATUS_LABELS, VISIT_KIND_LABELS } from '../labels.ts';
import { defineRoute, type RouteDef } from '../route.ts';
import * as responses from './inspections.responses.ts';
import {
  addConflict, addCredit, createDraw, createPlan, enterpriseCredit, enterpriseRequest, getInspection, getPlan, inspectionStep,
  listConflicts, listInspections, listPlans, planApproval, planCandidates, publicPlan, publicPlans, recordOnSite,
} from '../services/inspections.ts';
import { verifyDraw } from '../services/public-draws.ts';
import { newInspectionChoices, signJointRecord, startInspection } from '../services/joint-inspections.ts';
import { signatureImage } from '../../rules/forms/signatures.ts';
import { idParam } from './schemas.ts';

const reason = z.string().trim().min(2, '请填写理由（至少2个字）').max(2000);
const comment = z.string().trim().max(2000).optional();
const findings = z.string().trim().min(2, '请填写复查（审查）情况').max(10_000);
const officerIds = z.array(z.string().min(1).max(128)).min(2, '须由两名以上执法人员进行').max(10);
const isoDate = z.iso.date({ error: '日期格式须为 YYYY-MM-DD' });
const key = (req: Request) => req.get('idempotency-key') ?? undefined;

const BUREAU = ['HANDLER', 'SUPERVISOR', 'HEAD'] as const;
const SEE = [...BUREAU, 'CITY_SUPERVISOR'] as const;
const OFFICERS = ['HANDLER', 'SUPERVISOR'] as const;
const LEADERS = ['SUPERVISOR', 'HEAD'] as const;

export const planBody = z.object({
  year: z.number({ error: '请填写计划年度' }).int().min(2000).max(2100),
  keyEnterprises: z.array(z.object({
    enterpriseId: z.string().min(1).max(128),
    perYear: z.number({ error: '请填写每年检查次数' }).int().min(1, '重点企业每年至少检查1次').max(12, '每年检查次数不超过12次'),
    overLimitReason: z.string().trim().min(2, '请说明超出检查频次的理由（至少2个字）').max(2000).optional().describe('超出检查频次上限的理由（随计划报局长审批）'),
  }).strict()).max(500).default([]),
  randomChecks: z.number({ error: '请填写随机抽查次数' }).int().min(0).max(500),
  focusIndustries: z.array(z.string().trim().min(1).max(50)).max(20).default([]),
  withExpert: z.boolean().default(false),
}).strict();

const jointSignatureBody = z.object({ image: signatureImage('参加单位执法人员'), via: z.enum(['ON_SITE', 'PORTAL']).default('PORTAL'), comment }).strict();

const newInspectionBody = z.object({
  enterpriseId: z.string().min(1, '请选择被检查的生产经营单位').max(128),
  officerIds,
  kind: z.enum(['AD_HOC', 'COMPLAINT'], { error: '检查类别须为 AD_HOC（临时检查）或 COMPLAINT（投诉举报核查）' }).default('AD_HOC'),
  scheduledFor: isoDate.optional(),
  participants: z.array(z.object({
    orgId: z.string().min(1).max(128).describe('参加单位（部门或本机关）'),
    unit: z.string().trim().min(1).max(100).optional().describe('本机关内设机构名称'),
    officerIds: z.array(z.string().min(1).max(128)).min(1, '参加单位须至少有一名人员').max(10),
  }).strict()).max(10).default([]).describe('联合执法参加单位'),
  overLimitReason: z.string().trim().min(2, '请说明超出检查频次的理由（至少2个字）').max(2000).optional().describe('超出检查频次上限的理由（报局长审批）'),
}).strict();

/** 监督检查 (issue 9): plans, draws, inspections, credit and conflicts of interest. */
export function inspectionRoutes(deps: AppDeps): RouteDef[] {
  return [
    defineRoute({
      method: 'post', path: '/api/plans', tag: 'inspections', access: BUREAU, status: 201, body: planBody,
      summary: '起草年度执法检查计划（重点企业及检查周期、随机抽查次数、重点行业），报局长审批',
      response: responses.postApiPlans, handler: async ({ req, actor, body }) => createPlan(deps, actor, body, key(req)),
    }),
    defineRoute({
      method: 'get', path: '/api/plans', tag: 'inspections', access: SEE, summary: '检查计划列表（市局监督：全市）',
      refusals: [], response: responses.getApiPlans, handler: async ({ actor }) => listPlans(deps, actor),
    }),
    defineRoute({
      method: 'get', path: '/api/plans/:id', tag: 'inspections', access: SEE, summary: '检查计划详情：排期、完成情况、抽查记录',
      params: idParam, refusals: [], response: responses.getApiPlansId, handler: async ({ actor, params }) => getPlan(deps, actor, params.id),
    }),
    defineRoute({
      method: 'post', path: '/api/plans/:id/approval', tag: 'inspections', access: ['HEAD'], summary: '局长审批检查计划（批准即公布并抽取、排期）',
      params: idParam, body: z.discriminatedUnion('outcome', [
        z.object({ outcome: z.literal('APPROVE'), comment }).strict(), z.object({ outcome: z.literal('REJECT'), reason }).strict(),
      ]),
      response: responses.postApiPlansIdApproval, handler: async ({ actor, params, body: { outcome, ...data } }) => planApproval(deps, actor, params.id, outcome, data),
    }),
    defineRoute({
      method: 'get', path: '/api/public/plans', tag: 'public', access: 'public', summary: '公布的年度检查计划及完成情况（一公开）',
      refusals: [], response: responses.getApiPublicPlans, handler: async () => publicPlans(deps),
    }),
    defineRoute({
      method: 'get', path: '/api/public/plans/:id', tag: 'public', access: 'public', summary: '公布的检查计划：重点企业、各类检查次数、抽取承诺值；检查实施后公开被检查单位、日期与结果',
      params: idParam, refusals: [], response: responses.getApiPublicPlansId, handler: async ({ params }) => publicPlan(deps, params.id),
    }),
    defineRoute({
      method: 'get', path: '/api/public/draws/:id', tag: 'public', access: 'public', summary: '双随机抽查记录：抽取时公布种子和输入的 SHA-256 承诺值；全部检查实施后公开种子、名单，按种子重现并核对承诺值',
      params: idParam, refusals: [], response: responses.getApiPublicDrawsId, handler: async ({ params }) => verifyDraw(deps, params.id),
    }),
    defineRoute({
      method: 'post', path: '/api/draws', tag: 'inspections', access: LEADERS, status: 201,
      summary: '计划外双随机抽查：随机抽取企业和两名执法人员（可选专家），立即启动检查（Idempotency-Key 防重）',
      body: z.object({ count: z.number({ error: '请填写抽取企业数' }).int().min(1).max(50), withExpert: z.boolean().default(false) }).strict(),
      response: responses.postApiDraws, handler: async ({ req, actor, body }) => createDraw(deps, actor, body, key(req)),
    }),
    defineRoute({
      method: 'post', path: '/api/inspections', tag: 'inspections', access: BUREAU, status: 201,
      summary: '计划外检查：临时检查、投诉举报核查或联合执法（其他内设机构、部门参加）；超出检查频次的须说明理由，由局长审批（Idempotency-Key 防重）',
      body: newInspectionBody, refusals: [422],
      response: responses.postApiInspections, handler: async ({ req, actor, body }) => startInspection(deps, actor, body, key(req)),
    }),
    defineRoute({
      method: 'post', path: '/api/inspections/:id/joint-signature', tag: 'inspections', access: ['HANDLER', 'SUPERVISOR', 'HEAD', 'DEPT_RECEIVER'],
      summary: '联合检查参加单位的执法人员签署现场检查记录（门户或现场）', params: idParam,
      body: jointSignatureBody,
      response: responses.postApiInspectionsIdJointSignature, handler: async ({ actor, params, body }) => signJointRecord(deps, actor, params.id, body),
    }),
    defineRoute({
      method: 'get', path: '/api/inspections', tag: 'inspections', access: SEE, summary: '监督检查列表（本机关；市局监督：全市）',
      query: z.object({ status: z.string().max(32).optional(), enterpriseId: z.string().max(128).optional() }).strict(),
      refusals: [], response: responses.getApiInspections, handler: async ({ actor, query }) => listInspections(deps, actor, query),
    }),
    defineRoute({
      // A department's portal users see the joint inspections their department takes part in (issue 21).
      method: 'get', path: '/api/inspections/:id', tag: 'inspections', access: [...SEE, 'DEPT_RECEIVER'], summary: '检查详情：检查表、隐患（照片哈希）、文书、待办',
      params: idParam, refusals: [], response: responses.getApiInspectionsId, handler: async ({ actor, params }) => getInspection(deps, actor, params.id),
    }),
    defineRoute({
      method: 'post', path: '/api/inspections/:id/record', tag: 'inspections', access: OFFICERS,
      summary: '填写现场检查记录（两名以上持证执法人员、企业在场人员、检查表、隐患及照片 SHA-256、整改期限；可带现场负责人核对意见和手机签名）',
      params: idParam, body: signedInspectionRecord,
      response: responses.postApiInspectionsIdRecord, handler: async ({ actor, params, body }) => recordOnSite(deps, actor, params.id, body),
    }),
    defineRoute({
      method: 'post', path: '/api/inspections/:id/extension-request', tag: 'inspections', access: BUREAU,
      summary: '登记企业的书面延期整改申请（仅限整改期限届满前10个工作日内，因不可抗力）',
      params: idParam, body: z.object({ reason }).strict(),
      response: responses.postApiInspectionsIdExtensionRequest, handler: async ({ actor, params, body }) => enterpriseRequest(deps, actor, params.id, 'extension', body.reason),
    }),
    defineRoute({
      method: 'post', path: '/api/inspections/:id/extension-answer', tag: 'inspections', access: LEADERS, summary: '答复延期整改申请（5个工作日内）',
      params: idParam, body: z.discriminatedUnion('outcome', [
        z.object({ outcome: z.literal('GRANT'), newDeadline: isoDate, comment }).strict(), z.object({ outcome: z.literal('REFUSE'), reason }).strict(),
      ]),
      response: responses.postApiInspectionsIdExtensionAnswer, handler: async ({ actor, params, body: { outcome, ...data } }) => inspectionStep(deps, actor, params.id, 'RECTIFICATION_EXTENSION', outcome, data),
    }),
    defineRoute({
      method: 'post', path: '/api/inspections/:id/reinspection-request', tag: 'inspections', access: BUREAU,
      summary: '登记企业整改完毕的复查申请（自收到之日起10个工作日内复查）', params: idParam, body: z.object({}).strict(),
      response: responses.postApiInspectionsIdReinspectionRequest, handler: async ({ actor, params }) => enterpriseRequest(deps, actor, params.id, 'reinspection'),
    }),
    defineRoute({
      method: 'post', path: '/api/inspections/:id/reinspection', tag: 'inspections', access: OFFICERS, summary: '整改复查：已整改，或逾期未整改（立案查处，隐患证据随案移交）',
      // One object, so the published schema says what is accepted; which outcome needs the 执法事项 is a rule (422).
      params: idParam, body: z.object({
        outcome: z.enum(['CORRECTED', 'NOT_CORRECTED']), officerIds, findings,
        catalogItemId: z.string().min(1).max(64).optional().describe('执法事项（逾期未整改、立案查处时必填）'),
      }).strict().superRefine((b, ctx) => {
        if (b.outcome === 'NOT_CORRECTED' && !b.catalogItemId) ruleIssue(ctx, ['catalogItemId'], '逾期未整改须选择立案查处的执法事项');
        if (b.outcome === 'CORRECTED' && b.catalogItemId) ruleIssue(ctx, ['catalogItemId'], '已整改的不立案，不应选择执法事项');
      }),
      response: responses.postApiInspectionsIdReinspection, handler: async ({ actor, params, body: { outcome, ...data } }) => inspectionStep(deps, actor, params.id, 'REINSPECTION', outcome, data),
    }),
    defineRoute({
      method: 'post', path: '/api/inspections/:id/resumption', tag: 'inspections', access: LEADERS, summary: '停产停业后的复产审查（重大隐患已消除）',
      params: idParam, body: z.object({ officerIds, findings }).strict(),
      response: responses.postApiInspectionsIdResumption, handler: async ({ actor, params, body }) => inspectionStep(deps, actor, params.id, 'SUSPENSION_REVIEW', 'RESUME', body),
    }),
    defineRoute({
      method: 'get', path: '/api/enterprises/:id/credit', tag: 'inspections', access: SEE, summary: '企业安全生产信用：不良记录、黑名单、良好记录、处罚与检查',
      params: idParam, refusals: [], response: responses.getApiEnterprisesIdCredit, handler: async ({ actor, params }) => enterpriseCredit(deps, actor, params.id),
    }),
    defineRoute({
      method: 'post', path: '/api/enterprises/:id/credit', tag: 'inspections', access: LEADERS, status: 201, summary: '记录企业信用信息（列入黑名单、不良记录或良好记录，按期限管理）',
      params: idParam, body: z.object({ kind: z.enum(CREDIT_KINDS, { error: '信用记录种类须为 BAD、BLACKLIST 或 GOOD' }), reason }).strict(),
      refusals: [], response: responses.postApiEnterprisesIdCredit, handler: async ({ req, actor, params, body }) => addCredit(deps, actor, params.id, body, key(req)),
    }),
    defineRoute({
      method: 'get', path: '/api/conflicts', tag: 'inspections', access: LEADERS, summary: '本机关执法人员回避登记（利害关系）',
      refusals: [], response: responses.getApiConflicts, handler: async ({ actor }) => listConflicts(deps, actor),
    }),
    defineRoute({
      method: 'post', path: '/api/conflicts', tag: 'inspections', access: LEADERS, status: 201, summary: '登记执法人员与企业的利害关系（抽查时回避）',
      body: z.object({ officerId: z.string().min(1).max(128), enterpriseId: z.string().min(1).max(128), reason }).strict(),
      refusals: [422], response: responses.postApiConflicts, handler: async ({ actor, body }) => addConflict(deps, actor, body),
    }),
  ];
}

const STATUS = INSPECTION_STATUS_LABELS;
const RESULT = INSPECTION_RESULT_LABELS;
const KIND = INSPECTION_KIND_LABELS;
const HAZARD = HAZARD_STATUS_LABELS;
const day = (d: unknown) => (d instanceof Date ? d.toISOString().slice(0, 10) : typeof d === 'string' ? d.slice(0, 10) : '');
const label = <T extends { status?: string | null; result?: string | null; kind?: string | null; scheduledFor?: Date | string | null; hazards?: { status: string }[] }>(x: T) => ({
  ...x, scheduledDate: day(x.scheduledFor), ...(x.hazards ? { hazards: x.hazards.map((h) => ({ ...h, statusLabel: HAZARD[h.status] ?? h.status })) } : {}),
  statusLabel: STATUS[x.status ?? ''] ?? x.status, resultLabel: RESULT[x.result ?? ''] ?? x.result ?? '', kindLabel: KIND[x.kind ?? ''] ?? x.kind,
});

function render(req: Request, res: Response, view: string, data: Record<string, unknown>) {
  const me = req.actor;
  res.render(view, {
    ...data, me, csrf: me ? csrfToken(req) : undefined,
  });
}

const requireLogin = (req: Request, res: Response, next: () => void) => {
  if (!req.actor) return res.redirect(`/login?next=${encodeURIComponent(req.originalUrl)}`);
  next();
};

/** Pages: plans and inspections for the bureau and the city, the enterprise's credit, and the public plan pages. */
export function inspectionPageRoutes(deps: AppDeps): Router {
  const r = Router();
  r.get('/public/plans', async (req, res) => {
    const list = await publicPlans(deps);
    render(req, res, 'plans-public', { title: '年度执法检查计划公示', items: list.items.map(label) });
  });
  r.get('/public/plans/:id', async (req, res) => {
    const plan = await publicPlan(deps, req.params.id);
    render(req, res, 'plan-public', { title: `${plan.orgName ?? ''}${plan.year}年度执法检查计划`, plan: label(plan), schedule: plan.schedule.map(label),
      pending: plan.pendingCounts.KEY + plan.pendingCounts.RANDOM });
  });
  r.get('/public/draws/:id', async (req, res) => {
    render(req, res, 'inspection-draw', { title: '双随机抽查记录', draw: await verifyDraw(deps, req.params.id) });
  });
  for (const p of ['/plans', '/inspections', '/enterprises']) r.use(p, requireLogin);
  r.get('/plans', async (req, res) => { await showPlans(req, res); });
  const showPlans = async (req: Request, res: Response, error?: string, status = 200) => {
    const list = await listPlans(deps, req.actor!);
    const canDraft = req.actor!.roles.some((x) => (BUREAU as readonly string[]).includes(x));
    res.status(status);
    render(req, res, 'plans', { title: '年度执法检查计划', items: list.items.map(label), canDraft, error, candidates: canDraft ? await planCandidates(deps, req.actor!) : [] });
  };
  r.post('/plans', async (req, res) => {
    checkCsrf(req);
    const f = z.record(z.string(), z.string()).catch({}).parse(req.body ?? {});
    const keyEnterprises = Object.entries(f).filter(([k, v]) => k.startsWith('perYear_') && v.trim())
      .map(([k, v]) => ({ enterpriseId: k.slice('perYear_'.length), perYear: Number(v) }));
    const parsed = planBody.safeParse({
      year: Number(f.year), keyEnterprises, randomChecks: Number(f.randomChecks),
      focusIndustries: (f.focusIndustries ?? '').split(/[,，、]/).map((x) => x.trim()).filter(Boolean), withExpert: f.withExpert === 'on',
    });
    try {
      if (!parsed.success) throw new AppError('invalid', parsed.error.issues.map((x) => `${x.path.join('.')}：${x.message}`).join('；'), 422);
      const plan = await createPlan(deps, req.actor!, parsed.data);
      return res.redirect(303, `/plans/${encodeURIComponent(plan.id)}`);
    } catch (err) {
      if (err instanceof AppError && err.status < 500) return showPlans(req, res, err.message, err.status);
      throw err;
    }
  });
  const showPlan = async (req: Request, res: Response, error?: string, status = 200) => {
    const plan = await getPlan(deps, req.actor!, String(req.params.id));
    const canApprove = req.actor!.roles.includes('HEAD') && plan.tasks.some((t) => t.kind === 'PLAN_APPROVAL' && t.status === 'OPEN' && t.orgId === req.actor!.orgId);
    res.status(status);
    render(req, res, 'plan', { title: `${plan.year}年度执法检查计划`, plan: label(plan), schedule: plan.schedule.map(label), canApprove, error });
  };
  r.get('/plans/:id', async (req, res) => { await showPlan(req, res); });
  r.post('/plans/:id/approval', async (req, res) => {
    checkCsrf(req);
    const f = z.object({ outcome: z.string().optional(), text: z.string().optional() }).passthrough().parse(req.body ?? {});
    try {
      if (f.outcome === 'REJECT') await planApproval(deps, req.actor!, req.params.id, 'REJECT', { reason: f.text ?? '' });
      else await planApproval(deps, req.actor!, req.params.id, 'APPROVE', f.text?.trim() ? { comment: f.text } : {});
    } catch (err) {
      if (err instanceof AppError && err.status < 500 && err.status !== 404) return showPlan(req, res, err.message, err.status);
      throw err;
    }
    res.redirect(303, `/plans/${encodeURIComponent(req.params.id)}`);
  });
  const showInspections = async (req: Request, res: Response, error?: string, status = 200) => {
    const list = await listInspections(deps, req.actor!, {});
    const canStart = req.actor!.roles.some((x) => (BUREAU as readonly string[]).includes(x));
    res.status(status);
    render(req, res, 'inspections', {
      title: '监督检查', items: list.items.map(label), canDraw: req.actor!.roles.some((x) => (LEADERS as readonly string[]).includes(x)), error,
      canStart, ...(canStart ? await newInspectionChoices(deps, req.actor!) : {}),
    });
  };
  r.get('/inspections', async (req, res) => { await showInspections(req, res); });
  r.post('/inspections', async (req, res) => {
    checkCsrf(req);
    const f = z.record(z.string(), z.string()).catch({}).parse(req.body ?? {});
    const participant = f.participantOrgId?.trim()
      ? [{ orgId: f.participantOrgId, ...(f.participantUnit?.trim() ? { unit: f.participantUnit } : {}), officerIds: f.participantOfficerId ? [f.participantOfficerId] : [] }] : [];
    const parsed = newInspectionBody.safeParse({
      enterpriseId: f.enterpriseId ?? '', officerIds: [f.officer1, f.officer2].filter(Boolean), kind: f.kind || 'AD_HOC', participants: participant,
      ...(f.overLimitReason?.trim() ? { overLimitReason: f.overLimitReason } : {}),
    });
    try {
      if (!parsed.success) throw new AppError('invalid', parsed.error.issues.map((x) => `${x.path.join('.')}：${x.message}`).join('；'), 422);
      const started = await startInspection(deps, req.actor!, parsed.data);
      return res.redirect(303, `/inspections/${encodeURIComponent(started.inspectionId)}`);
    } catch (err) {
      if (err instanceof AppError && err.status < 500) return showInspections(req, res, err.message, err.status);
      throw err;
    }
  });
  const show = async (req: Request, res: Response, error?: string, status = 200) => {
    const i = await getInspection(deps, req.actor!, String(req.params.id));
    const me = req.actor!;
    const open = (kind: string) => i.tasks.some((t) => t.kind === kind && t.status === 'OPEN' && t.orgId === me.orgId);
    res.status(status);
    render(req, res, 'inspection', {
      title: `监督检查 ${i.noticeNumber ?? ''}`, i: label(i), error,
      canRecord: open('INSPECTION_RECORD') && me.roles.some((x) => (OFFICERS as readonly string[]).includes(x)),
      canJointSign: open('JOINT_SIGNATURE'),
      officers: i.orgOfficers.map((o) => ({ ...o, drawn: i.officerIds.includes(o.id) })),
      events: (i.data as { events?: unknown[] }).events ?? [],
    });
  };
  r.get('/inspections/:id', async (req, res) => { await show(req, res); });
  const form = z.object({
    _csrf: z.string().optional(), idempotencyKey: z.string().max(128).optional(), officer1: z.string().optional(), officer2: z.string().optional(),
    startedAt: z.string().optional(), place: z.string().optional(), staffName: z.string().optional(), staffPosition: z.string().optional(),
    findings: z.string().optional(), failed: z.union([z.string(), z.array(z.string())]).optional(),
    hazardDescription: z.string().optional(), hazardLocation: z.string().optional(), hazardMajor: z.string().optional(), hazardPhotoSha256: z.string().optional(),
    rectifyBy: z.string().optional(),
  }).passthrough();
  type Posted = z.infer<typeof form>;
  // 现场检查记录 on the phone (issue 23): its own page, kept by the service worker for use without a
  // network (api/offline-pages.ts); a refused post shows the form again with everything typed.
  const showRecord = async (req: Request, res: Response, posted?: Posted, error?: string, status = 200) => {
    const i = await getInspection(deps, req.actor!, String(req.params.id));
    const me = req.actor!;
    const task = i.tasks.find((t) => t.kind === 'INSPECTION_RECORD' && t.status === 'OPEN' && t.orgId === me.orgId);
    if (!task || !me.roles.some((x) => (OFFICERS as readonly string[]).includes(x))) {
      // A refused post must not look accepted (the outbox takes a redirect for "sent"): say why on the inspection.
      if (posted) return show(req, res, error ?? '该检查当前不在“现场检查”环节', status === 200 ? 409 : status);
      return res.redirect(303, `/inspections/${encodeURIComponent(i.id)}`);
    }
    // The drawn officers first: they are the ones who sign.
    const officers = [...i.orgOfficers].sort((a, b) => Number(i.officerIds.includes(b.id)) - Number(i.officerIds.includes(a.id)));
    const values: Record<string, string> = posted
      ? Object.fromEntries(Object.entries(posted).filter((e): e is [string, string] => typeof e[1] === 'string'))
      : { officer1: officers[0]?.id ?? '', officer2: officers[1]?.id ?? '' };
    const failed = new Set([posted?.failed ?? []].flat());
    res.status(status);
    render(req, res, 'inspection-record', {
      title: `现场检查记录 ${i.noticeNumber ?? ''}`, i, error, taskId: task.id, form: values, errors: {},
      officers, checklist: i.checklist.map((c) => ({ ...c, failed: failed.has(c.id) })),
      officerChoices: officers.map((o) => ({ value: o.id, label: o.displayName })), addressLabel: '文书送达地点',
      signPads: [
        { prefix: 'signing.officers.0', label: '执法人员签名（一）', officer: true, n: 0 }, { prefix: 'signing.officers.1', label: '执法人员签名（二）', officer: true, n: 1 },
        { prefix: 'signing.party', label: '现场负责人', nameFrom: 'staffName', name: values['signing.party.name'] ?? '' },
        { prefix: 'signing.witnesses.0', label: '见证人（拒绝签字时）', name: values['signing.witnesses.0.name'] ?? '' },
      ],
    });
  };
  r.get('/inspections/:id/record', async (req, res) => { await showRecord(req, res); });
  r.post('/inspections/:id/record', async (req, res) => {
    checkCsrf(req);
    const f = form.parse(req.body ?? {});
    const i = await getInspection(deps, req.actor!, req.params.id);
    const failed = new Set([f.failed ?? []].flat());
    const started = f.startedAt ? new Date(`${f.startedAt}:00+08:00`) : new Date();
    const hazard = f.hazardDescription?.trim() ? [{
      description: f.hazardDescription, location: f.hazardLocation ?? '', major: f.hazardMajor === 'on', outsideRemit: false,
      photos: (f.hazardPhotoSha256 ?? '').split(/[\s,，]+/).filter(Boolean).map((sha256) => ({ sha256: sha256.toLowerCase() })),
    }] : [];
    // The check and the signatures are posted as the case records' are ("signing.officers.0.image" …).
    const { confirmation, signing } = formToData('INSPECTION_RECORD', req.body ?? {});
    const parsed = signedInspectionRecord.safeParse({
      officerIds: [f.officer1, f.officer2].filter(Boolean), startedAt: Number.isNaN(started.getTime()) ? 'x' : started.toISOString(), place: f.place ?? '',
      staffPresent: f.staffName?.trim() ? [{ name: f.staffName, position: f.staffPosition ?? '' }] : [],
      checklist: i.checklist.map((c) => ({ itemId: c.id, ok: !failed.has(c.id) })), findings: f.findings ?? '', hazards: hazard,
      ...(f.rectifyBy ? { rectifyBy: f.rectifyBy } : {}), ...(confirmation ? { confirmation } : {}), ...(signing ? { signing } : {}),
    });
    try {
      // The messages name their fields in words; the paths are code.
      if (!parsed.success) throw new AppError('invalid', [...new Set(parsed.error.issues.map((x) => x.message))].join('；'), 422);
      await recordOnSite(deps, req.actor!, req.params.id, parsed.data, f.idempotencyKey || undefined);
    } catch (err) {
      if (err instanceof AppError && err.status < 500 && err.status !== 404) return showRecord(req, res, f, err.message, err.status);
      throw err;
    }
    res.redirect(303, `/inspections/${encodeURIComponent(req.params.id)}`);
  });
  r.post('/inspections/:id/joint-signature', async (req, res) => {
    checkCsrf(req);
    const f = z.record(z.string(), z.string()).catch({}).parse(req.body ?? {});
    const parsed = jointSignatureBody.safeParse({ image: f.image ?? '', via: f.via === 'ON_SITE' ? 'ON_SITE' : 'PORTAL' });
    try {
      if (!parsed.success) throw new AppError('invalid', parsed.error.issues.map((x) => x.message).join('；'), 422);
      await signJointRecord(deps, req.actor!, req.params.id, parsed.data);
    } catch (err) {
      if (err instanceof AppError && err.status < 500 && err.status !== 404) return show(req, res, err.message, err.status);
      throw err;
    }
    res.redirect(303, `/inspections/${encodeURIComponent(req.params.id)}`);
  });
  r.get('/enterprises/:id', async (req, res) => {
    const c = await enterpriseCredit(deps, req.actor!, req.params.id);
    render(req, res, 'inspection-enterprise', { title: c.enterprise.name, c, inspections: c.inspections.map(label),
      visits: c.visits.visits.map((v) => ({ ...v, visitKindLabel: VISIT_KIND_LABELS[v.visitKind] ?? '', resultLabel: RESULT[v.result ?? ''] ?? '' })) });
  });
  return r;
}
