import { readFileSync } from 'node:fs';
import { z, type ZodType } from 'zod';
import type { RouteDef } from './route.ts';
import { errorBody } from './errors.ts';
import { API_SCOPES } from '../rules/api-scopes.ts';

/** The release this API belongs to (package.json; CHANGELOG.md). */
const RELEASE = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

// The OpenAPI document is built from the same zod schemas that validate requests, and this file
// turns what zod means into what JSON Schema says where the two differ, so the published contract
// is the one the handlers enforce (Schemathesis holds us to it: `npm run fuzz`).

// What String.prototype.trim() (zod's .trim()) removes: ECMAScript WhiteSpace and LineTerminator.
// Spelt out rather than \s, which means other sets in Python's and Rust's regex engines.
const WS_CHARS = '\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff';
const WS = `[${WS_CHARS}]`;

/** What a text field refuses inside it (a character class body; '' for nothing), and whether CRLF counts as one character. */
export interface TextRule { refused: string; crlf: boolean }
const PLAIN: TextRule = { refused: '', crlf: false };

/**
 * A pattern for "after trimming, between lo and hi characters (hi undefined: no upper bound), none
 * of them refused". Leading and trailing white space is trimmed before anything is checked.
 */
export function trimmedTextPattern(lo: number, hi?: number, rule: TextRule = PLAIN): string | undefined {
  if (lo <= 0 && hi === undefined && !rule.refused) return undefined;
  const edge = `[^${WS_CHARS}${rule.refused}]`;
  const unit = !rule.refused ? '[\\s\\S]' : rule.crlf ? `(?:\\r\\n|\\r(?!\\n)|[^${rule.refused}\\r])` : `[^${rule.refused}]`;
  const count = (a: number, b?: number) => `{${Math.max(a, 0)},${b === undefined ? '' : Math.max(b, 0)}}`;
  const middle = hi === undefined || hi >= 2 ? `${unit}${count(lo - 2, hi === undefined ? undefined : hi - 2)}${edge}` : '';
  const core = lo >= 2 ? `${edge}${middle}` : middle ? `${edge}(?:${middle})?` : edge;
  return lo >= 1 ? `^${WS}*${core}${WS}*$` : `^${WS}*(?:${core})?${WS}*$`;
}

/** A second pattern goes in allOf (once: the override sees a schema used twice twice). */
function addPattern(json: Record<string, unknown>, pattern: string): void {
  const all = (json.allOf as { pattern?: string }[] | undefined) ?? [];
  if (json.pattern === pattern || all.some((a) => a.pattern === pattern)) return;
  json.allOf = [...all, { pattern }];
}

/** Kept for callers that only trim. */
export const trimmedLengthPattern = (lo: number, hi?: number) => trimmedTextPattern(lo, hi);

interface CheckDef { check: string; tx?: (v: string) => string; minimum?: number; maximum?: number }
const defOf = (c: unknown) => (c as { _zod: { def: CheckDef } })._zod.def;
const isTrim = (d: CheckDef) => d.check === 'overwrite' && d.tx?.(' \u3000x\ufeff ') === 'x';

// Characters a text field may refuse by a refinement JSON Schema cannot see: control and format
// characters, line and paragraph separators, non-characters. Each is tried on the field's schema.
const CANDIDATES: string[] = [];
for (let c = 0; c <= 0xffff; c++) {
  if (c >= 0xd800 && c <= 0xdfff) continue;
  const ch = String.fromCharCode(c);
  if (/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Noncharacter_Code_Point}]/u.test(ch)) CANDIDATES.push(ch);
}
const escape = (c: number) => `\\u${c.toString(16).padStart(4, '0')}`;
function charClass(chars: string[]): string {
  const codes = chars.map((c) => c.charCodeAt(0)).sort((a, b) => a - b);
  let out = '';
  for (let i = 0; i < codes.length; ) {
    let j = i;
    while (j + 1 < codes.length && codes[j + 1] === codes[j]! + 1) j++;
    out += j > i ? `${escape(codes[i]!)}-${escape(codes[j]!)}` : escape(codes[i]!);
    i = j + 1;
  }
  return out;
}

/** Which candidates the schema refuses in the middle of an otherwise valid value; PLAIN when it cannot be tried. */
function probeText(schema: ZodType, lo: number, hi: number | undefined, tx: (v: string) => string): TextRule {
  const n = Math.max(lo, 2);
  if (hi !== undefined && n + 2 > hi) return PLAIN;
  const base = 'x'.repeat(n);
  const ok = (s: string) => schema.safeParse(s).success;
  if (!ok(base)) return PLAIN;
  const refused = CANDIDATES.filter((c) => !ok(`x${c}${base.slice(1)}`));
  // CRLF is one character only where the line break it becomes is allowed.
  return refused.length ? { refused: charClass(refused), crlf: tx('a\r\nb') === 'a\nb' && !refused.includes('\n') } : PLAIN;
}

/**
 * zod checks a string's length after .trim() (and any refinement after it); JSON Schema's
 * minLength/maxLength count the raw string: the spec gets a pattern that says what zod checks.
 */
function trimmedText(zodSchema: unknown, json: Record<string, unknown>): void {
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
  const rule = probeText(zodSchema as ZodType, lo ?? 0, hi, checks[trimAt]!.tx!);
  const pattern = trimmedTextPattern(lo ?? 0, hi, rule);
  if (!pattern) return;
  if (json.pattern) addPattern(json, pattern);
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
  // An object that admits keys it does not list: mount() refuses U+0000 in a key too.
  if (json.type === 'object' && json.additionalProperties !== false && !json.propertyNames) json.propertyNames = { type: 'string', pattern: NO_NUL };
  if (json.type !== 'string' || json.enum || json.const !== undefined || json.format) return;
  if (!json.pattern) json.pattern = NO_NUL;
  else addPattern(json, NO_NUL);
}

const jsonSchema = (schema: ZodType, io: 'input' | 'output') => z.toJSONSchema(schema, {
  io, unrepresentable: 'any',
  override: (ctx) => {
    const json = ctx.jsonSchema as Record<string, unknown>;
    trimmedText(ctx.zodSchema, json);
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

/** `get /api/cases/:id/records` → `getApiCasesIdRecords`: unique, since method and path are. */
const operationId = (r: RouteDef) => [r.method, ...r.path.split(/[^A-Za-z0-9]+/).filter(Boolean)]
  .map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join('');

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
      operationId: operationId(r), summary: r.summary, tags: [r.tag],
      // Partner endpoints (issue 24) also take a partner system's OAuth token holding one of their scopes.
      // A public one with scopes (POST /api/payments) is called without any of Zhifa's schemes (the
      // channel's own header) or with such a token: `{}` is the first alternative.
      security: r.access === 'public' ? (r.scopes?.length ? [{}, { oauth2: [...r.scopes] }] : [])
        : [{ bearer: [] }, { session: [] }, ...(r.scopes?.length ? [{ oauth2: [...r.scopes] }] : [])],
      'x-zhifa-access': r.access,
      ...(r.scopes?.length ? { 'x-zhifa-partner-scopes': r.scopes } : {}),
      parameters: [...params, ...query],
      ...(r.body ? { requestBody: { required: !r.body.safeParse({}).success, content: { [r.bodyType === 'form' ? 'application/x-www-form-urlencoded' : 'application/json']: { schema: jsonSchema(r.body, 'input') } } } } : {}),
      responses: {
        [String(r.status ?? 200)]: ok,
        ...Object.fromEntries(refusalStatuses(r).map((s) => [String(s), { ...error, description: REASONS[s] ?? '请求被拒绝' }])),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Zhifa 执法 API', version: RELEASE, description: '应急管理综合行政执法办案平台' },
    // Relative: the API is served from wherever this document is.
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        session: { type: 'apiKey', in: 'cookie', name: 'zhifa.sid' },
        // Partner systems (docs/integration.md): client credentials, short-lived JWT access tokens.
        oauth2: { type: 'oauth2', description: '部门、公安机关、检察院的业务系统，及登记在应急管理局的缴款平台（接入系统）', flows: { clientCredentials: { tokenUrl: '/oauth/token', scopes: { ...API_SCOPES } } } },
      },
      schemas: { Error: jsonSchema(errorBody, 'output'), [JSON_VALUE]: jsonValue },
    },
    paths,
  };
}
