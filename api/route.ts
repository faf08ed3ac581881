import type { Request, Response, Router } from 'express';
import type { ZodType } from 'zod';
import type { ApiScope } from '../rules/api-scopes.ts';
import type { Role } from '../rules/roles.ts';
import type { Actor } from '../workflows/messages.ts';
import { checkCsrf } from './auth.ts';
import { AppError } from './errors.ts';

/** Who may call a route: anyone, any signed-in user, or holders of one of the roles. */
export type Access = 'public' | 'authenticated' | readonly Role[];

export interface RouteDef<B = unknown, Q = unknown, P = unknown, R = unknown> {
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  summary: string;
  tag: string;
  access: Access;
  /**
   * Partner endpoints (issue 24): the OAuth scopes, any one of which lets a partner system's token
   * call the route (after `access`, as for its people). A route without scopes refuses such tokens.
   */
  scopes?: readonly ApiScope[];
  /** How the body is sent when not JSON (the OAuth token endpoint takes a form, RFC 6749 §4.4.2). */
  bodyType?: 'form';
  body?: ZodType<B>;
  query?: ZodType<Q>;
  params?: ZodType<P>;
  status?: number;
  /** Refusals the handler can answer besides those mount() derives (see refusalStatuses); default 409 and 422. */
  refusals?: readonly number[];
  /**
   * What a success returns, published in the OpenAPI. mount() parses every result with it, as the
   * client receives it (dates as ISO strings), and answers 500 if it does not conform: the spec and
   * the body cannot drift apart, and a field the schema does not list is not sent.
   */
  response?: ZodType;
  handler: (ctx: { req: Request; res: Response; actor: Actor; body: B; query: Q; params: P }) => Promise<R>;
}

// Keeps the concrete schema types when routes are listed in arrays.
export const defineRoute = <B, Q, P, R>(r: RouteDef<B, Q, P, R>): RouteDef => r as unknown as RouteDef;

/** A partner system's token may call only partner endpoints, and only with one of their scopes (RFC 6750 §3.1 insufficient_scope). */
export function checkScope(r: Pick<RouteDef, 'scopes'>, client: { scopes: readonly string[] } | undefined): void {
  if (!client) return;
  if (!r.scopes?.length) throw new AppError('forbidden', '此接口不对接入系统开放', 403);
  if (!r.scopes.some((s) => client.scopes.includes(s))) {
    throw new AppError('insufficient_scope', `接入令牌缺少权限范围：${r.scopes.join(' 或 ')}`, 403);
  }
}

export function authorize(access: Access, actor: Actor | undefined): void {
  if (access === 'public') return;
  if (!actor) throw new AppError('unauthorized', '请先登录', 401);
  if (access === 'authenticated') return;
  if (!actor.roles.some((r) => access.includes(r))) {
    throw new AppError('forbidden', `需要以下角色之一：${access.join('、')}`, 403);
  }
}

/** PostgreSQL cannot store U+0000 in text or jsonb: refused in any string, named by where it is (api/openapi.ts says so). */
function rejectNul(v: unknown, at: string[] = []): void {
  if (typeof v === 'string') {
    if (v.includes('\u0000')) throw new AppError('bad_request', `${at.slice(1).join('.') || at[0]}: 不能包含空字符（U+0000）`, 400);
  } else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      rejectNul(k, [...at, '(键名)']);
      rejectNul(x, [...at, k]);
    }
  }
}

/** The result as JSON carries it (Date → ISO string, bigint → string, undefined fields gone). */
const onTheWire = (v: unknown): unknown => JSON.parse(JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x)) ?? 'null');

/** The handler's result through its published schema; a mismatch is a bug of ours, never the caller's 4xx. */
export function conform(r: RouteDef, out: unknown): unknown {
  if (!r.response) return out;
  const parsed = r.response.safeParse(onTheWire(out));
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
  throw new Error(`${r.method.toUpperCase()} ${r.path}: the response does not match its published schema: ${problems}`);
}

export function mount(router: Router, routes: RouteDef[]): void {
  const methods = new Map<string, string[]>();
  for (const r of routes) {
    methods.set(r.path, [...(methods.get(r.path) ?? []), r.method.toUpperCase()]);
    router[r.method](r.path, async (req, res) => {
      authorize(r.access, req.actor);
      checkScope(r, req.apiClient);
      checkCsrf(req);
      rejectNul({ path: req.params, query: req.query, body: req.body });
      const params = r.params ? r.params.parse(req.params) : req.params;
      const query = r.query ? r.query.parse(req.query) : req.query;
      const body = r.body ? r.body.parse(req.body ?? {}) : undefined;
      const out = await r.handler({ req, res, actor: req.actor!, body, query, params });
      if (!res.headersSent) res.status(r.status ?? 200).json(conform(r, out ?? { ok: true }));
    });
  }
  // After every route, so that a path's own methods win: any other method is 405 with the ones it has
  // (RFC 9110 §15.5.6), OPTIONS lists them. Express answers HEAD for every GET route itself.
  for (const [path, list] of methods) {
    const allow = [...new Set(list.includes('GET') ? [...list, 'HEAD'] : list)].join(', ');
    router.all(path, (req, res) => {
      res.setHeader('Allow', allow);
      if (req.method === 'OPTIONS') { res.status(204).end(); return; }
      throw new AppError('method_not_allowed', `本接口不支持 ${req.method} 方法（可用：${allow}）`, 405);
    });
  }
}
