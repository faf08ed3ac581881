import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTemporalDevServer, type TemporalDevServer } from '../../infra/temporal-dev-server.ts';
import { caseStateQuery, caseWorkflowId } from '../../workflows/messages.ts';
import { leadBody, openTaskOf } from '../support/cases.ts';
import { apiAs, eventually, startSystem, type Api, type System } from '../support/system.ts';

// The Temporal dev server goes down and comes back (same port, same SQLite file) while cases
// wait on people and on statutory timers. Afterwards every case is where it was, the waiting
// tasks can still be completed, and a timer that fell due during or after the outage fires.
// Its own dev server, so the restart touches no other test.
const DAY = 86_400_000;
const TIMER_LEAD_MS = 45_000;
let dir: string;
let server: TemporalDevServer;
let port: number;
let sys: System;

const startServer = (p?: number) => startTemporalDevServer({ dbFile: path.join(dir, 'temporal.db'), port: p, onLog: () => undefined });

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'zhifa-faults-temporal-'));
  server = await startServer();
  port = Number(server.address.split(':')[1]);
  sys = await startSystem({ temporalAddress: server.address });
});
afterAll(async () => {
  await sys?.stop().catch(() => undefined);
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function fileCase(handler: Api, supervisor: Api, lead: Record<string, unknown> = {}): Promise<string> {
  const reg = await handler.post('/api/cases', leadBody(lead));
  expect(reg.status).toBe(201);
  const filing = await openTaskOf(supervisor, reg.body.caseId, 'FILING_APPROVAL');
  expect((await supervisor.post(`/api/tasks/${filing.id}/complete`, { outcome: 'APPROVE', data: {} })).status).toBe(200);
  await openTaskOf(handler, reg.body.caseId, 'INVESTIGATION');
  return reg.body.caseId;
}

describe('Temporal dev server restarted', () => {
  it('cases keep their place, tasks stay workable and timers fire after the restart', { timeout: 300_000 }, async () => {
    const handler = await apiAs(sys.baseUrl, 'hongta.handler1');
    const supervisor = await apiAs(sys.baseUrl, 'hongta.supervisor');
    const head = await apiAs(sys.baseUrl, 'hongta.head');

    // A: waits for the filing decision (a person, and the 5-working-day timer behind it).
    const waiting = await handler.post('/api/cases', leadBody());
    expect(waiting.status).toBe(201);
    const filingTask = await openTaskOf(supervisor, waiting.body.caseId, 'FILING_APPROVAL');
    // B: evidence preserved on site almost 24 hours ago; the report to the head falls due
    // TIMER_LEAD_MS from now (AB25 Art 42 ②), across the outage. On site means at the
    // inspection that found the lead, two days ago: a preservation may not precede the lead.
    const investigating = await fileCase(handler, supervisor, {
      occurredAt: new Date(Date.now() - 3 * DAY).toISOString(), receivedAt: new Date(Date.now() - 2 * DAY).toISOString(),
    });
    const performedAt = new Date(Date.now() - DAY + TIMER_LEAD_MS).toISOString();
    const future = await handler.post(`/api/cases/${investigating}/preservations`, { items: [{ name: '现场安全阀铅封', spec: '无', quantity: 1, unit: '枚', keptAt: '本局证物室' }], urgent: true, performedAt: new Date(Date.now() + DAY).toISOString() });
    expect(future.status).toBe(422);
    expect(future.body.message).toMatch(/^当场实施先行登记保存的时间（.+）不能晚于当前时间/);
    const notUrgent = await handler.post(`/api/cases/${investigating}/preservations`, { items: [{ name: '现场安全阀铅封', spec: '无', quantity: 1, unit: '枚', keptAt: '本局证物室' }], performedAt });
    expect(notUrgent.status).toBe(422);
    const preserved = await handler.post(`/api/cases/${investigating}/preservations`, { items: [{ name: '现场安全阀铅封', spec: '无', quantity: 1, unit: '枚', keptAt: '本局证物室' }], urgent: true, performedAt });
    expect(preserved.status).toBe(200);
    const approval = await openTaskOf(head, investigating, 'PRESERVATION_APPROVAL');
    expect(approval.escalationLevel).toBe(0);
    const due = Date.parse(approval.dueAt);
    expect(due).toBeGreaterThan(Date.now());

    const stateOf = (caseId: string) => sys.temporal.workflow.getHandle(caseWorkflowId(caseId)).query(caseStateQuery);
    const before = await Promise.all([stateOf(waiting.body.caseId), stateOf(investigating)]);

    await server.stop();
    // While the server is down the API refuses cleanly instead of hanging.
    const refused = await supervisor.post(`/api/tasks/${filingTask.id}/complete`, { outcome: 'APPROVE', data: {} });
    expect(refused.status).toBe(503);
    expect(refused.body.error).toBe('unavailable');
    await new Promise((r) => setTimeout(r, 5_000));
    server = await startServer(port);

    const after = await eventually(async () => Promise.all([stateOf(waiting.body.caseId), stateOf(investigating)]).catch(() => undefined), 60_000);
    expect(after).toEqual(before);

    // The timer fires: the overdue report is escalated (recorded on the task and in the audit log).
    await eventually(async () => (await sys.prisma.task.findUnique({ where: { id: approval.id } }))?.escalationLevel === 1, Math.max(0, due - Date.now()) + 60_000);
    expect(Date.now()).toBeGreaterThanOrEqual(due);
    expect(await sys.prisma.auditEvent.count({ where: { subjectId: approval.id, action: 'task.escalated' } })).toBe(1);

    // The task that waited through the outage is still workable and the case moves on.
    const done = await supervisor.post(`/api/tasks/${filingTask.id}/complete`, { outcome: 'APPROVE', data: {} });
    expect(done.status).toBe(200);
    await eventually(async () => (await handler.get(`/api/cases/${waiting.body.caseId}`)).body?.case?.number, 30_000);
    expect(await sys.prisma.auditEvent.count({ where: { caseId: waiting.body.caseId, action: 'case.filed' } })).toBe(1);
  });
});
