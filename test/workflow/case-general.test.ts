import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeDue } from '../../rules/calendar.ts';
import { deadlineRule } from '../../rules/deadlines.ts';
import { createHolidayCalendar } from '../../rules/holiday-calendar.ts';
import { caseStateQuery, confirmPaymentUpdate, FAILURE } from '../../workflows/messages.ts';
import { expectRefused } from '../support/refusal.ts';
import { officers, people, startCase } from '../support/case-driver.ts';
import { eventually } from '../support/system.ts';
import { recordHistory } from '../support/record-history.ts';
import { startTimeSkipping } from '../support/workflow-env.ts';

// 普通程序 end to end on the time-skipping server: every human step done through the same
// Update the API sends, real activities on the test database.
let t: Awaited<ReturnType<typeof startTimeSkipping>>;
beforeAll(async () => { t = await startTimeSkipping(); });
afterAll(async () => t?.stop());
const cal = createHolidayCalendar([]);

async function start(fineFen: number, extra: Record<string, unknown> = {}) {
  const { input, handle, d } = await startCase(t);
  await d.complete('FILING_APPROVAL', people.supervisor, 'APPROVE', {});
  await d.complete('INVESTIGATION', people.handler1, 'PROPOSE', {
    findings: '储罐区未设置安全警示标志，经两名执法人员现场检查属实。', penaltyTypes: ['FINE'], fineFen,
    officerIds: officers.map((o) => o.userId), ...extra,
  }, { officers });
  return { input, handle, d };
}

describe('general procedure (普通程序)', () => {
  it('silence for 5 working days waives the statement; decided, served, paid, closed and archived', async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const { input, handle, d } = await start(8_000_000);
      const servedAt = await d.now();
      await d.complete('NOTICE_SERVICE', people.handler1, 'SERVED', { servedAt, method: '直接送达' });
      const response = await d.openTask('PARTY_RESPONSE');
      expect(response.dueAt!.toISOString()).toBe(computeDue(deadlineRule('STATEMENT_AND_DEFENCE'), servedAt, cal).dueAt);
      await t.env.sleep(response.dueAt!.getTime() - Date.parse(await d.now()) + 60_000);
      await eventually(async () => (await t.prisma.task.findUniqueOrThrow({ where: { id: response.id } })).status === 'EXPIRED');
      expect(await t.prisma.auditEvent.count({ where: { caseId: input.caseId, action: 'notice.waived_by_silence' } })).toBe(1);

      expect(await d.refused('DECISION', people.head, 'DECIDE', { penaltyTypes: ['FINE'], fineFen: 9_000_000, reasoning: '事实清楚' }))
        .toMatch(/重于已告知/);
      await d.complete('DECISION', people.head, 'DECIDE', { penaltyTypes: ['FINE'], fineFen: 8_000_000, reasoning: '事实清楚，证据确凿' });
      const [decision] = await eventually(async () => { const x = await d.documents('PENALTY_DECISION'); return x.length ? x : undefined; });
      expect(decision.number).toMatch(/^红塔应急罚〔\d{4}〕\d+号$/);
      expect(decision.html).toContain('六十日内');
      const disclosure = await eventually(() => t.prisma.disclosure.findUnique({ where: { caseId: input.caseId } }));
      expect(disclosure.partyName).toBe('玉溪某化工有限公司');

      await d.complete('DECISION_SERVICE', people.handler1, 'SERVED', { servedAt: await d.now(), method: 'DIRECT' });
      await eventually(async () => (await handle.query(caseStateQuery)).paymentDueDay);
      await expectRefused(handle.executeUpdate(confirmPaymentUpdate, { args: [{ reference: `r-${input.caseId}`, amountFen: 100, paidAt: await d.now(), channel: 'bank' }] }), FAILURE.invalid, /应缴金额/);
      await handle.executeUpdate(confirmPaymentUpdate, { args: [{ reference: `r-${input.caseId}`, amountFen: 8_000_000, paidAt: await d.now(), channel: 'bank' }] });

      await d.complete('CLOSING', people.head, 'APPROVE', { summary: '罚款已缴清，同意结案。' });
      const end = await handle.result();
      expect(end.status).toBe('ARCHIVED');
      const row = await d.caseRow();
      expect(row.status).toBe('ARCHIVED');
      await expect(t.prisma.case.update({ where: { id: input.caseId }, data: { facts: '篡改' } })).rejects.toThrow(/archived/);
      expect(await t.prisma.payment.count({ where: { caseId: input.caseId } })).toBe(1);
      await recordHistory(t.env.client, 'case/general-paid-archived', handle.workflowId);
    });
  });

  it('two officers are required and the fine must stay in the catalog range', async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const { handle, d } = await startCase(t);
      await d.complete('FILING_APPROVAL', people.supervisor, 'APPROVE', {});
      const base = { findings: '未设置安全警示标志的事实清楚。', penaltyTypes: ['FINE'], fineFen: 8_000_000 };
      expect(await d.refused('INVESTIGATION', people.handler1, 'PROPOSE', { ...base, officerIds: [people.handler1.userId] }, { officers: [people.handler1] }))
        .toMatch(/两名以上/);
      expect(await d.refused('INVESTIGATION', people.handler1, 'PROPOSE', { ...base, officerIds: officers.map((o) => o.userId) },
        { officers: [people.handler1, { ...people.handler2, certified: false }] })).toMatch(/执法证/);
      expect(await d.refused('INVESTIGATION', people.handler1, 'PROPOSE', { ...base, fineFen: 30_000_000, officerIds: officers.map((o) => o.userId) }, { officers }))
        .toMatch(/./);
      expect(await d.refused('INVESTIGATION', people.handler1, 'PROPOSE', { ...base, fineFen: 100_000, officerIds: officers.map((o) => o.userId) }, { officers }))
        .toMatch(/理由/);
      await handle.terminate('test done');
    });
  });

  it('a qualifying fine goes through hearing, legal review and collective discussion, then is filed with the city', async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const { handle, d } = await start(15_000_000, { departureReason: '储罐区紧邻居民区，危险性大，从重处罚。' });
      await d.complete('NOTICE_SERVICE', people.handler1, 'SERVED', { servedAt: await d.now(), method: '直接送达' });
      await d.complete('PARTY_RESPONSE', people.handler1, 'HEARING_REQUEST', { requestedAt: await d.now() });
      const hearingAt = new Date(Date.parse(await d.now()) + 10 * 86_400_000).toISOString();
      await d.complete('HEARING_SCHEDULE', people.handler1, 'SCHEDULED', { hearingAt, place: '局三楼会议室', presidingOfficer: '法制科科长' });
      expect(await d.refused('HEARING', people.handler1, 'HELD', { record: '当事人陈述', opinion: '维持' })).toMatch(/尚未到/);
      await d.sleepDays(11);
      await d.complete('HEARING', people.handler1, 'HELD', { record: '当事人到场陈述申辩。', opinion: '建议维持原处罚意见。' });
      await d.complete('LEGAL_REVIEW', people.legal, 'PASS', { opinion: '事实清楚，程序合法。' });
      await d.complete('COLLECTIVE_DISCUSSION', people.head, 'AGREE', { attendees: '局长、副局长、法制科长', minutes: '一致同意处罚建议。' });
      await d.complete('DECISION', people.head, 'DECIDE', { penaltyTypes: ['FINE'], fineFen: 15_000_000, reasoning: '经听证、法制审核和集体讨论。' });
      const filing = await d.openTask('HIGHER_FILING');
      expect(filing.title).toMatch(/市级/);
      expect((await d.documents('HEARING_RECORD')).length).toBe(1);
      await recordHistory(t.env.client, 'case/hearing-legal-review-discussion', handle.workflowId);
      await handle.terminate('test done');
    });
  });

  it('不予处罚: no penalty is decided, a 不予行政处罚决定书 issues and the case closes', async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const { handle, d } = await startCase(t);
      await d.complete('FILING_APPROVAL', people.supervisor, 'APPROVE', {});
      await d.complete('INVESTIGATION', people.handler1, 'NO_PENALTY', {
        findings: '首次违法，已当场改正。', reason: '违法行为轻微并及时改正，没有造成危害后果', officerIds: officers.map((o) => o.userId),
      }, { officers });
      expect(await d.refused('DECISION', people.head, 'DECIDE', { penaltyTypes: ['FINE'], fineFen: 100_000, reasoning: '罚款' })).toMatch(/不予处罚/);
      await d.complete('DECISION', people.head, 'NO_PENALTY', { reason: '违法行为轻微并及时改正，没有造成危害后果' });
      await d.complete('CLOSING', people.head, 'APPROVE', { summary: '不予处罚，结案。' });
      expect((await handle.result()).status).toBe('ARCHIVED');
      expect((await d.documents('NO_PENALTY_DECISION'))[0].number).toMatch(/^红塔应急不罚〔\d{4}〕\d+号$/);
      await recordHistory(t.env.client, 'case/no-penalty', handle.workflowId);
    });
  });
});
