import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { shanghaiDate } from '../../rules/iso-date.ts';
import { drawChecks, type DrawInputs } from '../../rules/random-draw.ts';
import { startOfInspectionDay, type ScheduledCheck } from '../../rules/plan-schedule.ts';
import { planWorkflowId, type PlanInput } from '../../workflows/inspection-messages.ts';
import { completeTaskUpdate, type Actor } from '../../workflows/messages.ts';
import { expectRefused } from '../support/refusal.ts';
import { eventually } from '../support/system.ts';
import { recordHistory } from '../support/record-history.ts';
import { startTimeSkippingWithCalendar, type TimeSkippingWithCalendar } from '../support/workflow-env.ts';

// 年度执法检查计划 on the time-skipping server: approval → publication → 双随机 draw recorded with its
// seed → the year's checks on working days → one inspection workflow started on each day.
// Each test plans for another county: a bureau has one plan a year.
let t: TimeSkippingWithCalendar;
beforeEach(async () => { t = await startTimeSkippingWithCalendar(); });
afterEach(async () => t?.stop());

const actor = (county: string, who: string, roles: Actor['roles']): Actor => ({ userId: `u-${county}-${who}`, name: who, orgId: `yx-${county}`, roles, certified: true });
// Plans are for this year while enough of it is left, else for the next.
const year = (now: Date) => (now.getUTCMonth() === 11 && now.getUTCDate() > 15 ? now.getUTCFullYear() + 1 : now.getUTCFullYear());

async function start(county: string, over: Partial<PlanInput> = {}) {
  const now = new Date(await t.env.currentTimeMs());
  const y = year(now);
  const input: PlanInput = {
    planId: `yx-${county}-${y}`, orgId: `yx-${county}`, year: y, keyEnterprises: [], randomChecks: 2, focusIndustries: ['危险化学品'], withExpert: true,
    createdBy: actor(county, 'handler1', ['HANDLER']), ...over,
  };
  const handle = await t.env.client.workflow.start('annualPlanWorkflow', { args: [input], workflowId: planWorkflowId(input.orgId, y), taskQueue: t.taskQueue });
  const approve = async (who: Actor, outcome: string, data: Record<string, unknown>) => {
    const task = await eventually(() => t.prisma.task.findFirst({ where: { workflowId: handle.workflowId, kind: 'PLAN_APPROVAL', status: 'OPEN' } }));
    return handle.executeUpdate(completeTaskUpdate, { args: [{ taskId: task.id, actor: who, outcome, data }], updateId: task.id });
  };
  return { input, handle, approve, now };
}

describe('annual inspection plan (年度执法检查计划)', () => {
  it('approved by the head, published with a reproducible draw, and each check started on its working day', async () => {
    await t.prisma.conflictOfInterest.upsert({ where: { officerId_enterpriseId: { officerId: 'u-jiangchuan-handler1', enterpriseId: 'ent-jiangchuan-lpg' } },
      create: { id: 'test-conflict-jc', officerId: 'u-jiangchuan-handler1', enterpriseId: 'ent-jiangchuan-lpg', reason: '配偶在该企业任职' }, update: {} });
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const { input, handle, approve, now } = await start('jiangchuan', { keyEnterprises: [{ enterpriseId: 'ent-jiangchuan-lpg', perYear: 2 }] });
      expect((await eventually(() => t.prisma.inspectionPlan.findUnique({ where: { id: input.planId } }))).status).toBe('AWAITING_APPROVAL');
      // Only the head approves.
      await expectRefused(approve(actor('jiangchuan', 'supervisor', ['SUPERVISOR']), 'APPROVE', {}), 'Forbidden', /的角色不能办理/);
      await approve(actor('jiangchuan', 'head', ['HEAD']), 'APPROVE', { comment: '同意' });
      const plan = await eventually(async () => { const p = await t.prisma.inspectionPlan.findUnique({ where: { id: input.planId } }); return p?.status === 'PUBLISHED' && p; });
      expect(plan.publishedAt).toBeTruthy();
      expect(plan.approvedById).toBe('u-jiangchuan-head');
      const schedule = (plan.data as unknown as { schedule: ScheduledCheck[] }).schedule;
      expect(schedule).toHaveLength(4);
      expect(schedule.filter((c) => c.kind === 'KEY').map((c) => c.enterpriseId)).toEqual(['ent-jiangchuan-lpg', 'ent-jiangchuan-lpg']);
      const today = shanghaiDate(now);
      for (const c of schedule) {
        expect(t.cal.isWorkingDay(c.date), c.date).toBe(true);
        expect(c.date > today).toBe(true);
        expect(c.date.startsWith(String(input.year))).toBe(true);
        expect(c.officerIds).toHaveLength(2);
        expect(new Set(c.officerIds).size).toBe(2);
        if (c.enterpriseId === 'ent-jiangchuan-lpg') expect(c.officerIds).not.toContain('u-jiangchuan-handler1');
      }
      // Random checks come from the rest of the register, not from the key list.
      expect(schedule.filter((c) => c.kind === 'RANDOM').every((c) => c.enterpriseId !== 'ent-jiangchuan-lpg')).toBe(true);

      // The draw is recorded with its seed and inputs, and the same seed gives the same draw.
      const draw = await t.prisma.inspectionDraw.findFirstOrThrow({ where: { planId: input.planId } });
      expect(draw.seed).toMatch(/^[0-9a-f]{32}$/);
      expect(drawChecks(draw.inputs as unknown as DrawInputs)).toEqual(draw.result);
      expect((draw.inputs as unknown as DrawInputs).conflicts).toContainEqual({ officerId: 'u-jiangchuan-handler1', enterpriseId: 'ent-jiangchuan-lpg' });

      // Time runs to the end of the schedule: one inspection per scheduled day, started on that day.
      const end = await handle.result();
      expect(end.status).toBe('COMPLETED');
      expect(end.started).toBe(4);
      const inspections = await eventually(async () => {
        const rows = await t.prisma.inspection.findMany({ where: { planId: input.planId }, orderBy: { id: 'asc' } });
        return rows.length === 4 && rows.every((r) => r.noticeNumber) && rows;
      }, 60_000);
      for (const c of schedule) {
        const row = inspections.find((r) => r.id === `${input.planId}-${c.ref}`)!;
        expect(row.scheduledFor.toISOString().slice(0, 10)).toBe(c.date);
        expect(row.officerIds).toEqual(c.officerIds);
        expect(row.kind).toBe(c.kind);
        expect(row.drawId).toBe(draw.id);
        // Started by the plan's timer at 09:00 Beijing time of the scheduled day (server time), not before.
        const started = (await t.env.client.workflow.getHandle(`inspection-${row.id}`).describe()).startTime.getTime();
        expect(started).toBeGreaterThanOrEqual(startOfInspectionDay(c.date));
        expect(started).toBeLessThan(startOfInspectionDay(c.date) + 3_600_000);
      }
      expect((await t.prisma.inspectionPlan.findUniqueOrThrow({ where: { id: input.planId } })).status).toBe('COMPLETED');
    });
    await t.prisma.conflictOfInterest.delete({ where: { id: 'test-conflict-jc' } });
  });

  it('rejected by the head: nothing is drawn or scheduled', async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const { input, handle, approve } = await start('tonghai');
      await approve(actor('tonghai', 'head', ['HEAD']), 'REJECT', { reason: '重点企业名单不全' });
      expect((await handle.result()).status).toBe('REJECTED');
      const plan = await t.prisma.inspectionPlan.findUniqueOrThrow({ where: { id: input.planId } });
      expect(plan.status).toBe('REJECTED');
      expect(plan.publishedAt).toBeNull();
      expect(await t.prisma.inspectionDraw.count({ where: { planId: input.planId } })).toBe(0);
    });
  });

  it('a long plan continues as new and still starts every check once', async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      // 华宁: three enterprises in the register, one of them key (3 a year), two drawn at random.
      const { input, handle, approve } = await start('huaning', { randomChecks: 2, keyEnterprises: [{ enterpriseId: 'ent-huaning-lime', perYear: 3 }], historyLimit: 40 });
      const firstRun = (await handle.describe()).runId;
      await approve(actor('huaning', 'head', ['HEAD']), 'APPROVE', {});
      const end = await handle.result();
      expect(end.started).toBe(5);
      expect((await t.env.client.workflow.getHandle(handle.workflowId).describe()).runId).not.toBe(firstRun);
      await recordHistory(t.env.client, 'annual-plan/continued-as-new-last-run', handle.workflowId);
      await recordHistory(t.env.client, 'annual-plan/continued-as-new-first-run', handle.workflowId, firstRun);
      expect(await eventually(async () => (await t.prisma.inspection.count({ where: { planId: input.planId } })) === 5)).toBe(true);
    });
  });
});
