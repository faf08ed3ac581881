import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRouteTable } from '../../api/app.ts';
import type { AppDeps } from '../../api/deps.ts';
import { rowCounts } from '../support/row-counts.ts';
import { apiAs, startSystem, type Api, type System } from '../support/system.ts';

// Random and boundary bodies and queries against every API route, as an officer who may
// call most of them: never a 500, never a row written by a refused request.
let sys: System;
let head: Api;
let admin: Api;
beforeAll(async () => {
  sys = await startSystem();
  [head, admin] = await Promise.all([apiAs(sys.baseUrl, 'hongta.head'), apiAs(sys.baseUrl, 'admin')]);
});
afterAll(async () => sys?.stop());

// Every table of the public schema is counted, except the session store: connect-pg-simple
// prunes expired sessions on its own timer, whatever the requests do, so its count is not the
// requests' doing.
const BACKGROUND_WRITES = ['session'];
const counts = () => rowCounts(sys.prisma, BACKGROUND_WRITES);

const routes = apiRouteTable({} as AppDeps).filter((r) => r.path !== '/api/logout' && r.path !== '/api/login');
const nasty = fc.oneof(
  fc.constantFrom('', ' ', '\u0000', '<script>alert(1)</script>', "' OR 1=1 --", '../../etc/passwd', '9'.repeat(400), '一'.repeat(3000), '{"a":', 'NaN'),
  fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null),
);
const body = fc.oneof(fc.dictionary(fc.string({ maxLength: 12 }), fc.oneof(nasty, fc.array(nasty, { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 6 }), nasty))), fc.array(nasty), nasty);
const path = (p: string, id: string) => p.replace(/:(\w+)/g, encodeURIComponent(id) || 'x');

describe('hostile input never produces a 500 or a partial write', () => {
  it.each(routes.map((r) => [`${r.method.toUpperCase()} ${r.path}`, r] as const))('%s', async (_n, r) => {
    const api = r.path.startsWith('/api/admin') ? admin : head;
    const before = await counts();
    expect(Object.keys(before)).toEqual(expect.arrayContaining(['Case', 'Evidence', 'Document', 'AuditEvent', 'Task', 'StepCommit']));
    await fc.assert(fc.asyncProperty(body, fc.string({ maxLength: 40 }), fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 20 }), { maxKeys: 3 }),
      async (b, id, query) => {
        const qs = new URLSearchParams(query).toString();
        const target = path(r.path, id) + (qs ? `?${qs}` : '');
        const res = r.method === 'get' ? await api.get(target).catch(() => ({ status: 0 })) : await api.post(target, JSON.stringify(b)).catch(() => ({ status: 0 }));
        expect(res.status).toBeGreaterThanOrEqual(200);
        expect(res.status).toBeLessThan(500);
      }), { numRuns: 25 });
    // Random bodies never form a valid registration, upload or record: no table grows or shrinks.
    expect(await counts()).toEqual(before);
  });
});
