import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeDue, workingDaysBetween } from '../../rules/calendar.ts';
import { deadlineRule } from '../../rules/deadlines.ts';
import { createHolidayCalendar } from '../../rules/holiday-calendar.ts';
import type { CaseInput } from '../../workflows/case-input.ts';
import { caseWorkflowId, completeTaskUpdate, requestExtensionUpdate, type Actor } from '../../workflows/messages.ts';
import { eventually } from '../support/system.ts';
import { recordHistory } from '../support/record-history.ts';
import { startTimeSkipping } from '../support/workflow-env.ts';
import { expectRefused } from '../support/refusal.ts';
import { FAILURE } from '../../workflows/messages.ts';

const shanghaiDate = (d: Date) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(d);

let t: Awaited<ReturnType<typeof startTimeSkipping>>;
beforeAll(async () => { t = await startTimeSkipping(); });
afterAll(async () => t?.stop());

const input = (registeredAt: Date): CaseInput => ({
  caseId: randomUUID(), orgId: 'yx-hongta', orgLevel: 'COUNTY', parentOrgId: 'yx-city', procedure: 'GENERAL',
  party: { kind: 'ORG', name: '测试公司', idNumber: '91530402MA6K00000X' },
  catalog: { code: 'AQ-099-1', name: '未设置安全警示标志', fineMinFen: 0, fineMaxFen: 5_000_000, penaltyTypes: ['WARNING', 'FINE'] },
  source: 'INSPECTION', facts: '未设置安全警示标志', occurredAt: registeredAt.toISOString(), harmToLife: false,
  registeredBy: 'u-hongta-handler1', registeredAt: registeredAt.toISOString(),
});
const head: Actor = { userId: 'u-hongta-head', name: '局长', orgId: 'yx-hongta', roles: ['HEAD'], certified: true };
const supervisor: Actor = { userId: 'u-hongta-supervisor', name: '队长', orgId: 'yx-hongta', roles: ['SUPERVISOR'], certified: true };

describe('立案审批 timer', () => {
  it('when nobody decides within 5 working days, the task escalates to the head at exactly the due time', async () => {
    const registeredAt = new Date();
    const args = input(registeredAt);
    await (await t.worker()).runUntil(async () => {
      const handle = await t.env.client.workflow.start('caseWorkflow', { args: [args], workflowId: caseWorkflowId(args.caseId), taskQueue: t.taskQueue });
      const task = await eventually(() => t.prisma.task.findFirst({ where: { caseId: args.caseId, kind: 'FILING_APPROVAL' } }));

      const expected = computeDue(deadlineRule('FILING_DECISION'), registeredAt.toISOString(), createHolidayCalendar([]));
      expect(task.dueAt?.toISOString()).toBe(new Date(expected.dueAt).toISOString());
      expect(workingDaysBetween(shanghaiDate(registeredAt), expected.lastDay, createHolidayCalendar([]))).toBe(5);

      const untilDue = task.dueAt!.getTime() - Date.now();
      await t.env.sleep(untilDue - 60_000);
      expect((await t.prisma.task.findUniqueOrThrow({ where: { id: task.id } })).escalationLevel).toBe(0);

      await t.env.sleep(120_000);
      const escalated = await eventually(async () => {
        const row = await t.prisma.task.findUniqueOrThrow({ where: { id: task.id } });
        return row.escalationLevel === 1 ? row : undefined;
      });
      expect(escalated.candidateRoles).toEqual(['SUPERVISOR', 'HEAD']);
      expect(await t.prisma.auditEvent.count({ where: { subjectId: task.id, action: 'task.escalated' } })).toBe(1);

      const result = await handle.executeUpdate(completeTaskUpdate, {
        args: [{ taskId: task.id, actor: head, outcome: 'APPROVE', data: {} }], updateId: task.id,
      });
      expect(result.completedBy).toBe(head.userId);
      await eventually(async () => (await t.prisma.case.findUniqueOrThrow({ where: { id: args.caseId } })).number);
      await handle.terminate('test finished');
    });
  });

  it('the 5 working days count from when the lead was received (AB25 Art 34 ①), not from its registration', async () => {
    const registeredAt = new Date();
    const receivedAt = new Date(registeredAt.getTime() - 3 * 86_400_000).toISOString();
    const args = { ...input(registeredAt), occurredAt: receivedAt, receivedAt };
    await (await t.worker()).runUntil(async () => {
      const handle = await t.env.client.workflow.start('caseWorkflow', { args: [args], workflowId: caseWorkflowId(args.caseId), taskQueue: t.taskQueue });
      const task = await eventually(() => t.prisma.task.findFirst({ where: { caseId: args.caseId, kind: 'FILING_APPROVAL' } }));
      const expected = computeDue(deadlineRule('FILING_DECISION'), receivedAt, createHolidayCalendar([]));
      expect(task.dueAt?.toISOString()).toBe(new Date(expected.dueAt).toISOString());
      await handle.terminate('test finished');
    });
  });

  it('a rejection ends the workflow with the case not filed', async () => {
    // The server's clock, not the wall clock: the first test skipped it days ahead, and a case
    // registered "now" by the wall clock would be overdue (and escalated) at once.
    const args = input(new Date(await t.env.currentTimeMs()));
    await (await t.worker()).runUntil(async () => {
      const handle = await t.env.client.workflow.start('caseWorkflow', { args: [args], workflowId: caseWorkflowId(args.caseId), taskQueue: t.taskQueue });
      const task = await eventually(() => t.prisma.task.findFirst({ where: { caseId: args.caseId, kind: 'FILING_APPROVAL' } }));
      await expectRefused(handle.executeUpdate(completeTaskUpdate, {
        args: [{ taskId: task.id, actor: { ...supervisor, certified: false }, outcome: 'APPROVE', data: {} }],
      }), FAILURE.forbidden, /执法证/);
      await handle.executeUpdate(completeTaskUpdate, {
        args: [{ taskId: task.id, actor: supervisor, outcome: 'REJECT', data: { reason: '证据不足' } }], updateId: task.id,
      });
      const state = await handle.result();
      expect(state).toMatchObject({ stage: 'NOT_FILED', status: 'REJECTED' });
      await recordHistory(t.env.client, 'case/filing-rejected', handle.workflowId);
    });
  });
});

describe('立案审批 due dates across holidays', () => {
  it('a lead received on Fri 2025-09-26 is due at 24:00 on 2025-10-10: Sun 9-28 is worked, 10-1 to 10-8 are off', async () => {
    const args = input(new Date('2025-09-26T02:00:00Z'));
    await (await t.worker()).runUntil(async () => {
      const handle = await t.env.client.workflow.start('caseWorkflow', { args: [args], workflowId: caseWorkflowId(args.caseId), taskQueue: t.taskQueue });
      const task = await eventually(() => t.prisma.task.findFirst({ where: { caseId: args.caseId, kind: 'FILING_APPROVAL' } }));
      expect(task.dueAt?.toISOString()).toBe('2025-10-10T16:00:00.000Z');
      // long past, so the workflow escalates at once
      await eventually(async () => (await t.prisma.task.findUniqueOrThrow({ where: { id: task.id } })).escalationLevel === 1);
      await handle.terminate('test done');
    });
  });

  it('the head may extend the filing review by 5 working days, counted from the end of the first period', async () => {
    const args = input(new Date('2025-09-26T02:00:00Z'));
    await (await t.worker()).runUntil(async () => {
      const handle = await t.env.client.workflow.start('caseWorkflow', { args: [args], workflowId: caseWorkflowId(args.caseId), taskQueue: t.taskQueue });
      const task = await eventually(() => t.prisma.task.findFirst({ where: { caseId: args.caseId, kind: 'FILING_APPROVAL' } }));
      await handle.executeUpdate(requestExtensionUpdate, { args: [{ actor: supervisor, reason: '需进一步核查' }] });
      const approval = await eventually(() => t.prisma.task.findFirst({ where: { caseId: args.caseId, kind: 'EXTENSION_APPROVAL' } }));
      await handle.executeUpdate(completeTaskUpdate, { args: [{ taskId: approval.id, actor: head, outcome: 'APPROVE', data: {} }] });
      // 10-10 + 5 working days: Sat 10-11 is a 调休 working day, then 10-13 … 10-16
      const extended = await eventually(async () => {
        const row = await t.prisma.task.findUniqueOrThrow({ where: { id: task.id } });
        return row.dueAt?.toISOString() === '2025-10-16T16:00:00.000Z' ? row : undefined;
      });
      expect(extended.status).toBe('OPEN');
      await expectRefused(handle.executeUpdate(requestExtensionUpdate, { args: [{ actor: supervisor, reason: '再次延长' }] }), FAILURE.conflict, /立案审查期限只能延长一次/);
      await handle.terminate('test done');
    });
  });
});
