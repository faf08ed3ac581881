import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { shanghaiDate } from '../../rules/iso-date.ts';
import type { ScheduledCheck } from '../../rules/plan-schedule.ts';
import { inspectionWorkflowId, planWorkflowId, type InspectionInput, type PlanInput } from '../../workflows/inspection-messages.ts';
import type { Actor } from '../../workflows/messages.ts';
import { taskActions } from '../support/case-driver.ts';
import { eventually } from '../support/system.ts';
import { recordHistory } from '../support/record-history.ts';
import { makePng } from '../support/uploads.ts';
import { startTimeSkippingWithCalendar, type TimeSkippingWithCalendar } from '../support/workflow-env.ts';

// 联合执法 and visit frequency (issue 21 items 3, 5) on the time-skipping server with the real
// activities:峨山's bureau inspects jointly with the city's 市场监管局; the 市场监管 officer signs the
// record in its portal, the hazard in its remit is referred to it, and the bureau's plan sends no
// second visit to the same enterprise. A visit beyond the frequency policy waits for the head.
let t: TimeSkippingWithCalendar;
beforeEach(async () => { t = await startTimeSkippingWithCalendar(); });
afterEach(async () => t?.stop());

const a = (userId: string, orgId: string, roles: Actor['roles']): Actor => ({ userId, name: userId, orgId, roles, certified: true });
const h1 = a('u-eshan-handler1', 'yx-eshan', ['HANDLER']);
const h2 = a('u-eshan-handler2', 'yx-eshan', ['HANDLER']);
const head = a('u-eshan-head', 'yx-eshan', ['HEAD']);
const samr = { ...a('u-samr-receiver', 'yx-dept-samr', ['DEPT_RECEIVER']), certified: false };
const SIGNATURE = `data:image/png;base64,${makePng(120, 40, [20, 20, 20]).toString('base64')}`;
const year = (now: Date) => (now.getUTCMonth() === 11 && now.getUTCDate() > 15 ? now.getUTCFullYear() + 1 : now.getUTCFullYear());

async function startInspection(over: Partial<InspectionInput>) {
  const inspectionId = randomUUID();
  const input: InspectionInput = {
    inspectionId, orgId: 'yx-eshan', enterpriseId: 'ent-eshan-tea', kind: 'AD_HOC', scheduledFor: shanghaiDate(new Date(await t.env.currentTimeMs())),
    officerIds: [h1.userId, h2.userId], createdBy: h1.userId, ...over,
  };
  const handle = await t.env.client.workflow.start('inspectionWorkflow', { args: [input], workflowId: inspectionWorkflowId(inspectionId), taskQueue: t.taskQueue });
  const openTask = (kind: string) => eventually(() => t.prisma.task.findFirst({ where: { workflowId: handle.workflowId, kind, status: 'OPEN' } }), 30_000);
  return { inspectionId, handle, openTask, ...taskActions(handle, openTask, { officers: [h1, h2] }) };
}

describe('联合执法 (joint inspection)', () => {
  it('a joint inspection signed by a department officer refers its hazard to that department and the plan sends no second visit', async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const now = new Date(await t.env.currentTimeMs());
      const j = await startInspection({ participants: [{ orgId: 'yx-dept-samr', roles: ['DEPT_RECEIVER'], officerIds: [samr.userId] }] });
      const participant = await eventually(() => t.prisma.inspectionParticipant.findFirst({ where: { inspectionId: j.inspectionId } }));
      expect(participant).toMatchObject({ orgId: 'yx-dept-samr', officerIds: [samr.userId], signedAt: null });

      await j.complete('INSPECTION_RECORD', h1, 'RECORD', {
        officerIds: [h1.userId, h2.userId], startedAt: now.toISOString(), place: '茶叶加工车间及包装间',
        staffPresent: [{ name: '普春', position: '主要负责人' }], checklist: [], findings: '与市场监管部门联合检查了加工车间、包装间及食品添加剂库房。',
        hazards: [{ description: '包装间电梯未经定期检验仍在使用', location: '包装间', outsideRemit: true, toOrgId: 'yx-dept-samr', remitReason: '特种设备属市场监督管理部门职责' }],
      });
      // The department signs in its own queue; an officer of the bureau cannot sign for it.
      const sign = await j.openTask('JOINT_SIGNATURE');
      expect(sign.orgId).toBe('yx-dept-samr');
      expect(await j.refused('JOINT_SIGNATURE', h1, 'SIGN', { image: SIGNATURE })).toMatch(/不属于承办该任务的单位/);
      await j.complete('JOINT_SIGNATURE', samr, 'SIGN', { image: SIGNATURE, via: 'PORTAL' });

      const end = await j.handle.result();
      expect(end).toMatchObject({ status: 'CLOSED', result: 'REFERRED', signedBy: ['yx-dept-samr'], referrals: [`${j.inspectionId}-h1`] });
      const referral = await eventually(() => t.prisma.referral.findUnique({ where: { id: `${j.inspectionId}-h1` } }));
      expect(referral).toMatchObject({ fromOrgId: 'yx-eshan', toOrgId: 'yx-dept-samr', enterpriseId: 'ent-eshan-tea' });
      const signed = await t.prisma.inspectionParticipant.findFirstOrThrow({ where: { inspectionId: j.inspectionId } });
      expect(signed).toMatchObject({ signedById: samr.userId, signedVia: 'PORTAL' });
      expect(signed.signatureSha256).toMatch(/^[0-9a-f]{64}$/);
      await recordHistory(t.env.client, 'inspection/joint-signed-referred', j.handle.workflowId);

      // 峨山's plan has the tea factory once this year: the joint visit made that check.
      const y = year(now);
      const input: PlanInput = { planId: `yx-eshan-${y}`, orgId: 'yx-eshan', year: y, keyEnterprises: [{ enterpriseId: 'ent-eshan-tea', perYear: 1 }],
        randomChecks: 0, focusIndustries: [], withExpert: false, createdBy: h1 };
      const plan = await t.env.client.workflow.start('annualPlanWorkflow', { args: [input], workflowId: planWorkflowId('yx-eshan', y), taskQueue: t.taskQueue });
      const approval = await eventually(() => t.prisma.task.findFirst({ where: { workflowId: plan.workflowId, kind: 'PLAN_APPROVAL', status: 'OPEN' } }));
      await taskActions(plan, async () => approval).complete('PLAN_APPROVAL', head, 'APPROVE', {});
      const state = await plan.result();
      expect(state).toMatchObject({ status: 'COMPLETED', scheduled: 1, started: 1, covered: 1 });
      const schedule = ((await t.prisma.inspectionPlan.findUniqueOrThrow({ where: { id: input.planId } })).data as unknown as { schedule: ScheduledCheck[] }).schedule;
      expect(schedule.map((c) => c.enterpriseId)).toEqual(['ent-eshan-tea']);
      expect(await t.prisma.planCheckCover.findMany({ where: { planId: input.planId } })).toEqual([expect.objectContaining({ ref: schedule[0]!.ref, inspectionId: j.inspectionId })]);
      // No second visit: the plan started no inspection of its own.
      expect(await t.prisma.inspection.count({ where: { planId: input.planId } })).toBe(0);
      await recordHistory(t.env.client, 'annual-plan/joint-visit-covered', plan.workflowId);
    });
  });

  it('a participant who does not sign in time is noted as unsigned and the inspection still closes', async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const now = new Date(await t.env.currentTimeMs());
      const j = await startInspection({ enterpriseId: 'ent-eshan-quarry', participants: [{ orgId: 'yx-dept-natres', roles: ['DEPT_RECEIVER'], officerIds: ['u-natres-receiver'] }] });
      await j.complete('INSPECTION_RECORD', h1, 'RECORD', {
        officerIds: [h1.userId, h2.userId], startedAt: now.toISOString(), place: '采场及炸药库', staffPresent: [{ name: '柏光明', position: '主要负责人' }],
        checklist: [], findings: '联合检查未发现问题。', hazards: [],
      });
      await j.openTask('JOINT_SIGNATURE');
      const end = await j.handle.result();
      expect(end).toMatchObject({ status: 'CLOSED', result: 'NO_ISSUE', signedBy: [] });
      expect((await t.prisma.inspectionParticipant.findFirstOrThrow({ where: { inspectionId: j.inspectionId } })).signedAt).toBeNull();
      const events = ((await t.prisma.inspection.findUniqueOrThrow({ where: { id: j.inspectionId } })).data as { events: { action: string }[] }).events.map((e) => e.action);
      expect(events).toContain('inspection.joint_unsigned');
      await recordHistory(t.env.client, 'inspection/joint-unsigned', j.handle.workflowId);
    });
  });
});

describe('visit frequency (检查频次)', () => {
  const overLimit = { reason: '群众反映该企业夜间违规生产，需再次核查', count: 2, limit: 2, windowMonths: 12 };

  it('a visit over the limit that the head refuses is not made: no notice, closed as not approved', async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const v = await startInspection({ enterpriseId: 'ent-eshan-explosive', overLimit });
      const task = await v.openTask('VISIT_OVER_LIMIT');
      expect(task.candidateRoles).toEqual(['HEAD']);
      expect(task.payload).toMatchObject({ reason: overLimit.reason, count: 2, limit: 2 });
      expect(await v.refused('VISIT_OVER_LIMIT', h1, 'APPROVE', {})).toMatch(/角色/);
      await v.complete('VISIT_OVER_LIMIT', head, 'REJECT', { reason: '近期已检查两次，改为书面核查' });
      expect(await v.handle.result()).toMatchObject({ status: 'CLOSED', result: 'NOT_APPROVED' });
      const row = await t.prisma.inspection.findUniqueOrThrow({ where: { id: v.inspectionId } });
      expect(row).toMatchObject({ status: 'CLOSED', result: 'NOT_APPROVED', noticeNumber: null });
      await recordHistory(t.env.client, 'inspection/over-limit-refused', v.handle.workflowId);
    });
  });

  it('a visit over the limit that the head approves goes ahead with its notice', async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const v = await startInspection({ enterpriseId: 'ent-eshan-explosive', overLimit });
      await v.complete('VISIT_OVER_LIMIT', head, 'APPROVE', { comment: '同意，注意减少对企业生产的影响' });
      await v.openTask('INSPECTION_RECORD');
      const row = await eventually(async () => { const r = await t.prisma.inspection.findUnique({ where: { id: v.inspectionId } }); return !!r?.noticeNumber && r; });
      expect(row.status).toBe('NOTIFIED');
      const events = (row.data as { events: { action: string; by: string | null }[] }).events;
      expect(events).toContainEqual(expect.objectContaining({ action: 'inspection.over_limit_approved', by: head.userId }));
      await recordHistory(t.env.client, 'inspection/over-limit-approved', v.handle.workflowId);
      await v.handle.terminate('test over');
    });
  });

  it('no answer from the head within the limit: the visit is not made', async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const v = await startInspection({ enterpriseId: 'ent-eshan-explosive', overLimit });
      await v.openTask('VISIT_OVER_LIMIT');
      expect(await v.handle.result()).toMatchObject({ result: 'NOT_APPROVED' });
      expect((await t.prisma.inspection.findUniqueOrThrow({ where: { id: v.inspectionId } })).noticeNumber).toBeNull();
    });
  });
});
