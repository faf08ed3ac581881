import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { transitionActivities } from '../../activities/transition.ts';
import { currentFormVersion, FORM_CHANGES, RELEASED_FORM_CHANGES } from '../../rules/form-versions.ts';
import { comment, outcome, text } from '../../rules/forms/fields.ts';
import { FAILURE } from '../../workflows/messages.ts';
import { leadBody } from '../support/cases.ts';
import { apiAs, eventually, startSystem, type Api, type System } from '../support/system.ts';

// Versioned task forms (issue 20 item 3): a task is answered under the form version it was
// opened with. The worker runs in this process (startSystem), so the API and the activity that
// writes the answer both see the version this test adds; the workflow never sees a form at all.
let sys: System;
let handler: Api, supervisor: Api;

beforeAll(async () => {
  sys = await startSystem();
  [handler, supervisor] = await Promise.all([apiAs(sys.baseUrl, 'hongta.handler1'), apiAs(sys.baseUrl, 'hongta.supervisor')]);
});
afterAll(async () => {
  FORM_CHANGES.splice(RELEASED_FORM_CHANGES);
  await sys?.stop();
});

async function registerLead(): Promise<{ caseId: string; taskId: string }> {
  const reg = await handler.post('/api/cases', leadBody());
  expect(reg.status, JSON.stringify(reg.body)).toBe(201);
  const caseId = reg.body.caseId as string;
  const task = await eventually(() => sys.prisma.task.findFirst({ where: { caseId, kind: 'FILING_APPROVAL', status: 'OPEN' } }));
  return { caseId, taskId: task.id };
}

describe('versioned task forms', () => {
  it('a task opened before a form gained a required field completes under its own version; one opened after needs the field', async () => {
    const before = await registerLead();
    const version = currentFormVersion();
    expect((await sys.prisma.task.findUniqueOrThrow({ where: { id: before.taskId } })).formVersion).toBe(version);

    // The next release: 立案审批 approval must state its basis.
    FORM_CHANGES.push({ FILING_APPROVAL: { APPROVE: outcome('批准立案', () => z.object({ comment, basis: text('立案依据') }).strict()) } });
    expect(currentFormVersion()).toBe(version + 1);
    const after = await registerLead();
    expect((await sys.prisma.task.findUniqueOrThrow({ where: { id: after.taskId } })).formVersion).toBe(version + 1);

    // Opened before the change: answered as it was shown, without the new field.
    const old = await supervisor.post(`/api/tasks/${before.taskId}/complete`, { outcome: 'APPROVE', data: { comment: '同意立案' } });
    expect(old.status, JSON.stringify(old.body)).toBe(200);
    const closed = await sys.prisma.task.findUniqueOrThrow({ where: { id: before.taskId } });
    expect(closed).toMatchObject({ status: 'COMPLETED', outcome: 'APPROVE', result: { comment: '同意立案' } });
    await eventually(async () => (await sys.prisma.case.findUniqueOrThrow({ where: { id: before.caseId } })).number);

    // Opened after it: the API refuses the same answer, naming the field, before anything is sent.
    const refused = await supervisor.post(`/api/tasks/${after.taskId}/complete`, { outcome: 'APPROVE', data: { comment: '同意立案' } });
    expect(refused.status).toBe(422);
    expect(refused.body.message).toBe('立案依据：请填写立案依据');
    expect(refused.body.details).toEqual({ fields: { basis: '请填写立案依据' } });
    expect((await sys.prisma.task.findUniqueOrThrow({ where: { id: after.taskId } })).status).toBe('OPEN');

    // The activity that writes the answer checks the task's version again, inside the step's
    // transaction: an answer that bypassed the API is refused and nothing of the step is written.
    const { commitTransition } = transitionActivities(sys.prisma);
    const key = `form-versions-test/${after.taskId}`;
    const bypass = commitTransition({ key, effects: [{
      kind: 'closeTask', taskId: after.taskId, status: 'COMPLETED', orgId: 'yx-hongta', taskKind: 'FILING_APPROVAL', caseId: after.caseId,
      result: { taskId: after.taskId, outcome: 'APPROVE', data: { comment: '同意立案' }, completedBy: 'u-hongta-supervisor', completedAt: new Date().toISOString() },
    }] });
    await expect(bypass).rejects.toMatchObject({ type: FAILURE.invalid, message: '立案依据：请填写立案依据', nonRetryable: true });
    expect((await sys.prisma.task.findUniqueOrThrow({ where: { id: after.taskId } })).status).toBe('OPEN');
    expect(await sys.prisma.stepCommit.findUnique({ where: { key } })).toBeNull();
    expect(await sys.prisma.auditEvent.count({ where: { subjectId: after.taskId, action: 'task.completed' } })).toBe(0);

    // With the field, the new version's answer is stored as its schema made it (trimmed).
    const ok = await supervisor.post(`/api/tasks/${after.taskId}/complete`, { outcome: 'APPROVE', data: { comment: '同意立案', basis: '  现场检查发现违法行为  ' } });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.data).toEqual({ comment: '同意立案', basis: '现场检查发现违法行为' });
    expect((await sys.prisma.task.findUniqueOrThrow({ where: { id: after.taskId } })).result).toEqual({ comment: '同意立案', basis: '现场检查发现违法行为' });
  });
});
