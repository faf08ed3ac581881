import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { ruleIssue } from '../../rules/forms/fields.ts';
import { csrfToken } from '../auth.ts';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { admitPage } from '../page-access.ts';
import { defineRoute, type RouteDef } from '../route.ts';
import * as responses from './workforce.responses.ts';
import { listTrainings, recordTraining, workforceOverview } from '../services/workforce.ts';

// 执法队伍 (issue 8): for the bureau heads and the city supervisor.
export const WORKFORCE_ROLES = ['HEAD', 'CITY_SUPERVISOR'] as const;

export const trainingBody = z.object({
  userId: z.string({ error: '请选择执法人员' }).trim().min(1, '请选择执法人员').max(128),
  course: z.string({ error: '请填写培训课程' }).trim().min(2, '请填写培训课程（至少2个字）').max(200),
  hours: z.coerce.number({ error: '学时须为数字' }).positive('学时须大于0').max(1000, '学时不能超过1000')
    // One decimal is a rule JSON Schema's multipleOf cannot state exactly in floating point: a 422, not a 400.
    .superRefine((h, ctx) => { if (!Number.isInteger(h * 10)) ruleIssue(ctx, [], '学时最多保留一位小数'); }),
  date: z.iso.date({ error: '培训日期格式应为 YYYY-MM-DD' }),
}).strict();

const trainingQuery = z.object({
  userId: z.string().max(128).optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
}).strict();

export function workforceRoutes(deps: AppDeps): RouteDef[] {
  return [
    defineRoute({
      method: 'get', path: '/api/workforce', tag: 'workforce', access: WORKFORCE_ROLES,
      summary: '执法队伍：执法证状态、具备相关资格人员占比（对照实施方案75%目标）、本年培训学时',
      refusals: [], response: responses.getApiWorkforce, handler: async ({ actor }) => workforceOverview(deps, actor),
    }),
    defineRoute({
      method: 'get', path: '/api/workforce/trainings', tag: 'workforce', access: WORKFORCE_ROLES, summary: '培训记录',
      // 404: the person asked about is not one the caller may see.
      query: trainingQuery, refusals: [404], response: responses.getApiWorkforceTrainings, handler: async ({ actor, query }) => listTrainings(deps, actor, query),
    }),
    defineRoute({
      method: 'post', path: '/api/workforce/trainings', tag: 'workforce', access: WORKFORCE_ROLES, status: 201,
      summary: '登记培训记录（同一人员、课程、日期只登记一次）', body: trainingBody,
      refusals: [404, 422], response: responses.postApiWorkforceTrainings, handler: async ({ actor, body }) => recordTraining(deps, actor, body),
    }),
  ];
}

export function workforcePageRoutes(deps: AppDeps): Router {
  const r = Router();
  const refusal = '只有局长和市局执法监督人员可以查看执法队伍情况';
  const render = async (req: Request, res: Response, extra: Record<string, unknown> = {}) => {
    const [overview, trainings] = await Promise.all([workforceOverview(deps, req.actor!), listTrainings(deps, req.actor!, {})]);
    res.status(extra.error ? 422 : 200).render('workforce', { title: '执法队伍', overview, trainings: trainings.items.slice(0, 50), me: req.actor, csrf: csrfToken(req), ...extra });
  };
  r.get('/workforce', async (req, res) => {
    if (!admitPage(req, res, WORKFORCE_ROLES, refusal)) return;
    await render(req, res, { saved: req.query.saved === '1' });
  });
  r.post('/workforce/trainings', async (req, res) => {
    if (!admitPage(req, res, WORKFORCE_ROLES, refusal)) return;
    const { _csrf: _drop, ...form } = (req.body ?? {}) as Record<string, unknown>;
    const parsed = trainingBody.safeParse(form);
    if (!parsed.success) return render(req, res, { error: parsed.error.issues.map((i) => i.message).join('；'), form });
    try {
      await recordTraining(deps, req.actor!, parsed.data);
    } catch (err) {
      if (err instanceof AppError && err.status < 500) return render(req, res, { error: err.message, form });
      throw err;
    }
    res.redirect(303, '/workforce?saved=1');
  });
  return r;
}
