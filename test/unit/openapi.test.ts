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

const textish = fc.string({ unit: fc.constantFrom('a', '中', ' ', '\t', '\n', '\u00a0', '\u3000', '\ufeff', '\u2028', '\u001c', '\u0085'), maxLength: 12 });

describe('trimmedLengthPattern', () => {
  it.each([[0, undefined], [1, undefined], [2, undefined], [5, undefined], [0, 1], [1, 1], [1, 5], [2, 2], [2, 8], [3, 10]] as const)(
    'matches exactly the strings whose trimmed length is in [%s, %s]', (lo, hi) => {
      const pattern = trimmedLengthPattern(lo, hi);
      fc.assert(fc.property(textish, (s) => {
        const t = s.trim().length;
        expect(pattern ? new RegExp(pattern).test(s) : true).toBe(t >= lo && (hi === undefined || t <= hi));
      }), { numRuns: 400 });
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
    mount(r, [route({ body: z.object({ text: z.string() }).strict() }), route({ method: 'get' })]);
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
