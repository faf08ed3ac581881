import { Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../deps.ts';
import { csrfToken } from '../auth.ts';
import { admitPage } from '../page-access.ts';
import { defineRoute, type RouteDef } from '../route.ts';
import * as responses from './audit.responses.ts';
import { verifyAuditLog } from '../services/audit-verify.ts';

// 执法全过程记录: anyone who oversees the bureaus can check the audit log's hash chain end to end.
export const AUDIT_ROLES = ['CITY_SUPERVISOR', 'DISCIPLINE', 'ADMIN'] as const;

export const auditRoutes = (deps: AppDeps): RouteDef[] => [
  defineRoute({
    method: 'get', path: '/api/audit/verify', tag: 'audit', access: AUDIT_ROLES,
    summary: '校验全过程记录哈希链（与 npm run audit:verify 相同）：默认从各单位链条上次校验处增量校验，full=1 从头完整校验；报告第一个断链位置',
    query: z.object({ full: z.enum(['0', '1']).optional() }).strict(),
    refusals: [], response: responses.getApiAuditVerify, handler: async ({ query }) => verifyAuditLog(deps, { full: query.full === '1' }),
  }),
];

export function auditPageRoutes(deps: AppDeps): Router {
  const r = Router();
  r.get('/audit/verify', async (req, res) => {
    if (!admitPage(req, res, AUDIT_ROLES, '只有市局执法监督、纪检监察人员和系统管理员可以校验全过程记录')) return;
    const full = req.query.full === '1';
    res.render('audit-verify', { title: '全过程记录校验', result: await verifyAuditLog(deps, { full }), me: req.actor, csrf: csrfToken(req) });
  });
  return r;
}
