import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeDue } from '../../rules/calendar.ts';
import { deadlineRule } from '../../rules/deadlines.ts';
import { createHolidayCalendar } from '../../rules/holiday-calendar.ts';
import { caseStateQuery, confirmPaymentUpdate, FAILURE } from '../../workflows/messages.ts';
import { expectRefused } from '../support/refusal.ts';
import type { SummaryCaseInput } from '../../workflows/case-input.ts';
import { caseInput, officers, people, startCase } from '../support/case-driver.ts';
import { eventually } from '../support/system.ts';
import { recordHistory } from '../support/record-history.ts';
import { startTimeSkipping } from '../support/workflow-env.ts';

// 执行: late fees accrue 3% a day up to the fine; the court may be asked only after the
// party's remedy periods; the summary procedure files with the bureau within 5 working days.
let t: Awaited<ReturnType<typeof startTimeSkipping>>;
beforeAll(async () => { t = await startTimeSkipping(); });
afterAll(async () => t?.stop());
const cal = createHolidayCalendar([]);

describe('execution (执行)', () => {
  it('late fees cap at the fine, the court step waits for the 6-month window, and payment ends it', async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const { input, handle, d } = await startCase(t);
      await d.complete('FILING_APPROVAL', people.supervisor, 'APPROVE', {});
      await d.complete('INVESTIGATION', people.handler1, 'PROPOSE', {
        findings: '未设置警示标志。', penaltyTypes: ['FINE'], fineFen: 8_000_000, officerIds: officers.map((o) => o.userId),
      }, { officers });
      await d.complete('NOTICE_SERVICE', people.handler1, 'SERVED', { servedAt: await d.now(), method: '直接送达' });
      await d.complete('PARTY_RESPONSE', people.handler1, 'WAIVED', {});
      await d.complete('DECISION', people.head, 'DECIDE', { penaltyTypes: ['FINE'], fineFen: 8_000_000, reasoning: '事实清楚' });
      const servedAt = await d.now();
      await d.complete('DECISION_SERVICE', people.handler1, 'SERVED', { servedAt, method: 'DIRECT' });
      const state = await eventually(async () => { const s = await handle.query(caseStateQuery); return s.paymentDueDay ? s : undefined; });
      expect(state.paymentDueDay).toBe(computeDue(deadlineRule('FINE_PAYMENT'), servedAt, cal).lastDay);

      await d.sleepDays(60); // far past 15 days + 34 days of 3% — the late fee is capped at the fine
      const reminder = await d.openTask('REMINDER_SERVICE');
      expect((await d.documents('REMINDER')).length).toBe(1);
      const paidAt = await d.now();
      await expectRefused(handle.executeUpdate(confirmPaymentUpdate, { args: [{ reference: `a-${input.caseId}`, amountFen: 8_000_000, paidAt, channel: 'bank' }] }), FAILURE.invalid, /16000000/);

      await d.complete('REMINDER_SERVICE', people.handler1, 'SERVED', { servedAt: paidAt });
      await d.sleepDays(90);
      expect(await t.prisma.task.count({ where: { caseId: input.caseId, kind: 'COURT_APPLICATION' } })).toBe(0);
      await d.sleepDays(120); // now past the 6-month suit window from service
      const application = await d.openTask('COURT_APPLICATION');
      const remedyEnd = computeDue(deadlineRule('LITIGATION_DIRECT'), servedAt, cal).dueAt;
      expect(application.dueAt!.toISOString()).toBe(computeDue(deadlineRule('COURT_ENFORCEMENT_APPLICATION'), remedyEnd, cal).dueAt);
      expect(reminder.id).not.toBe(application.id);

      await handle.executeUpdate(confirmPaymentUpdate, { args: [{ reference: `b-${input.caseId}`, amountFen: 16_000_000, paidAt: await d.now(), channel: 'bank' }] });
      await eventually(async () => (await t.prisma.task.findUniqueOrThrow({ where: { id: application.id } })).status === 'CANCELLED');
      await d.complete('CLOSING', people.head, 'APPROVE', { summary: '罚款及加处罚款已缴清。' });
      expect((await handle.result()).status).toBe('ARCHIVED');
      await recordHistory(t.env.client, 'case/unpaid-late-fees-court-window-paid', handle.workflowId);
    });
  });

  it('summary procedure: on-the-spot decision, 备案 within 5 working days, payment, archive', async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const { input, handle, d } = await startCase(t, (now): SummaryCaseInput => ({
        ...caseInput(now), procedure: 'SUMMARY', officerIds: officers.map((o) => o.userId),
        penalty: { penaltyTypes: ['WARNING', 'FINE'], fineFen: 200_000 }, decidedAt: now,
      }), 'summaryCaseWorkflow');
      const now = input.registeredAt;
      const filing = await d.openTask('SUMMARY_FILING');
      expect(filing.dueAt!.toISOString()).toBe(computeDue(deadlineRule('SUMMARY_FILING'), now, cal).dueAt);
      const [decision] = await d.documents('SUMMARY_DECISION');
      expect(decision.number).toMatch(/^红塔应急简罚〔\d{4}〕\d+号$/);
      expect(decision.html).toMatch(/行政复议/);
      await handle.executeUpdate(confirmPaymentUpdate, { args: [{ reference: `s-${input.caseId}`, amountFen: 200_000, paidAt: now, channel: 'bank' }] });
      await d.complete('SUMMARY_FILING', people.supervisor, 'FILED', {});
      await d.complete('CLOSING', people.head, 'APPROVE', { summary: '当场处罚已执行完毕。' });
      expect((await handle.result()).status).toBe('ARCHIVED');
      await recordHistory(t.env.client, 'summary-case/on-the-spot-filed-paid', handle.workflowId);
    });
  });
});
