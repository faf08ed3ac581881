import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeDue } from '../../rules/calendar.ts';
import { deadlineRule } from '../../rules/deadlines.ts';
import { shanghaiDate } from '../../rules/iso-date.ts';
import type { SummaryCaseInput } from '../../workflows/case-input.ts';
import { caseRemedyQuery, caseStateQuery, FAILURE, confirmPaymentUpdate, recordLawsuitUpdate, type Actor } from '../../workflows/messages.ts';
import { expectRefused } from '../support/refusal.ts';
import { reconsiderationStateQuery, reconsiderationWorkflowId, type ReconsiderationInput } from '../../workflows/reconsideration-messages.ts';
import { caseInput, officers, people, startCase, taskActions } from '../support/case-driver.ts';
import { eventually } from '../support/system.ts';
import { recordHistory } from '../support/record-history.ts';
import { startTimeSkippingWithCalendar, type TimeSkippingWithCalendar } from '../support/workflow-env.ts';

// 行政复议 on the time-skipping server with the real case workflow and activities.
let t: TimeSkippingWithCalendar;
beforeEach(async () => { t = await startTimeSkippingWithCalendar(); });
afterEach(async () => t?.stop());

const clerk: Actor = { userId: 'u-hongta-recon-clerk', name: '邹敏', orgId: 'yx-hongta-gov', roles: ['RECON_CLERK'], certified: false };
const cityClerk: Actor = { ...clerk, userId: 'u-recon-clerk', orgId: 'yx-gov' };
const otherBureau: Actor = { userId: 'u-jiangchuan-handler1', name: 'x', orgId: 'yx-jiangchuan', roles: ['HANDLER'], certified: true };
const DAY = 86_400_000;

/** A general-procedure case decided and served (fine 80,000 yuan), waiting for payment. */
async function servedCase(fineFen = 8_000_000) {
  const c = await startCase(t);
  const { d } = c;
  await d.complete('FILING_APPROVAL', people.supervisor, 'APPROVE', {});
  await d.complete('INVESTIGATION', people.handler1, 'PROPOSE', {
    findings: '未设置警示标志。', penaltyTypes: ['FINE'], fineFen, officerIds: officers.map((o) => o.userId),
  }, { officers });
  await d.complete('NOTICE_SERVICE', people.handler1, 'SERVED', { servedAt: await d.now(), method: '直接送达' });
  await d.complete('PARTY_RESPONSE', people.handler1, 'WAIVED', {});
  await d.complete('DECISION', people.head, 'DECIDE', { penaltyTypes: ['FINE'], fineFen, reasoning: '事实清楚' });
  await d.complete('DECISION_SERVICE', people.handler1, 'SERVED', { servedAt: await d.now(), method: 'DIRECT' });
  const state = await eventually(async () => { const s = await c.handle.query(caseStateQuery); return s.paymentDueDay ? s : undefined; });
  return { ...c, state };
}

/** An on-the-spot (summary procedure) warning and fine of 2,000 yuan. */
function summaryCase() {
  return startCase(t, (now): SummaryCaseInput => ({
    ...caseInput(now), procedure: 'SUMMARY', officerIds: officers.map((o) => o.userId),
    penalty: { penaltyTypes: ['WARNING', 'FINE'], fineFen: 200_000 }, decidedAt: now,
  }), 'summaryCaseWorkflow');
}

/** The case's public disclosure once it has been withdrawn. */
const withdrawnDisclosure = (caseId: string) =>
  eventually(async () => { const x = await t.prisma.disclosure.findUnique({ where: { caseId } }); return x?.withdrawnAt && x; });
/** The case's refunds once there is one. */
const refundsOf = (caseId: string) => eventually(async () => { const x = await t.prisma.refund.findMany({ where: { caseId } }); return x.length > 0 && x; });

async function file(caseId: string, state: { decision?: { number: string; decidedAt: string; penaltyTypes: string[]; fineFen: number }; servedAt?: string },
  over: Partial<ReconsiderationInput> = {}) {
  const now = new Date(await t.env.currentTimeMs()).toISOString();
  const reconsiderationId = randomUUID();
  const input: ReconsiderationInput = {
    reconsiderationId, caseId, organId: 'yx-hongta-gov', respondentOrgId: 'yx-hongta',
    decision: { ...state.decision!, servedAt: state.servedAt!, onTheSpot: false },
    applicant: { name: '玉溪某化工有限公司' }, requests: '撤销行政处罚决定', grounds: '事实认定不清。',
    knownAt: state.servedAt!, rightStated: true, via: 'ORGAN', filedAt: now, filedBy: clerk, suspensionRequested: false, ...over,
  };
  const handle = await t.env.client.workflow.start('reconsiderationWorkflow', { args: [input], workflowId: reconsiderationWorkflowId(reconsiderationId), taskQueue: t.taskQueue });
  return { id: reconsiderationId, handle, r: recon(reconsiderationId, handle) };
}

function recon(id: string, handle: WorkflowHandle) {
  const workflowId = reconsiderationWorkflowId(id);
  const openTask = (kind: string) => eventually(() => t.prisma.task.findFirst({ where: { workflowId, kind, status: 'OPEN' }, orderBy: { createdAt: 'desc' } }));
  const r = {
    openTask,
    now: async () => new Date(await t.env.currentTimeMs()).toISOString(),
    row: () => t.prisma.reconsideration.findUniqueOrThrow({ where: { id } }),
    status: (s: string) => eventually(async () => { const x = await t.prisma.reconsideration.findUnique({ where: { id } }); return x?.status === s && x; }, 60_000),
    ...taskActions(handle, openTask),
  };
  return r;
}

const evidence = (collectedAt: string) => [{ description: '现场检查记录', sha256: 'c'.repeat(64), collectedAt }];

describe('administrative reconsideration (行政复议)', () => {
  it('accepted → answered → upheld; the litigation window then closes', async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const c = await servedCase();
      const { handle, r } = await file(c.input.caseId, c.state);
      expect(await r.refused('RECON_ACCEPTANCE', cityClerk, 'ACCEPT', {})).toMatch(/不属于/);
      await r.complete('RECON_ACCEPTANCE', clerk, 'ACCEPT', {});
      const acceptedAt = await r.now();
      const row = await r.status('ANSWER');
      expect(row.simplified).toBe(false);
      expect(row.answerDueAt!.toISOString()).toBe(t.due('RECONSIDERATION_ANSWER', acceptedAt));
      expect(row.decisionDueAt!.toISOString()).toBe(t.due('RECONSIDERATION_DECISION', acceptedAt));
      const docs = await t.prisma.document.findMany({ where: { key: { startsWith: `${handle.workflowId}/` } } });
      expect(docs.map((x) => x.kind).sort()).toEqual(['RECON_ACCEPTANCE_NOTICE', 'RECON_ANSWER_NOTICE']);
      expect(docs[0].number).toMatch(/^红塔政复复(受|答)〔\d{4}〕\d+号$/);

      // Deciding before the answer period ends, unless the answer arrived, is refused.
      expect(await r.refused('RECON_DECISION', clerk, 'UPHOLD', { reasoning: '事实清楚，证据确凿。' })).toMatch(/答复期限届满前/);
      expect(await r.refused('RECON_ANSWER', otherBureau, 'ANSWER', { answer: '认定事实清楚', evidence: [] })).toMatch(/不属于/);
      const late = new Date(Date.parse(c.state.decision!.decidedAt) + DAY).toISOString();
      expect(await r.refused('RECON_ANSWER', people.handler1, 'ANSWER', { answer: '认定事实清楚', evidence: evidence(late) })).toMatch(/第四十六条/);
      await r.complete('RECON_ANSWER', people.handler1, 'ANSWER', { answer: '认定事实清楚，适用依据正确。', evidence: evidence(c.input.registeredAt) });
      await r.status('DECISION');
      expect(await r.refused('RECON_DECISION', clerk, 'CHANGE', { reasoning: '加重', penaltyTypes: ['FINE'], fineFen: 9_000_000 })).toMatch(/更为不利/);
      expect(await r.refused('RECON_DECISION', clerk, 'NOT_AN_OUTCOME', {})).toMatch(/无效/);
      await r.complete('RECON_DECISION', clerk, 'UPHOLD', { reasoning: '事实清楚，证据确凿，适用依据正确，程序合法。' });
      const decidedAt = await r.now();
      const decided = await r.status('LITIGATION');
      expect(decided.outcome).toBe('UPHOLD');
      expect(decided.litigationDueAt!.toISOString()).toBe(t.due('LITIGATION_AFTER_RECONSIDERATION', decidedAt));
      const decision = await t.prisma.document.findFirstOrThrow({ where: { key: `${handle.workflowId}/decision` } });
      expect(decision.html).toContain('维持');
      expect(decision.html).toContain('十五日内');
      const remedy = await eventually(async () => { const x = await c.handle.query(caseRemedyQuery); return x.events.some((e) => e.kind === 'DECIDED') && x; });
      expect(remedy.pending).toEqual([]);
      expect(remedy.windows).toHaveLength(1);
      await t.env.sleep(Date.parse(decided.litigationDueAt!.toISOString()) - Date.parse(await r.now()) + 60_000);
      await r.status('CLOSED');
      await eventually(async () => (await c.handle.query(caseRemedyQuery)).windows.length === 0);
      expect((await handle.result()).outcome).toBe('UPHOLD');
      await recordHistory(t.env.client, 'reconsideration/accepted-answered-upheld', handle.workflowId);
    });
  });

  it('the bureau misses its answer: deemed without evidence, revoked — disclosure withdrawn and payment refunded', async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const c = await servedCase(8_000_000);
      await c.handle.executeUpdate(confirmPaymentUpdate, { args: [{ reference: `p-${c.input.caseId}`, amountFen: 8_000_000, paidAt: await c.d.now(), channel: 'bank' }] });
      const { r } = await file(c.input.caseId, c.state);
      await r.complete('RECON_ACCEPTANCE', clerk, 'ACCEPT', {});
      const row = await r.status('ANSWER');
      await t.env.sleep(Date.parse(row.answerDueAt!.toISOString()) - Date.parse(await r.now()) + 60_000);
      const decided = await r.status('LITIGATION');
      expect(decided.outcome).toBe('REVOKE');
      const events = (decided.data as { events: { action: string }[] }).events.map((e) => e.action);
      expect(events).toContain('reconsideration.answer_missed');
      expect(await t.prisma.task.count({ where: { workflowId: reconsiderationWorkflowId(row.id), kind: 'RECON_DECISION', status: 'OPEN' } })).toBe(0);
      const disclosure = await withdrawnDisclosure(c.input.caseId);
      expect(disclosure.withdrawReason).toMatch(/撤销/);
      const refunds = await refundsOf(c.input.caseId);
      expect(refunds.map((x) => Number(x.amountFen))).toEqual([8_000_000]);
      expect(refunds[0].channel).toBe('bank');
      await eventually(async () => (await c.handle.query(caseRemedyQuery)).revoked);
      await recordHistory(t.env.client, 'case/revoked-by-reconsideration-refunded', c.handle.workflowId);
      await recordHistory(t.env.client, 'reconsideration/answer-missed-revoked', reconsiderationWorkflowId((await r.row()).id));
    });
  });

  it('an organ silent for 5 working days has accepted (deemed acceptance)', async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const c = await servedCase();
      const { r } = await file(c.input.caseId, c.state);
      const review = await r.openTask('RECON_ACCEPTANCE');
      expect(review.dueAt!.toISOString()).toBe(t.due('RECONSIDERATION_ACCEPTANCE_REVIEW', (await r.row()).receivedAt.toISOString()));
      await t.env.sleep(Date.parse(review.dueAt!.toISOString()) - Date.parse(await r.now()) + 60_000);
      const row = await r.status('ANSWER');
      expect((row.data as { events: { action: string; deemed?: boolean }[] }).events.find((e) => e.action === 'reconsideration.accepted')?.deemed).toBe(true);
      await recordHistory(t.env.client, 'reconsideration/deemed-accepted', reconsiderationWorkflowId((await r.row()).id));
      const notice = await t.prisma.document.findFirstOrThrow({ where: { caseId: c.input.caseId, kind: 'RECON_ACCEPTANCE_NOTICE' } });
      expect(notice.html).toContain('视为受理');
    });
  });

  it('corrections not supplied within 10 working days: the application is withdrawn and the challenge on the case ends', async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const c = await servedCase();
      const { r, handle } = await file(c.input.caseId, c.state);
      await r.complete('RECON_ACCEPTANCE', clerk, 'REQUEST_CORRECTION', { items: '请补充申请人身份证明材料。' });
      const correction = await r.openTask('RECON_CORRECTION');
      await r.status('CORRECTION');
      await t.env.sleep(Date.parse(correction.dueAt!.toISOString()) - Date.parse(await r.now()) + 60_000);
      await r.status('WITHDRAWN');
      expect((await handle.result()).status).toBe('WITHDRAWN');
      const remedy = await eventually(async () => { const x = await c.handle.query(caseRemedyQuery); return x.events.some((e) => e.kind === 'ENDED') && x; });
      expect(remedy.pending).toEqual([]);
      expect(await t.prisma.document.count({ where: { caseId: c.input.caseId, kind: 'RECON_CORRECTION_NOTICE' } })).toBe(1);
      await recordHistory(t.env.client, 'reconsideration/correction-missed-withdrawn', handle.workflowId);
    });
  });

  it('hearing with the head\'s attendance, suspension granted, and the decision period extended once by 30 days with a notice', async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const c = await servedCase();
      const { r } = await file(c.input.caseId, c.state);
      await r.complete('RECON_ACCEPTANCE', clerk, 'ACCEPT', {});
      const row = await r.status('ANSWER');
      await r.complete('RECON_ANSWER', people.legal, 'ANSWER', { answer: '答复意见', evidence: [] });
      // A hearing (its head's attendance recorded) and a granted suspension of execution.
      const hearingAt = new Date(Date.parse(await r.now()) + 10 * DAY).toISOString();
      await r.complete('RECON_DECISION', clerk, 'SCHEDULE_HEARING', { hearingAt, place: '红塔区司法局复议听证室' });
      expect(await r.refused('RECON_DECISION', clerk, 'RECORD_HEARING', { headAttended: true, summary: '双方质证' })).toMatch(/尚未举行/);
      await t.env.sleep(11 * DAY);
      await r.complete('RECON_DECISION', clerk, 'RECORD_HEARING', { headAttended: true, summary: '被申请人负责人出席，双方质证。' });
      await eventually(async () => ((await r.row()).data as { events: { action: string; headAttended?: boolean }[] }).events
        .some((e) => e.action === 'reconsideration.hearing_held' && e.headAttended === true));
      expect(await t.prisma.document.count({ where: { caseId: c.input.caseId, kind: 'RECON_HEARING_NOTICE' } })).toBe(1);
      await r.complete('RECON_DECISION', clerk, 'SUSPEND_EXECUTION', { reason: '申请人申请停止执行，理由成立。' });
      await eventually(async () => (await c.handle.query(caseRemedyQuery)).suspended);
      await r.complete('RECON_DECISION', clerk, 'EXTEND', { reason: '案情复杂', approvedBy: '司法局复议科科长' });
      const extended = t.due('RECONSIDERATION_DECISION_EXTENSION', new Date(Date.parse(row.decisionDueAt!.toISOString()) - 1).toISOString());
      await eventually(async () => (await r.row()).decisionDueAt?.toISOString() === extended);
      const task = await eventually(async () => { const x = await r.openTask('RECON_DECISION'); return x.dueAt?.toISOString() === extended && x; });
      expect(task.dueAt!.toISOString()).toBe(extended);
      expect(await r.refused('RECON_DECISION', clerk, 'EXTEND', { reason: '再次延长', approvedBy: '科长' })).toMatch(/只能延长一次/);
      expect(await t.prisma.document.count({ where: { caseId: c.input.caseId, kind: 'RECON_EXTENSION_NOTICE' } })).toBe(1);
      await recordHistory(t.env.client, 'reconsideration/hearing-suspension-extended', reconsiderationWorkflowId((await r.row()).id));
    });
  });

  it('simplified procedure: an on-the-spot penalty filed through the bureau, forwarded, 3/5/30-day limits, no extension', async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const c = await summaryCase();
      const state = await eventually(async () => { const s = await c.handle.query(caseStateQuery); return s.decision && s; });
      const { r } = await file(c.input.caseId, { ...state, decision: state.decision }, { via: 'BUREAU', filedBy: people.handler1,
        decision: { ...state.decision!, servedAt: state.servedAt!, onTheSpot: true } });
      const forwarding = await r.openTask('RECON_FORWARDING');
      expect(forwarding.orgId).toBe('yx-hongta');
      expect(forwarding.dueAt!.toISOString()).toBe(t.due('RECONSIDERATION_FORWARDING', (await r.row()).receivedAt.toISOString()));
      await r.complete('RECON_FORWARDING', people.handler1, 'FORWARD', {});
      await r.complete('RECON_ACCEPTANCE', clerk, 'ACCEPT', {});
      const acceptedAt = await r.now();
      const row = await r.status('ANSWER');
      expect(row.simplified).toBe(true);
      expect(row.answerDueAt!.toISOString()).toBe(t.due('RECONSIDERATION_ANSWER_SIMPLIFIED', acceptedAt));
      expect(row.decisionDueAt!.toISOString()).toBe(t.due('RECONSIDERATION_DECISION_SIMPLIFIED', acceptedAt));
      await r.complete('RECON_ANSWER', people.handler1, 'ANSWER', { answer: '当场处罚事实清楚', evidence: [] });
      expect(await r.refused('RECON_DECISION', clerk, 'EXTEND', { reason: '复杂', approvedBy: '科长' })).toMatch(/简易程序/);
      await r.complete('RECON_DECISION', clerk, 'DECLARE_UNLAWFUL', { reasoning: '未告知陈述申辩权利，程序违法。' });
      expect((await r.status('LITIGATION')).outcome).toBe('DECLARE_UNLAWFUL');
      // CF 48 ②: a decision declared unlawful leaves the public disclosure with the reason.
      const withdrawn = await withdrawnDisclosure(c.input.caseId);
      expect(withdrawn.withdrawReason).toBe('行政处罚决定已被行政复议决定确认违法');
      await recordHistory(t.env.client, 'reconsideration/simplified-declared-unlawful', reconsiderationWorkflowId((await r.row()).id));
    });
  });

  it('a change of amount recomputes what is owed: new fine, new payment day, late fees on the new fine only', async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const c = await servedCase(8_000_000);
      await t.env.sleep(20 * DAY); // 5 days past the payment day: late fees run
      const owedBefore = await c.handle.executeUpdate(confirmPaymentUpdate, { args: [{ reference: `x-${c.input.caseId}`, amountFen: 1, paidAt: await c.d.now(), channel: 'bank' }] })
        .then(() => 'accepted', (e) => String((e as { cause?: { message?: string } }).cause?.message));
      // Late fees on top of the fine (how many days depends on where the weekend falls).
      const owed = Number(/应缴金额 (\d+) 分/.exec(owedBefore)?.[1]);
      expect(owed).toBeGreaterThan(8_000_000);
      expect(owed).toBeLessThan(16_000_000);
      const { r } = await file(c.input.caseId, c.state);
      await r.complete('RECON_ACCEPTANCE', clerk, 'ACCEPT', {});
      await r.complete('RECON_ANSWER', people.handler1, 'ANSWER', { answer: '答复', evidence: [] });
      await r.complete('RECON_DECISION', clerk, 'CHANGE', { reasoning: '罚款过重，予以变更。', penaltyTypes: ['FINE'], fineFen: 4_000_000 });
      const decidedAt = await r.now();
      await r.status('LITIGATION');
      const state = await eventually(async () => { const s = await c.handle.query(caseStateQuery); return s.paymentDueDay === computeDue(deadlineRule('FINE_PAYMENT'), decidedAt, t.cal).lastDay && s; });
      expect(state.paymentDueDay).toBe(computeDue(deadlineRule('FINE_PAYMENT'), decidedAt, t.cal).lastDay);
      expect((await c.handle.query(caseRemedyQuery)).penalty).toEqual({ penaltyTypes: ['FINE'], fineFen: 4_000_000 });
      const withdrawn = await withdrawnDisclosure(c.input.caseId);
      expect(withdrawn.withdrawReason).toBe('行政处罚决定已被行政复议决定变更');
      const paid = await c.handle.executeUpdate(confirmPaymentUpdate, { args: [{ reference: `y-${c.input.caseId}`, amountFen: 4_000_000, paidAt: await c.d.now(), channel: 'bank' }] });
      expect(paid).toEqual({ paidFen: 4_000_000, outstandingFen: 0 });
      await c.d.complete('REMINDER_SERVICE', people.handler1, 'SERVED', { servedAt: await c.d.now() });
      await recordHistory(t.env.client, 'reconsideration/changed-amount', reconsiderationWorkflowId((await r.row()).id));
      await recordHistory(t.env.client, 'case/fine-changed-by-reconsideration', c.handle.workflowId);
      await c.d.openTask('CLOSING');
    });
  });

  it('the court application waits for the litigation window and for a recorded lawsuit; the head\'s appearance is recorded', async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const c = await servedCase();
      const servedAt = c.state.servedAt!;
      const { r } = await file(c.input.caseId, c.state);
      await r.complete('RECON_ACCEPTANCE', clerk, 'ACCEPT', {});
      await r.complete('RECON_ANSWER', people.handler1, 'ANSWER', { answer: '答复', evidence: [] });
      await t.env.sleep(20 * DAY);
      await c.d.complete('REMINDER_SERVICE', people.handler1, 'SERVED', { servedAt: await c.d.now() });
      await t.env.sleep(20 * DAY);
      await r.complete('RECON_DECISION', clerk, 'UPHOLD', { reasoning: '维持。' });
      await r.status('LITIGATION');
      // A date-only answer, as a page's date field sends it, validated inside the workflow sandbox.
      await r.complete('RECON_LITIGATION', people.handler1, 'SUED', { court: '玉溪市红塔区人民法院', filedAt: shanghaiDate(await r.now()) });
      await t.env.sleep(60 * DAY);
      expect(await t.prisma.task.count({ where: { caseId: c.input.caseId, kind: 'COURT_APPLICATION' } })).toBe(0);
      await r.complete('RECON_LAWSUIT', people.head, 'JUDGED', { result: 'UPHELD', headAppeared: true, appearedBy: '局长', summary: '驳回原告诉讼请求。' });
      const row = await r.status('CLOSED');
      expect((row.data as { events: { action: string; headAppeared?: boolean }[] }).events.find((e) => e.action === 'reconsideration.lawsuit_judged')?.headAppeared).toBe(true);
      // Well before the 6-month direct-suit window from service: the reconsideration's window governs.
      const application = await c.d.openTask('COURT_APPLICATION');
      expect(Date.parse(await c.d.now())).toBeLessThan(Date.parse(t.due('LITIGATION_DIRECT', servedAt)));
      expect(application.dueAt).toBeTruthy();
    });
  });

  it('a lawsuit brought straight against the decision holds back the court application until judged; the head\'s appearance is recorded', async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const c = await servedCase();
      const servedAt = c.state.servedAt!;
      await t.env.sleep(20 * DAY);
      await c.d.complete('REMINDER_SERVICE', people.handler1, 'SERVED', { servedAt: await c.d.now() });
      const sue = (filedAt: string, who: Actor = people.handler1) => c.handle.executeUpdate(recordLawsuitUpdate, { args: [{ actor: who, court: '玉溪市红塔区人民法院', filedAt }] });
      await expectRefused(sue(new Date(Date.parse(servedAt) - DAY).toISOString()), FAILURE.invalid, /起诉日期.*不能早于行政处罚决定书送达时间/);
      await expectRefused(sue(await c.d.now(), otherBureau), FAILURE.forbidden, /不属于/);
      const { lawsuitId } = await sue(await c.d.now());
      await expectRefused(sue(await c.d.now()), FAILURE.conflict, /尚未审结/);
      expect((await c.handle.query(caseRemedyQuery)).lawsuits).toEqual([lawsuitId]);
      // Past the 6-month direct-suit window: still no court application while the suit is open.
      await t.env.sleep(200 * DAY);
      expect(Date.parse(await c.d.now())).toBeGreaterThan(Date.parse(t.due('LITIGATION_DIRECT', servedAt)));
      expect(await t.prisma.task.count({ where: { caseId: c.input.caseId, kind: 'COURT_APPLICATION' } })).toBe(0);
      await c.d.complete('RECON_LAWSUIT', people.head, 'JUDGED', { result: 'UPHELD', headAppeared: true, appearedBy: '局长', summary: '驳回原告诉讼请求。' });
      await c.d.openTask('COURT_APPLICATION');
      const [judged] = await t.prisma.auditEvent.findMany({ where: { caseId: c.input.caseId, action: 'case.lawsuit_judged' } });
      expect(judged!.data).toMatchObject({ lawsuitId, result: 'UPHELD', headAppeared: true, appearedBy: '局长' });
      await c.handle.terminate('test done');
    });
  });

  it('a case that has already ended: revocation withdraws the disclosure and refunds through the channel, audited as reopened', async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const c = await summaryCase();
      const state = await eventually(async () => { const s = await c.handle.query(caseStateQuery); return s.paymentDueDay ? s : undefined; });
      await c.handle.executeUpdate(confirmPaymentUpdate, { args: [{ reference: `s-${c.input.caseId}`, amountFen: 200_000, paidAt: await c.d.now(), channel: 'bank' }] });
      await c.d.complete('SUMMARY_FILING', people.supervisor, 'FILED', {});
      await c.d.complete('CLOSING', people.head, 'APPROVE', { summary: '已执行完毕。' });
      expect((await c.handle.result()).status).toBe('ARCHIVED');

      const { r, handle } = await file(c.input.caseId, state, { decision: { ...state.decision!, servedAt: state.servedAt!, onTheSpot: true } });
      await r.complete('RECON_ACCEPTANCE', clerk, 'ACCEPT', {});
      await r.complete('RECON_ANSWER', people.handler1, 'ANSWER', { answer: '答复', evidence: [] });
      await r.complete('RECON_DECISION', clerk, 'REVOKE', { reasoning: '违法事实不清，予以撤销。', reDecide: true });
      await r.status('LITIGATION');
      // The status is recorded before the ended case is found to be ended.
      expect(await eventually(async () => (await handle.query(reconsiderationStateQuery)).caseReopened)).toBe(true);
      const disclosure = await withdrawnDisclosure(c.input.caseId);
      expect(disclosure.withdrawReason).toMatch(/撤销/);
      const refunds = await refundsOf(c.input.caseId);
      expect(refunds.map((x) => Number(x.amountFen))).toEqual([200_000]);
      await eventually(() => t.prisma.auditEvent.findFirst({ where: { caseId: c.input.caseId, action: 'case.reopened_by_reconsideration' } }));
      expect((await t.prisma.case.findUniqueOrThrow({ where: { id: c.input.caseId } })).status).toBe('ARCHIVED');
      const redecision = await r.openTask('RECON_REDECISION');
      expect(redecision.orgId).toBe('yx-hongta');
      await recordHistory(t.env.client, 'reconsideration/ended-case-revoked-redecision', handle.workflowId);
    });
  });

  it('an application out of time is recorded and refused with the reason', async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const c = await servedCase();
      await t.env.sleep(70 * DAY);
      const { r, handle } = await file(c.input.caseId, c.state);
      const row = await r.status('REFUSED');
      expect(JSON.stringify(row.data)).toMatch(/六十日/);
      expect((await handle.query(reconsiderationStateQuery)).refusal).toMatch(/第二十条第一款/);
      expect(await t.prisma.document.count({ where: { caseId: c.input.caseId, kind: 'RECON_REFUSAL' } })).toBe(1);
    });
  });
});
