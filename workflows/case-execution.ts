// 送达 and 执行 (CF Art 61, 66–73; AB25 Art 66–79; QZ Art 35, 45–46, 53–54). The service
// date drives every later period. Money never passes through officers: payments arrive as
// confirmations from the payment channel (罚缴分离, CF Art 67).
import { condition, patched, setHandler, sleep } from '@temporalio/workflow';
import { lateFeeFen } from '../rules/late-fee.ts';
import { acts } from './activities-proxy.ts';
import { checkDate, fail, issue, moveTo, requireCaseOfficer, caseActs, type CaseCtx } from './case-context.ts';
import type { Decision } from './case-decision.ts';
import { awaitRemedies, changedPenalty, penaltyRevoked, remedyDecided, remedyTouched } from './case-remedies.ts';
import { cancelTask, humanTask } from './human-task.ts';
import { applyDeferralUpdate, confirmPaymentUpdate, FAILURE } from './messages.ts';

const shanghaiDay = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);

/** Serves the decision; returns the date service took effect. */
export async function serve(ctx: CaseCtx, decidedAt: string): Promise<string> {
  moveTo(ctx, 'SERVICE', 'case.service_pending');
  const s = await humanTask({
    step: 'decision-service', kind: 'DECISION_SERVICE', title: '送达行政处罚决定书（7个工作日内）',
    orgId: ctx.input.orgId, roles: ['HANDLER'], caseId: ctx.input.caseId, onExpiry: 'ESCALATE',
    deadline: { id: 'DECISION_SERVICE', from: decidedAt }, payload: { caseNumber: ctx.state.number, partyName: ctx.input.party.name },
    // Electronic service needs the party's signed 送达地址确认书 (CF Art 61 ②; AB25 Art 67).
    validate: (i) => (i.data.method === 'ELECTRONIC' && !i.data.addressConfirmed ? '电子送达须当事人签署送达地址确认书' : undefined),
  });
  if (s.expired) return fail(FAILURE.invariant, '送达任务不应到期关闭：超期由期限监控升级处理');
  let servedAt = (s.result.data.servedAt ?? s.result.data.publishedAt) as string;
  void issue(ctx, 'service-receipt', 'SERVICE_RECEIPT', { ...s.result.data, document: '行政处罚决定书' }, s.result.completedBy);
  if (s.result.outcome === 'PUBLIC_NOTICE') {
    // 公告送达: deemed served 30 days after publication (AB25 Art 66 (五)).
    const due = await acts.computeDeadline({ deadlineId: 'SERVICE_BY_PUBLIC_NOTICE', from: servedAt });
    await sleep(Math.max(0, Date.parse(due.dueAt) - Date.now()));
    servedAt = due.dueAt;
  }
  ctx.state.servedAt = servedAt;
  moveTo(ctx, 'EXECUTION', 'case.served', { servedAt, method: s.result.data.method ?? 'PUBLIC_NOTICE' });
  return servedAt;
}

/** Waits for payment, chases it, and applies to the court; returns how execution ended. */
export async function execute(ctx: CaseCtx, d: Extract<Decision, { noPenalty: false }>, servedAt: string): Promise<string> {
  if (d.fineFen === 0) return 'NO_FINE';
  const payDue = await acts.computeDeadline({ deadlineId: 'FINE_PAYMENT', from: servedAt });
  ctx.state.paymentDueDay = payDue.lastDay;
  let deferring = false;
  let partialAllowed = false;
  // A 变更 by reconsideration replaces the fine; late fees are recomputed on the new one (issue 7).
  const fine = () => changedPenalty()?.fineFen ?? d.fineFen;
  const outstanding = (asOf: string) => fine() - ctx.state.paidFen + lateFeeFen({
    fineFen: fine(), dueDay: ctx.state.paymentDueDay!, asOf: shanghaiDay(asOf), pauses: ctx.lateFeePauses,
  }).feeFen;
  const settled = () => (ctx.state.paidFen > 0 || fine() === 0) && outstanding(new Date().toISOString()) <= 0;

  setHandler(confirmPaymentUpdate, async (p) => {
    ctx.state.paidFen += p.amountFen;
    await caseActs.recordPayment({ caseId: ctx.input.caseId, ...p });
    return { paidFen: ctx.state.paidFen, outstandingFen: Math.max(0, outstanding(p.paidAt)) };
  }, {
    validator: (p) => {
      if (penaltyRevoked()) fail(FAILURE.conflict, '行政处罚决定已被撤销，不再缴款');
      if (settled()) fail(FAILURE.conflict, '罚款已缴清');
      checkDate(ctx, 'payment.paidAt', p.paidAt);
      const owed = outstanding(p.paidAt);
      if (!Number.isSafeInteger(p.amountFen) || p.amountFen <= 0) fail(FAILURE.invalid, '缴款金额无效');
      if (p.amountFen > owed) fail(FAILURE.invalid, `缴款金额 ${p.amountFen} 分超过应缴金额 ${owed} 分`);
      if (p.amountFen !== owed && !partialAllowed) fail(FAILURE.invalid, `缴款金额须为应缴金额 ${owed} 分（含加处罚款）`);
    },
  });

  // 延期或者分期缴纳 on the party's application, approved by the head (CF Art 66 ②).
  setHandler(applyDeferralUpdate, async ({ actor, reason, newDueDay }) => {
    deferring = true;
    void humanTask({
      step: `deferral-${newDueDay}`, kind: 'DEFERRAL_APPROVAL', title: '延期（分期）缴纳罚款审批', orgId: ctx.input.orgId,
      roles: ['HEAD'], caseId: ctx.input.caseId, payload: { reason, newDueDay, requestedBy: actor.userId, caseNumber: ctx.state.number },
    }).then((end) => {
      deferring = false;
      if (!end.expired && end.result.outcome === 'APPROVE') {
        ctx.state.paymentDueDay = newDueDay;
        partialAllowed = true;
      }
    });
    return { requested: true as const };
  }, {
    validator: ({ actor, newDueDay }) => {
      requireCaseOfficer(ctx, actor, ['HANDLER']);
      if (deferring) fail(FAILURE.conflict, '已有延期（分期）申请在审批中');
      if (!/^\d{4}-\d{2}-\d{2}$/.test(newDueDay)) fail(FAILURE.invalid, '申请的缴款期限格式应为 YYYY-MM-DD');
      checkDate(ctx, 'deferral.newDueDay', newDueDay);
    },
  });

  moveTo(ctx, 'EXECUTION', 'case.payment_due', { dueDay: ctx.state.paymentDueDay }, { key: 'payment.due' });
  for (;;) {
    const until = Date.parse(`${ctx.state.paymentDueDay}T16:00:00Z`) - Date.now();
    const due = ctx.state.paymentDueDay;
    if (await condition(() => settled() || penaltyRevoked() || ctx.state.paymentDueDay !== due, Math.max(until, 1))) {
      if (penaltyRevoked()) return 'REVOKED';
      if (settled()) return 'PAID';
      continue;
    }
    break;
  }
  return chase(ctx, servedAt, settled);
}

async function chase(ctx: CaseCtx, servedAt: string, settled: () => boolean): Promise<string> {
  // 催告 in writing before applying to the court (QZ Art 35, 54).
  moveTo(ctx, 'ENFORCEMENT', 'case.overdue_unpaid', {}, { key: 'enforcement.started' });
  void issue(ctx, 'reminder', 'REMINDER', { dueDay: ctx.state.paymentDueDay, paidFen: ctx.state.paidFen });
  ctx.timeline.reminderIssuedAt = new Date().toISOString();
  const served = await Promise.race([humanTask({
    step: 'reminder-service', kind: 'REMINDER_SERVICE', title: '送达催告书', orgId: ctx.input.orgId, roles: ['HANDLER'],
    caseId: ctx.input.caseId, payload: { caseNumber: ctx.state.number },
  }), condition(penaltyRevoked).then(() => undefined)]);
  if (!served) { await cancelTask('reminder-service'); return 'REVOKED'; }
  if (settled()) return 'PAID';
  if (served.expired) return 'PAID';
  ctx.timeline.reminderServedAt = served.result.data.servedAt as string;
  // The court may be asked ≥10 working days after the reminder, and only once the party's
  // remedy periods have run out (6-month suit window; QZ Art 53, XSJ18 Art 156), within 3 months.
  const [afterReminder, remedyEnd] = await Promise.all([
    acts.computeDeadline({ deadlineId: 'COURT_ENFORCEMENT_REMINDER', from: served.result.data.servedAt as string }),
    acts.computeDeadline({ deadlineId: 'LITIGATION_DIRECT', from: servedAt }),
  ]);
  const earliest = Math.max(Date.parse(afterReminder.dueAt), Date.parse(remedyEnd.dueAt));
  // After a reconsideration decision the 15-day window of 行政诉讼法 Art 45 replaces the 6-month
  // one (issue 7): the wait ends early and the remedies gate below takes over.
  if (await condition(() => settled() || penaltyRevoked() || remedyDecided(), Math.max(1, earliest - Date.now()))) {
    if (settled()) return 'PAID';
    if (penaltyRevoked()) return 'REVOKED';
  }
  let remediesEnd = remedyEnd.dueAt;
  if (remedyTouched() && patched('reconsideration-litigation-window')) {
    if (await condition(() => settled() || penaltyRevoked(), Math.max(1, Date.parse(afterReminder.dueAt) - Date.now()))) {
      return settled() ? 'PAID' : 'REVOKED';
    }
    const gate = await awaitRemedies(settled);
    if (gate === 'PAID' || gate === 'REVOKED') return gate;
    if (!remedyDecided() && Date.parse(gate) < Date.parse(remedyEnd.dueAt)) {
      // Refused or withdrawn without a decision: the direct-suit window still runs.
      if (await condition(settled, Math.max(1, Date.parse(remedyEnd.dueAt) - Date.now()))) return 'PAID';
    } else {
      remediesEnd = gate;
    }
  }
  const application = humanTask({
    step: 'court-application', kind: 'COURT_APPLICATION', title: '申请人民法院强制执行（3个月内）', orgId: ctx.input.orgId,
    roles: ['HANDLER'], caseId: ctx.input.caseId, onExpiry: 'ESCALATE',
    deadline: { id: 'COURT_ENFORCEMENT_APPLICATION', from: remediesEnd }, payload: { caseNumber: ctx.state.number },
  });
  const filed = await Promise.race([application, condition(settled).then(() => undefined)]);
  if (!filed) await cancelTask('court-application');
  if (!filed || filed.expired) return 'PAID';
  ctx.timeline.courtFiledAt = filed.result.data.filedAt as string;
  void issue(ctx, 'enforcement-application', 'ENFORCEMENT_APPLICATION', { ...filed.result.data }, filed.result.completedBy);
  const accepted = await humanTask({
    step: 'court-acceptance', kind: 'COURT_ACCEPTANCE', title: '登记法院受理情况', orgId: ctx.input.orgId, roles: ['HANDLER'],
    caseId: ctx.input.caseId, payload: { caseNumber: ctx.state.number, court: filed.result.data.court },
  });
  if (accepted.expired) return 'COURT_REFUSED';
  return accepted.result.outcome === 'ACCEPTED' ? 'COURT_ACCEPTED' : 'COURT_REFUSED';
}
