import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, loginLimits } from '../../infra/config.ts';
import { startSystem, type System } from '../support/system.ts';

// Two brakes on password guessing: an account locks after repeated failures, for longer each
// time (auth.ts), and an address that fails often is slowed down, never locked out
// (login-limit.ts). The app trusts X-Forwarded-For from loopback (its reverse proxy), which
// lets this test speak as several clients.
const PASSWORD = 'zhifa-demo-2026';
// The app under test brakes with the configuration's numbers (LOGIN_* in infra/config.ts).
const { lockAfter: LOCK_AFTER, addressFreeFailures: ADDRESS_FREE_FAILURES } = loginLimits(loadConfig());
let sys: System;
const touched = ['water.receiver', 'hongta.handler3', 'jiangchuan.handler1'];

beforeAll(async () => { sys = await startSystem(); });
afterAll(async () => {
  await sys?.prisma.user.updateMany({ where: { username: { in: touched } }, data: { failedLogins: 0, lockedUntil: null } });
  await sys?.stop();
});

const login = (username: string, password: string, ip: string) => fetch(`${sys.baseUrl}/api/login`, {
  method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': ip }, body: JSON.stringify({ username, password }),
});
const minutesLocked = async (username: string) => {
  const row = await sys.prisma.user.findUniqueOrThrow({ where: { username } });
  return ((row.lockedUntil?.getTime() ?? 0) - Date.now()) / 60_000;
};

describe('login limits', () => {
  it('locks an account after five wrong passwords, even with the right one after', async () => {
    for (let i = 0; i < LOCK_AFTER; i++) expect((await login('water.receiver', `wrong-${i}`, `198.51.100.${i + 1}`)).status).toBe(401);
    const locked = await login('water.receiver', PASSWORD, '198.51.100.99');
    expect(locked.status).toBe(429);
    expect((await locked.json()).message).toMatch(/账号已锁定/);
    expect(await minutesLocked('water.receiver')).toBeGreaterThan(0.5);
  });

  it('locks at the threshold exactly when 20 wrong passwords arrive at once', async () => {
    const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => login('jiangchuan.handler1', `wrong-${i}`, `198.51.101.${i + 1}`)));
    const statuses = replies.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 401)).toHaveLength(LOCK_AFTER);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20 - LOCK_AFTER);
    const row = await sys.prisma.user.findUniqueOrThrow({ where: { username: 'jiangchuan.handler1' } });
    expect(row.failedLogins).toBe(LOCK_AFTER);
  });

  it('locks for longer after each failure past the threshold, and the right password resets it', async () => {
    await sys.prisma.user.update({ where: { username: 'hongta.handler3' }, data: { failedLogins: 0, lockedUntil: null } });
    for (let i = 0; i < LOCK_AFTER; i++) expect((await login('hongta.handler3', `wrong-${i}`, `198.51.102.${i + 1}`)).status).toBe(401);
    const first = await minutesLocked('hongta.handler3');
    expect(first).toBeGreaterThan(0.5);
    expect(first).toBeLessThanOrEqual(1);
    // The lock runs out (moved into the past here); the next wrong password locks for twice as long.
    await sys.prisma.user.update({ where: { username: 'hongta.handler3' }, data: { lockedUntil: new Date(Date.now() - 1000) } });
    expect((await login('hongta.handler3', 'wrong-again', '198.51.102.50')).status).toBe(401);
    const second = await minutesLocked('hongta.handler3');
    expect(second).toBeGreaterThan(1.5);
    expect(second).toBeLessThanOrEqual(2);
    await sys.prisma.user.update({ where: { username: 'hongta.handler3' }, data: { lockedUntil: new Date(Date.now() - 1000) } });
    expect((await login('hongta.handler3', PASSWORD, '198.51.102.51')).status).toBe(201);
    const row = await sys.prisma.user.findUniqueOrThrow({ where: { username: 'hongta.handler3' } });
    expect([row.failedLogins, row.lockedUntil]).toEqual([0, null]);
  });

  it('slows an address that sprays passwords over many accounts but never refuses it the right password', async () => {
    const sprayer = '203.0.113.7';
    for (let i = 0; i < ADDRESS_FREE_FAILURES + 3; i++) expect((await login(`nobody-${i}`, 'guess', sprayer)).status).toBe(401);
    // Someone in the same office, behind the same address, with the right password.
    expect((await login('hongta.handler1', PASSWORD, sprayer)).status).toBe(201);
    // The page form too.
    const page = await fetch(`${sys.baseUrl}/login`, {
      method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': sprayer, accept: 'text/html' },
      body: new URLSearchParams({ username: 'hongta.handler1', password: PASSWORD, next: '/tasks' }).toString(),
    });
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toBe('/tasks');
  });
});
