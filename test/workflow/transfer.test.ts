import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TRANSFER_HOLD } from '../../workflows/case-transfer.ts';
import { caseStateQuery, confirmPaymentUpdate, FAILURE, pauseClockUpdate, resumeClockUpdate, type Actor } from '../../workflows/messages.ts';
import {
  flagSuspectedCrimeUpdate, recordHarmUpdate, recordProcuratorOpinionUpdate, transferStateQuery, transferWorkflowId, type TransferInput,
} from '../../workflows/transfer-messages.ts';
import { officers, people, startCase, taskActions } from '../support/case-driver.ts';
import { expectRefused } from '../support/refusal.ts';
import { eventually } from '../support/system.ts';
import { recordHistory } from '../support/record-history.ts';
import { startTimeSkippingWithCalendar, type TimeSkippingWithCalendar } from '../support/workflow-env.ts';

// 行刑衔接 on the time-skipping server, real activities on the test database: the transfer as a
// child of the case workflow, and on its own for the overdue branches.
let t: TimeSkippingWithCalendar;
beforeEach(async () => { t = await startTimeSkippingWithCalendar(); });
afterEach(async () => t?.stop());

const actor = (userId: string, orgId: string, roles: Actor['roles'], certified = false): Actor => ({ userId, name: userId, orgId, roles, certified });
const psb = actor('u-hongta-psb-receiver', 'yx-hongta-psb', ['PSB_RECEIVER']);
const cityPsb = actor('u-psb-receiver', 'yx-psb', ['PSB_RECEIVER']);
const procurator = actor('u-hongta-procurator', 'yx-hongta-procuratorate', ['PROCURATOR']);
const citySupervisor = actor('u-city-supervisor', 'yx-city', ['CITY_SUPERVISOR'], true);
const harm = { deaths: 1, seriousInjuries: 0, directLossFen: 120_000_000, refusedStopOrder: false };
const report = {
  category: 'MAJOR_LIABILITY_ACCIDENT' as const, harm, facts: '2026年11月储罐区违章动火作业引发爆炸，造成1人死亡。',
  report: '专案组认为该公司主要负责人违反有关安全管理规定，涉嫌重大责任事故罪。', officerIds: officers.map((o) => o.userId),
};
const iso = (d: Date | null | undefined) => d?.toISOString();

function transferDriver(transferId: string, handle: WorkflowHandle) {
  const workflowId = transferWorkflowId(transferId);
  const openTask = (kind: string, orgId?: string) => eventually(() => t.prisma.task.findFirst({ where: { workflowId, kind, status: 'OPEN', ...(orgId ? { orgId } : {}) }, orderBy: { createdAt: 'desc' } }), 60_000);
  const d = {
    handle, openTask,
    now: async () => new Date(await t.env.currentTimeMs()).toISOString(),
    row: () => t.prisma.transfer.findUniqueOrThrow({ where: { id: transferId } }),
    status: (s: string) => eventually(async () => { const r = await t.prisma.transfer.findUnique({ where: { id: transferId } }); return r?.status === s && r; }, 60_000),
    audits: (action: string) => t.prisma.auditEvent.findMany({ where: { subjectType: 'Transfer', subjectId: transferId, action }, orderBy: { id: 'asc' } }),
    count: (kind: string) => t.prisma.task.count({ where: { workflowId, kind } }),
    ...taskActions(handle, openTask),
    /** Sleeps until `ms` relative to `at`, in workflow time. */
    async sleepUntil(at: string | Date, ms = 0) { await t.env.sleep(new Date(at).getTime() + ms - Date.parse(await d.now())); },
  };
  return d;
}

/** A case filed and its decision clock running. */
async function filedCase() {
  const c = await startCase(t);
  await c.d.complete('FILING_APPROVAL', people.supervisor, 'APPROVE', {});
  await eventually(async () => (await c.handle.query(caseStateQuery)).decisionClock);
  return c;
}

/** Flags the case as a suspected crime, with the 专案组; returns the transfer's driver. */
async function flag(c: { handle: WorkflowHandle }) {
  const { transferId } = await c.handle.executeUpdate(flagSuspectedCrimeUpdate, { args: [{ actor: people.handler1, ...report, officers }] });
  return transferDriver(transferId, t.env.client.workflow.getHandle(transferWorkflowId(transferId)));
}

/** A filed case with a transfer flagged on it; returns both drivers. */
async function caseWithTransfer() {
  const c = await filedCase();
  return { ...c, tr: await flag(c) };
}

/** A transfer started on its own (from an inspection record). */
async function standalone() {
  const transferId = randomUUID();
  const input: TransferInput = {
    transferId, fromOrgId: 'yx-hongta', inspectionRef: '红塔应急检记〔2026〕7号', partyName: '玉溪某化工有限公司',
    ...report, flaggedBy: people.handler1,
  };
  const handle = await t.env.client.workflow.start('transferWorkflow', { args: [input], workflowId: transferWorkflowId(transferId), taskQueue: t.taskQueue });
  return transferDriver(transferId, handle);
}

async function deliver(tr: ReturnType<typeof transferDriver>) {
  await tr.complete('TRANSFER_APPROVAL', people.head, 'APPROVE', { comment: '同意移送' });
  await tr.complete('TRANSFER_DELIVERY', people.handler1, 'DELIVERED', { investigationReport: '涉嫌犯罪案件调查报告（略）', seizedItems: '动火作业票1份', appraisals: '爆炸原因技术鉴定报告' });
  await tr.status('DELIVERED');
}

/** Delivered and signed for by the district police. */
async function receive(tr: ReturnType<typeof transferDriver>) {
  await deliver(tr);
  await tr.complete('TRANSFER_RECEIPT', psb, 'SIGN', {});
}

/** Delivered, signed for, and filed for investigation by the district police. */
async function policeFile(tr: ReturnType<typeof transferDriver>) {
  await receive(tr);
  await tr.complete('TRANSFER_FILING_REVIEW', psb, 'FILE', {});
}

describe('criminal transfer (行刑衔接)', () => {
  it('approve → transfer → filed: the case is held and its clock paused, materials handed over in time, paid fine recorded for 折抵', async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const c = await filedCase();
      // 专案组: two certified officers of the bureau, or nothing starts.
      await expectRefused(c.handle.executeUpdate(flagSuspectedCrimeUpdate, { args: [{ actor: people.handler1, ...report, officerIds: [people.handler1.userId], officers: [people.handler1] }] }), FAILURE.invalid, /两名以上/);
      await expectRefused(c.handle.executeUpdate(flagSuspectedCrimeUpdate, { args: [{ actor: people.handler1, ...report, officers: [people.handler1, { ...people.handler2, certified: false }] }] }), FAILURE.invalid, /执法证/);
      expect(await t.prisma.transfer.count({ where: { caseId: c.input.caseId } })).toBe(0);

      const { transferId } = await c.handle.executeUpdate(flagSuspectedCrimeUpdate, { args: [{ actor: people.handler1, ...report, officers }] });
      expect((await c.handle.query(caseStateQuery)).holds).toContain(TRANSFER_HOLD);
      await expectRefused(c.handle.executeUpdate(flagSuspectedCrimeUpdate, { args: [{ actor: people.handler1, ...report, officers }] }), FAILURE.invalid, /重复移送/);
      const tr = transferDriver(transferId, t.env.client.workflow.getHandle(transferWorkflowId(transferId)));
      const row = await tr.status('AWAITING_APPROVAL');
      expect(row).toMatchObject({ caseId: c.input.caseId, psbOrgId: 'yx-hongta-psb', procuratorateOrgId: 'yx-hongta-procuratorate' });
      const [reportDoc] = await eventually(async () => { const x = await c.d.documents('TRANSFER_REPORT'); return x.length ? x : undefined; });
      expect(reportDoc.html).toContain('重大责任事故罪');

      const approval = await tr.openTask('TRANSFER_APPROVAL');
      expect(approval.candidateRoles).toEqual(['HEAD']);
      expect(await tr.refused('TRANSFER_APPROVAL', people.handler1, 'APPROVE')).toMatch(/角色/);
      await tr.complete('TRANSFER_APPROVAL', people.head, 'APPROVE', { comment: '同意移送' });
      const approvedAt = await tr.now();
      const delivery = await tr.openTask('TRANSFER_DELIVERY');
      expect(Math.abs(delivery.dueAt!.getTime() - Date.parse(t.due('TRANSFER_DELIVERY', approvedAt)))).toBeLessThan(5_000);
      await tr.complete('TRANSFER_DELIVERY', people.handler1, 'DELIVERED', { investigationReport: '调查报告', seizedItems: '动火作业票1份', appraisals: '技术鉴定报告' });
      const delivered = await tr.status('DELIVERED');
      expect(delivered.letterNumber).toMatch(/^红塔应急移送〔\d{4}〕\d+号$/);
      const letter = await t.prisma.document.findUniqueOrThrow({ where: { number: delivered.letterNumber! } });
      expect(letter.html).toContain('玉溪市公安局红塔分局');
      expect(letter.html).toContain('动火作业票1份');
      expect(letter.sha256).toMatch(/^[0-9a-f]{64}$/);
      const [copy] = await c.d.documents('CRIMINAL_TRANSFER_COPY');
      expect(copy.html).toContain('玉溪市红塔区人民检察院');
      expect(copy.html).toContain(delivered.letterNumber!);

      // Only the receiving office signs; a decision before the receipt has no task to answer.
      expect(await tr.count('TRANSFER_FILING_REVIEW')).toBe(0);
      expect(await tr.refused('TRANSFER_RECEIPT', cityPsb, 'SIGN')).toMatch(/不属于/);
      await tr.complete('TRANSFER_RECEIPT', psb, 'SIGN', { comment: '已签收' });
      await tr.status('RECEIVED');
      await tr.complete('TRANSFER_FILING_REVIEW', psb, 'FILE', { comment: '决定立案侦查' });
      const filedAt = await tr.now();
      await tr.status('FILED');
      const clock = await eventually(async () => { const s = await c.handle.query(caseStateQuery); return s.decisionClock?.paused && s; });
      expect(clock.holds).toContain(TRANSFER_HOLD);
      // The transfer's pause is not an officer's to end.
      await expectRefused(c.handle.executeUpdate(resumeClockUpdate, { args: [{ actor: people.handler1, reason: '恢复', resultAt: await c.d.now() }] }), FAILURE.conflict, /移送公安机关/);
      const [offset] = await eventually(async () => { const x = await tr.audits('transfer.offset_recorded'); return x.length ? x : undefined; });
      expect(offset.data).toMatchObject({ paidFen: 0, clockPaused: true });

      const materials = await tr.openTask('TRANSFER_MATERIALS_HANDOVER');
      expect(iso(materials.dueAt)).toBe(t.due('TRANSFER_MATERIALS_HANDOVER', filedAt));
      await t.env.sleep(86_400_000);
      await tr.complete('TRANSFER_MATERIALS_HANDOVER', people.handler1, 'HANDED_OVER', { items: '动火作业票原件1份、监控录像光盘1张' });
      await eventually(async () => (await tr.audits('transfer.materials_handed_over')).length === 1);
      await tr.openTask('TRANSFER_CRIMINAL_RESULT', 'yx-hongta-psb');
      expect(await t.prisma.task.count({ where: { workflowId: transferWorkflowId(transferId), kind: 'TRANSFER_OVERDUE' } })).toBe(0);
      expect((await tr.row()).overdueSteps).toBe(0);
      expect((await tr.handle.query(transferStateQuery)).filingDecision).toBe('FILED');
      await recordHistory(t.env.client, 'transfer/filed-materials-handed-over', tr.handle.workflowId);
      await recordHistory(t.env.client, 'case/with-transfer-filed', c.handle.workflowId);
      await tr.handle.terminate('test done');
      await c.handle.terminate('test done');
    });
  });

  it('harm at the threshold holds the fine until the supervisor decides; a confirmation starts the transfer with the 专案组', async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const c = await filedCase();
      const below = await c.handle.executeUpdate(recordHarmUpdate, { args: [{ actor: people.handler1, harm: { deaths: 0, seriousInjuries: 2, directLossFen: 999_999_99, refusedStopOrder: false } }] });
      expect(below).toEqual({ suggested: false, reasons: [] });
      await expectRefused(c.handle.executeUpdate(recordHarmUpdate, { args: [{ actor: people.handler1, harm: { ...harm, deaths: -1 } }] }), 'Invalid', /须为非负整数/);
      const met = await c.handle.executeUpdate(recordHarmUpdate, { args: [{ actor: people.handler1, harm: { ...harm, deaths: 0, directLossFen: 0, refusedStopOrder: true } }] });
      expect(met.suggested).toBe(true);
      const task = await c.d.openTask('TRANSFER_SUGGESTION');
      expect(task.candidateRoles).toEqual(['SUPERVISOR']);
      expect((await c.handle.query(caseStateQuery)).holds.length).toBe(1);
      const confirm = { category: 'DANGEROUS_OPERATION', facts: '拒不执行责令停产整改决定，继续组织井下作业。', report: '涉嫌危险作业罪。', officerIds: officers.map((o) => o.userId) };
      expect(await c.d.refused('TRANSFER_SUGGESTION', people.supervisor, 'CONFIRM', confirm, { officers: [people.handler1, { ...people.handler2, orgId: 'yx-jiangchuan' }] })).toMatch(/不属于移送机关/);
      await c.d.complete('TRANSFER_SUGGESTION', people.supervisor, 'CONFIRM', confirm, { officers });
      const row = await eventually(() => t.prisma.transfer.findFirst({ where: { caseId: c.input.caseId } }));
      expect(row).toMatchObject({ category: 'DANGEROUS_OPERATION', status: 'AWAITING_APPROVAL' });
      expect((row.data as { suggested: boolean }).suggested).toBe(true);
      const state = await eventually(async () => { const s = await c.handle.query(caseStateQuery); return s.holds.length === 1 && s.holds[0] === TRANSFER_HOLD && s; });
      expect(state.holds).toEqual([TRANSFER_HOLD]);
      await t.env.client.workflow.getHandle(transferWorkflowId(row.id)).terminate('test done');
      await c.handle.terminate('test done');
    });
  });

  it('a fine decided and paid before the transfer stays in force and is recorded for 折抵 when the police file', async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const c = await startCase(t);
      await c.d.complete('FILING_APPROVAL', people.supervisor, 'APPROVE', {});
      await c.d.complete('INVESTIGATION', people.handler1, 'PROPOSE', {
        findings: '储罐区未设置安全警示标志。', penaltyTypes: ['FINE'], fineFen: 8_000_000, officerIds: officers.map((o) => o.userId),
      }, { officers });
      await c.d.complete('NOTICE_SERVICE', people.handler1, 'SERVED', { servedAt: await c.d.now(), method: '直接送达' });
      await c.d.sleepDays(10);
      await c.d.complete('DECISION', people.head, 'DECIDE', { penaltyTypes: ['FINE'], fineFen: 8_000_000, reasoning: '事实清楚' });
      await c.d.complete('DECISION_SERVICE', people.handler1, 'SERVED', { servedAt: await c.d.now(), method: 'DIRECT' });
      await eventually(async () => (await c.handle.query(caseStateQuery)).paymentDueDay);
      await c.handle.executeUpdate(confirmPaymentUpdate, { args: [{ reference: `r-${c.input.caseId}`, amountFen: 8_000_000, paidAt: await c.d.now(), channel: 'bank' }] });
      await c.d.openTask('CLOSING');

      const tr = await flag(c);
      await policeFile(tr);
      const [offset] = await eventually(async () => { const x = await tr.audits('transfer.offset_recorded'); return x.length ? x : undefined; });
      const decision = (await c.handle.query(caseStateQuery)).decision!;
      expect(offset.data).toMatchObject({ paidFen: 8_000_000, decisionNumber: decision.number, clockPaused: false });
      expect(await c.d.documents('PENALTY_DECISION')).toHaveLength(1);
      await tr.handle.terminate('test done');
      await c.handle.terminate('test done');
    });
  });

  it('refused by the head with reasons: the transfer closes, the hold lifts', async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const { handle, d, tr } = await caseWithTransfer();
      expect(await tr.refused('TRANSFER_APPROVAL', people.head, 'REFUSE', { reason: '' })).toMatch(/理由/);
      await tr.complete('TRANSFER_APPROVAL', people.head, 'REFUSE', { reason: '经审查，事故系不可抗力所致，不构成犯罪。' });
      const end = await tr.handle.result();
      expect(end.status).toBe('REFUSED');
      const row = await tr.status('REFUSED');
      expect(row.closedAt).toBeTruthy();
      const [form] = await d.documents('TRANSFER_APPROVAL_FORM');
      expect(form.html).toContain('不批准移送');
      expect(form.html).toContain('不可抗力');
      await eventually(async () => (await handle.query(caseStateQuery)).holds.length === 0);
      expect(await d.documents('CRIMINAL_TRANSFER_LETTER')).toHaveLength(0);
      await recordHistory(t.env.client, 'case/with-transfer-refused', handle.workflowId);
      await recordHistory(t.env.client, 'transfer/refused-by-head', tr.handle.workflowId);
      await handle.terminate('test done');
    });
  });

  it('not filed → reconsideration maintained → 立案监督 answered; 检察意见 reported; the case resumes', async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const { handle, d, tr } = await caseWithTransfer();
      await receive(tr);
      await tr.complete('TRANSFER_FILING_REVIEW', psb, 'NOT_FILE', { reason: '没有犯罪事实。' });
      await tr.status('NOT_FILED');
      const notifiedAt = await tr.now();
      const ask = await tr.openTask('TRANSFER_NOT_FILED_RESPONSE', 'yx-hongta');
      expect(iso(ask.dueAt)).toBe(t.due('TRANSFER_RECONSIDERATION_REQUEST', notifiedAt));
      await tr.complete('TRANSFER_NOT_FILED_RESPONSE', people.handler1, 'RECONSIDER', { reason: '死亡1人，已达立案追诉标准。' });
      await tr.status('RECONSIDERATION');
      expect((await d.documents('TRANSFER_RECONSIDERATION_REQUEST'))[0].html).toContain('没有犯罪事实');
      await tr.complete('TRANSFER_RECONSIDERATION', psb, 'MAINTAIN', { reason: '维持原决定。' });
      await tr.status('NOT_FILED');
      await tr.complete('TRANSFER_SUPERVISION_REQUEST', people.handler1, 'REQUEST', { reason: '建议检察院依法监督。' });
      await tr.status('SUPERVISION');
      expect((await d.documents('TRANSFER_SUPERVISION_REQUEST'))[0].html).toContain('玉溪市红塔区人民检察院');

      // 检察意见: only the same-level procuratorate; the bureau reports what it did.
      await expectRefused(tr.handle.executeUpdate(recordProcuratorOpinionUpdate, { args: [{ actor: cityPsb, opinion: '意见' }] }), FAILURE.forbidden, /同级人民检察院/);
      await tr.handle.executeUpdate(recordProcuratorOpinionUpdate, { args: [{ actor: procurator, opinion: '建议对该公司依法给予行政处罚。' }] });
      await tr.complete('TRANSFER_OPINION_RESPONSE', people.handler1, 'REPORTED', { action: '已依法立案调查，拟予行政处罚。' });
      await eventually(async () => (await tr.audits('transfer.opinion_reported')).length === 1);

      const sup = await tr.openTask('TRANSFER_PROCURATORATE_SUPERVISION');
      expect(sup.orgId).toBe('yx-hongta-procuratorate');
      await tr.complete('TRANSFER_PROCURATORATE_SUPERVISION', procurator, 'NOT_REQUIRED', { opinion: '公安机关不予立案理由成立。' });
      const end = await tr.handle.result();
      expect(end.status).toBe('NOT_FILED');
      expect((await tr.audits('transfer.supervision_answered'))[0].data).toMatchObject({ outcome: 'NOT_REQUIRED' });
      await recordHistory(t.env.client, 'transfer/not-filed-reconsideration-supervision', tr.handle.workflowId);
      await eventually(async () => (await handle.query(caseStateQuery)).holds.length === 0);
      await handle.terminate('test done');
    });
  });

  it('returned by the police: no fine while the transfer is open (不得以罚代刑); then the hold lifts, the clock resumes and the decision is made', { timeout: 300_000 }, async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const c = await filedCase();
      await c.d.complete('INVESTIGATION', people.handler1, 'PROPOSE', {
        findings: '储罐区未设置安全警示标志。', penaltyTypes: ['FINE'], fineFen: 8_000_000, officerIds: officers.map((o) => o.userId),
      }, { officers });
      // Recorded harm at the threshold opens the supervisor's review; a dismissal is kept with its reason.
      const suggested = await c.handle.executeUpdate(recordHarmUpdate, { args: [{ actor: people.handler1, harm: { deaths: 0, seriousInjuries: 3, directLossFen: 0, refusedStopOrder: false } }] });
      expect(suggested.suggested).toBe(true);
      expect(await c.d.refused('TRANSFER_SUGGESTION', people.supervisor, 'DISMISS', { reason: '' })).toMatch(/理由/);
      await c.d.complete('TRANSFER_SUGGESTION', people.supervisor, 'DISMISS', { reason: '重伤系受害人自身重大过失，拟另行评估。' });
      const [dismissed] = await eventually(async () => {
        const x = await t.prisma.auditEvent.findMany({ where: { caseId: c.input.caseId, action: 'transfer.suggestion_dismissed' } });
        return x.length ? x : undefined;
      });
      expect(dismissed.data).toMatchObject({ reason: '重伤系受害人自身重大过失，拟另行评估。' });

      const running = (await c.handle.query(caseStateQuery)).decisionClock!;
      const tr = await flag(c);
      await policeFile(tr);
      await tr.complete('TRANSFER_MATERIALS_HANDOVER', people.handler1, 'HANDED_OVER', { items: '全部案卷材料' });
      await eventually(async () => { const s = await c.handle.query(caseStateQuery); return s.decisionClock?.paused && s.decisionClock; });

      await c.d.complete('NOTICE_SERVICE', people.handler1, 'SERVED', { servedAt: await c.d.now(), method: '直接送达' });
      await c.d.sleepDays(10);
      expect(await c.d.refused('DECISION', people.head, 'DECIDE', { penaltyTypes: ['FINE'], fineFen: 8_000_000, reasoning: '事实清楚' }))
        .toMatch(/不得以罚代刑/);
      expect(await c.d.documents('PENALTY_DECISION')).toHaveLength(0);

      await tr.complete('TRANSFER_CRIMINAL_RESULT', psb, 'RETURNED', { reason: '不需要追究刑事责任，但应当给予行政处罚。' });
      expect((await tr.handle.result()).status).toBe('RETURNED');
      const resumed = await eventually(async () => { const s = await c.handle.query(caseStateQuery); return s.holds.length === 0 && s.decisionClock?.paused === false && s.decisionClock; });
      // The ten days the filed transfer held the case are not counted: the limit moved later by them
      // (less up to two days when the running due date had been rolled off a weekend).
      expect(Date.parse(resumed.dueAt!)).toBeGreaterThan(Date.parse(running.dueAt!) + 7 * 86_400_000);
      await c.d.complete('DECISION', people.head, 'DECIDE', { penaltyTypes: ['FINE'], fineFen: 8_000_000, reasoning: '事实清楚，证据确凿' });
      await eventually(async () => { const x = await c.d.documents('PENALTY_DECISION'); return x.length ? x : undefined; });
      expect((await t.prisma.auditEvent.findMany({ where: { caseId: c.input.caseId, action: 'transfer.case_released' } }))).toHaveLength(1);
      await c.handle.terminate('test done');
    });
  });

  it('concluded with a 罚金: the transfer holds an officer\'s open pause, then the case resumes and may decide anything but a fine', { timeout: 300_000 }, async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const c = await filedCase();
      await c.d.complete('INVESTIGATION', people.handler1, 'PROPOSE', {
        findings: '储罐区违章动火作业。', penaltyTypes: ['WARNING', 'FINE'], fineFen: 8_000_000, officerIds: officers.map((o) => o.userId),
      }, { officers });
      // An officer's 检测 pause is open when the police file: the transfer takes it over.
      await c.handle.executeUpdate(pauseClockUpdate, { args: [{ actor: people.handler1, reason: '送检压力表', commission: {
        number: '云检委〔2026〕33号', institution: '云南省特种设备安全检测研究院', commissionedAt: await c.d.now(), subject: '储罐区压力表',
      } }] });
      await c.d.complete('CLOCK_PAUSE_APPROVAL', people.head, 'APPROVE', {});
      await eventually(async () => (await c.d.documents('TESTING_PERIOD_NOTICE')).length === 1);
      const tr = await flag(c);
      await policeFile(tr);
      const [offset] = await eventually(async () => { const x = await tr.audits('transfer.offset_recorded'); return x.length ? x : undefined; });
      expect(offset.data).toMatchObject({ clockPaused: true });
      await expectRefused(c.handle.executeUpdate(resumeClockUpdate, { args: [{ actor: people.handler1, reason: '检测完毕', resultAt: await c.d.now() }] }), FAILURE.conflict, /移送公安机关/);
      await tr.complete('TRANSFER_MATERIALS_HANDOVER', people.handler1, 'HANDED_OVER', { items: '全部案卷材料' });
      await c.d.complete('NOTICE_SERVICE', people.handler1, 'SERVED', { servedAt: await c.d.now(), method: '直接送达' });
      await c.d.sleepDays(10);

      await tr.complete('TRANSFER_CRIMINAL_RESULT', psb, 'CONCLUDED', { result: '判处有期徒刑三年，并处罚金十万元', courtFine: true });
      expect((await tr.handle.result()).status).toBe('CONCLUDED');
      const resumed = await eventually(async () => { const s = await c.handle.query(caseStateQuery); return s.holds.length === 0 && s.decisionClock?.paused === false && s; });
      expect(resumed.fineBarred).toMatch(/罚金/);
      expect(await c.d.refused('DECISION', people.head, 'DECIDE', { penaltyTypes: ['WARNING', 'FINE'], fineFen: 8_000_000, reasoning: '事实清楚' }))
        .toMatch(/不再给予罚款/);
      await c.d.complete('DECISION', people.head, 'DECIDE', { penaltyTypes: ['WARNING'], fineFen: 0, reasoning: '罚金已由人民法院判处，依法给予警告' });
      await eventually(async () => { const x = await c.d.documents('PENALTY_DECISION'); return x.length ? x : undefined; });
      await c.handle.terminate('test done');
    });
  });

  it('overdue approval and delivery escalate to the city supervisor at the due time; the late delivery is recorded as a failure', async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const tr = await standalone();
      const row = await tr.status('AWAITING_APPROVAL');
      expect(row.psbOrgId).toBe('yx-hongta-psb');
      const approval = await tr.openTask('TRANSFER_APPROVAL');
      expect(iso(approval.dueAt)).toBe(t.due('TRANSFER_APPROVAL', row.createdAt.toISOString()));
      await tr.sleepUntil(approval.dueAt!, -60_000);
      expect(await tr.count('TRANSFER_OVERDUE')).toBe(0);
      await t.env.sleep(120_000);
      const esc = await tr.openTask('TRANSFER_OVERDUE');
      expect(esc).toMatchObject({ orgId: 'yx-city', candidateRoles: ['CITY_SUPERVISOR'] });
      const [overdue] = await tr.audits('transfer.overdue');
      expect(overdue.data).toMatchObject({ step: 'approval', deadlineId: 'TRANSFER_APPROVAL', dueAt: iso(approval.dueAt), escalatedTo: 'yx-city' });
      // The head can still decide; the city's 督办 task closes with the step.
      await tr.complete('TRANSFER_APPROVAL', people.head, 'APPROVE', {});
      await eventually(async () => (await t.prisma.task.findUniqueOrThrow({ where: { id: esc.id } })).status === 'CANCELLED');

      const delivery = await tr.openTask('TRANSFER_DELIVERY');
      await tr.sleepUntil(delivery.dueAt!, -60_000);
      expect((await tr.audits('transfer.delivery_failed')).length).toBe(0);
      await t.env.sleep(120_000);
      const [failed] = await eventually(async () => { const x = await tr.audits('transfer.delivery_failed'); return x.length ? x : undefined; });
      expect(failed.data).toMatchObject({ deadlineId: 'TRANSFER_DELIVERY', dueAt: iso(delivery.dueAt) });
      const esc2 = await tr.openTask('TRANSFER_OVERDUE');
      expect(esc2.orgId).toBe('yx-city');
      await tr.complete('TRANSFER_OVERDUE', citySupervisor, 'NOTED', { comment: '责令立即移送。' });
      const late = await tr.openTask('TRANSFER_DELIVERY');
      expect(late.dueAt).toBeNull();
      await tr.complete('TRANSFER_DELIVERY', people.handler1, 'DELIVERED', { investigationReport: '调查报告' });
      const delivered = await tr.status('DELIVERED');
      expect(delivered.overdueSteps).toBe(2);
      expect((await tr.handle.query(transferStateQuery)).overdue.map((o) => o.deadlineId)).toEqual(['TRANSFER_APPROVAL', 'TRANSFER_DELIVERY']);
      await tr.handle.terminate('test done');
    });
  });

  it('police steps overdue escalate to the same-level procuratorate: filing review (after a 7-day extension) and reconsideration decision', async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const tr = await standalone();
      await receive(tr);
      const received = await tr.status('RECEIVED');
      const receivedAt = (await tr.handle.query(transferStateQuery)).receivedAt!;
      const review = await tr.openTask('TRANSFER_FILING_REVIEW');
      expect(iso(review.dueAt)).toBe(t.due('POLICE_FILING_REVIEW', receivedAt));
      expect(received.psbOrgId).toBe('yx-hongta-psb');
      await eventually(async () => iso((await tr.row()).stepDueAt) === iso(review.dueAt));
      await tr.complete('TRANSFER_FILING_REVIEW', psb, 'EXTEND', { extension: 'VERIFICATION', reason: '线索需要查证' });
      const extended = await eventually(async () => { const x = await tr.openTask('TRANSFER_FILING_REVIEW'); return x.id !== review.id && x; });
      expect(iso(extended.dueAt)).toBe(t.due('POLICE_REVIEW_VERIFICATION_EXTENSION', receivedAt));
      expect(await tr.refused('TRANSFER_FILING_REVIEW', psb, 'EXTEND', { extension: 'VERIFICATION', reason: '再次延长' })).toMatch(/已经延长/);
      await tr.sleepUntil(extended.dueAt!, -60_000);
      expect(await tr.count('TRANSFER_OVERDUE')).toBe(0);
      await t.env.sleep(120_000);
      const esc = await tr.openTask('TRANSFER_OVERDUE');
      expect(esc).toMatchObject({ orgId: 'yx-hongta-procuratorate', candidateRoles: ['PROCURATOR'] });
      await tr.complete('TRANSFER_FILING_REVIEW', psb, 'NOT_FILE', { reason: '情节显著轻微。' });
      await tr.status('NOT_FILED');
      await tr.complete('TRANSFER_NOT_FILED_RESPONSE', people.handler1, 'RECONSIDER', { reason: '应当立案。' });
      const rc = await tr.openTask('TRANSFER_RECONSIDERATION');
      await tr.sleepUntil(rc.dueAt!, -60_000);
      expect((await tr.audits('transfer.overdue')).length).toBe(1);
      await t.env.sleep(120_000);
      const [, second] = await eventually(async () => { const x = await tr.audits('transfer.overdue'); return x.length === 2 ? x : undefined; });
      expect(second.data).toMatchObject({ deadlineId: 'POLICE_RECONSIDERATION_DECISION', dueAt: iso(rc.dueAt), escalatedTo: 'yx-hongta-procuratorate' });
      await tr.handle.terminate('test done');
    });
  });

  it('materials handover overdue escalates to the city; a reconsideration request not made in 3 days lapses and the matter goes back to administrative handling', async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const filed = await standalone();
      await policeFile(filed);
      const materials = await filed.openTask('TRANSFER_MATERIALS_HANDOVER');
      await filed.sleepUntil(materials.dueAt!, -60_000);
      expect(await filed.count('TRANSFER_OVERDUE')).toBe(0);
      await t.env.sleep(120_000);
      expect(await filed.openTask('TRANSFER_OVERDUE')).toMatchObject({ orgId: 'yx-city' });
      expect((await filed.audits('transfer.overdue'))[0].data).toMatchObject({ deadlineId: 'TRANSFER_MATERIALS_HANDOVER', dueAt: iso(materials.dueAt) });
      await filed.handle.terminate('test done');

      const notFiled = await standalone();
      await receive(notFiled);
      await notFiled.complete('TRANSFER_FILING_REVIEW', psb, 'NOT_FILE', { reason: '没有犯罪事实。' });
      const ask = await notFiled.openTask('TRANSFER_NOT_FILED_RESPONSE');
      await notFiled.sleepUntil(ask.dueAt!, 60_000);
      expect((await notFiled.handle.result()).status).toBe('NOT_FILED');
      const [lapsed] = await notFiled.audits('transfer.lapsed');
      expect(lapsed.data).toMatchObject({ deadlineId: 'TRANSFER_RECONSIDERATION_REQUEST', dueAt: iso(ask.dueAt) });
      expect((await notFiled.row()).closedAt).toBeTruthy();
    });
  });

  it('the police may forward to the competent office; the bureau is notified and the new office signs', async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const tr = await standalone();
      await receive(tr);
      await tr.complete('TRANSFER_FILING_REVIEW', psb, 'FORWARD', { toOrgId: 'yx-psb', reason: '重大案件由市局管辖。' });
      const row = await eventually(async () => { const r = await tr.row(); return r.psbOrgId === 'yx-psb' && r; });
      expect(row.status).toBe('DELIVERED');
      const [fw] = await tr.audits('transfer.forwarded');
      expect(fw.data).toMatchObject({ from: 'yx-hongta-psb', to: 'yx-psb', late: false, notified: 'yx-hongta' });
      const receipt = await tr.openTask('TRANSFER_RECEIPT');
      expect(receipt.orgId).toBe('yx-psb');
      expect(await tr.refused('TRANSFER_RECEIPT', psb, 'SIGN')).toMatch(/不属于/);
      await tr.complete('TRANSFER_RECEIPT', cityPsb, 'SIGN', {});
      await tr.complete('TRANSFER_FILING_REVIEW', cityPsb, 'FILE', {});
      await tr.status('FILED');
      await tr.handle.terminate('test done');
    });
  });
});
