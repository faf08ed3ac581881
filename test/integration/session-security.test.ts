import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODEC_PATHS } from '../../api/routes/codec.ts';
import { csrfOf, sessionAs } from '../support/session.ts';
import { startSystem, type System } from '../support/system.ts';

// Sessions of the server-rendered pages: safe cookies, a new id at every login, logout that
// really ends the session, and a CSRF check on EVERY form post — found by walking the app's
// own routes, so a page added later without the check fails here.
let sys: System;
beforeAll(async () => { sys = await startSystem(); });
afterAll(async () => { await sys?.stop(); });

interface Layer { route?: { path: string | string[]; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } }
function pagePosts(): string[] {
  const app = sys.app as unknown as { router: { stack: Layer[] } };
  const out = new Set<string>();
  const walk = (stack: Layer[]) => {
    for (const l of stack) {
      // The Temporal UI's codec endpoint takes JSON only and changes nothing (api/routes/codec.ts); payload-codec.test.ts covers it.
      if (l.route?.methods.post) for (const p of [l.route.path].flat()) if (!p.startsWith('/api/') && !CODEC_PATHS.includes(p)) out.add(p);
      if (l.handle?.stack) walk(l.handle.stack);
    }
  };
  walk(app.router.stack);
  return [...out];
}

describe('page sessions', () => {
  it('cookies are HttpOnly and SameSite; each login gets a new session id and the old one is dead', async () => {
    const call = await sessionAs(sys.baseUrl, 'hongta.handler1');
    const first = call.jar.get('zhifa.sid')!;
    expect(first).toBeTruthy();
    const again = await call('POST', '/login', { username: 'hongta.handler1', password: 'zhifa-demo-2026', next: '/tasks' });
    expect(again.status).toBe(302);
    const cookie = again.cookies.find((c) => c.startsWith('zhifa.sid='))!;
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);
    expect(call.jar.get('zhifa.sid')).not.toBe(first);
    const stale = await fetch(`${sys.baseUrl}/tasks`, { headers: { accept: 'text/html', cookie: `zhifa.sid=${first}` }, redirect: 'manual' });
    expect(stale.status).toBe(302);
    expect(stale.headers.get('location')).toMatch(/^\/login/);
  });

  it('logout needs the CSRF token and ends the session for good', async () => {
    const call = await sessionAs(sys.baseUrl, 'hongta.handler1');
    const page = await call('GET', '/tasks');
    expect(page.status).toBe(200);
    expect((await call('POST', '/logout', {})).status).toBe(403);
    const sid = call.jar.get('zhifa.sid')!;
    expect((await call('POST', '/logout', { _csrf: csrfOf(page.html) })).status).toBe(302);
    const after = await fetch(`${sys.baseUrl}/tasks`, { headers: { accept: 'text/html', cookie: `zhifa.sid=${sid}` }, redirect: 'manual' });
    expect(after.status).toBe(302);
    expect(after.headers.get('location')).toMatch(/^\/login/);
  });

  it('every form post of every page refuses a missing or wrong CSRF token (403) and writes nothing', async () => {
    const posts = pagePosts().filter((p) => p !== '/login');
    expect(posts.length).toBeGreaterThanOrEqual(8);
    expect(posts).toEqual(expect.arrayContaining(['/logout', '/tasks/:id/complete', '/cases', '/admin/calendar']));
    const call = await sessionAs(sys.baseUrl, 'admin');
    const audit = await sys.prisma.auditEvent.count();
    for (const p of posts) {
      const path = p.replace(/:[a-z]+/gi, randomUUID());
      for (const form of [{}, { _csrf: 'forged-token-forged-token-forged' }] as Record<string, string>[]) {
        const res = await call('POST', path, form);
        expect([p, res.status]).toEqual([p, 403]);
        expect(res.html).toContain('CSRF');
      }
    }
    expect(await sys.prisma.auditEvent.count()).toBe(audit);
  });

  it('pages carry the security headers; errors show no stack trace', async () => {
    const res = await fetch(`${sys.baseUrl}/login`);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('x-powered-by')).toBeNull();
    const bad = await fetch(`${sys.baseUrl}/api/cases`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"party":' });
    const text = await bad.text();
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expect(bad.status).toBeLessThan(500);
    expect(text).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
  });
});
