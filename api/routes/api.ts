import { z } from 'zod';
import { ROLES } from '../../rules/roles.ts';
import { bearerOf, changePassword, checkPassword, endSession, issueToken, revokeToken } from '../auth.ts';
import type { AppDeps } from '../deps.ts';
import { limitsFor } from '../login-limit.ts';
import { defineRoute, type RouteDef } from '../route.ts';
import { getCase, listCases, registerCase } from '../services/cases.ts';
import { listQueue } from '../services/queue.ts';
import { claimTask, completeTask, getVisibleTask, reassignTask, unclaimTask } from '../services/tasks.ts';
import { completeBody, idParam, loginBody, passwordBody, pageQuery, queueQuery, reassignBody, registerCaseBody, registeredCase, summaryCaseBody } from './schemas.ts';
import { registerSummaryCase } from '../services/summary.ts';
import { actorBody, caseRow, issuedToken, okBody, page, roleList, taskResult, taskRow, taskView } from './responses.ts';
import { caseDetail, catalogItemRow, deadlinesPage, enterpriseRow, queuePage } from './case-responses.ts';
import { deadlinesAtRisk } from '../services/supervision.ts';

const officers = ['HANDLER', 'SUPERVISOR', 'HEAD', 'LEGAL_REVIEWER', 'CITY_SUPERVISOR', 'TOWNSHIP_OFFICER'] as const;

export function apiRoutes(deps: AppDeps): RouteDef[] {
  return [
    defineRoute({
      method: 'post', path: '/api/login', tag: 'auth', access: 'public', summary: '登录，换取访问令牌', body: loginBody, status: 201,
      refusals: [401, 429], response: issuedToken,
      handler: async ({ body }) => issueToken(deps.prisma, await checkPassword(deps.prisma, body.username, body.password, limitsFor(deps))),
    }),
    defineRoute({
      method: 'post', path: '/api/logout', tag: 'auth', access: 'authenticated', summary: '注销当前令牌或会话', refusals: [], response: okBody,
      // A bearer token is revoked; a cookie session is removed from the store, so the old cookie no longer signs in.
      handler: async ({ req, res }) => {
        const t = bearerOf(req);
        if (t) await revokeToken(deps.prisma, t);
        else if (req.authVia === 'session') await endSession(req, res);
        return { ok: true as const };
      },
    }),
    defineRoute({
      method: 'post', path: '/api/password', tag: 'auth', access: 'authenticated', summary: '修改本人密码（首次登录须先修改）',
      body: passwordBody, refusals: [422], response: okBody,
      handler: async ({ actor, body }) => changePassword(deps.prisma, actor.userId, body.currentPassword, body.newPassword),
    }),
    defineRoute({
      method: 'get', path: '/api/me', tag: 'auth', access: 'authenticated', summary: '当前用户', refusals: [], response: actorBody,
      handler: async ({ actor }) => actor,
    }),
    defineRoute({
      method: 'get', path: '/api/tasks', tag: 'tasks', access: 'authenticated', summary: '我的待办（按程序、环节、期限、认领、案号或当事人筛选，按期限或登记时间排序，分页，含超期数、临期数）',
      // 422: a window that does not fit (止 before 起, 自定 without dates) — a rule the published query cannot state.
      query: queueQuery, refusals: [422], response: queuePage, handler: async ({ actor, query }) => listQueue(deps, actor, query),
    }),
    defineRoute({
      method: 'get', path: '/api/tasks/:id', tag: 'tasks', access: 'authenticated', summary: '任务详情', params: idParam, refusals: [], response: taskRow,
      handler: async ({ actor, params }) => getVisibleTask(deps, actor, params.id),
    }),
    defineRoute({
      method: 'post', path: '/api/tasks/:id/claim', tag: 'tasks', access: 'authenticated', summary: '认领任务', params: idParam, response: taskView,
      handler: async ({ actor, params }) => claimTask(deps, actor, params.id),
    }),
    defineRoute({
      method: 'post', path: '/api/tasks/:id/unclaim', tag: 'tasks', access: 'authenticated', summary: '退回认领', params: idParam, response: taskView,
      handler: async ({ actor, params }) => unclaimTask(deps, actor, params.id),
    }),
    defineRoute({
      method: 'post', path: '/api/tasks/:id/complete', tag: 'tasks', access: 'authenticated', summary: '办结任务（结果与表单）',
      params: idParam, body: completeBody, response: taskResult,
      handler: async ({ actor, params, body }) => completeTask(deps, actor, params.id, body.outcome, body.data),
    }),
    defineRoute({
      method: 'post', path: '/api/tasks/:id/reassign', tag: 'tasks', access: ['SUPERVISOR', 'HEAD'], summary: '改派任务（负责人）',
      params: idParam, body: reassignBody, response: taskView,
      handler: async ({ actor, params, body }) => reassignTask(deps, actor, params.id, body.userId),
    }),
    defineRoute({
      method: 'post', path: '/api/cases', tag: 'cases', access: ['HANDLER'], summary: '登记案件线索并提交立案审批',
      body: registerCaseBody, status: 201, refusals: [422], response: registeredCase,
      handler: async ({ actor, body, req }) => registerCase(deps, actor, body, req.get('idempotency-key') ?? undefined),
    }),
    defineRoute({
      method: 'post', path: '/api/cases/summary', tag: 'cases', access: ['HANDLER', 'TOWNSHIP_OFFICER'],
      summary: '简易程序：当场作出行政处罚决定（警告或小额罚款）', body: summaryCaseBody, status: 201, refusals: [422], response: registeredCase,
      handler: async ({ actor, body, req }) => registerSummaryCase(deps, actor, body, req.get('idempotency-key') ?? undefined),
    }),
    defineRoute({
      method: 'get', path: '/api/cases', tag: 'cases', access: [...officers, 'ASSISTANT', 'DISCIPLINE'], summary: '案件列表',
      query: z.object(pageQuery).strict(), refusals: [], response: page(caseRow), handler: async ({ actor, query }) => listCases(deps, actor, query.page, query.pageSize),
    }),
    defineRoute({
      method: 'get', path: '/api/cases/:id', tag: 'cases', access: [...officers, 'ASSISTANT', 'DISCIPLINE'], summary: '案件详情与全过程记录',
      params: idParam, refusals: [], response: caseDetail, handler: async ({ actor, params }) => getCase(deps, actor, params.id),
    }),
    defineRoute({
      method: 'get', path: '/api/supervision/deadlines', tag: 'supervision', access: ['SUPERVISOR', 'HEAD', 'CITY_SUPERVISOR'],
      summary: '临近或超过法定期限的环节（本单位；市局监督看全市）', query: z.object(pageQuery).strict(), refusals: [], response: deadlinesPage,
      handler: async ({ actor, query }) => deadlinesAtRisk(deps, actor, query.page, query.pageSize),
    }),
    defineRoute({
      method: 'get', path: '/api/catalog', tag: 'reference', access: 'authenticated', summary: '执法事项清单', refusals: [], response: z.array(catalogItemRow),
      handler: async () => deps.prisma.catalogItem.findMany({ orderBy: { code: 'asc' } }),
    }),
    defineRoute({
      method: 'get', path: '/api/enterprises', tag: 'reference', access: 'authenticated', summary: '本单位监管的生产经营单位', refusals: [], response: z.array(enterpriseRow),
      handler: async ({ actor }) => deps.prisma.enterprise.findMany({ where: { orgId: actor.orgId }, orderBy: { name: 'asc' } }),
    }),
    defineRoute({
      method: 'get', path: '/api/roles', tag: 'reference', access: 'public', summary: '角色列表', refusals: [], response: roleList,
      handler: async () => ROLES,
    }),
  ];
}
