import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../infra/audit-verify.ts';
import { freePort } from '../../infra/ports.ts';
import { leadBody, openTaskOf } from '../support/cases.ts';
import { apiAs, eventually, startSystem, type System } from '../support/system.ts';
import { startWorkerProcess } from '../support/worker-process.ts';

// The worker process is killed (SIGKILL) right after the workflow accepts the approval, while
// the chain of writes that follows (close task, file case, number, 立案审批表, next task) runs.
// A new worker takes over: the workflow continues, interrupted activities are retried, and no
// row or audit event is doubled — every write is keyed by the workflow's own ids.
let sys: System;
let worker: ChildProcess | undefined;
let metricsAddress: string;

const startWorker = () => startWorkerProcess(sys, { WORKER_METRICS_ADDRESS: metricsAddress });

beforeAll(async () => {
  sys = await startSystem({ inProcessWorker: false });
  metricsAddress = `127.0.0.1:${await freePort()}`;
  worker = startWorker();
});
afterAll(async () => {
  worker?.kill('SIGKILL');
  await sys?.stop();
});

describe('worker killed mid-activity', () => {
  it('the approval is applied exactly once after a new worker starts', { timeout: 180_000 }, async () => {
    const handler = await apiAs(sys.baseUrl, 'hongta.handler1');
    const supervisor = await apiAs(sys.baseUrl, 'hongta.supervisor');
    // The worker process may still be starting: registration answers 503 until it can record the
    // case, and the same request (same Idempotency-Key) sent again is the same case.
    const lead = leadBody();
    const key = { 'idempotency-key': `faults-worker-${Date.now()}` };
    const reg = await eventually(async () => {
      const r = await handler.post('/api/cases', lead, key);
      return r.status !== 503 && r;
    }, 90_000);
    expect(reg.status).toBe(201);
    const task = await openTaskOf(supervisor, reg.body.caseId, 'FILING_APPROVAL');

    const completing = supervisor.post(`/api/tasks/${task.id}/complete`, { outcome: 'APPROVE', data: {} });
    await eventually(async () => (await sys.temporal.workflow.getHandle(`case-${reg.body.caseId}`).fetchHistory()).events?.some((e) => e.workflowExecutionUpdateAcceptedEventAttributes), 30_000);
    worker!.kill('SIGKILL');
    await new Promise((r) => worker!.once('exit', r));
    worker = startWorker();

    // A worker slower to start than UPDATE_DEADLINE_MS makes the API answer 503; the same
    // request sent again joins the same Update (its id is the task id).
    let done = await completing;
    if (done.status === 503) done = await eventually(async () => {
      const r = await supervisor.post(`/api/tasks/${task.id}/complete`, { outcome: 'APPROVE', data: {} });
      return r.status !== 503 && r;
    }, 60_000);
    expect(done.status).toBe(200);
    await eventually(async () => (await handler.get(`/api/cases/${reg.body.caseId}`)).body?.case?.number, 60_000);
    expect(await sys.prisma.auditEvent.count({ where: { subjectId: task.id, action: 'task.completed' } })).toBe(1);
    expect(await sys.prisma.auditEvent.count({ where: { caseId: reg.body.caseId, action: 'case.filed' } })).toBe(1);
    // The 立案审批表 is issued just after the number: wait for it, then make sure it is alone.
    const forms = () => sys.prisma.document.count({ where: { caseId: reg.body.caseId, kind: 'FILING_APPROVAL_FORM' } });
    await eventually(async () => (await forms()) > 0, 30_000);
    await eventually(async () => (await sys.prisma.task.count({ where: { caseId: reg.body.caseId, kind: 'INVESTIGATION' } })) === 1, 30_000);
    expect(await forms()).toBe(1);
    expect((await verifyAuditChain(sys.databaseUrl)).ok).toBe(true);
  });

  it('the worker serves Temporal\'s own metrics for Prometheus', async () => {
    const text = await eventually(async () => {
      const res = await fetch(`http://${metricsAddress}/metrics`).catch(() => undefined);
      const body = res?.ok ? await res.text() : '';
      return body.includes('temporal_workflow_task_execution_latency') && body;
    }, 30_000);
    expect(text).toMatch(new RegExp(`temporal_[a-z_]+\\{[^}]*task_queue="${sys.taskQueue}"`));
    expect(text).toMatch(/temporal_activity_execution_latency/);
  });

  it('SIGTERM drains the worker and it exits 0', { timeout: 90_000 }, async () => {
    const exited = new Promise<number | null>((r) => worker!.once('exit', r));
    worker!.kill('SIGTERM');
    expect(await exited).toBe(0);
    worker = undefined;
  });
});
