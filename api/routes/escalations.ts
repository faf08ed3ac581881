import { Router } from 'express';
import { z } from 'zod';
import { csrfToken } from '../auth.ts';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { defineRoute, type RouteDef } from '../route.ts';
import * as responses from './escalations.responses.ts';
import { listEscalations } from '../services/escalations.ts';

const SUPERVISORS = ['SUPERVISOR', 'HEAD', 'CITY_SUPERVISOR'] as const;
const query = z.object({
  state: z.enum(['OPEN', 'RESOLVED', 'ALL'], { error: '状态须为 OPEN、RESOLVED 或 ALL' }).default('OPEN'),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  caseId: z.uuid({ error: '案件编号须为 UUID' }).optional(),
}).strict();

/** 逾期升级督办 (issue 8): the list; acting is completing the ESCALATION task (/api/tasks/:id/complete). */
export function escalationRoutes(deps: AppDeps): RouteDef[] {
  return [
    defineRoute({
      method: 'get', path: '/api/escalations', tag: 'supervision', access: SUPERVISORS, query,
      summary: '逾期升级督办（本局的，市局监督可见全市；含处理结果统计）',
      refusals: [], response: responses.getApiEscalations, handler: async ({ actor, query: q }) => listEscalations(deps, actor, q),
    }),
  ];
}

export function escalationPageRoutes(deps: AppDeps): Router {
  const r = Router();
  r.get('/escalations', async (req, res) => {
    if (!req.actor) return res.redirect(`/login?next=${encodeURIComponent(req.originalUrl)}`);
    if (!req.actor.roles.some((x) => (SUPERVISORS as readonly string[]).includes(x))) {
      throw new AppError('forbidden', '只有负责人和市局监督可以查看逾期升级督办', 403);
    }
    const q = query.parse(req.query);
    const result = await listEscalations(deps, req.actor, q);
    res.render('escalations', {
      title: '逾期升级督办', me: req.actor, csrf: csrfToken(req), result, q,
      pages: Math.max(1, Math.ceil(result.total / q.pageSize)),
    });
  });
  return r;
}
