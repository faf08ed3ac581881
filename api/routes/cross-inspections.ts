import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { checkCsrf, csrfToken } from '../auth.ts';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { CROSS_FINDING_STATUS_LABELS, INSPECTION_RESULT_LABELS, INSPECTION_STATUS_LABELS } from '../labels.ts';
import { defineRoute, type RouteDef } from '../route.ts';
import { createCrossDraw, getCrossDraw, getCrossFinding, handleCrossFinding, listCrossInspections, ruleCrossFindingClosure } from '../services/cross-inspections.ts';
import * as responses from './cross-inspections.responses.ts';
import { ruleIssue } from '../../rules/forms/fields.ts';
import { idParam } from './schemas.ts';

const reason = z.string().trim().min(2, '请填写理由（至少2个字）').max(2000);
const comment = z.string().trim().max(2000).optional();
const key = (req: Request) => req.get('idempotency-key') ?? undefined;
const CITY = ['SUPERVISOR', 'HEAD', 'CITY_SUPERVISOR'] as const;
const SEE = ['HANDLER', 'SUPERVISOR', 'HEAD', 'CITY_SUPERVISOR'] as const;

export const crossDrawBody = z.object({
  countyIds: z.array(z.string().min(1).max(128), { error: '请选择参加的县级应急管理部门' }).min(2, '交叉执法至少需要两个县级应急管理部门').max(20).describe('参加单位'),
  perCounty: z.number({ error: '请填写每县抽取的企业数' }).int().min(1, '每县至少抽取1家企业').max(50).describe('每县抽取企业数'),
  campaignId: z.string().min(1).max(128).optional().describe('专项执法'),
}).strict();

/** 交叉执法 (issue 21 item 2). */
export function crossInspectionRoutes(deps: AppDeps): RouteDef[] {
  return [
    defineRoute({
      method: 'post', path: '/api/cross-draws', response: responses.postApiCrossDraws, tag: 'cross-inspections', access: CITY, status: 201, body: crossDrawBody,
      summary: '市局交叉执法抽取：按种子随机抽取各县企业，由其他县的两名执法人员检查（不查本县、回避利害关系），立即启动检查（Idempotency-Key 防重）',
      handler: async ({ req, actor, body }) => createCrossDraw(deps, actor, body, key(req)),
    }),
    defineRoute({
      method: 'get', path: '/api/cross-draws/:id', response: responses.getApiCrossDrawsId, tag: 'cross-inspections', access: SEE, summary: '交叉执法抽取记录：种子、输入与按种子重现的结果是否一致',
      params: idParam, refusals: [], handler: async ({ actor, params }) => getCrossDraw(deps, actor, params.id),
    }),
    defineRoute({
      method: 'get', path: '/api/cross-inspections', response: responses.getApiCrossInspections, tag: 'cross-inspections', access: SEE, summary: '交叉执法检查及其发现问题的处理情况（市局：全市；县：本县检查组所查和本县被查的）',
      refusals: [], handler: async ({ actor }) => listCrossInspections(deps, actor),
    }),
    defineRoute({
      method: 'get', path: '/api/cross-findings/:id', response: responses.getApiCrossFindingsId, tag: 'cross-inspections', access: SEE, summary: '交叉执法发现的问题：属地处理与市局审核',
      params: idParam, refusals: [], handler: async ({ actor, params }) => getCrossFinding(deps, actor, params.id),
    }),
    defineRoute({
      method: 'post', path: '/api/cross-findings/:id/handling', response: responses.postApiCrossFindingsIdHandling, tag: 'cross-inspections', access: ['SUPERVISOR', 'HEAD'],
      summary: '属地县级应急管理部门处理交叉执法发现的问题：立案查处（案件载明检查组），或说明理由报市局同意后办结',
      // One object, not a union by outcome: which field an outcome needs is a rule (422), so the OpenAPI
      // the fuzzer reads allows exactly what the API accepts.
      params: idParam, body: z.object({
        outcome: z.enum(['OPEN_CASE', 'CLOSE'], { error: '处理结果须为 OPEN_CASE（立案）或 CLOSE（说明理由报请办结）' }),
        catalogItemId: z.string().min(1).max(64).optional().describe('执法事项（立案时必填）'),
        reason: reason.optional().describe('理由（报请办结时必填）'),
      }).strict().superRefine((b, ctx) => {
        if (b.outcome === 'OPEN_CASE' && !b.catalogItemId) ruleIssue(ctx, ['catalogItemId'], '立案查处须选择执法事项');
        if (b.outcome === 'OPEN_CASE' && b.reason) ruleIssue(ctx, ['reason'], '立案查处无需填写办结理由');
        if (b.outcome === 'CLOSE' && !b.reason) ruleIssue(ctx, ['reason'], '报请办结须说明理由');
        if (b.outcome === 'CLOSE' && b.catalogItemId) ruleIssue(ctx, ['catalogItemId'], '报请办结无需选择执法事项');
      }),
      handler: async ({ actor, params, body: { outcome, catalogItemId, reason: why } }) =>
        handleCrossFinding(deps, actor, params.id, outcome, outcome === 'OPEN_CASE' ? { catalogItemId: catalogItemId! } : { reason: why! }),
    }),
    defineRoute({
      method: 'post', path: '/api/cross-findings/:id/closure', response: responses.postApiCrossFindingsIdClosure, tag: 'cross-inspections', access: ['CITY_SUPERVISOR'],
      summary: '市局审核属地不予立案的理由：同意办结，或不同意退回依法处理',
      params: idParam, body: z.discriminatedUnion('outcome', [
        z.object({ outcome: z.literal('ACCEPT'), comment }).strict(), z.object({ outcome: z.literal('REFUSE'), reason }).strict(),
      ]),
      handler: async ({ actor, params, body: { outcome, ...data } }) => ruleCrossFindingClosure(deps, actor, params.id, outcome, data),
    }),
  ];
}

export const labelCross = <T extends { status: string; result: string | null; finding: { status: string } | null }>(x: T) => ({
  ...x, statusLabel: INSPECTION_STATUS_LABELS[x.status] ?? x.status, resultLabel: x.result ? INSPECTION_RESULT_LABELS[x.result] ?? x.result : '',
  findingLabel: x.finding ? CROSS_FINDING_STATUS_LABELS[x.finding.status] ?? x.finding.status : '',
});

function render(req: Request, res: Response, view: string, data: Record<string, unknown>) {
  res.render(view, { ...data, me: req.actor, csrf: req.actor ? csrfToken(req) : undefined });
}

/** The page: cross inspections with their findings' state, and for the city the draw form. */
export function crossInspectionPageRoutes(deps: AppDeps): Router {
  const r = Router();
  r.use('/cross-inspections', (req, res, next) => {
    if (!req.actor) return res.redirect(`/login?next=${encodeURIComponent(req.originalUrl)}`);
    next();
  });
  const show = async (req: Request, res: Response, error?: string, status = 200, drawn?: Awaited<ReturnType<typeof createCrossDraw>>) => {
    const actor = req.actor!;
    const org = await deps.prisma.org.findUniqueOrThrow({ where: { id: actor.orgId }, select: { kind: true } });
    const canDraw = org.kind === 'CITY_BUREAU' && actor.roles.some((x) => (CITY as readonly string[]).includes(x));
    const [list, counties, campaigns] = await Promise.all([
      listCrossInspections(deps, actor),
      canDraw ? deps.prisma.org.findMany({ where: { parentId: actor.orgId, kind: 'COUNTY_BUREAU' }, orderBy: { id: 'asc' }, select: { id: true, name: true } }) : [],
      canDraw ? deps.prisma.campaign.findMany({ where: { orgId: actor.orgId, status: 'RUNNING' }, select: { id: true, name: true } }) : [],
    ]);
    res.status(status);
    render(req, res, 'cross-inspections', { title: '交叉执法', error, canDraw, counties, campaigns, drawn, items: list.items.map(labelCross) });
  };
  r.get('/cross-inspections', async (req, res) => { await show(req, res); });
  r.post('/cross-inspections', async (req, res) => {
    checkCsrf(req);
    const f = z.object({ countyIds: z.union([z.string(), z.array(z.string())]).default([]), perCounty: z.string().default(''), campaignId: z.string().optional() }).passthrough().parse(req.body ?? {});
    const parsed = crossDrawBody.safeParse({
      countyIds: Array.isArray(f.countyIds) ? f.countyIds : [f.countyIds], perCounty: Number(f.perCounty), campaignId: f.campaignId?.trim() ? f.campaignId : undefined,
    });
    try {
      if (!parsed.success) {
        const label = (p: PropertyKey[]) => (crossDrawBody.shape as Record<string, z.ZodType>)[String(p[0])]?.description ?? '表单';
        throw new AppError('invalid', parsed.error.issues.map((x) => `${label(x.path)}：${x.message}`).join('；'), 422);
      }
      const drawn = await createCrossDraw(deps, req.actor!, parsed.data);
      return show(req, res, undefined, 201, drawn);
    } catch (err) {
      if (err instanceof AppError && err.status < 500) return show(req, res, err.message, err.status);
      throw err;
    }
  });
  return r;
}
