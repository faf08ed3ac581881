import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseWorkflowId } from '../../workflows/messages.ts';
import { leadBody, openTaskOf } from '../support/cases.ts';
import { apiAs, eventually, startSystem, type Api, type System } from '../support/system.ts';
import { startWorkerProcess, workerPolling } from '../support/worker-process.ts';

// Issue 18 items 5 and 7. An Update the workflow cannot answer (no worker) is refused 503 with
// Retry-After once UPDATE_DEADLINE_MS has passed, instead of holding the request; the same
// request later gets the one result and the step's effects exist once. A matter's workflow runs
// once per business key: the same registration after the case closed finds that case, and no
// second run of it is started.
const DEADLINE_MS = 3_000;
let sys: System;
let worker: ChildProcess | undefined;

/** Registers a lead, sending the same request again while the worker is still starting (503). */
async function register(api: Api, lead: Record<string, unknown>, key: Record<string, string>) {
  return eventually(async () => {
    const r = await api.post('/api/cases', lead, key);
    if (r.status !== 503) return r;
  }, 60_000);
}

async function stopWorker() {
  const exited = new Promise((r) => worker!.once('exit', r));
  worker!.kill('SIGTERM');
  await exited;
  worker = undefined;
}

beforeAll(async () => {
  sys = await startSystem({ inProcessWorker: false, updateDeadlineMs: DEADLINE_MS });
  worker = startWorkerProcess(sys);
  await workerPolling(sys);
});
afterAll(async () => {
  worker?.kill('SIGKILL');
  await sys?.stop();
});

describe('an Update with no worker to answer it', () => {
  it('is refused 503 with Retry-After within the deadline, and the same request later gets the one result', { timeout: 180_000 }, async () => {
    const handler = await apiAs(sys.baseUrl, 'hongta.handler1');
    const supervisor = await apiAs(sys.baseUrl, 'hongta.supervisor');
    const reg = await register(handler, leadBody(), { 'idempotency-key': `lead-${Date.now()}-${Math.random()}` });
    expect(reg.status).toBe(201);
    // Update-with-Start answered once the case row was written: it is there at once.
    expect(await sys.prisma.case.count({ where: { id: reg.body.caseId } })).toBe(1);
    const task = await openTaskOf(supervisor, reg.body.caseId, 'FILING_APPROVAL');

    await stopWorker();
    const complete = () => fetch(`${sys.baseUrl}/api/tasks/${task.id}/complete`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${supervisor.token}`, 'idempotency-key': `approve-${task.id}` },
      body: JSON.stringify({ outcome: 'APPROVE', data: {} }),
    });
    const refused = await complete();
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    const body = await refused.json() as { error: string; message: string };
    expect(body.error).toBe('unavailable');
    expect(body.message).toMatch(/流程引擎未在时限内答复/);
    // Nothing was done while nobody could do it.
    expect((await sys.prisma.task.findUniqueOrThrow({ where: { id: task.id } })).status).toBe('OPEN');

    worker = startWorkerProcess(sys);
    const answered = await eventually(async () => {
      const r = await complete();
      return r.status === 200 && await r.json() as { taskId: string; outcome: string; completedBy: string };
    }, 90_000);
    expect(answered).toMatchObject({ taskId: task.id, outcome: 'APPROVE' });
    const again = await complete();
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(answered);

    await eventually(async () => (await sys.prisma.task.count({ where: { caseId: reg.body.caseId, kind: 'INVESTIGATION' } })) === 1, 30_000);
    expect(await sys.prisma.auditEvent.count({ where: { subjectId: task.id, action: 'task.completed' } })).toBe(1);
    expect(await sys.prisma.auditEvent.count({ where: { caseId: reg.body.caseId, action: 'case.filed' } })).toBe(1);
    expect(await sys.prisma.document.count({ where: { caseId: reg.body.caseId, kind: 'FILING_APPROVAL_FORM' } })).toBe(1);
  });
});

describe('a business key runs once', () => {
  it('registering the same lead again after its case closed answers with that case and starts no second run', { timeout: 120_000 }, async () => {
    const handler = await apiAs(sys.baseUrl, 'hongta.handler1');
    const supervisor = await apiAs(sys.baseUrl, 'hongta.supervisor');
    const lead = leadBody();
    const key = { 'idempotency-key': `lead-${Date.now()}-${Math.random()}` };
    const first = await register(handler, lead, key);
    expect(first.status).toBe(201);
    const task = await openTaskOf(supervisor, first.body.caseId, 'FILING_APPROVAL');
    expect((await supervisor.post(`/api/tasks/${task.id}/complete`, { outcome: 'REJECT', data: { reason: '不属于本机关管辖' } })).status).toBe(200);
    const handle = sys.temporal.workflow.getHandle(caseWorkflowId(first.body.caseId));
    await handle.result();
    const closed = await handle.describe();

    const second = await handler.post('/api/cases', lead, key);
    expect(second.status).toBe(201);
    expect(second.body.caseId).toBe(first.body.caseId);
    const after = await handle.describe();
    expect(after.runId).toBe(closed.runId);
    expect(after.status.name).toBe('COMPLETED');
    expect(await sys.prisma.case.count({ where: { id: first.body.caseId } })).toBe(1);
  });
});
