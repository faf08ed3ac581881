// 行政复议 (issue 7; 行政复议法 2023 "FY", 行政诉讼法 "SS"): one durable workflow per application,
// not a child of the case (the case may have ended). Forwarding (on-the-spot penalties) →
// timeliness → 受理审查 (补正; silence = deemed accepted) → copy to the bureau → the bureau's
// answer and evidence (silence = no evidence → revoked) → hearing, extension → decision →
// effect on the case → the 15-day litigation window and any lawsuit.
import { condition, getExternalWorkflowHandle, setHandler, workflowInfo } from '@temporalio/workflow';
import type { DeadlineId } from '../rules/deadlines.ts';
import { checkOutcome, lateEvidence, OUTCOME_LABELS, simplifiedGround, timeliness, type ReconsiderationOutcome } from '../rules/reconsideration-rules.ts';
import { acts } from './activities-proxy.ts';
import { answerWhenRecorded } from './recorded.ts';
import { cancelTask, humanTask, installTaskHandlers } from './human-task.ts';
import { caseWorkflowId, reconsiderationEventSignal, type Penalty, type RemedyEvent } from './messages.ts';
import {
  reconsiderationStateQuery, type ReconsiderationInput, type ReconsiderationState, type ReconsiderationStatus,
} from './reconsideration-messages.ts';

const CLERK = ['RECON_CLERK'] as const;
const BUREAU = ['HANDLER', 'SUPERVISOR', 'HEAD', 'LEGAL_REVIEWER'] as const;
const FINAL: readonly string[] = ['UPHOLD', 'REVOKE', 'CHANGE', 'DECLARE_UNLAWFUL', 'DISMISS'];

export async function reconsiderationWorkflow(input: ReconsiderationInput): Promise<ReconsiderationState> {
  const s: ReconsiderationState = {
    reconsiderationId: input.reconsiderationId, status: input.via === 'BUREAU' ? 'FORWARDING' : 'REVIEW', simplified: false,
    deemedAccepted: false, answerMissed: false, extended: false, suspended: false, caseReopened: false,
  };
  setHandler(reconsiderationStateQuery, () => s);
  const recorded = answerWhenRecorded();
  installTaskHandlers();
  const wf = workflowInfo().workflowId;
  const id = input.reconsiderationId;
  const now = () => new Date().toISOString();
  const due = (deadlineId: DeadlineId, from: string) => acts.computeDeadline({ deadlineId, from });
  const record = (key: string, action: string, o: {
    status?: ReconsiderationStatus; fields?: Record<string, string | boolean | null>; data?: Record<string, unknown>; actorId?: string;
  } = {}) => {
    if (o.status) s.status = o.status;
    return acts.updateReconsideration({ reconsiderationId: id, key, action, ...o });
  };
  const names = await acts.recordReconsideration({ ...input, workflowId: wf });
  recorded();
  const docBase = { respondentName: names.respondentName, decisionNumber: input.decision.number, party: { name: input.applicant.name } };
  const issue = (step: string, kind: Parameters<typeof acts.issueDocument>[0]['kind'], data: Record<string, unknown>, by?: string) =>
    acts.issueDocument({ key: `${wf}/${step}`, caseId: input.caseId, orgId: input.organId, kind, data: { ...docBase, ...data }, issuedById: by });
  const payload = { reconsiderationId: id, decisionNumber: input.decision.number, applicant: input.applicant.name };
  const base = { caseId: input.caseId, payload };

  /** Tells a running case; a case that has ended gets the effect through an activity instead. */
  async function tellCase(e: RemedyEvent): Promise<boolean> {
    try {
      await getExternalWorkflowHandle(caseWorkflowId(input.caseId)).signal(reconsiderationEventSignal, e);
      return true;
    } catch {
      return false;
    }
  }

  // 0. 当场处罚: the bureau that keeps its decision forwards the application within 5 working days (FY 32 ②).
  let receivedAt = input.filedAt;
  if (input.via === 'BUREAU') {
    const f = await humanTask({
      ...base, step: 'forwarding', kind: 'RECON_FORWARDING', title: `转送行政复议申请（${input.applicant.name}）`, orgId: input.respondentOrgId,
      roles: [...BUREAU], onExpiry: 'ESCALATE', deadline: { id: 'RECONSIDERATION_FORWARDING', from: input.filedAt },
    });
    if (f.expired) return s;
    receivedAt = f.result.completedAt;
    await record('forwarded', 'reconsideration.forwarded', { status: 'REVIEW', fields: { receivedAt }, actorId: f.result.completedBy });
  }
  s.receivedAt = receivedAt;

  // 1. In time? (FY 20, 21) — counted at the day the party applied, even through the bureau (FY 32 ①).
  const [application, uninformed, bar] = await Promise.all([
    due('RECONSIDERATION_APPLICATION', input.knownAt), due('RECONSIDERATION_APPLICATION_UNINFORMED', input.knownAt),
    due('RECONSIDERATION_ABSOLUTE_BAR', input.decision.decidedAt),
  ]);
  const t = timeliness({ appliedAt: input.filedAt, applicationDueAt: application.dueAt, uninformedDueAt: uninformed.dueAt,
    absoluteBarAt: bar.dueAt, rightStated: input.rightStated });
  if (!t.inTime) {
    s.refusal = t.reason;
    const doc = await issue('refusal', 'RECON_REFUSAL', { receivedAt, reason: t.reason });
    await record('refused', 'reconsideration.refused', { status: 'REFUSED', data: { reason: t.reason, late: true, document: doc.number } });
    return s;
  }
  await tellCase({ kind: 'FILED', reconsiderationId: id, at: input.filedAt });

  // 2. 受理审查 within 5 working days; silence = accepted (FY 30 ②). 补正: 10 working days, silence = withdrawn (FY 31).
  let reviewFrom = receivedAt;
  let allAgree = false;
  for (let round = 1; ; round++) {
    await record(`review-${round}`, 'reconsideration.review_opened', { status: 'REVIEW' });
    const review = await humanTask({
      ...base, step: `acceptance-${round}`, kind: 'RECON_ACCEPTANCE', title: `行政复议受理审查：${input.applicant.name}`, orgId: input.organId,
      roles: [...CLERK], onExpiry: 'PROCEED', deadline: { id: 'RECONSIDERATION_ACCEPTANCE_REVIEW', from: reviewFrom },
    });
    if (review.expired) {
      s.deemedAccepted = true;
      break;
    }
    const r = review.result;
    if (r.outcome === 'ACCEPT') { allAgree = r.data.allAgree === true; break; }
    if (r.outcome === 'REFUSE') {
      s.refusal = String(r.data.reason);
      const doc = await issue('refusal', 'RECON_REFUSAL', { receivedAt, reason: r.data.reason }, r.completedBy);
      await record('refused', 'reconsideration.refused', { status: 'REFUSED', data: { reason: r.data.reason, document: doc.number }, actorId: r.completedBy });
      await tellCase({ kind: 'ENDED', reconsiderationId: id, at: now(), reason: 'REFUSED' });
      return s;
    }
    const correctionFrom = r.completedAt;
    const correctionDue = await due('RECONSIDERATION_CORRECTION', correctionFrom);
    const notice = await issue(`correction-${round}`, 'RECON_CORRECTION_NOTICE', { receivedAt, correctionItems: r.data.items, correctionDueAt: correctionDue.dueAt }, r.completedBy);
    await record(`correction-${round}`, 'reconsideration.correction_requested', {
      status: 'CORRECTION', data: { items: r.data.items, dueAt: correctionDue.dueAt, document: notice.number }, actorId: r.completedBy,
    });
    const supplied = await humanTask({
      ...base, step: `correction-${round}`, kind: 'RECON_CORRECTION', title: `登记补正材料：${input.applicant.name}`, orgId: input.organId,
      roles: [...CLERK], onExpiry: 'PROCEED', deadline: { id: 'RECONSIDERATION_CORRECTION', from: correctionFrom },
    });
    if (supplied.expired) {
      await record('withdrawn', 'reconsideration.withdrawn', { status: 'WITHDRAWN', data: { reason: '逾期未补正，视为放弃行政复议申请（《行政复议法》第三十一条第二款）' } });
      await tellCase({ kind: 'ENDED', reconsiderationId: id, at: now(), reason: 'WITHDRAWN' });
      return s;
    }
    // The review period runs again from the day the material arrived (FY 31 ③).
    reviewFrom = supplied.result.completedAt;
  }
  const acceptedAt = now();
  s.acceptedAt = acceptedAt;
  s.simplifiedGround = simplifiedGround({ onTheSpot: input.decision.onTheSpot, penaltyTypes: input.decision.penaltyTypes, fineFen: input.decision.fineFen, allAgree });
  s.simplified = !!s.simplifiedGround;
  const accepted = await issue('acceptance', 'RECON_ACCEPTANCE_NOTICE', { receivedAt, deemed: s.deemedAccepted, simplified: s.simplified, simplifiedGround: s.simplifiedGround });

  // 3. Copy to the bureau at once (within 7 / 3 working days, FY 48, 54); its answer is due 10 / 5 working days later.
  const [copyDue, answerDue, decisionDue] = await Promise.all([
    due(s.simplified ? 'RECONSIDERATION_COPY_TO_RESPONDENT_SIMPLIFIED' : 'RECONSIDERATION_COPY_TO_RESPONDENT', acceptedAt),
    due(s.simplified ? 'RECONSIDERATION_ANSWER_SIMPLIFIED' : 'RECONSIDERATION_ANSWER', acceptedAt),
    due(s.simplified ? 'RECONSIDERATION_DECISION_SIMPLIFIED' : 'RECONSIDERATION_DECISION', acceptedAt),
  ]);
  s.answerDueAt = answerDue.dueAt;
  s.decisionDueAt = decisionDue.dueAt;
  const answerNotice = await issue('answer-notice', 'RECON_ANSWER_NOTICE', { acceptedAt, answerDueAt: answerDue.dueAt, simplified: s.simplified });
  await record('accepted', 'reconsideration.accepted', {
    status: 'ANSWER',
    fields: { acceptedAt, simplified: s.simplified, answerDueAt: answerDue.dueAt, decisionDueAt: decisionDue.dueAt },
    data: { deemed: s.deemedAccepted, simplifiedGround: s.simplifiedGround ?? null, document: accepted.number,
      copySentAt: acceptedAt, copyDueAt: copyDue.dueAt, answerNotice: answerNotice.number },
    actorId: undefined,
  });

  // 4. The bureau's answer — a hard limit: missed = no evidence (FY 70); nothing collected after its decision (FY 46).
  void humanTask({
    ...base, step: 'answer', kind: 'RECON_ANSWER', title: `行政复议答复（${s.simplified ? '简易程序，5' : '10'}个工作日内）`, orgId: input.respondentOrgId,
    roles: [...BUREAU], onExpiry: 'PROCEED', deadline: { id: s.simplified ? 'RECONSIDERATION_ANSWER_SIMPLIFIED' : 'RECONSIDERATION_ANSWER', from: acceptedAt },
    payload: { ...payload, answerDueAt: answerDue.dueAt },
    validate: (i) => lateEvidence((i.data.evidence ?? []) as { description: string; collectedAt: string }[], input.decision.decidedAt),
  }).then(async (end) => {
    if (end.expired) {
      s.answerMissed = true;
      await record('answer-missed', 'reconsideration.answer_missed', { status: 'DECISION' });
      return;
    }
    s.answeredAt = end.result.completedAt;
    await record('answered', 'reconsideration.answered', {
      status: 'DECISION', fields: { answeredAt: end.result.completedAt },
      data: { answer: end.result.data.answer, evidence: end.result.data.evidence }, actorId: end.result.completedBy,
    });
  });

  // 5. Hearing, extension, suspension, decision — one task of the clerk, reopened after each step.
  const original: Penalty = { penaltyTypes: input.decision.penaltyTypes, fineFen: input.decision.fineFen };
  let deadline: { id: DeadlineId; from: string } | undefined = {
    id: s.simplified ? 'RECONSIDERATION_DECISION_SIMPLIFIED' : 'RECONSIDERATION_DECISION', from: acceptedAt,
  };
  let decided: { outcome: ReconsiderationOutcome; data: Record<string, unknown>; by?: string } | undefined;
  for (let n = 1; !decided; n++) {
    const step = `decision-${n}`;
    const task = humanTask({
      ...base, step, kind: 'RECON_DECISION', title: `行政复议审理与决定：${input.applicant.name}`, orgId: input.organId, roles: [...CLERK],
      onExpiry: 'PROCEED', deadline, payload: { ...payload, decisionDueAt: s.decisionDueAt, simplified: s.simplified },
      validate: (i) => {
        if (FINAL.includes(i.outcome)) {
          return checkOutcome({
            outcome: i.outcome, answered: !!s.answeredAt, answerPeriodOver: s.answerMissed, original,
            changed: i.outcome === 'CHANGE' ? { penaltyTypes: i.data.penaltyTypes as string[], fineFen: i.data.fineFen as number } : undefined,
          });
        }
        if (i.outcome === 'EXTEND') return s.simplified ? '简易程序案件不能延长审理期限（《行政复议法》第六十二条第二款）' : s.extended ? '审理期限只能延长一次，最多30日' : undefined;
        if (i.outcome === 'RECORD_HEARING') return !s.hearing ? '尚未安排听证' : Date.now() < Date.parse(s.hearing.at) ? '听证尚未举行' : undefined;
        if (i.outcome === 'SUSPEND_EXECUTION' && s.suspended) return '已决定停止执行';
        return undefined;
      },
    });
    const end = await Promise.race([task, condition(() => s.answerMissed).then(() => undefined)]);
    if (!end) {
      await cancelTask(step);
      decided = { outcome: 'REVOKE', data: { reasoning: '被申请人未在法定期限内提出书面答复、提交证据和依据。', deemedWithoutEvidence: true } };
      break;
    }
    if (end.expired) {
      // FY 62 / SS 45: the organ is late; the party may sue within 15 days of the period's end. The case stays open.
      const suitDue = await due('LITIGATION_AFTER_RECONSIDERATION', s.decisionDueAt!);
      await record('overdue', 'reconsideration.overdue', { data: { decisionDueAt: s.decisionDueAt, suitDueAt: suitDue.dueAt } });
      deadline = undefined;
      continue;
    }
    const r = end.result;
    if (FINAL.includes(r.outcome)) { decided = { outcome: r.outcome as ReconsiderationOutcome, data: r.data, by: r.completedBy }; break; }
    if (r.outcome === 'EXTEND') {
      s.extended = true;
      const ext = await due('RECONSIDERATION_DECISION_EXTENSION', new Date(Date.parse(s.decisionDueAt!) - 1).toISOString());
      deadline = { id: 'RECONSIDERATION_DECISION_EXTENSION', from: new Date(Date.parse(s.decisionDueAt!) - 1).toISOString() };
      s.decisionDueAt = ext.dueAt;
      const doc = await issue('extension', 'RECON_EXTENSION_NOTICE', { reason: r.data.reason, extendedDueAt: ext.dueAt }, r.completedBy);
      await record('extended', 'reconsideration.extended', {
        fields: { decisionDueAt: ext.dueAt }, data: { reason: r.data.reason, approvedBy: r.data.approvedBy, document: doc.number }, actorId: r.completedBy,
      });
    } else if (r.outcome === 'SCHEDULE_HEARING') {
      s.hearing = { at: String(r.data.hearingAt), place: String(r.data.place) };
      const doc = await issue(`hearing-${n}`, 'RECON_HEARING_NOTICE', { hearingAt: r.data.hearingAt, place: r.data.place }, r.completedBy);
      await record(`hearing-${n}`, 'reconsideration.hearing_scheduled', { data: { hearingAt: r.data.hearingAt, place: r.data.place, document: doc.number }, actorId: r.completedBy });
    } else if (r.outcome === 'RECORD_HEARING') {
      s.hearing = { ...s.hearing!, headAttended: r.data.headAttended === true };
      await record(`hearing-held-${n}`, 'reconsideration.hearing_held', { data: { headAttended: r.data.headAttended, summary: r.data.summary }, actorId: r.completedBy });
    } else if (r.outcome === 'SUSPEND_EXECUTION') {
      // FY 42: execution goes on unless suspension is granted.
      s.suspended = true;
      await record('suspended', 'reconsideration.execution_suspended', { data: { reason: r.data.reason }, actorId: r.completedBy });
      await tellCase({ kind: 'SUSPENDED', reconsiderationId: id, at: now() });
    }
  }

  // 6. The decision and its effect on the case.
  const decidedAt = now();
  s.outcome = decided.outcome;
  s.decidedAt = decidedAt;
  const changed = decided.outcome === 'CHANGE'
    ? { penaltyTypes: decided.data.penaltyTypes as string[], fineFen: decided.data.fineFen as number } : undefined;
  s.changedPenalty = changed;
  const [litigation, payDue] = await Promise.all([
    due('LITIGATION_AFTER_RECONSIDERATION', decidedAt),
    changed ? due('FINE_PAYMENT', decidedAt) : Promise.resolve(undefined),
  ]);
  s.litigationDueAt = litigation.dueAt;
  const decisionDoc = await issue('decision', 'RECON_DECISION', {
    outcomeLabel: OUTCOME_LABELS[decided.outcome], reasoning: decided.data.reasoning, reDecide: decided.data.reDecide === true,
    changedPenalty: changed ? penaltyWords(changed) : undefined, deemedWithoutEvidence: decided.data.deemedWithoutEvidence === true,
  }, decided.by);
  await record('decided', 'reconsideration.decided', {
    status: 'LITIGATION', fields: { decidedAt, outcome: decided.outcome, litigationDueAt: litigation.dueAt },
    data: { outcome: decided.outcome, reasoning: decided.data.reasoning, changedPenalty: changed ?? null, reDecide: decided.data.reDecide === true,
      deemedWithoutEvidence: decided.data.deemedWithoutEvidence === true, document: decisionDoc.number },
    actorId: decided.by,
  });
  const running = await tellCase({
    kind: 'DECIDED', reconsiderationId: id, at: decidedAt, outcome: decided.outcome, penalty: changed,
    paymentDueDay: payDue?.lastDay, litigationDueAt: litigation.dueAt,
  });
  if (!running) {
    s.caseReopened = true;
    await acts.applyToClosedCase({ reconsiderationId: id, caseId: input.caseId, outcome: decided.outcome, penalty: changed ?? null });
  }
  let redecision: Promise<void> | undefined;
  if (decided.outcome === 'REVOKE' && decided.data.reDecide === true) {
    // FY 64: 责令被申请人在一定期限内重新作出行政行为 — a new decision task for the bureau.
    redecision = humanTask({
      ...base, step: 'redecision', kind: 'RECON_REDECISION', title: '按行政复议决定重新作出行政处罚决定', orgId: input.respondentOrgId,
      roles: ['HEAD'], onExpiry: 'ESCALATE', payload: { ...payload, reconsiderationDecision: decisionDoc.number },
    }).then(async (end) => {
      if (!end.expired) await record('redecided', 'reconsideration.redecided', { data: { ...end.result.data }, actorId: end.result.completedBy });
    });
  }

  // 7. 15 days to sue (SS 45); a lawsuit pauses enforcement, its result and the head's appearance are recorded (SS 3 ③).
  const suit = await humanTask({
    ...base, step: 'litigation', kind: 'RECON_LITIGATION', title: '登记当事人起诉情况（复议决定后15日内）', orgId: input.respondentOrgId,
    roles: [...BUREAU], onExpiry: 'PROCEED', deadline: { id: 'LITIGATION_AFTER_RECONSIDERATION', from: decidedAt },
  });
  if (suit.expired) {
    await record('window-closed', 'reconsideration.litigation_window_closed', { status: 'CLOSED' });
    if (running) await tellCase({ kind: 'WINDOW_CLOSED', reconsiderationId: id, at: now() });
    await redecision;
    return s;
  }
  s.lawsuit = { court: String(suit.result.data.court), filedAt: String(suit.result.data.filedAt) };
  await record('sued', 'reconsideration.lawsuit_recorded', { data: { court: s.lawsuit.court, filedAt: s.lawsuit.filedAt }, actorId: suit.result.completedBy });
  if (running) await tellCase({ kind: 'SUED', reconsiderationId: id, at: now(), court: s.lawsuit.court });
  const judged = await humanTask({
    ...base, step: 'lawsuit', kind: 'RECON_LAWSUIT', title: '登记行政诉讼结果及负责人出庭应诉情况', orgId: input.respondentOrgId,
    roles: [...BUREAU], payload: { ...payload, court: s.lawsuit.court },
  });
  if (!judged.expired) {
    const j = judged.result;
    const result = j.outcome === 'WITHDRAWN' ? 'WITHDRAWN' : String(j.data.result);
    s.lawsuit = { ...s.lawsuit, result, headAppeared: j.data.headAppeared === true };
    await record('judged', 'reconsideration.lawsuit_judged', {
      status: 'CLOSED', data: { result, headAppeared: j.data.headAppeared === true, appearedBy: j.data.appearedBy ?? null, summary: j.data.summary }, actorId: j.completedBy,
    });
    const penalty = result === 'CHANGED' && typeof j.data.changedFineFen === 'number'
      ? { penaltyTypes: (changed ?? original).penaltyTypes, fineFen: j.data.changedFineFen } : undefined;
    if (running) {
      const pay = penalty ? await due('FINE_PAYMENT', j.completedAt) : undefined;
      await tellCase({ kind: 'JUDGED', reconsiderationId: id, at: j.completedAt, result, penalty, paymentDueDay: pay?.lastDay });
    }
  }
  await redecision;
  return s;
}

const PENALTY_WORDS: Record<string, string> = { WARNING: '警告', FINE: '罚款', CONFISCATION: '没收违法所得、没收非法财物', SUSPENSION: '责令停产停业', REVOCATION: '暂扣或者吊销许可证件', CLOSURE: '责令关闭' };
const penaltyWords = (p: Penalty) => p.penaltyTypes.map((t) => (t === 'FINE' ? `罚款${(p.fineFen / 100).toFixed(2)}元` : PENALTY_WORDS[t] ?? t)).join('、');
