// 行政复议 and 行政诉讼 as they act on a running case (issue 7). The reconsideration workflow
// (workflows/reconsideration.ts) signals what happened; this module keeps what the case must
// know — pending challenges, a revoked or changed penalty, open litigation windows, lawsuits —
// and does the side effects the outcome requires. A case that has already ended is handled by
// the reconsideration workflow itself (activities/reconsiderations.ts, applyToClosedCase).
import { condition, patched, setHandler, workflowInfo } from '@temporalio/workflow';
import { humanTask } from './human-task.ts';
import { lateFeeFen } from '../rules/late-fee.ts';
import { withdrawalReason, type RemedyBody } from '../rules/reconsideration-rules.ts';
import { acts } from './activities-proxy.ts';
import { checkDate, fail, moveTo, requireCaseOfficer, caseActs, type CaseCtx } from './case-context.ts';
import {
  caseRemedyQuery, FAILURE, reconsiderationEventSignal, recordLawsuitUpdate, type Penalty, type RemedyEvent, type RemedyView,
} from './messages.ts';

const shanghaiDay = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);

// One case per workflow run: module state is per run in Temporal's sandbox (as in human-task.ts).
let remedy: RemedyView = { pending: [], suspended: false, revoked: false, windows: [], lawsuits: [], events: [] };
let touched = false;

export const remedyTouched = () => touched;
export const penaltyRevoked = () => remedy.revoked;
/** The penalty as it stands after a 变更 (or a judgment), if any. */
export const changedPenalty = (): Penalty | undefined => remedy.penalty;
/** A reconsideration decided or ended: the 6-month direct-suit window no longer governs. */
export const remedyDecided = () => remedy.events.some((e) => e.kind === 'DECIDED');
/** QZ 53: no application to the court while a challenge is pending or its suit window is open. */
export const courtMayApply = () => !remedy.pending.length && !remedy.windows.length && !remedy.lawsuits.length;

function pause(ctx: CaseCtx, at: string) { ctx.lateFeePauses.push({ from: shanghaiDay(at) }); }
function resume(ctx: CaseCtx, at: string) {
  const open = ctx.lateFeePauses.find((p) => !p.to);
  if (open) open.to = shanghaiDay(at);
}
const drop = (list: string[], id: string) => list.filter((x) => x !== id);

/** Installs the handlers; call once after openCase (adds no command until a signal arrives). */
export function installRemedyHandlers(ctx: CaseCtx): void {
  remedy = { pending: [], suspended: false, revoked: false, windows: [], lawsuits: [], events: [] };
  setHandler(caseRemedyQuery, () => remedy);
  setHandler(reconsiderationEventSignal, async (e) => {
    // New runs only: histories recorded before issue 7 never saw this signal.
    if (!patched('reconsideration-remedies')) return;
    touched = true;
    remedy.events.push({ kind: e.kind, reconsiderationId: e.reconsiderationId, at: e.at, ...('outcome' in e ? { outcome: e.outcome } : {}) });
    await apply(ctx, e);
  });
  acceptDirectLawsuits(ctx);
}

/**
 * A lawsuit brought straight against the decision: recorded by the bureau, it holds back the
 * court application like one after a reconsideration (QZ Art 53), late fees stop (CF Art 73 ③),
 * and its judgment — with the head's appearance in court (SS Art 3 ③) — settles the penalty.
 */
function acceptDirectLawsuits(ctx: CaseCtx): void {
  let n = 0;
  setHandler(recordLawsuitUpdate, async ({ court, filedAt }) => {
    touched = true;
    // Unique across cases: the refund of a revoking judgment is keyed by it.
    const id = `lawsuit-${ctx.input.caseId}-${++n}`;
    remedy.lawsuits.push(id);
    remedy.events.push({ kind: 'SUED', reconsiderationId: id, at: filedAt });
    pause(ctx, filedAt);
    moveTo(ctx, ctx.state.stage, 'case.lawsuit_recorded', { lawsuitId: id, court, filedAt }, { key: `${id}.filed` });
    void judged(ctx, id, court);
    return { lawsuitId: id };
  }, {
    validator: ({ actor, court, filedAt }) => {
      requireCaseOfficer(ctx, actor);
      if (!ctx.state.servedAt) fail(FAILURE.conflict, '行政处罚决定尚未送达，不能登记行政诉讼');
      if (workflowInfo().workflowType === 'summaryCaseWorkflow') fail(FAILURE.conflict, '当场作出的行政处罚须先申请行政复议（复议前置），不能直接起诉');
      if (remedy.revoked) fail(FAILURE.conflict, '行政处罚决定已被撤销');
      if (remedy.pending.length) fail(FAILURE.conflict, '行政复议期间不能另行起诉（《行政诉讼法》第44条）');
      if (remedy.windows.length) fail(FAILURE.conflict, '复议决定后的起诉请在行政复议案件中登记');
      if (remedy.lawsuits.length) fail(FAILURE.conflict, '已登记的行政诉讼尚未审结');
      if (!court || court.trim().length < 2) fail(FAILURE.invalid, '请填写受理法院');
      checkDate(ctx, 'lawsuit.filedAt', filedAt);
    },
  });
}

async function judged(ctx: CaseCtx, id: string, court: string): Promise<void> {
  const end = await humanTask({
    step: `${id}-result`, kind: 'RECON_LAWSUIT', title: '登记行政诉讼结果及负责人出庭应诉情况', orgId: ctx.input.orgId,
    roles: ['HANDLER', 'SUPERVISOR', 'HEAD'], caseId: ctx.input.caseId, payload: { caseNumber: ctx.state.number, court },
  });
  if (end.expired) return;
  const j = end.result;
  const result = j.outcome === 'WITHDRAWN' ? 'WITHDRAWN' : String(j.data.result);
  const decided = ctx.state.decision;
  const penalty = result === 'CHANGED' && typeof j.data.changedFineFen === 'number' && decided
    ? { penaltyTypes: decided.penaltyTypes, fineFen: j.data.changedFineFen } : undefined;
  const pay = penalty ? await acts.computeDeadline({ deadlineId: 'FINE_PAYMENT', from: j.completedAt }) : undefined;
  remedy.lawsuits = drop(remedy.lawsuits, id);
  remedy.events.push({ kind: 'JUDGED', reconsiderationId: id, at: j.completedAt, outcome: result });
  resume(ctx, j.completedAt);
  await settle(ctx, id, courtOutcome(result), penalty, pay?.lastDay, j.completedAt, 'COURT');
  moveTo(ctx, ctx.state.stage, 'case.lawsuit_judged', {
    lawsuitId: id, result, headAppeared: j.data.headAppeared === true, appearedBy: j.data.appearedBy ?? null, summary: j.data.summary,
  }, { key: `${id}.judged` });
}

async function apply(ctx: CaseCtx, e: RemedyEvent): Promise<void> {
  const id = e.reconsiderationId;
  const record = (action: string, data: Record<string, unknown> = {}) => caseActs.recordCaseRemedy({
    reconsiderationId: id, caseId: ctx.input.caseId, key: `${workflowInfo().workflowId}/${e.kind}/${remedy.events.length}`, action, data,
  });
  switch (e.kind) {
    case 'FILED':
      // CF 73 ③: 加处罚款的数额在行政复议或者行政诉讼期间不予计算.
      if (!remedy.pending.includes(id)) remedy.pending.push(id);
      pause(ctx, e.at);
      await record('case.reconsideration_pending');
      return;
    case 'ENDED':
      remedy.pending = drop(remedy.pending, id);
      resume(ctx, e.at);
      await record('case.reconsideration_ended', { reason: e.reason });
      return;
    case 'SUSPENDED':
      remedy.suspended = true;
      await record('case.execution_suspended');
      return;
    case 'DECIDED':
      remedy.pending = drop(remedy.pending, id);
      remedy.suspended = false;
      resume(ctx, e.at);
      remedy.windows.push(id);
      await settle(ctx, id, e.outcome, e.penalty, e.paymentDueDay, e.at);
      await record('case.reconsideration_decided', { outcome: e.outcome, penalty: e.penalty ?? null, litigationDueAt: e.litigationDueAt });
      return;
    case 'SUED':
      remedy.windows = drop(remedy.windows, id);
      if (!remedy.lawsuits.includes(id)) remedy.lawsuits.push(id);
      pause(ctx, e.at);
      await record('case.lawsuit_recorded', { court: e.court });
      return;
    case 'WINDOW_CLOSED':
      remedy.windows = drop(remedy.windows, id);
      await record('case.litigation_window_closed');
      return;
    case 'JUDGED':
      remedy.lawsuits = drop(remedy.lawsuits, id);
      resume(ctx, e.at);
      await settle(ctx, id, courtOutcome(e.result), e.penalty, e.paymentDueDay, e.at, 'COURT');
      await record('case.lawsuit_judged', { result: e.result });
  }
}

const courtOutcome = (result: string) => (result === 'REVOKED' ? 'REVOKE' : result === 'CHANGED' ? 'CHANGE' : 'UPHOLD');

/** The outcome's effect on the penalty: withdrawn (and refunded), or changed (clocks recomputed). */
async function settle(ctx: CaseCtx, id: string, outcome: string, penalty: Penalty | undefined, dueDay: string | undefined, at: string, by: RemedyBody = 'RECONSIDERATION') {
  const refundKey = `reconsideration-${id}`;
  // CF 48 ②: a revoked, changed or unlawful decision leaves the public disclosure (within 3 working days: at once).
  const withdrawal = withdrawalReason(outcome, by);
  if (outcome === 'REVOKE') {
    remedy.revoked = true;
    await caseActs.withdrawDisclosure({ caseId: ctx.input.caseId, reason: withdrawal!, revokedAt: at });
    await caseActs.refundPayments({ caseId: ctx.input.caseId, keepFen: 0, key: refundKey, reason: '行政处罚决定被撤销，退还已缴款项' });
    return;
  }
  if (withdrawal && patched('disclosure-withdrawn-on-change')) {
    await caseActs.withdrawDisclosure({ caseId: ctx.input.caseId, reason: withdrawal, revokedAt: at });
  }
  if (outcome !== 'CHANGE' || !penalty) return;
  remedy.penalty = penalty;
  // The changed fine is payable from the reconsideration decision; late fees restart on it.
  if (dueDay && ctx.state.paymentDueDay) ctx.state.paymentDueDay = dueDay;
  const fee = ctx.state.paymentDueDay
    ? lateFeeFen({ fineFen: penalty.fineFen, dueDay: ctx.state.paymentDueDay, asOf: shanghaiDay(at), pauses: ctx.lateFeePauses }).feeFen : 0;
  await caseActs.refundPayments({ caseId: ctx.input.caseId, keepFen: penalty.fineFen + fee, key: refundKey, reason: '行政处罚决定被变更，退还多缴款项' });
}

/**
 * The court step's extra wait after a reconsideration (行政诉讼法 Art 45; QZ Art 53): until no
 * challenge is pending, its 15-day suit window has closed and no lawsuit is open. Returns
 * 'PAID' / 'REVOKED' when that ended the wait, or the moment the court may be asked.
 */
export async function awaitRemedies(settled: () => boolean): Promise<'PAID' | 'REVOKED' | string> {
  await condition(() => settled() || remedy.revoked || courtMayApply());
  if (settled()) return 'PAID';
  if (remedy.revoked) return 'REVOKED';
  return new Date().toISOString();
}
