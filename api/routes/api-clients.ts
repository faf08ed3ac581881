import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { API_SCOPE_IDS, API_SCOPES, CLIENT_ROLE_BY_ORG_KIND, PAYMENT_CLIENT_ORG_KINDS } from '../../rules/api-scopes.ts';
import { listApiClients, registerApiClient, revokeApiClient, rotateApiClientSecret } from '../../store/api-clients.ts';
import { csrfToken } from '../auth.ts';
import { oauthSettings } from '../client-tokens.ts';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { labelOf, ROLE_LABELS } from '../labels.ts';
import { defineRoute, type RouteDef } from '../route.ts';
import { admitted } from './admin.ts';
import { idParam } from './schemas.ts';

// 接入系统 (issue 24): the administrator registers a partner system for one org, rotates its secret
// (the old one keeps working for the configured overlap) and revokes it.

const ADMIN = ['ADMIN'] as const;
const registerBody = z.object({
  orgId: z.string().min(1, '请选择单位').max(128).describe('接入单位（部门、公安机关或检察院；缴款平台登记在其代收罚没款的应急管理局）'),
  name: z.string().trim().min(2, '请填写系统名称（至少2个字）').max(100).describe('系统名称，如“红塔公安警务综合平台”'),
  scopes: z.array(z.enum(API_SCOPE_IDS as [string, ...string[]], { error: '未知的权限范围' })).min(1, '请至少选择一项权限范围').max(API_SCOPE_IDS.length),
}).strict();

const secretShown = z.object({ clientId: z.string(), clientSecret: z.string().describe('只显示这一次；本系统只保存其散列') });
const registered = secretShown.extend({ secretId: z.string(), orgId: z.string(), name: z.string(), scopes: z.array(z.string()) });
const rotated = secretShown.extend({ secretId: z.string(), previousValidUntil: z.iso.datetime().describe('此前的密钥在此之前仍然有效') });
const clientRow = z.object({
  id: z.string(), orgId: z.string(), orgName: z.string(), name: z.string(), scopes: z.array(z.string()), role: z.string(),
  createdAt: z.iso.datetime(), revokedAt: z.iso.datetime().nullable(),
  secrets: z.array(z.object({ id: z.string(), createdAt: z.iso.datetime(), expiresAt: z.iso.datetime().nullable() })),
});

export function apiClientRoutes(deps: AppDeps): RouteDef[] {
  return [
    defineRoute({
      method: 'get', path: '/api/admin/api-clients', tag: 'admin', access: ADMIN, summary: '接入系统列表（单位、权限范围、有效密钥）',
      refusals: [], response: z.array(clientRow), handler: async () => listApiClients(deps.prisma),
    }),
    defineRoute({
      method: 'post', path: '/api/admin/api-clients', tag: 'admin', access: ADMIN, status: 201, body: registerBody, response: registered,
      summary: '登记接入系统（OAuth 2.0 客户端凭据；密钥只显示一次；同一单位同名系统不重复登记）',
      handler: async ({ actor, body }) => registerApiClient(deps.prisma, actor, body),
    }),
    defineRoute({
      method: 'post', path: '/api/admin/api-clients/:id/rotate', tag: 'admin', access: ADMIN, params: idParam, response: rotated,
      summary: '轮换接入系统密钥（新密钥只显示一次；旧密钥在过渡期内仍有效）',
      handler: async ({ actor, params }) => rotateApiClientSecret(deps.prisma, actor, params.id, oauthSettings(deps).overlapSeconds),
    }),
    defineRoute({
      method: 'post', path: '/api/admin/api-clients/:id/revoke', tag: 'admin', access: ADMIN, params: idParam, refusals: [],
      response: z.object({ clientId: z.string(), revokedAt: z.iso.datetime() }), summary: '停用接入系统（其令牌立即失效）',
      handler: async ({ actor, params }) => revokeApiClient(deps.prisma, actor, params.id),
    }),
  ];
}

const WHAT = '管理接入系统';

async function page(deps: AppDeps, req: Request, res: Response, data: Record<string, unknown> = {}) {
  const orgs = await deps.prisma.org.findMany({ where: { kind: { in: [...Object.keys(CLIENT_ROLE_BY_ORG_KIND), ...PAYMENT_CLIENT_ORG_KINDS] } }, orderBy: [{ kind: 'asc' }, { id: 'asc' }], select: { id: true, name: true } });
  const clients = (await listApiClients(deps.prisma)).map((c) => ({
    ...c, roleLabel: c.role ? labelOf(ROLE_LABELS, c.role) : '缴款平台（只能通知缴款）', scopeLabels: c.scopes.map((s) => API_SCOPES[s as keyof typeof API_SCOPES] ?? s),
  }));
  const form = (data.form ?? {}) as { scopes?: string[] };
  res.render('admin-api-clients', {
    title: '接入系统', orgs, clients, me: req.actor, csrf: csrfToken(req), overlapHours: oauthSettings(deps).overlapSeconds / 3600,
    scopes: API_SCOPE_IDS.map((id) => ({ id, label: API_SCOPES[id], checked: form.scopes?.includes(id) ?? false })), ...data,
  });
}

const formList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)]);

/** Server-rendered pages: /admin/api-clients (list, register), and rotate / revoke from the list. */
export function apiClientPageRoutes(deps: AppDeps): Router {
  const r = Router();
  r.get('/admin/api-clients', async (req, res) => {
    if (!admitted(req, res, WHAT)) return;
    await page(deps, req, res);
  });
  const act = (path: string, run: (req: Request) => Promise<Record<string, unknown>>) => r.post(path, async (req, res) => {
    if (!admitted(req, res, WHAT)) return;
    try {
      await page(deps, req, res, await run(req));
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      res.status(err.status);
      await page(deps, req, res, { error: err.message, form: req.path === '/admin/api-clients' ? { ...req.body, scopes: formList(req.body?.scopes) } : {} });
    }
  });
  act('/admin/api-clients', async (req) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    const parsed = registerBody.safeParse({ orgId: String(b.orgId ?? ''), name: String(b.name ?? ''), scopes: formList(b.scopes) });
    if (!parsed.success) throw new AppError('invalid', parsed.error.issues.map((i) => i.message).join('；'), 422);
    const c = await registerApiClient(deps.prisma, req.actor!, parsed.data);
    return { shown: { clientId: c.clientId, clientSecret: c.clientSecret, what: `已登记“${c.name}”` } };
  });
  act('/admin/api-clients/:id/rotate', async (req) => {
    const c = await rotateApiClientSecret(deps.prisma, req.actor!, String(req.params.id), oauthSettings(deps).overlapSeconds);
    return { shown: { clientId: c.clientId, clientSecret: c.clientSecret, what: '已轮换密钥', previousValidUntil: c.previousValidUntil } };
  });
  act('/admin/api-clients/:id/revoke', async (req) => {
    await revokeApiClient(deps.prisma, req.actor!, String(req.params.id));
    return { message: '已停用该接入系统，其令牌立即失效' };
  });
  return r;
}
