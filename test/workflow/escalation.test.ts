// 逾期升级 (issue 8) on the time-skipping server: the near-due warning at due − ESCALATION_WARNING,
// the ladder team lead → head → city supervisor with an ESCALATION task at each rung, and each
// action (reassign, extend where the law allows it, take over, comment) with its audit trail.
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { computeDue, computeLatestBefore } from '../../rules/calendar.ts';
import { deadlineRule } from '../../rules/deadlines.ts';
import { createHolidayCalendar } from '../../rules/holiday-calendar.ts';
import type { CaseInput } from '../../workflows/case-input.ts';
import {
  caseWorkflowId, completeTaskUpdate, requestExtensionUpdate, requestPreservationUpdate, type Actor, type CompleteTaskInput,
} from '../../workflows/messages.ts';
import { formChecked } from '../support/case-driver.ts';
import { eventually } from '../support/system.ts';
import { recordHistory } from '../support/record-history.ts';
import { startTimeSkipping, testDataConverter } from '../support/workflow-env.ts';
import { expectRefused } from '../support/refusal.ts';
import { FAILURE } from '../../workflows/messages.ts';

let t: Awaited<ReturnType<typeof startTimeSkipping>>;
beforeAll(async () => { t = await startTimeSkipping(); });
afterAll(async () => t?.stop());

const officer = (username: string, orgId: string, roles: Actor['roles']): Actor => ({
  userId: `u-${username.replace(/\./g, '-')}`, name: username, orgId, roles, certified: true,
});
const handler1 = officer('hongta.handler1', 'yx-hongta', ['HANDLER']);
const handler2 = officer('hongta.handler2', 'yx-hongta', ['HANDLER']);
const supervisor = officer('hongta.supervisor', 'yx-hongta', ['SUPERVISOR']);
const head = officer('hongta.head', 'yx-hongta', ['HEAD']);
const city = officer('city.supervisor', 'yx-city', ['CITY_SUPERVISOR']);

const input = (at: Date): CaseInput => ({
  caseId: randomUUID(), orgId: 'yx-hongta', orgLevel: 'COUNTY', parentOrgId: 'yx-city', procedure: 'GENERAL',
  party: { kind: 'ORG', name: '升级测试公司', idNumber: '91530402MA6K00000X' },
  catalog: { code: 'AQ-099-1', name: '未设置安全警示标志', fineMinFen: 0, fineMaxFen: 5_000_000, penaltyTypes: ['WARNING', 'FINE'] },
  source: 'INSPECTION', facts: '未设置安全警示标志', occurredAt: at.toISOString(), harmToLife: false,
  registeredBy: handler1.userId, registeredAt: at.toISOString(),
});

type Handle = WorkflowHandle;
/** As the API completes a task: the task's form checked first (a refusal throws its message), then the Update. */
const complete = async (h: Handle, i: CompleteTaskInput) => {
  const row = await t.prisma.task.findUniqueOrThrow({ where: { id: i.taskId } });
  const data = formChecked(row.kind, i.outcome, i.data, row.formVersion);
  return h.executeUpdate(completeTaskUpdate, { args: [{ ...i, data }], updateId: `${i.taskId}-${i.outcome}-${randomUUID()}` });
};
const task = (where: object) => eventually(() => t.prisma.task.findFirst({ where }));
const escalation = (taskId: string, level: number) => eventually(() => t.prisma.escalation.findFirst({ where: { taskId, level } }));
const resolved = (id: string) => eventually(async () => {
  const e = await t.prisma.escalation.findUniqueOrThrow({ where: { id } });
  return e.resolvedAt ? e : undefined;
});
const audits = (subjectId: string, action: string) => t.prisma.auditEvent.findMany({ where: { subjectId, action } });
/** Lets the test server's time (ahead of the wall clock once skipped) run a minute past `at`. */
const sleepUntil = async (at: Date | string, offset: number) => t.env.sleep(Math.max(1, new Date(at).getTime() - await t.env.currentTimeMs() + offset));
const sleepPast = (at: Date | string) => sleepUntil(at, 60_000);

/**
 * Ends a run once it only waits (no activity or workflow task in flight: a run terminated
 * mid-activity keeps the time-skipping server from skipping time for the next test), after
 * replaying its history: the new timers, activities and tasks must be deterministic too.
 */
async function stop(h: Handle): Promise<void> {
  for (let quiet = 0; quiet < 2; ) {
    const d = await h.describe();
    quiet = (d.raw.pendingActivities ?? []).length === 0 && !d.raw.pendingWorkflowTask ? quiet + 1 : 0;
    await new Promise((r) => setTimeout(r, 200));
  }
  await Worker.runReplayHistory({ workflowBundle: { codePath: inject('workflowBundlePath') }, dataConverter: testDataConverter() }, await h.fetchHistory(), h.workflowId);
  await h.terminate('test done');
}

async function start(): Promise<{ h: Handle; args: CaseInput }> {
  const args = input(new Date(await t.env.currentTimeMs()));
  const h = await t.env.client.workflow.start('caseWorkflow', { args: [args], workflowId: caseWorkflowId(args.caseId), taskQueue: t.taskQueue });
  return { h, args };
}

describe('a late step climbs the ladder', () => {
  it('warns 2 working days before the 7-working-day disposal limit, then escalates to the team lead, the head and the city', async () => {
    const { h, args } = await start();
    await (await t.worker()).runUntil(async () => {
      const filing = await task({ caseId: args.caseId, kind: 'FILING_APPROVAL' });
      await complete(h, { taskId: filing.id, actor: supervisor, outcome: 'APPROVE', data: {} });
      await task({ caseId: args.caseId, kind: 'INVESTIGATION' });
      await h.executeUpdate(requestPreservationUpdate, { args: [{ actor: handler1, items: [{ name: '灭火器', spec: 'MFZ/ABC4', quantity: 3, unit: '具', keptAt: '企业仓库' }], urgent: false }] });
      const approval = await task({ caseId: args.caseId, kind: 'PRESERVATION_APPROVAL' });
      await complete(h, { taskId: approval.id, actor: head, outcome: 'APPROVE', data: {} });
      const step = await task({ caseId: args.caseId, kind: 'PRESERVATION_DISPOSAL' });

      const years = await t.prisma.holidayYear.findMany({ select: { year: true, holidays: true, workdays: true } });
      const calendar = createHolidayCalendar(years);
      const approvedAt = (await eventually(() => t.prisma.task.findFirst({ where: { id: approval.id, status: 'COMPLETED' } }))).completedAt!;
      const due = computeDue(deadlineRule('PRESERVATION_DECISION'), approvedAt, calendar);
      expect(step.dueAt!.toISOString()).toBe(new Date(due.dueAt).toISOString());
      const warnAt = new Date(computeLatestBefore(deadlineRule('ESCALATION_WARNING'), new Date(step.dueAt!.getTime() - 1), calendar).dueAt);
      expect(warnAt.getTime()).toBeLessThan(step.dueAt!.getTime());

      // The warning: not a minute early, then once, with its audit event.
      await sleepUntil(warnAt, -60_000);
      expect((await t.prisma.task.findUniqueOrThrow({ where: { id: step.id } })).warnedAt).toBeNull();
      await t.env.sleep(120_000);
      const warned = await eventually(async () => (await t.prisma.task.findUniqueOrThrow({ where: { id: step.id } })).warnedAt);
      expect(warned.getTime()).toBeGreaterThanOrEqual(warnAt.getTime());
      expect(await audits(step.id, 'task.near_due')).toHaveLength(1);
      expect(await t.prisma.escalation.count({ where: { taskId: step.id } })).toBe(0);

      // At the limit: the team lead gets an ESCALATION task with the step's context.
      await sleepPast(step.dueAt!);
      const e1 = await escalation(step.id, 1);
      expect(e1).toMatchObject({ toOrgId: 'yx-hongta', toRole: 'SUPERVISOR', orgId: 'yx-hongta', caseId: args.caseId, kind: 'PRESERVATION_DISPOSAL', outcome: null });
      expect(e1.dueAt.toISOString()).toBe(step.dueAt!.toISOString());
      const t1 = await t.prisma.task.findUniqueOrThrow({ where: { id: e1.id } });
      expect(t1).toMatchObject({ kind: 'ESCALATION', orgId: 'yx-hongta', candidateRoles: ['SUPERVISOR'], status: 'OPEN' });
      expect(t1.payload).toMatchObject({ escalation: { taskId: step.id, title: step.title, level: 1, dueAt: step.dueAt!.toISOString(), extension: null } });
      const stepRow = await t.prisma.task.findUniqueOrThrow({ where: { id: step.id } });
      expect(stepRow).toMatchObject({ escalationLevel: 1, candidateRoles: ['HANDLER', 'SUPERVISOR'] });
      expect((await audits(step.id, 'task.escalated'))[0]!.data).toMatchObject({ escalationId: e1.id, level: 1, to: 'SUPERVISOR' });

      // The law gives the disposal decision no extension (AB25 Art 43): refused, nothing recorded.
      await expectRefused(complete(h, { taskId: e1.id, actor: supervisor, outcome: 'EXTEND', data: { reason: '物品较多' } }), FAILURE.invalid, /法律没有规定该环节的期限可以延长/);

      // Nobody acts within the escalation's own period: it goes up to the head, then the city.
      await sleepPast(t1.dueAt!);
      expect(await resolved(e1.id)).toMatchObject({ outcome: 'ESCALATED', actorId: null });
      const e2 = await escalation(step.id, 2);
      expect(e2).toMatchObject({ toOrgId: 'yx-hongta', toRole: 'HEAD' });
      expect(await t.prisma.task.findUniqueOrThrow({ where: { id: e1.id } })).toMatchObject({ status: 'EXPIRED' });
      const t2 = await t.prisma.task.findUniqueOrThrow({ where: { id: e2.id } });
      await sleepPast(t2.dueAt!);
      expect(await resolved(e2.id)).toMatchObject({ outcome: 'ESCALATED' });
      const e3 = await escalation(step.id, 3);
      expect(e3).toMatchObject({ toOrgId: 'yx-city', toRole: 'CITY_SUPERVISOR', orgId: 'yx-hongta' });
      const t3 = await t.prisma.task.findUniqueOrThrow({ where: { id: e3.id } });
      expect(t3).toMatchObject({ orgId: 'yx-city', candidateRoles: ['CITY_SUPERVISOR'], caseId: args.caseId });
      expect((await t.prisma.task.findUniqueOrThrow({ where: { id: step.id } })).candidateRoles).toEqual(['HANDLER', 'SUPERVISOR', 'HEAD']);

      // The city may not do the county's step itself, nor hand it to an officer without a certificate.
      await expectRefused(complete(h, { taskId: e3.id, actor: city, outcome: 'TAKE_OVER', data: {} }), FAILURE.invalid, /上级机关不能代替/);
      await expectRefused(complete(h, { taskId: e3.id, actor: city, outcome: 'REASSIGN', data: { officerIds: [handler2.userId] }, officers: [{ ...handler2, certified: false }] }), FAILURE.invalid, /执法证/);
      await expectRefused(complete(h, { taskId: e3.id, actor: city, outcome: 'REASSIGN', data: { officerIds: ['u-city-legal'] }, officers: [officer('city.legal', 'yx-city', ['LEGAL_REVIEWER'])] }), FAILURE.invalid, /不属于承办该环节的单位/);

      await complete(h, { taskId: e3.id, actor: city, outcome: 'REASSIGN', data: { officerIds: [handler2.userId], comment: '改由二号承办' }, officers: [handler2] });
      expect(await resolved(e3.id)).toMatchObject({ outcome: 'REASSIGNED', actorId: city.userId, comment: '改由二号承办' });
      await eventually(async () => (await t.prisma.task.findUniqueOrThrow({ where: { id: step.id } })).claimedById === handler2.userId);
      const reassigned = await audits(step.id, 'task.reassigned');
      expect(reassigned).toHaveLength(1);
      expect(reassigned[0]).toMatchObject({ actorId: city.userId, data: { escalationId: e3.id, to: handler2.userId } });
      expect((await audits(e3.id, 'escalation.resolved'))[0]!.data).toMatchObject({ outcome: 'REASSIGNED', level: 3, taskId: step.id });

      // The reassigned officer decides; nothing stays open for the step.
      await complete(h, { taskId: step.id, actor: handler2, outcome: 'RELEASE', data: {} });
      await eventually(async () => (await t.prisma.task.findUniqueOrThrow({ where: { id: step.id } })).status === 'COMPLETED');
      expect(await t.prisma.task.count({ where: { kind: 'ESCALATION', caseId: args.caseId, status: 'OPEN' } })).toBe(0);
      await recordHistory(t.env.client, 'case/escalation-ladder-warned-reassigned', h.workflowId);
      await stop(h);
    });
  });
});

describe('what the escalated-to person does', () => {
  /** The filing approval is the team lead's own step: its first escalation goes to the head. */
  async function filingEscalated() {
    const { h, args } = await start();
    const step = await task({ caseId: args.caseId, kind: 'FILING_APPROVAL' });
    await sleepPast(step.dueAt!);
    const e = await escalation(step.id, 2);
    expect(e).toMatchObject({ toOrgId: 'yx-hongta', toRole: 'HEAD' });
    return { h, args, step, e };
  }

  it('the head extends the filing review by the 5 working days the law allows, once; the city comments when the extension runs out too', async () => {
    await (await t.worker()).runUntil(async () => {
      const { h, step, e } = await filingEscalated();
      const t2 = await t.prisma.task.findUniqueOrThrow({ where: { id: e.id } });
      expect(t2.payload).toMatchObject({ escalation: { extension: { deadlineId: 'FILING_DECISION_EXTENSION' } } });
      // Only the 负责人 approves it (AB25 Art 34 ①); a team lead who also holds the task's role cannot.
      await expectRefused(complete(h, { taskId: e.id, actor: { ...head, certified: false }, outcome: 'EXTEND', data: { reason: '需进一步核查' } }), FAILURE.invalid, /执法证/);
      await complete(h, { taskId: e.id, actor: head, outcome: 'EXTEND', data: { reason: '需进一步核查' } });
      expect(await resolved(e.id)).toMatchObject({ outcome: 'EXTENDED', actorId: head.userId, comment: '需进一步核查' });
      expect((await audits(e.id, 'escalation.resolved'))[0]!.data).toMatchObject({ deadlineId: 'FILING_DECISION_EXTENSION', approvedBy: head.userId });

      const years = await t.prisma.holidayYear.findMany({ select: { year: true, holidays: true, workdays: true } });
      const extended = computeDue(deadlineRule('FILING_DECISION_EXTENSION'), new Date(step.dueAt!.getTime() - 1), createHolidayCalendar(years));
      const row = await eventually(async () => {
        const r = await t.prisma.task.findUniqueOrThrow({ where: { id: step.id } });
        return r.dueAt?.toISOString() === new Date(extended.dueAt).toISOString() ? r : undefined;
      });
      expect(row.status).toBe('OPEN');
      expect(await audits(step.id, 'task.due_recomputed')).toHaveLength(1);
      // The case's own extension request cannot extend it a second time.
      await expectRefused(h.executeUpdate(requestExtensionUpdate, { args: [{ actor: handler1, reason: '再延长' }] }), FAILURE.conflict, /只能延长一次/);

      // The extended limit passes too: the next rung is the city, which may not extend again.
      await sleepPast(row.dueAt!);
      const e3 = await escalation(step.id, 3);
      expect(e3.toOrgId).toBe('yx-city');
      expect((await t.prisma.task.findUniqueOrThrow({ where: { id: step.id } })).warnedAt!.getTime()).toBeGreaterThan(step.dueAt!.getTime());
      expect(await audits(step.id, 'task.near_due')).toHaveLength(2);
      await expectRefused(complete(h, { taskId: e3.id, actor: city, outcome: 'EXTEND', data: { reason: '再延长' } }), FAILURE.invalid, /已经延长过一次/);
      // An empty 督办意见 is refused by the form (the API's check), before the workflow hears of it.
      await expect(complete(h, { taskId: e3.id, actor: city, outcome: 'COMMENT', data: {} })).rejects.toThrow(/督办意见：请填写督办意见/);
      await complete(h, { taskId: e3.id, actor: city, outcome: 'COMMENT', data: { comment: '请于本周内作出立案决定并报市局' } });
      expect(await resolved(e3.id)).toMatchObject({ outcome: 'COMMENTED', actorId: city.userId, comment: '请于本周内作出立案决定并报市局' });
      expect(await audits(e3.id, 'escalation.resolved')).toHaveLength(1);
      await recordHistory(t.env.client, 'case/escalation-extended-city-commented', h.workflowId);
      await stop(h);
    });
  });

  it('the head takes the step over and decides it; a step done while its escalation is open closes the escalation', async () => {
    await (await t.worker()).runUntil(async () => {
      const { h, args, step, e } = await filingEscalated();
      await complete(h, { taskId: e.id, actor: head, outcome: 'TAKE_OVER', data: { comment: '本人办理' } });
      expect(await resolved(e.id)).toMatchObject({ outcome: 'TAKEN_OVER', actorId: head.userId });
      await eventually(async () => (await t.prisma.task.findUniqueOrThrow({ where: { id: step.id } })).claimedById === head.userId);
      expect(await audits(step.id, 'task.taken_over')).toHaveLength(1);
      // Taken over: the team lead may no longer decide it, the head does.
      await expectRefused(complete(h, { taskId: step.id, actor: supervisor, outcome: 'APPROVE', data: {} }), FAILURE.conflict, /任务已由他人认领/);
      await complete(h, { taskId: step.id, actor: head, outcome: 'APPROVE', data: {} });
      await eventually(async () => (await t.prisma.case.findUniqueOrThrow({ where: { id: args.caseId } })).number);
      await recordHistory(t.env.client, 'case/escalation-taken-over', h.workflowId);
      await stop(h);

      const other = await filingEscalated();
      await complete(other.h, { taskId: other.step.id, actor: supervisor, outcome: 'APPROVE', data: {} });
      expect(await resolved(other.e.id)).toMatchObject({ outcome: 'STEP_DONE', actorId: null });
      expect(await t.prisma.task.findUniqueOrThrow({ where: { id: other.e.id } })).toMatchObject({ status: 'CANCELLED' });
      await stop(other.h);
    });
  });
});
