import { z, type ZodType } from 'zod';
import type { RouteDef } from './route.ts';
import { errorBody } from './errors.ts';

// The OpenAPI document is built from the same zod schemas that validate requests, and this file
// turns what zod means into what JSON Schema says where the two differ, so the published contract
// is the one the handlers enforce (Schemathesis holds us to it: `npm run fuzz`).

// What String.prototype.trim() (zod's .trim()) removes: ECMAScript WhiteSpace and LineTerminator.
// Spelt out rather than \s, which means other sets in Python's and Rust's regex engines.
const WS = '[\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]';
const NWS = WS.replace('[', '[^');
const ANY = '[\\s\\S]';

/** A pattern for "after trimming, between lo and hi characters" (hi undefined: no upper bound). */
export function trimmedLengthPattern(lo: number, hi?: number): string | undefined {
  if (hi === undefined) {
    if (lo <= 0) return undefined;
    if (lo === 1) return NWS;
    return `^${WS}*${NWS}${ANY}{${lo - 2},}${NWS}${WS}*$`;
  }
  const middle = hi >= 2 ? `${ANY}{${Math.max(lo - 2, 0)},${hi - 2}}${NWS}` : '';
  if (lo >= 2) return `^${WS}*${NWS}${middle}${WS}*$`;
  const core = middle ? `${NWS}(?:${middle})?` : NWS;
  return lo === 1 ? `^${WS}*${core}${WS}*$` : `^${WS}*(?:${core})?${WS}*$`;
}

interface CheckDef { check: string; tx?: (v: string) => string; minimum?: number; maximum?: number }
const defOf = (c: unknown) => (c as { _zod: { def: CheckDef } })._zod.def;
const isTrim = (d: CheckDef) => d.check === 'overwrite' && d.tx?.(' \u3000x\ufeff ') === 'x';

/** zod checks a string's length after .trim(); JSON Schema's minLength/maxLength count the raw string. */
function trimmedLengths(zodSchema: unknown, json: Record<string, unknown>): void {
  const def = (zodSchema as { _zod: { def: { type: string; checks?: unknown[] } } })._zod.def;
  if (def.type !== 'string' || !def.checks) return;
  const checks = def.checks.map(defOf);
  const trimAt = checks.findIndex(isTrim);
  if (trimAt < 0) return;
  const after = checks.slice(trimAt + 1);
  const lo = after.find((c) => c.check === 'min_length')?.minimum;
  const hi = after.find((c) => c.check === 'max_length')?.maximum;
  if (lo !== undefined) delete json.minLength;
  if (hi !== undefined) delete json.maxLength;
  const pattern = trimmedLengthPattern(lo ?? 0, hi);
  if (!pattern) return;
  if (json.pattern) json.allOf = [...((json.allOf as unknown[]) ?? []), { pattern }];
  else json.pattern = pattern;
}

// PostgreSQL stores no U+0000 in text or jsonb, so mount() refuses it in every string (rejectNul);
// the spec says the same of every string and of every free-form JSON value.
const NO_NUL = '^[^\\u0000]*$';
export const JSON_VALUE = 'JsonValue';
const jsonValue = {
  anyOf: [
    { type: ['null', 'boolean', 'number'] }, { type: 'string', pattern: NO_NUL },
    { type: 'array', items: { $ref: `#/components/schemas/${JSON_VALUE}` } },
    { type: 'object', propertyNames: { pattern: NO_NUL }, additionalProperties: { $ref: `#/components/schemas/${JSON_VALUE}` } },
  ],
};

function noNul(zodSchema: unknown, json: Record<string, unknown>): void {
  const type = (zodSchema as { _zod: { def: { type: string } } })._zod.def.type;
  if (type === 'unknown' || type === 'any') {
    json.$ref = `#/components/schemas/${JSON_VALUE}`;
    return;
  }
  if (json.type !== 'string' || json.enum || json.const !== undefined || json.format) return;
  if (!json.pattern) json.pattern = NO_NUL;
  else json.allOf = [...((json.allOf as unknown[]) ?? []), { pattern: NO_NUL }];
}

const jsonSchema = (schema: ZodType, io: 'input' | 'output') => z.toJSONSchema(schema, {
  io, unrepresentable: 'any',
  override: (ctx) => {
    const json = ctx.jsonSchema as Record<string, unknown>;
    trimmedLengths(ctx.zodSchema, json);
    noNul(ctx.zodSchema, json);
  },
}) as Record<string, unknown>;

const REASONS: Record<number, string> = {
  400: '请求格式不符合本接口的定义', 401: '未登录或令牌无效', 403: '无权限，或页面会话的 CSRF 校验失败', 404: '不存在或无权查看',
  409: '与当前状态冲突（已办结、已被认领、阶段不对）', 413: '请求体过大', 422: '格式正确，但不符合法定或业务规则',
  429: '请求过于频繁', 503: '数据库或流程引擎暂不可用',
};

/**
 * The statuses an operation can answer, from what mount() and the middleware do for its definition:
 * 400 when anything is validated, 401/403 when it is not public (403 also for a page session's write
 * without its CSRF token), 404 when the path names a resource, 413 with a body; 409/422 and any other
 * refusal come from the route's `refusals` (both when it declares none).
 */
export function refusalStatuses(r: RouteDef): number[] {
  const statuses = new Set<number>(r.refusals ?? [409, 422]);
  if (r.params || r.query || r.body) statuses.add(400);
  if (r.access !== 'public') statuses.add(401).add(403);
  if (r.method !== 'get') statuses.add(403);
  if (r.path.includes(':')) statuses.add(404);
  if (r.body) statuses.add(413);
  statuses.add(503);
  return [...statuses].sort();
}

/** OpenAPI 3.1 document built from the same zod schemas that validate requests. */
export function openApi(routes: RouteDef[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const error = { description: '', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  for (const r of routes) {
    const path = r.path.replace(/:(\w+)/g, '{$1}');
    const params = [...r.path.matchAll(/:(\w+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    const querySchema = r.query ? jsonSchema(r.query, 'input') as { properties?: Record<string, unknown>; required?: string[] } : {};
    const query = Object.entries(querySchema.properties ?? {})
      .map(([name, schema]) => ({ name, in: 'query', required: querySchema.required?.includes(name) ?? false, schema }));
    const ok = { description: 'OK', ...(r.response ? { content: { 'application/json': { schema: jsonSchema(r.response, 'output') } } } : {}) };
    (paths[path] ??= {})[r.method] = {
      summary: r.summary, tags: [r.tag],
      security: r.access === 'public' ? [] : [{ bearer: [] }, { session: [] }],
      'x-zhifa-access': r.access,
      parameters: [...params, ...query],
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(r.body, 'input') } } } } : {}),
      responses: {
        [String(r.status ?? 200)]: ok,
        ...Object.fromEntries(refusalStatuses(r).map((s) => [String(s), { ...error, description: REASONS[s] ?? '请求被拒绝' }])),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Zhifa 执法 API', version: '0.1.0', description: '应急管理综合行政执法办案平台' },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        session: { type: 'apiKey', in: 'cookie', name: 'zhifa.sid' },
      },
      schemas: { Error: jsonSchema(errorBody, 'output'), [JSON_VALUE]: jsonValue },
    },
    paths,
  };
}
