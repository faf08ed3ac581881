import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../infra/audit-verify.ts';
import { createPrisma } from '../../infra/db.ts';
import { startEmbeddedPostgres } from '../../infra/embedded-postgres.ts';
import { migrate } from '../../infra/migrate.ts';
import { seed } from '../../prisma/seed.ts';
import { caseWorkflowId, completeTaskUpdate } from '../../workflows/messages.ts';
import { people } from '../support/case-driver.ts';
import { leadBody, openTaskOf } from '../support/cases.ts';
import { apiAs, eventually, startSystem, type System } from '../support/system.ts';

// PostgreSQL goes away for 30 seconds with a procedure in flight: the API answers 503 with
// Retry-After instead of hanging or failing with 500, the workflow's activity retries with
// backoff and succeeds once the database is back, and nothing is lost or written twice.
// Its own PostgreSQL, so the outage touches no other test.
const OUTAGE_MS = 30_000;
let dir: string;
let port: number;
let db: { url: string; stop(): Promise<void> };
let sys: System;

const startDb = () => startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port, database: 'zhifa_faults' });

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'zhifa-faults-'));
  db = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), database: 'zhifa_faults' });
  port = Number(new URL(db.url).port);
  await migrate(db.url);
  const prisma = createPrisma(db.url, 1);
  await seed(prisma);
  await prisma.$disconnect();
  sys = await startSystem({ databaseUrl: db.url });
});
afterAll(async () => {
  await sys?.stop().catch(() => undefined);
  await db?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('PostgreSQL stopped for 30 seconds', () => {
  it('503 with Retry-After meanwhile; the approval lands once the database is back, exactly once', { timeout: 240_000 }, async () => {
    const handler = await apiAs(sys.baseUrl, 'hongta.handler1');
    const supervisor = await apiAs(sys.baseUrl, 'hongta.supervisor');
    const reg = await handler.post('/api/cases', leadBody());
    expect(reg.status).toBe(201);
    const task = await openTaskOf(supervisor, reg.body.caseId, 'FILING_APPROVAL');

    await db.stop();
    const down = Date.now();
    const queue = await fetch(`${sys.baseUrl}/api/tasks`, { headers: { authorization: `Bearer ${supervisor.token}` } });
    expect(queue.status).toBe(503);
    expect(queue.headers.get('retry-after')).toMatch(/^\d+$/);
    const refusedLead = leadBody();
    const refused = await handler.post('/api/cases', refusedLead);
    expect(refused.status).toBe(503);

    // The approval reaches the workflow directly; its write activity fails and retries.
    const handle = sys.temporal.workflow.getHandle(caseWorkflowId(reg.body.caseId));
    const approval = handle.executeUpdate(completeTaskUpdate, {
      args: [{ taskId: task.id, actor: people.supervisor, outcome: 'APPROVE', data: {} }], updateId: task.id,
    });
    await new Promise((r) => setTimeout(r, Math.max(0, OUTAGE_MS - (Date.now() - down))));
    db = await startDb();

    expect((await approval).outcome).toBe('APPROVE');
    const filed = await eventually(async () => (await handler.get(`/api/cases/${reg.body.caseId}`)).body?.case?.number, 60_000);
    expect(filed).toMatch(/^红塔应急立〔\d{4}〕\d+号$/);
    expect(await sys.prisma.auditEvent.count({ where: { subjectId: task.id, action: 'task.completed' } })).toBe(1);
    expect(await sys.prisma.case.count({ where: { partyName: refusedLead.party.name } })).toBe(0);
    expect((await verifyAuditChain(db.url)).ok).toBe(true);
  });
});
