import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { CRIME_CATEGORIES, CRIME_CATEGORY_IDS, type CrimeCategoryId } from '../../rules/criminal-thresholds.ts';
import { checkCsrf, csrfToken } from '../auth.ts';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { defineRoute, type RouteDef } from '../route.ts';
import {
  createTransfer, flagCaseTransfer, getTransfer, listTransfers, recordHarm, recordOpinion, transferStep, type TransferStep,
} from '../services/transfers.ts';
import { idParam } from './schemas.ts';
import {
  caseTransferCreated, crimeCategoryList, harmAssessed, opinionRecorded, transferCreated, transferDetail, transferList, transferStepDone,
} from './transfer-responses.ts';
import { TRANSFER_STATUS_LABELS } from '../labels.ts';

const reason = z.string().trim().min(2, '请填写理由（至少2个字）').max(2000);
const comment = z.string().trim().max(2000).optional();
const text = (label: string) => z.string({ error: `请填写${label}` }).trim().min(2, `请填写${label}`).max(10_000);
const instant = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);

const count = (what: string) => z.number({ error: `${what}须为整数` }).int(`${what}须为整数`).min(0, `${what}不能为负数`).max(10_000);
export const harm = z.object({
  deaths: count('死亡人数').default(0).describe('死亡人数'),
  seriousInjuries: count('重伤人数').default(0).describe('重伤人数'),
  directLossFen: z.number({ error: '直接经济损失须为金额' }).int('直接经济损失最多到分').min(0, '直接经济损失不能为负数').max(1_000_000_000_000_00).default(0).describe('直接经济损失（分）'),
  refusedStopOrder: z.boolean().default(false).describe('拒不执行因重大事故隐患被责令停产停业等决定'),
}).strict();
const reportFields = {
  category: z.enum(CRIME_CATEGORY_IDS as [CrimeCategoryId, ...CrimeCategoryId[]], { error: '请选择涉嫌罪名' }),
  harm: harm.default({ deaths: 0, seriousInjuries: 0, directLossFen: 0, refusedStopOrder: false }),
  facts: z.string().trim().min(5, '请写明涉嫌犯罪的事实（至少5个字）').max(10_000),
  report: z.string().trim().min(5, '请填写移送报告（至少5个字）').max(20_000),
  officerIds: z.array(z.string().min(1).max(128)).min(2, '移送报告须由专案组两名以上执法人员作出').max(10),
};
export const flagBody = z.object(reportFields).strict();
export const standaloneBody = z.object({
  ...reportFields,
  inspectionRef: z.string().trim().min(2, '请填写检查记录编号').max(128),
  enterpriseId: z.string().min(1).max(128).optional(),
  partyName: z.string().trim().min(2, '请填写当事人').max(200),
}).strict();

const key = (req: Request) => req.get('idempotency-key') ?? undefined;
const BUREAU = ['HANDLER', 'SUPERVISOR', 'HEAD'] as const;
const POLICE = ['PSB_RECEIVER'] as const;
// The police's and the procuratorate's own systems answer through these same routes (issue 24).
const READ = ['transfers:read'] as const;
const RESPOND = ['transfers:respond'] as const;
const VIEWERS = [...BUREAU, 'CITY_SUPERVISOR', 'PSB_RECEIVER', 'PROCURATOR'] as const;

const outcomes = <T extends [z.ZodObject, ...z.ZodObject[]]>(...o: T) => z.discriminatedUnion('outcome', o);
const step = (deps: AppDeps, s: TransferStep) =>
  async ({ req, actor, params, body }: { req: Request; actor: Parameters<typeof transferStep>[1]; params: { id: string }; body: { outcome?: string } & Record<string, unknown> }) => {
    const { outcome, ...data } = body;
    return transferStep(deps, actor, params.id, s, outcome ?? DEFAULT_OUTCOME[s] ?? '', data, key(req));
  };
const DEFAULT_OUTCOME: Partial<Record<TransferStep, string>> = {
  delivery: 'DELIVERED', receipt: 'SIGN', materials: 'HANDED_OVER', 'opinion-response': 'REPORTED',
};

/** 行刑衔接 (issue 5): JSON API for the bureau, the police portal, the procuratorate and the city. */
export function transferRoutes(deps: AppDeps): RouteDef[] {
  return [
    defineRoute({
      method: 'get', path: '/api/transfers/categories', tag: 'transfers', access: 'authenticated', scopes: READ, summary: '可移送的涉嫌罪名（刑法条文）', refusals: [], response: crimeCategoryList,
      handler: async () => CRIME_CATEGORY_IDS.map((id) => ({ id, ...CRIME_CATEGORIES[id] })),
    }),
    defineRoute({
      method: 'post', path: '/api/transfers', tag: 'transfers', access: BUREAU, status: 201, body: standaloneBody, response: transferCreated,
      summary: '由检查记录直接移送涉嫌犯罪案件（专案组两名以上执法人员的移送报告；Idempotency-Key 防重）',
      handler: async ({ req, actor, body }) => createTransfer(deps, actor, body, key(req)),
    }),
    defineRoute({
      method: 'post', path: '/api/cases/:id/transfer', tag: 'transfers', access: BUREAU, status: 201, params: idParam, body: flagBody, response: caseTransferCreated,
      summary: '案件涉嫌犯罪：提交移送报告，启动移送（案件暂停罚款决定）',
      handler: async ({ req, actor, params, body }) => flagCaseTransfer(deps, actor, params.id, body, key(req)),
    }),
    defineRoute({
      method: 'post', path: '/api/cases/:id/harm', tag: 'transfers', access: BUREAU, params: idParam, body: z.object({ harm }).strict(), response: harmAssessed,
      summary: '登记危害后果（死亡、重伤、直接经济损失、拒不执行停产停业决定）；达到立案追诉标准的提示负责人审查是否移送',
      handler: async ({ actor, params, body }) => recordHarm(deps, actor, params.id, body.harm),
    }),
    defineRoute({
      method: 'get', path: '/api/transfers', tag: 'transfers', access: VIEWERS, scopes: READ,
      summary: '移送案件列表（执法机关：本机关；公安：移送本机关的；检察院：本辖区；市局监督：全部及超期环节）',
      query: z.object({ status: z.string().max(32).optional(), overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional() }).strict(),
      refusals: [], response: transferList,
      handler: async ({ actor, query }) => listTransfers(deps, actor, query),
    }),
    defineRoute({
      method: 'get', path: '/api/transfers/:id', tag: 'transfers', access: VIEWERS, scopes: READ, summary: '移送案件详情（文书、环节、记录）',
      params: idParam, refusals: [], response: transferDetail, handler: async ({ actor, params }) => getTransfer(deps, actor, params.id),
    }),
    defineRoute({
      method: 'post', path: '/api/transfers/:id/approval', tag: 'transfers', access: ['HEAD'], summary: '负责人批准或不批准移送（3日内）',
      params: idParam, body: outcomes(z.object({ outcome: z.literal('APPROVE'), comment }).strict(), z.object({ outcome: z.literal('REFUSE'), reason }).strict()),
      response: transferStepDone, handler: step(deps, 'approval'),
    }),
    defineRoute({
      method: 'post', path: '/api/transfers/:id/delivery', tag: 'transfers', access: BUREAU, summary: '向同级公安机关移送（24小时内；出具移送书并抄送检察院）',
      params: idParam, body: z.object({ investigationReport: text('涉嫌犯罪案件调查报告'), seizedItems: z.string().trim().max(10_000).optional(),
        appraisals: z.string().trim().max(10_000).optional(), other: z.string().trim().max(10_000).optional() }).strict(),
      response: transferStepDone, handler: step(deps, 'delivery'),
    }),
    defineRoute({
      method: 'post', path: '/api/transfers/:id/receipt', tag: 'transfers', access: POLICE, scopes: RESPOND, summary: '公安机关签收（回执）',
      params: idParam, body: z.object({ comment }).strict(), response: transferStepDone, handler: step(deps, 'receipt'),
    }),
    defineRoute({
      method: 'post', path: '/api/transfers/:id/decision', tag: 'transfers', access: POLICE, scopes: RESPOND,
      summary: '公安机关立案、不予立案、转送有管辖权的机关或延长审查期限', params: idParam,
      body: outcomes(
        z.object({ outcome: z.literal('FILE'), decidedAt: instant.optional(), comment }).strict(),
        z.object({ outcome: z.literal('NOT_FILE'), decidedAt: instant.optional(), reason }).strict(),
        z.object({ outcome: z.literal('FORWARD'), toOrgId: z.string().min(1).max(128), reason }).strict(),
        z.object({ outcome: z.literal('EXTEND'), extension: z.enum(['VERIFICATION', 'MAJOR']), reason }).strict(),
      ),
      response: transferStepDone, handler: step(deps, 'decision'),
    }),
    defineRoute({
      method: 'post', path: '/api/transfers/:id/reconsideration-request', tag: 'transfers', access: BUREAU, summary: '不予立案：提请复议或不提请（3日内）',
      params: idParam, body: outcomes(z.object({ outcome: z.literal('RECONSIDER'), reason }).strict(), z.object({ outcome: z.literal('ACCEPT'), comment }).strict()),
      response: transferStepDone, handler: step(deps, 'reconsideration-request'),
    }),
    defineRoute({
      method: 'post', path: '/api/transfers/:id/reconsideration', tag: 'transfers', access: POLICE, scopes: RESPOND, summary: '公安机关复议决定（3日内）',
      params: idParam, body: outcomes(z.object({ outcome: z.literal('FILE'), comment }).strict(), z.object({ outcome: z.literal('MAINTAIN'), reason }).strict()),
      response: transferStepDone, handler: step(deps, 'reconsideration'),
    }),
    defineRoute({
      method: 'post', path: '/api/transfers/:id/supervision-request', tag: 'transfers', access: BUREAU, summary: '复议维持：建议检察院立案监督或不建议（3日内）',
      params: idParam, body: outcomes(z.object({ outcome: z.literal('REQUEST'), reason }).strict(), z.object({ outcome: z.literal('ACCEPT'), comment }).strict()),
      response: transferStepDone, handler: step(deps, 'supervision-request'),
    }),
    defineRoute({
      method: 'post', path: '/api/transfers/:id/supervision', tag: 'transfers', access: ['PROCURATOR'], scopes: RESPOND, summary: '检察院立案监督答复',
      params: idParam, body: outcomes(
        z.object({ outcome: z.literal('FILING_REQUIRED'), opinion: text('监督意见') }).strict(),
        z.object({ outcome: z.literal('NOT_REQUIRED'), opinion: text('监督意见') }).strict(),
      ),
      response: transferStepDone, handler: step(deps, 'supervision'),
    }),
    defineRoute({
      method: 'post', path: '/api/transfers/:id/materials', tag: 'transfers', access: BUREAU, summary: '立案后移交涉案物品及材料（3日内）',
      params: idParam, body: z.object({ items: text('移交的涉案物品及材料'), comment }).strict(), response: transferStepDone, handler: step(deps, 'materials'),
    }),
    defineRoute({
      method: 'post', path: '/api/transfers/:id/result', tag: 'transfers', access: POLICE, scopes: RESPOND, summary: '刑事处理结果：移回行政处理或处理终结',
      params: idParam, body: outcomes(z.object({ outcome: z.literal('RETURNED'), reason }).strict(), z.object({ outcome: z.literal('CONCLUDED'), result: text('处理结果') }).strict()),
      response: transferStepDone, handler: step(deps, 'result'),
    }),
    defineRoute({
      method: 'post', path: '/api/transfers/:id/opinions', tag: 'transfers', access: ['PROCURATOR'], scopes: RESPOND, summary: '检察院提出检察意见',
      params: idParam, body: z.object({ opinion: text('检察意见') }).strict(), response: opinionRecorded,
      handler: async ({ req, actor, params, body }) => recordOpinion(deps, actor, params.id, body.opinion, key(req)),
    }),
    defineRoute({
      method: 'post', path: '/api/transfers/:id/opinion-response', tag: 'transfers', access: BUREAU, summary: '报告检察意见办理情况',
      params: idParam, body: z.object({ action: text('办理情况') }).strict(), response: transferStepDone, handler: step(deps, 'opinion-response'),
    }),
  ];
}

const withLabels = <T extends { status: string }>(r: T) => ({ ...r, statusLabel: TRANSFER_STATUS_LABELS[r.status] ?? r.status });

function render(req: Request, res: Response, view: string, data: Record<string, unknown>) {
  const me = req.actor!;
  res.render(view, {
    ...data, me, csrf: csrfToken(req),
    isPolice: me.roles.includes('PSB_RECEIVER'), isProcurator: me.roles.includes('PROCURATOR'), isCity: me.roles.includes('CITY_SUPERVISOR'),
  });
}

/** 公安门户, 检察院 and the bureau's / city's transfer pages. */
export function transferPageRoutes(deps: AppDeps): Router {
  const r = Router();
  r.use('/transfers', (req, res, next) => {
    if (!req.actor) return res.redirect(`/login?next=${encodeURIComponent(req.originalUrl)}`);
    next();
  });
  r.get('/transfers', async (req, res) => {
    const me = req.actor!;
    const list = await listTransfers(deps, me, {}) as { items: { status: string }[]; overdueByBureau?: unknown; dismissedSuggestions?: unknown };
    const heading = me.roles.includes('PSB_RECEIVER') ? '移送案件（公安机关）' : me.roles.includes('PROCURATOR') ? '行刑衔接监督（检察院）'
      : me.roles.includes('CITY_SUPERVISOR') ? '全市涉嫌犯罪案件移送' : '本机关移送的涉嫌犯罪案件';
    render(req, res, 'transfers', { title: heading, heading, items: list.items.map(withLabels), overdueByBureau: list.overdueByBureau,
      dismissedSuggestions: list.dismissedSuggestions });
  });
  const show = async (req: Request, res: Response, error?: string, status = 200) => {
    const t = await getTransfer(deps, req.actor!, String(req.params.id));
    const open = (kind: string) => t.tasks.some((x) => x.kind === kind && x.status === 'OPEN' && x.orgId === req.actor!.orgId);
    res.status(status);
    render(req, res, 'transfer', {
      title: `移送案件 ${t.letterNumber ?? ''}`, t: withLabels(t), error,
      canSign: open('TRANSFER_RECEIPT'), canDecide: open('TRANSFER_FILING_REVIEW'), canResult: open('TRANSFER_CRIMINAL_RESULT'),
      canOpinion: req.actor!.roles.includes('PROCURATOR') && req.actor!.orgId === t.procuratorateOrgId && !t.closedAt,
      events: ((t.data as { events?: unknown[] }).events ?? []),
    });
  };
  r.get('/transfers/:id', async (req, res) => { await show(req, res); });
  const form = z.object({ _csrf: z.string().optional(), comment: z.string().optional(), reason: z.string().optional(), outcome: z.string().optional(),
    opinion: z.string().optional(), result: z.string().optional() });
  for (const action of ['receipt', 'decision', 'result', 'opinions'] as const) r.post(`/transfers/:id/${action}`, async (req, res) => {
    checkCsrf(req);
    const f = form.parse(req.body ?? {});
    const id = req.params.id;
    try {
      if (action === 'receipt') await transferStep(deps, req.actor!, id, 'receipt', 'SIGN', f.comment?.trim() ? { comment: f.comment } : {});
      else if (action === 'decision') {
        const outcome = f.outcome === 'NOT_FILE' ? 'NOT_FILE' : 'FILE';
        await transferStep(deps, req.actor!, id, 'decision', outcome, outcome === 'FILE' ? (f.comment?.trim() ? { comment: f.comment } : {}) : { reason: f.reason ?? '' });
      } else if (action === 'result') {
        const outcome = f.outcome === 'CONCLUDED' ? 'CONCLUDED' : 'RETURNED';
        await transferStep(deps, req.actor!, id, 'result', outcome, outcome === 'RETURNED' ? { reason: f.reason ?? '' } : { result: f.result ?? '' });
      } else await recordOpinion(deps, req.actor!, id, f.opinion ?? '');
    } catch (err) {
      if (err instanceof AppError && err.status < 500 && err.status !== 404) return show(req, res, err.message, err.status);
      throw err;
    }
    res.redirect(303, `/transfers/${encodeURIComponent(id)}`);
  });
  return r;
}
