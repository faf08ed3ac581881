import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { createPrisma } from '../../infra/db.ts';
import { seed } from '../../prisma/seed.ts';
import { ORGS } from '../../prisma/seed-data/orgs.ts';
import { startSystem } from '../support/system.ts';

// A production install on an empty database, through the real scripts as child processes:
// `npm run migrate` and `npm run seed` load reference data and create no user; `seed --demo`
// refuses; `npm run admin:create` makes exactly one administrator, who must replace the
// password before anything else. A re-run of the seed keeps what administrators changed.
let admin: pg.Client;
let dbName: string;
let url: string;
let prisma: PrismaClient;
const PRODUCTION = { NODE_ENV: 'production', SESSION_SECRET: randomUUID() + randomUUID() };

function run(script: string, args: string[], env: Record<string, string>, stdin?: string): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      env: { ...process.env, ...env, DATABASE_URL: url, LOG_LEVEL: 'warn' }, stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, out, err }));
    if (stdin !== undefined) child.stdin!.end(stdin);
  });
}

beforeAll(async () => {
  const base = new URL(inject('databaseUrl'));
  admin = new pg.Client({ connectionString: base.toString() });
  await admin.connect();
  dbName = `deploy_${randomUUID().slice(0, 8)}`;
  await admin.query(`CREATE DATABASE ${dbName}`);
  base.pathname = `/${dbName}`;
  url = base.toString();
  prisma = createPrisma(url, 2);
});
afterAll(async () => {
  await prisma?.$disconnect();
  await admin?.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin?.end();
});

describe('a production install', () => {
  it('migrates and seeds reference data without creating any user', async () => {
    const migrated = await run('scripts/migrate.ts', [], PRODUCTION);
    expect(migrated.err).toBe('');
    expect(migrated.code).toBe(0);
    expect(await prisma.org.count()).toBe(ORGS.length);
    const seeded = await run('scripts/seed.ts', [], PRODUCTION);
    expect(seeded.code).toBe(0);
    expect(await prisma.user.count()).toBe(0);
    expect(await prisma.certificate.count()).toBe(0);
    expect((await prisma.referenceData.findMany({ orderBy: { name: 'asc' } })).map((r) => r.name)).toEqual(['catalog', 'orgs']);
  });

  it('refuses seed --demo with a message saying why, and creates nothing', async () => {
    const demo = await run('scripts/seed.ts', ['--demo'], PRODUCTION);
    expect(demo.code).toBe(1);
    expect(demo.err).toContain('NODE_ENV=production');
    expect(demo.err).toContain('admin:create');
    expect(await prisma.user.count()).toBe(0);
  });

  it('admin:create makes exactly one administrator, once, who must change the password first', async () => {
    const password = `first-${randomUUID()}`;
    const created = await run('scripts/admin-create.ts', ['chief'], PRODUCTION, `${password}\n`);
    expect(created.err).toBe('');
    expect(created.code).toBe(0);
    expect(created.out).not.toContain(password);
    const again = await run('scripts/admin-create.ts', ['deputy'], PRODUCTION, `${password}\n`);
    expect(again.code).toBe(1);
    expect(again.err).toContain('已有系统管理员（chief）');
    const users = await prisma.user.findMany();
    expect(users.map((u) => [u.username, u.roles, u.mustChangePassword, u.orgId])).toEqual([['chief', ['ADMIN'], true, 'yx-city']]);

    const sys = await startSystem({ databaseUrl: url });
    try {
      const login = await fetch(`${sys.baseUrl}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'chief', password }) });
      expect(login.status).toBe(201);
      const auth = { authorization: `Bearer ${(await login.json()).token}`, 'content-type': 'application/json' };
      const blocked = await fetch(`${sys.baseUrl}/api/me`, { headers: auth });
      expect(blocked.status).toBe(403);
      expect((await blocked.json()).error).toBe('password_change_required');
      // A page sends the person to the change-password page.
      const page = await fetch(`${sys.baseUrl}/admin/calendar`, { headers: auth, redirect: 'manual' });
      expect(page.status).toBe(302);
      expect(page.headers.get('location')).toBe('/password');
      const short = await fetch(`${sys.baseUrl}/api/password`, { method: 'POST', headers: auth, body: JSON.stringify({ currentPassword: password, newPassword: 'short' }) });
      expect(short.status).toBe(400);
      const wrong = await fetch(`${sys.baseUrl}/api/password`, { method: 'POST', headers: auth, body: JSON.stringify({ currentPassword: 'not-it-at-all', newPassword: 'a-new-secret-2026' }) });
      expect(wrong.status).toBe(422);
      expect((await wrong.json()).message).toBe('当前密码不正确');
      const changed = await fetch(`${sys.baseUrl}/api/password`, { method: 'POST', headers: auth, body: JSON.stringify({ currentPassword: password, newPassword: 'a-new-secret-2026' }) });
      expect(changed.status).toBe(200);
      const me = await fetch(`${sys.baseUrl}/api/me`, { headers: auth });
      expect(me.status).toBe(200);
      expect((await me.json()).roles).toEqual(['ADMIN']);
    } finally {
      await sys.stop();
    }
  });

  it('admin:create with nothing on stdin generates a password and prints it once', async () => {
    await prisma.apiToken.deleteMany({});
    await prisma.user.deleteMany({});
    const created = await run('scripts/admin-create.ts', ['chief2'], PRODUCTION);
    expect(created.code).toBe(0);
    const printed = /初始密码（只显示这一次）：(\S+)/.exec(created.out)?.[1];
    expect(printed).toMatch(/^[\w-]{20}$/);
    expect(await prisma.user.count()).toBe(1);
  });

  it('a re-run of the seed keeps what an administrator changed: roles, a certificate, an org, a catalog item', async () => {
    await seed(prisma); // the demo set, as npm run dev loads it
    const handler = await prisma.user.findUniqueOrThrow({ where: { username: 'hongta.handler1' }, include: { certificates: true } });
    await prisma.user.update({ where: { id: handler.id }, data: { roles: ['HANDLER', 'SUPERVISOR'] } });
    await prisma.certificate.update({ where: { id: handler.certificates[0]!.id }, data: { revokedAt: new Date('2026-01-01T00:00:00Z'), validUntil: new Date('2026-06-30T00:00:00Z') } });
    await prisma.org.update({ where: { id: 'yx-hongta' }, data: { shortName: '红塔区应急（改）' } });
    const item = await prisma.catalogItem.findFirstOrThrow({ orderBy: { code: 'asc' } });
    await prisma.catalogItem.update({ where: { code: item.code }, data: { name: `${item.name}（改）` } });
    // A missing reference row comes back: an org nobody belongs to.
    const used = new Set([...(await prisma.user.findMany({ select: { orgId: true } })).map((u) => u.orgId), ...(await prisma.enterprise.findMany({ select: { orgId: true } })).map((e) => e.orgId),
      ...(await prisma.expert.findMany({ select: { orgId: true } })).map((e) => e.orgId), ...ORGS.map((o) => o.parentId)]);
    await prisma.org.delete({ where: { id: ORGS.find((o) => !used.has(o.id))!.id } });
    expect(await prisma.org.count()).toBe(ORGS.length - 1);

    const again = await run('scripts/seed.ts', [], PRODUCTION);
    expect(again.code).toBe(0);
    await seed(prisma);

    const after = await prisma.user.findUniqueOrThrow({ where: { id: handler.id }, include: { certificates: true } });
    expect(after.roles).toEqual(['HANDLER', 'SUPERVISOR']);
    expect(after.certificates.map((c) => [c.revokedAt?.toISOString(), c.validUntil.toISOString().slice(0, 10)])).toEqual([['2026-01-01T00:00:00.000Z', '2026-06-30']]);
    expect((await prisma.org.findUniqueOrThrow({ where: { id: 'yx-hongta' } })).shortName).toBe('红塔区应急（改）');
    expect((await prisma.catalogItem.findUniqueOrThrow({ where: { code: item.code } })).name).toBe(`${item.name}（改）`);
    expect(await prisma.org.count()).toBe(ORGS.length);
  });
});
