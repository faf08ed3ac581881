import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeDue } from '../../rules/calendar.ts';
import { computeDueWithPauses } from '../../rules/calendar-pauses.ts';
import { deadlineRule } from '../../rules/deadlines.ts';
import { createHolidayCalendar } from '../../rules/holiday-calendar.ts';
import {
  caseStateQuery, pauseClockUpdate, requestExtensionUpdate, requestPreservationUpdate, resumeClockUpdate,
} from '../../workflows/messages.ts';
import { officers, people, startCase } from '../support/case-driver.ts';
import { eventually } from '../support/system.ts';
import { startTimeSkipping } from '../support/workflow-env.ts';
import { expectRefused } from '../support/refusal.ts';
import { FAILURE } from '../../workflows/messages.ts';

// 办案期限: 90 days from 立案, 120 and 180 with approvals, testing time excluded.
let t: Awaited<ReturnType<typeof startTimeSkipping>>;
beforeAll(async () => { t = await startTimeSkipping(); });
afterAll(async () => t?.stop());
const cal = createHolidayCalendar([]);

async function filedCase() {
  const { input, handle, d } = await startCase(t);
  await d.complete('FILING_APPROVAL', people.supervisor, 'APPROVE', {});
  const clock = () => eventually(async () => (await handle.query(caseStateQuery)).decisionClock);
  return { input, handle, d, clock };
}

describe('decision clock (办案期限)', () => {
  it('runs 90 days from filing, stops during testing, and extends to 120 and 180 days with approvals', async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const { handle, d, clock } = await filedCase();
      const filedAt = (await eventually(async () => (await d.caseRow()).filedAt))!.toISOString();
      expect((await clock()).dueAt).toBe(computeDue(deadlineRule('DECISION'), filedAt, cal).dueAt);

      // 检测: the handler asks with the 委托书; the clock runs on until the head approves.
      const commissionedAt = await d.now();
      const commission = { number: '云检委〔2026〕31号', institution: '云南省特种设备安全检测研究院', commissionedAt, subject: '储罐区压力表' };
      await handle.executeUpdate(pauseClockUpdate, { args: [{ actor: people.handler1, reason: '样品送检', commission }] });
      await expectRefused(handle.executeUpdate(pauseClockUpdate, { args: [{ actor: people.handler1, reason: '再次', commission }] }), FAILURE.conflict, /已有中止办案期限的申请在审批中/);
      expect((await handle.query(caseStateQuery)).decisionClock?.paused).toBe(false);
      expect(await d.refused('CLOCK_PAUSE_APPROVAL', people.handler1, 'APPROVE', {})).toMatch(/角色不能办理/);
      await d.complete('CLOCK_PAUSE_APPROVAL', people.head, 'APPROVE', {});
      const pausedState = await eventually(async () => { const s = await handle.query(caseStateQuery); return s.decisionClock?.paused ? s : undefined; });
      const [notice] = await eventually(async () => { const x = await d.documents('TESTING_PERIOD_NOTICE'); return x.length ? x : undefined; });
      expect(notice.number).toMatch(/^红塔应急检告〔\d{4}〕\d+号$/);
      expect(notice.html).toContain('储罐区压力表');
      // The pause counts from the commission (THRESHOLDS.TESTING_PAUSE_FROM_COMMISSION), not from the approval.
      expect(pausedState.clockPauses).toMatchObject([{ from: commissionedAt, kind: 'TESTING', noticeNumber: notice.number, commission }]);
      await d.sleepDays(10);
      // The result cannot predate the pause, nor lie ahead.
      await expectRefused(handle.executeUpdate(resumeClockUpdate, { args: [{ actor: people.handler1, reason: '检测报告已出具', resultAt: new Date(Date.parse(commissionedAt) - 86_400_000).toISOString() }] }), FAILURE.invalid, /结果作出日期.*不能早于办案期限中止的起始日期/);
      await expectRefused(handle.executeUpdate(resumeClockUpdate, { args: [{ actor: people.handler1, reason: '检测报告已出具', resultAt: new Date(Date.parse(await d.now()) + 86_400_000).toISOString() }] }), FAILURE.invalid, /不能晚于当前时间/);
      const resultAt = await d.now();
      await handle.executeUpdate(resumeClockUpdate, { args: [{ actor: people.handler1, reason: '检测报告已出具', resultAt }] });
      const resumed = await eventually(async () => { const c = await handle.query(caseStateQuery); return c.decisionClock?.paused === false ? c.decisionClock : undefined; });
      // The due date moves by the paused days as recorded (a plain due date rolled off a weekend
      // can make the visible shift shorter than the pause, so compare with the rule itself).
      const at = async (action: string) => ((await t.prisma.auditEvent.findFirstOrThrow({
        where: { caseId: (await d.caseRow()).id, action } })).data as { at: string }).at;
      const pause = { from: await at('clock.paused'), to: await at('clock.resumed') };
      expect(pause).toEqual({ from: commissionedAt, to: resultAt });
      expect(Date.parse(pause.to) - Date.parse(pause.from)).toBeGreaterThanOrEqual(10 * 86_400_000);
      expect(resumed.dueAt).toBe(computeDueWithPauses(deadlineRule('DECISION'), filedAt, [pause], cal).dueAt);
      const plain = Date.parse(computeDue(deadlineRule('DECISION'), filedAt, cal).dueAt);
      expect(Date.parse(resumed.dueAt!)).toBeGreaterThan(plain + 7 * 86_400_000);

      await handle.executeUpdate(requestExtensionUpdate, { args: [{ actor: people.handler1, reason: '案情复杂需补充鉴定' }] });
      await d.complete('EXTENSION_APPROVAL', people.head, 'APPROVE', {});
      await eventually(async () => (await handle.query(caseStateQuery)).decisionClock?.deadlineId === 'DECISION_EXTENDED');
      await handle.executeUpdate(requestExtensionUpdate, { args: [{ actor: people.handler1, reason: '需上级批准继续延长' }] });
      const cityTask = await d.openTask('EXTENSION_APPROVAL');
      expect(cityTask.orgId).toBe('yx-city');
      await d.complete('EXTENSION_APPROVAL', people.cityHead, 'APPROVE', {});
      await eventually(async () => (await handle.query(caseStateQuery)).decisionClock?.deadlineId === 'DECISION_FURTHER_EXTENDED');
      await expectRefused(handle.executeUpdate(requestExtensionUpdate, { args: [{ actor: people.handler1, reason: '第三次延长' }] }), FAILURE.conflict, /不能再延长/);
      await handle.terminate('test done');
    });
  });

  it('a handler cannot pause the clock: a refused or unapproved request leaves it running, and a commission before 立案 is refused', async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const { handle, d, clock } = await filedCase();
      const before = await clock();
      const filedAt = (await d.caseRow()).filedAt!.toISOString();
      const commission = (commissionedAt: string) => ({ number: '云检委〔2026〕32号', institution: '玉溪市产品质量检验所', commissionedAt, subject: '安全帽抽样' });
      await expectRefused(handle.executeUpdate(pauseClockUpdate, { args: [{ actor: people.handler1, reason: '抽样送检', commission: commission(new Date(Date.parse(filedAt) - 2 * 86_400_000).toISOString()) }] }), FAILURE.invalid, /委托日期.*不能早于立案时间/);
      await expectRefused(handle.executeUpdate(pauseClockUpdate, { args: [{ actor: people.handler1, reason: '00', commission: { ...commission(filedAt), number: '0' } }] }), FAILURE.invalid, /委托书编号/);
      await handle.executeUpdate(pauseClockUpdate, { args: [{ actor: people.handler1, reason: '抽样送检', commission: commission(await d.now()) }] });
      expect(await d.refused('CLOCK_PAUSE_APPROVAL', people.handler2, 'APPROVE', {})).toMatch(/角色不能办理/);
      expect(await d.refused('CLOCK_PAUSE_APPROVAL', people.supervisor, 'APPROVE', {})).toMatch(/角色不能办理/);
      await d.complete('CLOCK_PAUSE_APPROVAL', people.head, 'REJECT', { reason: '无需检测即可认定' });
      await eventually(async () => (await t.prisma.auditEvent.count({ where: { caseId: (await d.caseRow()).id, action: 'clock.pause_refused' } })) === 1);
      const after = await handle.query(caseStateQuery);
      expect(after.decisionClock).toMatchObject({ paused: false, dueAt: before.dueAt });
      expect(after.clockPauses).toEqual([]);
      expect(await d.documents('TESTING_PERIOD_NOTICE')).toEqual([]);
      await expectRefused(handle.executeUpdate(resumeClockUpdate, { args: [{ actor: people.handler1, reason: '恢复', resultAt: await d.now() }] }), FAILURE.conflict, /办案期限未中止/);
      await handle.terminate('test done');
    });
  });

  it('when 90 days pass without a decision, the head gets an overdue task at the due time', async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const { handle, d, clock } = await filedCase();
      const due = Date.parse((await clock()).dueAt!);
      await t.env.sleep(due - Date.parse(await d.now()) - 3_600_000);
      expect(await t.prisma.task.count({ where: { caseId: (await d.caseRow()).id, kind: 'DECISION_OVERDUE' } })).toBe(0);
      await t.env.sleep(2 * 3_600_000);
      const overdue = await d.openTask('DECISION_OVERDUE');
      expect(overdue.candidateRoles).toContain('HEAD');
      await handle.terminate('test done');
    });
  });

  it('先行登记保存 needs approval, blocks the proposal until disposed, and escalates after 7 working days', async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const { handle, d } = await filedCase();
      await d.openTask('INVESTIGATION');
      await handle.executeUpdate(requestPreservationUpdate, { args: [{ actor: people.handler1, items: [{ name: '储罐区台账', spec: '无', quantity: 2, unit: '本', keptAt: '本局证物室' }], urgent: false }] });
      await d.complete('PRESERVATION_APPROVAL', people.head, 'APPROVE', {});
      const disposal = await d.openTask('PRESERVATION_DISPOSAL');
      expect(disposal.dueAt).not.toBeNull();
      expect((await d.documents('PRESERVATION_NOTICE')).length).toBe(1);
      expect(await d.refused('INVESTIGATION', people.handler1, 'PROPOSE', {
        findings: '事实清楚。', penaltyTypes: ['FINE'], fineFen: 8_000_000, officerIds: officers.map((o) => o.userId),
      }, { officers })).toMatch(/先行登记保存/);
      await t.env.sleep(disposal.dueAt!.getTime() - Date.parse(await d.now()) + 60_000);
      const escalated = await eventually(async () => {
        const row = await t.prisma.task.findUniqueOrThrow({ where: { id: disposal.id } });
        return row.escalationLevel === 1 ? row : undefined;
      });
      expect(escalated.candidateRoles).toContain('SUPERVISOR');
      await handle.terminate('test done');
    });
  });
});
