import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { csrfToken } from '../auth.ts';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { REFERRAL_STATUS_LABELS } from '../labels.ts';
import { defineRoute, type RouteDef } from '../route.ts';
import * as responses from './referrals.responses.ts';
import { createReferral, getReferral, listReferrals, referralAttachment, referralStep, suggestDepartment } from '../services/referrals.ts';
import { readAttachment } from '../services/attachment-store.ts';
import { pipeline } from 'node:stream/promises';
import { idParam } from './schemas.ts';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, '须为 SHA-256（64位小写十六进制）');
const reason = z.string().trim().min(2, '请填写理由（至少2个字）').max(2000);
const comment = z.string().trim().max(2000).optional();
const attachment = z.object({
  fileName: z.string().trim().min(1).max(200),
  contentBase64: z.string().max(6 * 1024 * 1024).regex(/^[A-Za-z0-9+/=\s]*$/, '文件内容须为 base64'),
}).strict();

export const draftBody = z.object({
  caseId: z.string().min(1).max(128).optional(),
  inspectionRef: z.string().trim().max(128).optional(),
  enterpriseId: z.string().min(1).max(128).optional(),
  hazard: z.string().trim().min(5, '请描述隐患（至少5个字）').max(5000),
  location: z.string().trim().min(2, '请填写隐患地点').max(500),
  evidence: z.array(z.object({ description: z.string().trim().min(1).max(500), sha256 }).strict()).max(50).default([]),
  reason: z.string().trim().min(5, '请说明不属于本机关职责的理由').max(2000),
  toOrgId: z.string().min(1).max(128).optional(),
  urgent: z.boolean().default(false),
}).strict();

const key = (req: Request) => req.get('idempotency-key') ?? undefined;
const DEPT = ['DEPT_RECEIVER'] as const;
// A department's own system answers as its officers do, through these same routes (issue 24).
const RESPOND = ['referrals:respond'] as const;
const BUREAU = ['HANDLER', 'SUPERVISOR', 'HEAD'] as const;

/** 移交有关部门 (issue 6): JSON API, in the OpenAPI document with the other routes. */
export function referralRoutes(deps: AppDeps): RouteDef[] {
  return [
    defineRoute({
      method: 'post', path: '/api/referrals', tag: 'referrals', access: ['HANDLER', 'TOWNSHIP_OFFICER'], status: 201,
      summary: '起草移交有关部门事项（报审批；未选接收部门时按行业推荐；Idempotency-Key 防重）', body: draftBody,
      // 404: the case named in the body is not one the caller may see.
      refusals: [404, 409, 422], response: responses.postApiReferrals, handler: async ({ req, actor, body }) => createReferral(deps, actor, body, key(req)),
    }),
    defineRoute({
      method: 'get', path: '/api/referrals', tag: 'referrals', access: [...BUREAU, 'TOWNSHIP_OFFICER', 'CITY_SUPERVISOR', 'DEPT_RECEIVER'],
      summary: '移交事项列表（部门：收件箱；执法机关：本机关移交的；市局监督：全部及各部门超期数）', scopes: ['referrals:read'],
      query: z.object({ status: z.string().max(32).optional(), overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional() }).strict(),
      refusals: [], response: responses.getApiReferrals, handler: async ({ actor, query }) => listReferrals(deps, actor, query),
    }),
    defineRoute({
      method: 'get', path: '/api/referrals/suggest', tag: 'referrals', access: [...BUREAU, 'TOWNSHIP_OFFICER'], summary: '按行业推荐接收部门',
      query: z.object({ industry: z.string().max(200) }).strict(),
      refusals: [], response: responses.getApiReferralsSuggest, handler: async ({ query }) => ({ toOrgId: suggestDepartment(query.industry) ?? null }),
    }),
    defineRoute({
      method: 'get', path: '/api/referrals/:id', tag: 'referrals', access: 'authenticated', summary: '移交事项详情（移交函、办理环节、记录）', scopes: ['referrals:read'],
      params: idParam, refusals: [], response: responses.getApiReferralsId, handler: async ({ actor, params }) => getReferral(deps, actor, params.id),
    }),
    defineRoute({
      method: 'post', path: '/api/referrals/:id/approval', tag: 'referrals', access: ['SUPERVISOR', 'HEAD'], summary: '审批移交（同意则出具移交函）',
      params: idParam, body: z.discriminatedUnion('outcome', [
        z.object({ outcome: z.literal('APPROVE'), comment }).strict(), z.object({ outcome: z.literal('REJECT'), reason }).strict(),
      ]),
      response: responses.postApiReferralsIdApproval, handler: async ({ req, actor, params, body: { outcome, ...data } }) => referralStep(deps, actor, params.id, 'approve', outcome, data, [], key(req)),
    }),
    defineRoute({
      method: 'post', path: '/api/referrals/:id/sign', tag: 'referrals', access: DEPT, scopes: RESPOND, summary: '接收部门签收',
      params: idParam, body: z.object({ comment }).strict(),
      response: responses.postApiReferralsIdSign, handler: async ({ req, actor, params, body }) => referralStep(deps, actor, params.id, 'sign', 'SIGN', body, [], key(req)),
    }),
    defineRoute({
      method: 'post', path: '/api/referrals/:id/refuse', tag: 'referrals', access: DEPT, scopes: RESPOND, summary: '接收部门退回（仅限签收前，须说明理由）',
      params: idParam, body: z.object({ reason }).strict(),
      response: responses.postApiReferralsIdRefuse, handler: async ({ req, actor, params, body }) => referralStep(deps, actor, params.id, 'refuse', 'REFUSE', body, [], key(req)),
    }),
    defineRoute({
      method: 'post', path: '/api/referrals/:id/report', tag: 'referrals', access: DEPT, scopes: RESPOND,
      summary: '反馈办理结果或阶段性进展（附件：JPEG/PNG/PDF，单个不超过4MB）', params: idParam,
      body: z.object({ final: z.boolean().default(true), action: z.string().trim().min(2, '请填写采取的措施').max(10_000),
        attachments: z.array(attachment).max(5).default([]) }).strict(),
      response: responses.postApiReferralsIdReport, handler: async ({ req, actor, params, body }) =>
        referralStep(deps, actor, params.id, 'report', body.final ? 'FINAL' : 'PROGRESS', { action: body.action }, body.attachments, key(req)),
    }),
    defineRoute({
      method: 'post', path: '/api/referrals/:id/ruling', tag: 'referrals', access: ['CITY_SUPERVISOR'], summary: '市局裁定退回的移交事项（改送或由原部门接收）',
      params: idParam, body: z.discriminatedUnion('outcome', [
        z.object({ outcome: z.literal('REDIRECT'), toOrgId: z.string().min(1).max(128), reason }).strict(),
        z.object({ outcome: z.literal('MUST_ACCEPT'), reason }).strict(),
      ]),
      response: responses.postApiReferralsIdRuling, handler: async ({ req, actor, params, body: { outcome, ...data } }) => referralStep(deps, actor, params.id, 'ruling', outcome, data, [], key(req)),
    }),
    defineRoute({
      method: 'post', path: '/api/referrals/:id/acceptance', tag: 'referrals', access: BUREAU, summary: '验收办理结果：办结或退回补充办理（限一次）',
      params: idParam, body: z.discriminatedUnion('outcome', [
        z.object({ outcome: z.literal('ACCEPT'), comment }).strict(), z.object({ outcome: z.literal('SEND_BACK'), reason }).strict(),
      ]),
      response: responses.postApiReferralsIdAcceptance, handler: async ({ req, actor, params, body: { outcome, ...data } }) => referralStep(deps, actor, params.id, 'acceptance', outcome, data, [], key(req)),
    }),
  ];
}

/** Report uploads are larger than other bodies: their own parser limit, before the global one. */
export const referralBodyParser = () => {
  const r = Router();
  r.post('/api/referrals/:id/report', express.json({ limit: '30mb' }));
  return r;
};

const STATUS = REFERRAL_STATUS_LABELS;

function render(req: Request, res: Response, view: string, data: Record<string, unknown>) {
  const me = req.actor!;
  res.render(view, {
    ...data, me, csrf: csrfToken(req),
    isDept: me.roles.includes('DEPT_RECEIVER'), isCity: me.roles.includes('CITY_SUPERVISOR'),
  });
}

const withLabels = <T extends { status: string }>(r: T) => ({ ...r, statusLabel: STATUS[r.status] ?? r.status });

/** 部门门户 and the bureau's / city's referral pages. */
export function referralPageRoutes(deps: AppDeps): Router {
  const r = Router();
  r.use('/referrals', (req, res, next) => {
    if (!req.actor) return res.redirect(`/login?next=${encodeURIComponent(req.originalUrl)}`);
    next();
  });
  r.get('/referrals', async (req, res) => {
    const list = await listReferrals(deps, req.actor!, {}) as { items: { status: string }[]; overdueByDepartment?: unknown };
    const me = req.actor!;
    const heading = me.roles.includes('DEPT_RECEIVER') ? '移交事项收件箱' : me.roles.includes('CITY_SUPERVISOR') ? '全市移交事项' : '本机关移交的事项';
    render(req, res, 'referrals', { title: heading, heading, items: list.items.map(withLabels), overdueByDepartment: list.overdueByDepartment });
  });
  const show = async (req: Request, res: Response, error?: string, status = 200) => {
    const ref = await getReferral(deps, req.actor!, String(req.params.id));
    const open = (kind: string) => ref.tasks.some((t) => t.kind === kind && t.status === 'OPEN' && t.orgId === req.actor!.orgId);
    res.status(status);
    render(req, res, 'referral', {
      title: `移交事项 ${ref.letterNumber ?? ''}`, ref: withLabels(ref), error,
      canSign: open('REFERRAL_SIGN'), canReport: open('REFERRAL_RESULT'),
      events: ((ref.data as { events?: unknown[] }).events ?? []),
    });
  };
  r.get('/referrals/:id', async (req, res) => { await show(req, res); });
  r.get('/referrals/:id/attachments/:sha256', async (req, res) => {
    const e = await referralAttachment(deps, req.actor!, req.params.id, req.params.sha256);
    res.setHeader('Content-Type', e.mimeType ?? 'application/octet-stream');
    res.setHeader('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(e.fileName ?? e.id)}`);
    res.setHeader('X-Content-SHA256', e.sha256);
    await pipeline(await readAttachment(deps, e), res);
  });
  const form = z.object({ _csrf: z.string().optional(), comment: z.string().optional(), reason: z.string().optional(), action: z.string().optional(), final: z.string().optional() });
  for (const step of ['sign', 'refuse', 'report'] as const) r.post(`/referrals/:id/${step}`, async (req, res) => {
    const f = form.parse(req.body ?? {});
    try {
      if (step === 'sign') await referralStep(deps, req.actor!, req.params.id, 'sign', 'SIGN', f.comment?.trim() ? { comment: f.comment } : {});
      else if (step === 'refuse') await referralStep(deps, req.actor!, req.params.id, 'refuse', 'REFUSE', { reason: f.reason ?? '' });
      else await referralStep(deps, req.actor!, req.params.id, 'report', f.final === 'false' ? 'PROGRESS' : 'FINAL', { action: f.action ?? '' });
    } catch (err) {
      if (err instanceof AppError && err.status < 500 && err.status !== 404) return show(req, res, err.message, err.status);
      throw err;
    }
    res.redirect(303, `/referrals/${encodeURIComponent(req.params.id)}`);
  });
  return r;
}
