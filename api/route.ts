import type { Request, Response, Router } from 'express';
import { z, type ZodType } from 'zod';
import type { Role } from '../rules/roles.ts';
import type { Actor } from '../workflows/messages.ts';
import { checkCsrf } from './auth.ts';
import { AppError } from './errors.ts';

/** Who may call a route: anyone, any signed-in user, or holders of one of the roles. */
export type Access = 'public' | 'authenticated' | readonly Role[];

export interface RouteDef<B = unknown, Q = unknown, P = unknown> {
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  summary: string;
  tag: string;
  access: Access;
  body?: ZodType<B>;
  query?: ZodType<Q>;
  params?: ZodType<P>;
  status?: number;
  handler: (ctx: { req: Request; res: Response; actor: Actor; body: B; query: Q; params: P }) => Promise<unknown>;
}

// Keeps the concrete schema types when routes are listed in arrays.
export const defineRoute = <B, Q, P>(r: RouteDef<B, Q, P>): RouteDef => r as unknown as RouteDef;

export function authorize(access: Access, actor: Actor | undefined): void {
  if (access === 'public') return;
  if (!actor) throw new AppError('unauthorized', '请先登录', 401);
  if (access === 'authenticated') return;
  if (!actor.roles.some((r) => access.includes(r))) {
    throw new AppError('forbidden', `需要以下角色之一：${access.join('、')}`, 403);
  }
}

export function mount(router: Router, routes: RouteDef[]): void {
  for (const r of routes) {
    router[r.method](r.path, async (req, res) => {
      authorize(r.access, req.actor);
      checkCsrf(req);
      const params = r.params ? r.params.parse(req.params) : req.params;
      const query = r.query ? r.query.parse(req.query) : req.query;
      const body = r.body ? r.body.parse(req.body ?? {}) : undefined;
      const out = await r.handler({ req, res, actor: req.actor!, body, query, params });
      if (!res.headersSent) res.status(r.status ?? 200).json(out ?? { ok: true });
    });
  }
}

/** OpenAPI 3.1 document built from the same zod schemas that validate requests. */
export function openApi(routes: RouteDef[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.path.replace(/:(\w+)/g, '{$1}');
    const params = [...r.path.matchAll(/:(\w+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    const query = r.query ? Object.entries((z.toJSONSchema(r.query, { io: 'input' }) as { properties?: Record<string, unknown> }).properties ?? {})
      .map(([name, schema]) => ({ name, in: 'query', required: false, schema })) : [];
    (paths[path] ??= {})[r.method] = {
      summary: r.summary, tags: [r.tag],
      security: r.access === 'public' ? [] : [{ bearer: [] }, { session: [] }],
      'x-zhifa-access': r.access,
      parameters: [...params, ...query],
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(r.body, { io: 'input' }) } } } } : {}),
      responses: {
        [String(r.status ?? 200)]: { description: 'OK' },
        400: { description: '请求格式错误' }, 401: { description: '未登录' }, 403: { description: '无权限' },
        404: { description: '不存在' }, 409: { description: '冲突（已办结、已被认领）' }, 422: { description: '内容不合规' },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Zhifa 执法 API', version: '0.1.0', description: '应急管理综合行政执法办案平台' },
    components: { securitySchemes: {
      bearer: { type: 'http', scheme: 'bearer' },
      session: { type: 'apiKey', in: 'cookie', name: 'zhifa.sid' },
    } },
    paths,
  };
}
