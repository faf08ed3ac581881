import { randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { csrfToken } from '../auth.ts';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { defineRoute, type RouteDef } from '../route.ts';
import * as responses from './interference.responses.ts';
import {
  getInterference, INTERFERENCE_CHANNELS, listInterference, READER_ROLES, recordInterference, type InterferenceChannel,
} from '../services/interference.ts';
import { idParam } from './schemas.ts';

const CHANNELS = Object.keys(INTERFERENCE_CHANNELS) as [InterferenceChannel, ...InterferenceChannel[]];

export const interferenceBody = z.object({
  caseId: z.string({ error: '请指明被干预的案件' }).trim().min(1, '请指明被干预的案件').max(128),
  officialName: z.string({ error: '请填写干预人姓名' }).trim().min(1, '请填写干预人姓名').max(100),
  officialPosition: z.string({ error: '请填写干预人单位及职务' }).trim().min(2, '请填写干预人单位及职务').max(200),
  occurredAt: z.union([z.iso.datetime({ offset: true }), z.iso.date()], { error: '请填写干预发生的时间（日期或时间）' }),
  channel: z.enum(CHANNELS, { error: `干预方式须为：${Object.values(INTERFERENCE_CHANNELS).join('、')}` }),
  request: z.string({ error: '请写明干预人提出的要求' }).trim().min(5, '请写明干预人提出的要求（至少5个字）').max(10_000),
}).strict();

const key = (req: Request) => req.get('idempotency-key') ?? undefined;

/** 干预留痕 (issue 8): record (anyone signed in), read (city supervisor, discipline). No update or delete route. */
export function interferenceRoutes(deps: AppDeps): RouteDef[] {
  return [
    defineRoute({
      method: 'post', path: '/api/interference-records', tag: 'interference', access: 'authenticated', status: 201,
      summary: '记录领导干部干预、插手案件的情况（何人、何时、何种方式、提出何种要求；不可修改删除；Idempotency-Key 防重）',
      body: interferenceBody,
      // 404: the case named in the body is not one the caller may see.
      refusals: [404, 409, 422], response: responses.postApiInterferenceRecords, handler: async ({ req, actor, body }) => recordInterference(deps, actor, body, key(req)),
    }),
    defineRoute({
      method: 'get', path: '/api/interference-records', tag: 'interference', access: READER_ROLES, summary: '干预记录列表（仅市局执法监督、纪检监察）',
      query: z.object({ caseId: z.string().max(128).optional(), orgId: z.string().max(128).optional() }).strict(),
      refusals: [], response: responses.getApiInterferenceRecords, handler: async ({ actor, query }) => listInterference(deps, actor, query),
    }),
    defineRoute({
      method: 'get', path: '/api/interference-records/:id', tag: 'interference', access: READER_ROLES, summary: '干预记录详情（仅市局执法监督、纪检监察）',
      params: idParam, refusals: [], response: responses.getApiInterferenceRecordsId, handler: async ({ actor, params }) => getInterference(deps, actor, params.id),
    }),
  ];
}

function render(req: Request, res: Response, view: string, data: Record<string, unknown>) {
  res.render(view, { ...data, me: req.actor, csrf: csrfToken(req) });
}

const channels = Object.entries(INTERFERENCE_CHANNELS).map(([value, label]) => ({ value, label }));

/** The form anyone signed in may use, its receipt, and the readers' list. */
export function interferencePageRoutes(deps: AppDeps): Router {
  const r = Router();
  r.use('/interference', (req, res, next) => {
    if (!req.actor) return res.redirect(`/login?next=${encodeURIComponent(req.originalUrl)}`);
    next();
  });
  const form = (req: Request, res: Response, values: Record<string, unknown>, error?: string, status = 200) => {
    res.status(status);
    // One key per form shown: a double submit of the same form records once.
    render(req, res, 'interference-new', { title: '记录干预情况', values, error, idempotencyKey: values.idempotencyKey ?? randomUUID(), channels: channels.map((c) => ({ ...c, selected: c.value === values.channel })) });
  };
  r.get('/interference/new', (req, res) => {
    form(req, res, { caseId: typeof req.query.caseId === 'string' ? req.query.caseId.slice(0, 128) : '' });
  });
  r.post('/interference', async (req, res) => {
    const { _csrf: _c, idempotencyKey, ...values } = (req.body ?? {}) as Record<string, string>;
    const parsed = interferenceBody.safeParse(values);
    if (!parsed.success) return form(req, res, { ...values, idempotencyKey }, parsed.error.issues.map((i) => i.message).join('；'), 400);
    try {
      const receipt = await recordInterference(deps, req.actor!, parsed.data, idempotencyKey || undefined);
      res.status(201);
      render(req, res, 'interference-receipt', { title: '干预情况记录回执', receipt });
    } catch (err) {
      if (err instanceof AppError && err.status < 500) return form(req, res, { ...values, idempotencyKey }, err.message, err.status);
      throw err;
    }
  });
  r.get('/interference', async (req, res) => {
    const list = await listInterference(deps, req.actor!, {});
    render(req, res, 'interference-list', { title: '干预留痕记录', items: list.items });
  });
  return r;
}
