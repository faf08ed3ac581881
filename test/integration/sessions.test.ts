import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../../api/app.ts';
import { createPrisma } from '../../infra/db.ts';
import { createLogger } from '../../infra/logger.ts';
import { csrfOf, sessionAs } from '../support/session.ts';
import { startSystem, type System } from '../support/system.ts';

// Sessions: a failing session store is a 500 page, not a dead process; logout ends a cookie
// session in the store; the request log never holds a session id, token or CSRF token; and
// sign-in takes as long for an unknown username as for a real one.
let sys: System;
let log = '';
beforeAll(async () => {
  const sink = new Writable({ write(chunk: Buffer, _enc, done) { log += chunk.toString(); done(); } });
  sys = await startSystem({ logger: createLogger('info', 'zhifa-test', sink) });
});
afterAll(async () => sys?.stop());

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe('sessions', () => {
  it('answers a session store failure at sign-in with a 500 page and keeps serving', async () => {
    // A pool whose every query fails, as a session store whose database went away would.
    class FailingPool extends pg.Pool { override query(): never { throw new Error('forced session store failure'); } }
    const prisma = createPrisma(inject('databaseUrl'), 2);
    const connection = await Connection.connect({ address: inject('temporalAddress') });
    const app = createApp({
      prisma, temporal: new Client({ connection }), taskQueue: 'unused', logger: createLogger('silent'), sessionSecret: randomUUID() + randomUUID(),
    }, new FailingPool({ max: 1 }) as unknown as pg.Pool);
    const server = app.listen(0, '127.0.0.1');
    await new Promise((ok) => server.once('listening', ok));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const res = await fetch(`${base}/login`, {
        method: 'POST', redirect: 'manual', headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ username: 'hongta.handler1', password: 'zhifa-demo-2026', next: '/tasks' }).toString(),
      });
      expect(res.status).toBe(500);
      expect(await res.text()).toContain('服务器内部错误');
      // Still alive: the next request is answered.
      expect((await fetch(`${base}/login`)).status).toBe(200);
    } finally {
      await new Promise((ok) => server.close(ok));
      await Promise.all([prisma.$disconnect(), connection.close()]);
    }
  });

  it('logout removes a cookie session from the store: the old cookie no longer signs in', async () => {
    const page = await sessionAs(sys.baseUrl, 'hongta.handler2');
    const cookie = `zhifa.sid=${page.jar.get('zhifa.sid')}`;
    expect((await fetch(`${sys.baseUrl}/api/me`, { headers: { cookie } })).status).toBe(200);
    const csrf = csrfOf((await page('GET', '/tasks')).html);
    const out = await fetch(`${sys.baseUrl}/api/logout`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf } });
    expect(out.status).toBe(200);
    expect((await fetch(`${sys.baseUrl}/api/me`, { headers: { cookie } })).status).toBe(401);
    // The page form does the same.
    const page2 = await sessionAs(sys.baseUrl, 'hongta.handler2');
    const cookie2 = `zhifa.sid=${page2.jar.get('zhifa.sid')}`;
    const form = await page2('POST', '/logout', { _csrf: csrfOf((await page2('GET', '/tasks')).html) });
    expect(form.status).toBe(302);
    expect((await fetch(`${sys.baseUrl}/api/me`, { headers: { cookie: cookie2 } })).status).toBe(401);
  });

  it('logout revokes a bearer token', async () => {
    const login = await fetch(`${sys.baseUrl}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'hongta.handler2', password: 'zhifa-demo-2026' }) });
    const auth = { authorization: `Bearer ${(await login.json()).token}` };
    expect((await fetch(`${sys.baseUrl}/api/logout`, { method: 'POST', headers: auth })).status).toBe(200);
    expect((await fetch(`${sys.baseUrl}/api/me`, { headers: auth })).status).toBe(401);
  });

  it('keeps session ids, tokens and CSRF tokens out of the request log', async () => {
    const page = await sessionAs(sys.baseUrl, 'hongta.handler3');
    const sid = page.jar.get('zhifa.sid')!;
    const csrf = csrfOf((await page('GET', '/tasks')).html);
    await fetch(`${sys.baseUrl}/api/me`, { headers: { cookie: `zhifa.sid=${sid}`, 'x-csrf-token': csrf } });
    const login = await fetch(`${sys.baseUrl}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'hongta.handler3', password: 'zhifa-demo-2026' }) });
    const token = (await login.json()).token as string;
    await fetch(`${sys.baseUrl}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    await new Promise((ok) => setTimeout(ok, 200));
    // The log did record these requests, with the headers masked.
    expect(log).toContain('"url":"/api/me"');
    expect(log).toContain('"set-cookie":"[masked]"');
    const signed = decodeURIComponent(sid);
    for (const secret of [signed, signed.slice(2, signed.indexOf('.')), csrf, token, 'zhifa-demo-2026']) {
      expect(secret.length).toBeGreaterThan(10);
      expect(log).not.toContain(secret);
    }
  });

  it('takes as long to refuse an unknown username as a wrong password for a real one (median of 30 paired ratios within 1.5×; skipping argon2 for unknown names made it 4.6×)', async () => {
    const attempt = async (username: string, i: number) => {
      const started = performance.now();
      const res = await fetch(`${sys.baseUrl}/api/login`, {
        // One address per attempt: the address brake must not add its delay to either series.
        method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': `198.18.${i >> 8}.${i & 255}` },
        body: JSON.stringify({ username, password: 'not-the-password' }),
      });
      const took = performance.now() - started;
      expect(res.status).toBe(401);
      return took;
    };
    // Paired, back to back: a burst of load from other test files slows both halves of a pair.
    const ratios: number[] = [];
    await attempt('nobody-warm-up', 0); // the dummy hash is made at first use
    for (let i = 1; i <= 30; i++) {
      await sys.prisma.user.update({ where: { username: 'hongta.handler3' }, data: { failedLogins: 0, lockedUntil: null } });
      const k = await attempt('hongta.handler3', i);
      const u = await attempt(`nobody-${randomUUID()}`, 100 + i);
      ratios.push(k / u);
    }
    const r = median(ratios);
    expect(r).toBeGreaterThan(1 / 1.5);
    expect(r).toBeLessThan(1.5);
  });
});
