import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { Router } from 'express';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { errorMiddleware } from '../../api/errors.ts';
import { openApi, refusalStatuses, trimmedLengthPattern } from '../../api/openapi.ts';
import { defineRoute, mount, type RouteDef } from '../../api/route.ts';
import { createLogger } from '../../infra/logger.ts';

// The published spec must say what the handlers enforce (Schemathesis holds us to it in
// `npm run fuzz`); these pin the places where zod and JSON Schema would otherwise disagree.

const unit = fc.constantFrom('a', '中', ' ', '\t', '\n', '\r', '\r\n', '\u00a0', '\u3000', '\ufeff', '\u2028', '\u0001', '\u001c', '\u0085', '\u202e', '\u200b', '\ufffe');
const textish = fc.array(unit, { maxLength: 10 }).map((xs) => xs.join(''));

// A person-entered text as the records forms build it: refinements JSON Schema cannot see.
const CONTROL = /[\p{Cc}\u202A-\u202E\u2066-\u2069\uFFFE\uFFFF]/u;
const cleanText = (min: number, max: number, multiline: boolean) => z.string()
  .overwrite((s) => s.replace(/\r\n?/g, '\n').normalize('NFC').trim())
  .refine((s) => !CONTROL.test(multiline ? s.replace(/[\n\t]/g, '') : s), { abort: true })
  .min(min, { abort: true }).max(max);

describe('the published pattern of a trimmed text', () => {
  const cases: [string, z.ZodString | z.ZodType][] = [
    ['trim, min 2', z.string().trim().min(2)], ['trim, min 1 max 5', z.string().trim().min(1).max(5)],
    ['trim, max 3', z.string().trim().max(3)], ['trim, min 3 max 8', z.string().trim().min(3).max(8)],
    ['single-line text, 1–6', cleanText(1, 6, false)], ['multiline text, 3–7', cleanText(3, 7, true)],
    ['multiline text, 1–200', cleanText(1, 200, true)],
  ];
  it.each(cases)('%s: accepts exactly what zod accepts', (_name, schema) => {
    const spec = openApi([defineRoute({ method: 'post', path: '/x', tag: 't', access: 'public', summary: 's', body: z.object({ t: schema }), handler: async () => ({}) })]) as any;
    const t = spec.paths['/x'].post.requestBody.content['application/json'].schema.properties.t;
    expect(t.minLength).toBeUndefined();
    expect(t.maxLength).toBeUndefined();
    const patterns = [t.pattern, ...(t.allOf ?? []).map((x: { pattern: string }) => x.pattern)].filter(Boolean).map((p: string) => new RegExp(p));
    fc.assert(fc.property(textish, (s) => {
      expect(patterns.every((p) => p.test(s)), JSON.stringify(s)).toBe(schema.safeParse(s).success);
    }), { numRuns: 1500 });
  });
});

const route = (extra: Partial<RouteDef>): RouteDef => defineRoute({
  method: 'post', path: '/api/things/:id', tag: 't', access: 'public', summary: 's', handler: async () => ({ ok: true }), ...extra,
});

describe('openApi', () => {
  const body = z.object({ reason: z.string().trim().min(2).max(20), note: z.string().max(5).optional(), data: z.record(z.string(), z.unknown()) }).strict();
  const query = z.object({ format: z.enum(['csv', 'xlsx']), page: z.coerce.number().default(1) }).strict();
  const spec = openApi([route({ body, status: 201 }), route({ method: 'get', path: '/api/things', query, access: ['HEAD'], refusals: [] })]) as any;
  const post = spec.paths['/api/things/{id}'].post;
  const get = spec.paths['/api/things'].get;

  it('publishes the trimmed length as a pattern, not as the raw minLength/maxLength zod does not check', () => {
    const reason = post.requestBody.content['application/json'].schema.properties.reason;
    expect(reason.minLength).toBeUndefined();
    expect(reason.maxLength).toBeUndefined();
    expect(reason.pattern).toBe(trimmedLengthPattern(2, 20));
  });

  it('says no string and no free-form value may hold U+0000', () => {
    const props = post.requestBody.content['application/json'].schema.properties;
    expect(new RegExp(props.note.pattern).test('a\u0000')).toBe(false);
    expect(props.data.additionalProperties.$ref).toBe('#/components/schemas/JsonValue');
    expect(spec.components.schemas.JsonValue.anyOf).toHaveLength(4);
  });

  it('marks a query parameter without a default as required', () => {
    expect(Object.fromEntries(get.parameters.map((p: any) => [p.name, p.required]))).toEqual({ format: true, page: false });
  });

  it('declares only the statuses a route can answer', () => {
    expect(Object.keys(post.responses)).toEqual(['201', '400', '403', '404', '409', '413', '422', '503']);
    expect(Object.keys(get.responses)).toEqual(['200', '400', '401', '403', '503']);
    expect(post.responses['422'].content['application/json'].schema.$ref).toBe('#/components/schemas/Error');
    expect(refusalStatuses(route({ method: 'get', path: '/api/x', refusals: [] }))).toEqual([503]);
  });
});

describe('mount', () => {
  let baseUrl = '';
  let close = () => {};
  beforeAll(async () => {
    const app = express();
    app.use(express.json());
    const r = Router();
    const shape = z.object({ id: z.string(), at: z.iso.datetime() });
    mount(r, [route({ body: z.object({ text: z.string() }).strict() }), route({ method: 'get' }),
      route({ method: 'get', path: '/api/shaped', response: shape, handler: async () => ({ id: 'a', at: new Date(0), secret: 'not published' }) }),
      route({ method: 'get', path: '/api/misshaped', response: shape, handler: async () => ({ id: 1 }) })]);
    app.use(r);
    app.use(errorMiddleware(createLogger('silent')));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((ok) => server.once('listening', ok));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  afterAll(() => close());

  it('answers a method the path does not have with 405 and the methods it has', async () => {
    const res = await fetch(`${baseUrl}/api/things/1`, { method: 'PUT' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST, GET, HEAD');
  });

  it('sends a success body through its published schema: dates as the spec says, unlisted fields not sent', async () => {
    const res = await fetch(`${baseUrl}/api/shaped`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: 'a', at: '1970-01-01T00:00:00.000Z' });
    const spec = openApi([route({ method: 'get', path: '/api/shaped', response: z.object({ id: z.string() }) })]) as any;
    expect(spec.paths['/api/shaped'].get.responses['200'].content['application/json'].schema.additionalProperties).toBe(false);
  });

  it('answers 500 when a handler returns what its schema does not allow (our bug, never the caller\'s 4xx)', async () => {
    const res = await fetch(`${baseUrl}/api/misshaped`);
    expect(res.status).toBe(500);
    expect((await res.json()).error).toBe('internal');
  });

  it('answers TRACE (which fetch cannot send) with 405 and the methods, like any other method the path lacks', async () => {
    const { statusCode, allow } = await new Promise<{ statusCode?: number; allow?: string }>((resolve, reject) => {
      const u = new URL(`${baseUrl}/api/things/1`);
      http.request({ host: u.hostname, port: u.port, path: u.pathname, method: 'TRACE' }, (res) => {
        res.resume();
        res.on('end', () => resolve({ statusCode: res.statusCode, allow: res.headers.allow }));
      }).on('error', reject).end();
    });
    expect(statusCode).toBe(405);
    expect(allow).toBe('POST, GET, HEAD');
  });

  it('answers OPTIONS with the methods', async () => {
    const res = await fetch(`${baseUrl}/api/things/1`, { method: 'OPTIONS' });
    expect(res.status).toBe(204);
    expect(res.headers.get('allow')).toBe('POST, GET, HEAD');
  });

  it('refuses U+0000 in any string with a 400 naming the field', async () => {
    const res = await fetch(`${baseUrl}/api/things/1`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'a\u0000' }) });
    expect(res.status).toBe(400);
    expect((await res.json()).message).toBe('text: 不能包含空字符（U+0000）');
  });
});
