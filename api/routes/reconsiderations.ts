import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { OUTCOME_LABELS } from '../../rules/reconsideration-rules.ts';
import { PENALTY_TYPES } from '../../rules/forms/fields.ts';
import { checkCsrf, csrfToken } from '../auth.ts';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { defineRoute, type RouteDef } from '../route.ts';
import * as responses from './reconsiderations.responses.ts';
import {
  fileReconsideration, getReconsideration, listReconsiderations, outcomeText, RECON_STATUS, reconsiderationStep,
} from '../services/reconsiderations.ts';
import { idParam } from './schemas.ts';

const reason = z.string().trim().min(2, '请填写理由（至少2个字）').max(2000);
const reasoning = z.string().trim().min(2, '请填写决定理由').max(10_000);
const comment = z.string().trim().max(2000).optional();
const date = z.union([z.iso.datetime({ offset: true }), z.iso.date()], { error: '日期格式不正确' });
const BUREAU = ['HANDLER', 'SUPERVISOR', 'HEAD', 'LEGAL_REVIEWER'] as const;
const CLERK = ['RECON_CLERK'] as const;

export const fileBody = z.object({
  caseId: z.string().min(1).max(128),
  requests: z.string().trim().min(2, '请填写复议请求').max(5000),
  grounds: z.string().trim().min(2, '请填写事实和理由').max(10_000),
  knownAt: date.optional(),
  rightStated: z.boolean().default(true),
  suspensionRequested: z.boolean().default(false),
  applicant: z.object({ name: z.string().trim().min(1).max(200).optional(), phone: z.string().max(50).optional(), address: z.string().max(500).optional() }).strict().optional(),
}).strict();

export const decisionBody = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('UPHOLD'), reasoning }).strict(),
  z.object({ outcome: z.literal('REVOKE'), reasoning, reDecide: z.boolean().default(false) }).strict(),
  z.object({ outcome: z.literal('CHANGE'), reasoning, penaltyTypes: z.array(z.enum(PENALTY_TYPES)).min(1), fineFen: z.number().int().min(0) }).strict(),
  z.object({ outcome: z.literal('DECLARE_UNLAWFUL'), reasoning }).strict(),
  z.object({ outcome: z.literal('DISMISS'), reasoning }).strict(),
  z.object({ outcome: z.literal('EXTEND'), reason, approvedBy: z.string().trim().min(2).max(200) }).strict(),
  z.object({ outcome: z.literal('SCHEDULE_HEARING'), hearingAt: z.iso.datetime({ offset: true }), place: z.string().trim().min(2).max(500) }).strict(),
  z.object({ outcome: z.literal('RECORD_HEARING'), headAttended: z.boolean(), summary: z.string().trim().min(2).max(10_000) }).strict(),
  z.object({ outcome: z.literal('SUSPEND_EXECUTION'), reason }).strict(),
], { error: `复议决定须为：${Object.values(OUTCOME_LABELS).join('、')}，或延期、听证、停止执行` });

const evidence = z.object({
  description: z.string({ error: '请填写证据名称' }).trim().min(1, '请填写证据名称').max(500, '证据名称不超过500字'),
  collectedAt: z.union([z.iso.datetime({ offset: true }), z.iso.date()], { error: '请填写证据的收集时间（日期或带时区的时间）' }),
  fileName: z.string().trim().min(1).max(200).optional(),
  // 4MB of file is about 5.4MB of base64; anything longer is refused here, the exact limit after decoding.
  contentBase64: z.string().max(6 * 1024 * 1024, '证据文件超过 4MB').regex(/^[A-Za-z0-9+/=\s]*$/, '文件内容须为 base64').optional(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
}).strict();

/** 行政复议 (issue 7): JSON API, in the OpenAPI document with the other routes. */
export function reconsiderationRoutes(deps: AppDeps): RouteDef[] {
  const step = (s: Parameters<typeof reconsiderationStep>[3]) =>
    async ({ actor, params, body: { outcome, ...data } }: { actor: Parameters<typeof reconsiderationStep>[1]; params: { id: string }; body: { outcome: string } & Record<string, unknown> }) =>
      reconsiderationStep(deps, actor, params.id, s, outcome, data);
  return [
    defineRoute({
      method: 'post', path: '/api/reconsiderations', tag: 'reconsiderations', access: [...CLERK, 'HANDLER', 'SUPERVISOR', 'HEAD'], status: 201,
      summary: '登记行政复议申请（复议机关；当场处罚可经作出决定的机关提交；未送达或不存在的决定不予登记；Idempotency-Key 防重）', body: fileBody,
      // 404: the case named in the body is not one the caller may see.
      refusals: [404, 409, 422], response: responses.postApiReconsiderations, handler: async ({ req, actor, body }) => fileReconsideration(deps, actor, body, req.get('idempotency-key') ?? undefined),
    }),
    defineRoute({
      method: 'get', path: '/api/reconsiderations', tag: 'reconsiderations', access: [...CLERK, ...BUREAU, 'CITY_SUPERVISOR'],
      summary: '行政复议案件列表（复议机关：本机关受理的；执法机关：针对本机关决定的）',
      query: z.object({ status: z.string().max(32).optional() }).strict(),
      refusals: [], response: responses.getApiReconsiderations, handler: async ({ actor, query }) => listReconsiderations(deps, actor, query),
    }),
    defineRoute({
      method: 'get', path: '/api/reconsiderations/:id', tag: 'reconsiderations', access: 'authenticated', summary: '行政复议案件详情（环节、文书、退款）',
      params: idParam, refusals: [], response: responses.getApiReconsiderationsId, handler: async ({ actor, params }) => getReconsideration(deps, actor, params.id),
    }),
    defineRoute({
      method: 'post', path: '/api/reconsiderations/:id/forward', tag: 'reconsiderations', access: BUREAU, summary: '转送当场处罚的复议申请（5个工作日内）',
      params: idParam, body: z.object({ outcome: z.literal('FORWARD').default('FORWARD'), comment }).strict(), response: responses.postApiReconsiderationsIdForward, handler: step('forward'),
    }),
    defineRoute({
      method: 'post', path: '/api/reconsiderations/:id/review', tag: 'reconsiderations', access: CLERK, summary: '受理审查：受理、不予受理（说明理由）或通知补正',
      params: idParam, body: z.discriminatedUnion('outcome', [
        z.object({ outcome: z.literal('ACCEPT'), allAgree: z.boolean().default(false), comment }).strict(),
        z.object({ outcome: z.literal('REFUSE'), reason }).strict(),
        z.object({ outcome: z.literal('REQUEST_CORRECTION'), items: z.string().trim().min(2).max(5000) }).strict(),
      ]), response: responses.postApiReconsiderationsIdReview, handler: step('review'),
    }),
    defineRoute({
      method: 'post', path: '/api/reconsiderations/:id/correction', tag: 'reconsiderations', access: CLERK, summary: '登记申请人提交的补正材料',
      params: idParam, body: z.object({ outcome: z.literal('SUPPLIED').default('SUPPLIED'), summary: z.string().trim().min(2).max(5000) }).strict(), response: responses.postApiReconsiderationsIdCorrection, handler: step('correction'),
    }),
    defineRoute({
      method: 'post', path: '/api/reconsiderations/:id/answer', tag: 'reconsiderations', access: BUREAU,
      summary: '被申请人提交书面答复及证据（证据文件：JPEG/PNG/PDF，单个不超过4MB；不得提交作出决定后收集的证据）', params: idParam,
      body: z.object({ answer: z.string().trim().min(2, '请填写答复意见').max(20_000), evidence: z.array(evidence).max(20).default([]) }).strict(),
      response: responses.postApiReconsiderationsIdAnswer, handler: async ({ actor, params, body }) => reconsiderationStep(deps, actor, params.id, 'answer', 'ANSWER', { answer: body.answer }, body.evidence),
    }),
    defineRoute({
      method: 'post', path: '/api/reconsiderations/:id/decision', tag: 'reconsiderations', access: CLERK,
      summary: '审理与决定：维持、撤销（可责令重作）、变更、确认违法、驳回；延期、听证、停止执行', params: idParam, body: decisionBody, response: responses.postApiReconsiderationsIdDecision, handler: step('decision'),
    }),
    defineRoute({
      method: 'post', path: '/api/reconsiderations/:id/litigation', tag: 'reconsiderations', access: BUREAU, summary: '登记当事人不服复议决定起诉（15日内）',
      params: idParam, body: z.object({ outcome: z.literal('SUED').default('SUED'), court: z.string().trim().min(2).max(200), filedAt: date, comment }).strict(), response: responses.postApiReconsiderationsIdLitigation, handler: step('litigation'),
    }),
    defineRoute({
      method: 'post', path: '/api/reconsiderations/:id/lawsuit', tag: 'reconsiderations', access: BUREAU, summary: '登记行政诉讼结果及负责人出庭应诉情况',
      params: idParam, body: z.discriminatedUnion('outcome', [
        z.object({ outcome: z.literal('JUDGED'), result: z.enum(['UPHELD', 'REVOKED', 'CHANGED', 'OTHER']), headAppeared: z.boolean(),
          appearedBy: z.string().trim().max(200).optional(), summary: z.string().trim().min(2).max(10_000), changedFineFen: z.number().int().min(0).optional() }).strict(),
        z.object({ outcome: z.literal('WITHDRAWN'), headAppeared: z.boolean().default(false), summary: z.string().trim().min(2).max(10_000) }).strict(),
      ]), response: responses.postApiReconsiderationsIdLawsuit, handler: step('lawsuit'),
    }),
    defineRoute({
      method: 'post', path: '/api/reconsiderations/:id/redecision', tag: 'reconsiderations', access: ['HEAD'], summary: '按复议决定重新作出行政行为（登记）',
      params: idParam, body: z.object({ outcome: z.literal('REDECIDED').default('REDECIDED'), summary: z.string().trim().min(2).max(5000), caseId: z.string().max(128).optional() }).strict(),
      response: responses.postApiReconsiderationsIdRedecision, handler: step('redecision'),
    }),
  ];
}

/** Answers with evidence files are larger than other bodies: their own parser limit, before the global one. */
export const reconsiderationBodyParser = () => {
  const r = Router();
  r.post('/api/reconsiderations/:id/answer', express.json({ limit: '30mb' }));
  return r;
};


function render(req: Request, res: Response, view: string, data: Record<string, unknown>) {
  const me = req.actor!;
  res.render(view, {
    ...data, me, csrf: csrfToken(req),
  });
}

/** The clerk's queue and the application page (the bureau sees its own challenges). */
export function reconsiderationPageRoutes(deps: AppDeps): Router {
  const r = Router();
  r.use('/reconsiderations', (req, res, next) => {
    if (!req.actor) return res.redirect(`/login?next=${encodeURIComponent(req.originalUrl)}`);
    next();
  });
  r.get('/reconsiderations', async (req, res) => {
    const list = await listReconsiderations(deps, req.actor!, {});
    const clerk = req.actor!.roles.includes('RECON_CLERK');
    render(req, res, 'reconsiderations', {
      title: '行政复议', heading: clerk ? '行政复议案件（本机关受理）' : '针对本机关决定的行政复议',
      items: list.items.map((x) => ({ ...x, statusText: RECON_STATUS[x.status] ?? x.status, outcomeText: outcomeText(x.outcome) })),
    });
  });
  const show = async (req: Request, res: Response, error?: string, status = 200) => {
    const rec = await getReconsideration(deps, req.actor!, String(req.params.id));
    const open = (kind: string) => rec.tasks.some((t) => t.kind === kind && t.status === 'OPEN' && t.orgId === req.actor!.orgId);
    res.status(status);
    render(req, res, 'reconsideration', {
      title: `行政复议 ${rec.applicantName}`, rec: { ...rec, statusText: RECON_STATUS[rec.status] ?? rec.status, outcomeText: outcomeText(rec.outcome) }, error,
      canReview: open('RECON_ACCEPTANCE'), canDecide: open('RECON_DECISION'), canAnswer: open('RECON_ANSWER'),
      events: ((rec.data as { events?: { outcome?: string }[] }).events ?? []).map((e) => ({ ...e, outcome: e.outcome ? outcomeText(e.outcome) : undefined })),
    });
  };
  r.get('/reconsiderations/:id', async (req, res) => { await show(req, res); });
  const form = z.object({ _csrf: z.string().optional(), outcome: z.string().optional(), reason: z.string().optional(), reasoning: z.string().optional(),
    items: z.string().optional(), answer: z.string().optional(), fineYuan: z.string().optional(), reDecide: z.string().optional() });
  for (const s of ['review', 'decision', 'answer'] as const) r.post(`/reconsiderations/:id/${s}`, async (req, res) => {
    checkCsrf(req);
    const f = form.parse(req.body ?? {});
    const outcome = f.outcome ?? '';
    try {
      if (s === 'review') {
        const data = outcome === 'REFUSE' ? { reason: f.reason ?? '' } : outcome === 'REQUEST_CORRECTION' ? { items: f.items ?? '' } : {};
        await reconsiderationStep(deps, req.actor!, req.params.id, 'review', outcome, data);
      } else if (s === 'answer') {
        await reconsiderationStep(deps, req.actor!, req.params.id, 'answer', 'ANSWER', { answer: f.answer ?? '' });
      } else {
        const data: Record<string, unknown> = { reasoning: f.reasoning ?? '' };
        if (outcome === 'REVOKE') data.reDecide = f.reDecide === 'on';
        if (outcome === 'CHANGE') {
          const yuan = Number(f.fineYuan);
          if (!Number.isFinite(yuan) || yuan < 0) throw new AppError('invalid', '请填写变更后的罚款金额（元）', 422);
          Object.assign(data, { penaltyTypes: ['FINE'], fineFen: Math.round(yuan * 100) });
        }
        await reconsiderationStep(deps, req.actor!, req.params.id, 'decision', outcome, data);
      }
    } catch (err) {
      if (err instanceof AppError && err.status < 500 && err.status !== 404) return show(req, res, err.message, err.status);
      throw err;
    }
    res.redirect(303, `/reconsiderations/${encodeURIComponent(req.params.id)}`);
  });
  return r;
}
