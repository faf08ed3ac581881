import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGIN_FAILURES_PER_IP } from '../../api/login-limit.ts';
import { startSystem, type System } from '../support/system.ts';

// Two brakes on password guessing: an account locks after repeated failures (auth.ts), and
// one address may fail only so often across all accounts (password spraying). The app trusts
// X-Forwarded-For from loopback (its reverse proxy), which lets this test speak as several clients.
const PASSWORD = 'zhifa-demo-2026';
let sys: System;

beforeAll(async () => { sys = await startSystem(); });
afterAll(async () => {
  await sys?.prisma.user.updateMany({ where: { username: 'water.receiver' }, data: { failedLogins: 0, lockedUntil: null } });
  await sys?.stop();
});

const login = (username: string, password: string, ip: string) => fetch(`${sys.baseUrl}/api/login`, {
  method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': ip }, body: JSON.stringify({ username, password }),
});

describe('login limits', () => {
  it('locks an account after five wrong passwords, even with the right one after', async () => {
    for (let i = 0; i < 5; i++) expect((await login('water.receiver', `wrong-${i}`, `198.51.100.${i + 1}`)).status).toBe(401);
    const locked = await login('water.receiver', PASSWORD, '198.51.100.99');
    expect(locked.status).toBe(429);
    expect((await locked.json()).message).toMatch(/账号已锁定/);
    const row = await sys.prisma.user.findUniqueOrThrow({ where: { username: 'water.receiver' } });
    expect(row.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
  });

  it('stops one address spraying passwords over many accounts; other addresses still sign in', async () => {
    const sprayer = '203.0.113.7';
    for (let i = 0; i < LOGIN_FAILURES_PER_IP; i++) {
      expect((await login(`nobody-${i}`, 'guess', sprayer)).status).toBe(401);
    }
    const blocked = await login('nobody-last', 'guess', sprayer);
    expect(blocked.status).toBe(429);
    expect((await blocked.json()).message).toMatch(/本地址登录失败次数过多/);
    expect(blocked.headers.get('ratelimit-policy')).toContain(`${LOGIN_FAILURES_PER_IP}`);
    // Even the right password is refused from that address for the window…
    expect((await login('hongta.handler3', PASSWORD, sprayer)).status).toBe(429);
    // …while the same account signs in from elsewhere, and successes never count against an office.
    for (let i = 0; i < LOGIN_FAILURES_PER_IP + 5; i++) expect((await login('hongta.handler3', PASSWORD, '192.0.2.10')).status).toBe(201);
    // The login page is limited the same way.
    const page = await fetch(`${sys.baseUrl}/login`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': sprayer, accept: 'text/html' },
      body: 'username=x&password=y', redirect: 'manual',
    });
    expect(page.status).toBe(429);
    expect(await page.text()).toContain('本地址登录失败次数过多');
  });
});
