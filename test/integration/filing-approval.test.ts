import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../infra/audit-verify.ts';
import { leadBody, openTaskOf, validUscc } from '../support/cases.ts';
import { apiAs, eventually, startSystem, type Api, type System } from '../support/system.ts';

// The foundation's slice through the whole stack: API → Temporal → worker → PostgreSQL.
let sys: System;
let handler: Api, supervisor: Api, otherSupervisor: Api, head: Api;

beforeAll(async () => {
  sys = await startSystem();
  [handler, supervisor, otherSupervisor, head] = await Promise.all([
    apiAs(sys.baseUrl, 'hongta.handler1'), apiAs(sys.baseUrl, 'hongta.supervisor'),
    apiAs(sys.baseUrl, 'jiangchuan.supervisor'), apiAs(sys.baseUrl, 'hongta.head'),
  ]);
});
afterAll(async () => sys?.stop());

const register = (overrides: Record<string, unknown> = {}) =>
  handler.post('/api/cases', leadBody({ party: { kind: 'ORG', name: '玉溪某化工有限公司', idNumber: validUscc('91530402MA6K0000X') }, ...overrides }));

describe('立案审批 through the API', () => {
  it('the supervisor approves a registered lead and the case gets its number', async () => {
    const reg = await register();
    expect(reg.status).toBe(201);
    const task = await openTaskOf(supervisor, reg.body.caseId, 'FILING_APPROVAL');
    expect(task.title).toBe('立案审批');
    expect(new Date(task.dueAt).getTime()).toBeGreaterThan(Date.now());

    const done = await supervisor.post(`/api/tasks/${task.id}/complete`, { outcome: 'APPROVE', data: { comment: '同意立案' } });
    expect(done.status).toBe(200);
    expect(done.body.outcome).toBe('APPROVE');

    const c = await eventually(async () => {
      const r = await handler.get(`/api/cases/${reg.body.caseId}`);
      return r.body.case.number ? r.body : undefined;
    });
    expect(c.case.number).toMatch(/^红塔应急立〔\d{4}〕\d+号$/);
    expect(c.case.stage).toBe('INVESTIGATION');
    expect(c.timeline.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['case.registered', 'task.opened', 'task.completed', 'case.filed']));
    expect((await verifyAuditChain(sys.databaseUrl)).ok).toBe(true);
  });

  it('a rejection needs a reason and closes the case as not filed', async () => {
    const reg = await register();
    const task = await openTaskOf(supervisor, reg.body.caseId, 'FILING_APPROVAL');
    const noReason = await supervisor.post(`/api/tasks/${task.id}/complete`, { outcome: 'REJECT', data: {} });
    expect(noReason.status).toBe(422);
    expect(noReason.body.message).toMatch(/理由/);
    const ok = await supervisor.post(`/api/tasks/${task.id}/complete`, { outcome: 'REJECT', data: { reason: '不属于本局管辖' } });
    expect(ok.status).toBe(200);
    const c = await eventually(async () => {
      const r = await handler.get(`/api/cases/${reg.body.caseId}`);
      return r.body.case.status === 'REJECTED' ? r.body : undefined;
    });
    expect(c.case.number).toBeNull();
  });

  it('only an eligible person completes, exactly once', async () => {
    const reg = await register();
    const task = await openTaskOf(supervisor, reg.body.caseId, 'FILING_APPROVAL');
    expect((await handler.post(`/api/tasks/${task.id}/complete`, { outcome: 'APPROVE', data: {} })).status).toBe(404);
    expect((await otherSupervisor.post(`/api/tasks/${task.id}/complete`, { outcome: 'APPROVE', data: {} })).status).toBe(404);
    expect((await supervisor.post(`/api/tasks/${task.id}/complete`, { outcome: 'MAYBE', data: {} })).status).toBe(422);

    const [first, second] = await Promise.all([
      supervisor.post(`/api/tasks/${task.id}/complete`, { outcome: 'APPROVE', data: {} }),
      supervisor.post(`/api/tasks/${task.id}/complete`, { outcome: 'APPROVE', data: {} }),
    ]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.body.completedAt).toBe(first.body.completedAt);
    const events = await sys.prisma.auditEvent.count({ where: { subjectId: task.id, action: 'task.completed' } });
    expect(events).toBe(1);
  });

  it('claiming reserves the task: another eligible person gets 409', async () => {
    const reg = await register();
    const task = await openTaskOf(supervisor, reg.body.caseId, 'FILING_APPROVAL');
    expect((await supervisor.post(`/api/tasks/${task.id}/claim`)).status).toBe(200);
    // the head becomes eligible only by escalation; reassigning to the head is refused
    expect((await supervisor.post(`/api/tasks/${task.id}/reassign`, { userId: 'u-hongta-head' })).status).toBe(403);
    const other = await head.post(`/api/tasks/${task.id}/complete`, { outcome: 'APPROVE', data: {} });
    expect(other.status).toBe(404);
    expect((await supervisor.post(`/api/tasks/${task.id}/unclaim`)).status).toBe(200);
  });

  it('survives a worker restart while waiting for the approval', async () => {
    const reg = await register();
    const task = await openTaskOf(supervisor, reg.body.caseId, 'FILING_APPROVAL');
    await sys.restartWorker();
    const done = await supervisor.post(`/api/tasks/${task.id}/complete`, { outcome: 'APPROVE', data: {} });
    expect(done.status).toBe(200);
    await eventually(async () => (await handler.get(`/api/cases/${reg.body.caseId}`)).body.case.number);
  });

  it('a retried registration with the same Idempotency-Key creates one case', async () => {
    const key = `k-${Date.now()}`;
    const body = leadBody({ party: { kind: 'ORG', name: '幂等测试公司', idNumber: validUscc('91530402MA6K0001X') } });
    const a = await handler.post('/api/cases', body, { 'idempotency-key': key });
    const b = await handler.post('/api/cases', body, { 'idempotency-key': key });
    expect(a.status).toBe(201);
    expect(b.body.caseId).toBe(a.body.caseId);
    await eventually(async () => (await sys.prisma.task.count({ where: { caseId: a.body.caseId } })) === 1);
  });
});

describe('bad input is refused with a clear 4xx and nothing is written', () => {
  it.each([
    ['wrong type', { facts: 42 }, 400],
    ['missing field', { catalogItemId: undefined }, 400],
    ['unknown catalog item', { catalogItemId: 'NOPE-1' }, 422],
    ['bad USCC check digit', { party: { kind: 'ORG', name: 'X公司', idNumber: '91530402MA6K0000X0' } }, 422],
    ['beyond the 2-year limitation period', { occurredAt: '2020-01-01' }, 422],
    ['unknown field', { extra: 1 }, 400],
  ])('%s', async (_name, override, status) => {
    const before = await sys.prisma.case.count();
    const r = await handler.post('/api/cases', leadBody(override));
    expect(r.status).toBe(status);
    expect(typeof r.body.message).toBe('string');
    expect(await sys.prisma.case.count()).toBe(before);
  });

  it('refuses malformed JSON, oversized bodies, unknown tasks and anonymous calls', async () => {
    expect((await handler.post('/api/cases', '{"party":')).status).toBe(400);
    expect((await handler.post('/api/cases', { facts: 'x'.repeat(300_000) })).status).toBe(413);
    expect((await supervisor.post('/api/tasks/nope/complete', { outcome: 'APPROVE' })).status).toBe(404);
    expect((await fetch(`${sys.baseUrl}/api/tasks`)).status).toBe(401);
  });

  it('an officer with an expired certificate cannot register a case', async () => {
    const expired = await apiAs(sys.baseUrl, 'hongta.expired');
    const r = await expired.post('/api/cases', leadBody());
    expect(r.status).toBe(403);
    expect(r.body.message).toMatch(/执法证/);
  });
});
