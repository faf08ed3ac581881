// 移交有关部门 (issue 6): a hazard outside the bureau's remit (安全生产法 Art 69) goes to the
// department responsible for it. One durable workflow per referral: approval → 移交函 →
// the department signs (签收) or refuses (退回) → reports the result (反馈) → the bureau
// accepts or sends it back once. Every waiting step is a human task (human-task.ts) of the
// org that must act; silence is chased: 催办 once, then the city supervisor, then 安委办.
import { workflowInfo, setHandler } from '@temporalio/workflow';
import type { DeadlineId } from '../rules/deadlines.ts';
import { acts } from './activities-proxy.ts';
import { answerWhenRecorded } from './recorded.ts';
import { cancelTask, humanTask, installTaskHandlers, type TaskSpec } from './human-task.ts';
import type { TaskResult } from './messages.ts';
import { referralStateQuery, type ReferralInput, type ReferralState, type ReferralStatus } from './referral-messages.ts';

const CITY_ORG = 'yx-city';
const WORK_SAFETY_OFFICE = 'yx-wso';
/** 安委办 has no role of its own in rules/roles.ts: its director and deputies (see the report). */
const WSO_ROLES = ['HEAD', 'SUPERVISOR'] as const;
const BUREAU_ROLES = ['HANDLER', 'SUPERVISOR', 'HEAD'] as const;

/** Chase ladder of an overdue department step: after 1 period 催办, after 2 the city, after 3 安委办. */
export const CHASE = { REMINDED: 1, CITY: 2, WSO: 3 } as const;

type PhaseSpec = Omit<TaskSpec, 'step' | 'deadline' | 'onExpiry'>;

export async function referralWorkflow(input: ReferralInput): Promise<ReferralState> {
  const s: ReferralState = {
    referralId: input.referralId, status: 'AWAITING_APPROVAL', toOrgId: input.toOrgId,
    chaseLevel: 0, sendBacks: 0, refusals: [], mustAccept: false,
  };
  setHandler(referralStateQuery, () => s);
  const recorded = answerWhenRecorded();
  installTaskHandlers();
  const wf = workflowInfo().workflowId;
  const payload = { referralId: input.referralId, hazard: input.hazard, location: input.location, urgent: input.urgent };
  const base = { caseId: input.caseId, payload };
  const now = () => new Date().toISOString();
  const chaseSteps: string[] = [];

  const record = (key: string, action: string, o: {
    status?: ReferralStatus; fields?: Record<string, string | null>; data?: Record<string, unknown>; actorId?: string;
  } = {}) => {
    if (o.status) s.status = o.status;
    return acts.updateReferral({ referralId: input.referralId, key, action, ...o });
  };

  await acts.recordReferral({ ...input, workflowId: wf });
  recorded();

  // 1. 审批: the bureau's 队长 or 局长 approves. No limit is set for it in rules/deadlines.ts.
  const approval = await humanTask({
    ...base, step: 'approval', kind: 'REFERRAL_APPROVAL', title: `移交审批：${input.hazard.slice(0, 30)}`,
    orgId: input.fromOrgId, roles: ['SUPERVISOR', 'HEAD'],
  });
  if (approval.expired) return s;
  if (approval.result.outcome === 'REJECT') {
    await record('rejected', 'referral.rejected', { status: 'REJECTED', data: { reason: approval.result.data.reason }, actorId: approval.result.completedBy });
    return s;
  }
  const approver = approval.result.completedBy;

  /** Opens the non-blocking escalation task of a chase level and records the step. */
  async function chase(phase: string, round: number, level: number, nextDueAt?: string): Promise<void> {
    s.chaseLevel = level;
    const what = phase === 'sign' ? '签收' : '反馈办理结果';
    if (level === CHASE.REMINDED) {
      await record(`${phase}-${round}:reminded`, 'referral.reminded', { data: { phase, level, nextDueAt: nextDueAt ?? null } });
      return;
    }
    const to = level === CHASE.CITY
      ? { step: `supervision-${phase}-${round}`, kind: 'REFERRAL_SUPERVISION' as const, orgId: CITY_ORG, roles: ['CITY_SUPERVISOR' as const], title: `移交事项逾期未${what}：督办` }
      : { step: `coordination-${phase}-${round}`, kind: 'REFERRAL_COORDINATION' as const, orgId: WORK_SAFETY_OFFICE, roles: [...WSO_ROLES], title: `移交事项逾期未${what}：安委办协调` };
    await record(`${phase}-${round}:escalated-${level}`, 'referral.escalated', { data: { phase, level, to: to.orgId, nextDueAt: nextDueAt ?? null } });
    chaseSteps.push(to.step);
    // Not awaited: the department's own task stays open while the supervisor acts.
    void humanTask({ ...base, ...to, roles: [...to.roles], payload: { ...payload, toOrgId: s.toOrgId, phase } });
  }

  async function endChase(): Promise<void> {
    while (chaseSteps.length) await cancelTask(chaseSteps.pop()!);
    s.chaseLevel = 0;
  }

  /**
   * A department step with a limit. Each expiry closes the task and opens it again for the
   * next period, which runs on from the last day of the previous one (as extendTask does) and
   * has the SAME length: the referral rows of rules/deadlines.ts are the only intervals, no
   * other number is assumed. After the 安委办 level the task waits without a limit.
   * `again` returns true for a completion that does not end the step (a progress report).
   */
  async function chased(phase: 'sign' | 'result', round: number, spec: PhaseSpec, deadlineId: DeadlineId, from: string,
    firstDue: string, again?: (r: TaskResult) => Promise<boolean>): Promise<TaskResult> {
    s.chaseLevel = 0;
    let periodFrom = from;
    let due = firstDue;
    for (let n = 1; ; n++) {
      const end = await humanTask({
        ...spec, step: `${phase}-${round}-${n}`, onExpiry: 'PROCEED',
        deadline: s.chaseLevel < CHASE.WSO ? { id: deadlineId, from: periodFrom } : undefined,
      });
      if (!end.expired) {
        if (again && await again(end.result)) continue;
        await endChase();
        return end.result;
      }
      const level = s.chaseLevel + 1;
      if (level < CHASE.WSO) {
        periodFrom = new Date(Date.parse(due) - 1).toISOString();
        due = (await acts.computeDeadline({ deadlineId, from: periodFrom })).dueAt;
      }
      await chase(phase, round, level, level < CHASE.WSO ? due : undefined);
    }
  }

  // 2. 移交函 and 签收: a refusal goes to the city supervisor, who redirects or rules.
  let round = 0;
  let letterFor: string | undefined;
  for (;;) {
    round += 1;
    const sentAt = now();
    const signId: DeadlineId = input.urgent ? 'REFERRAL_SIGN_URGENT' : 'REFERRAL_SIGN';
    const signDue = await acts.computeDeadline({ deadlineId: signId, from: sentAt });
    s.signDueAt = signDue.dueAt;
    if (letterFor !== s.toOrgId) {
      const letterData = await acts.referralLetterData({ referralId: input.referralId, toOrgId: s.toOrgId });
      const letter = await acts.issueDocument({
        key: `${wf}/letter-${round}`, caseId: input.caseId, orgId: input.fromOrgId, kind: 'REFERRAL_LETTER',
        data: { ...letterData, signDueAt: signDue.dueAt }, issuedById: approver,
      });
      letterFor = s.toOrgId;
      s.letterNumber = letter.number;
      await record(`sent-${round}`, 'referral.sent', {
        status: 'SENT', fields: { toOrgId: s.toOrgId, letterNumber: letter.number, signDueAt: signDue.dueAt },
        data: { round, letter: { id: letter.id, number: letter.number, sha256: letter.sha256 }, toOrgId: s.toOrgId }, actorId: approver,
      });
    } else {
      await record(`sent-${round}`, 'referral.resent', { status: 'SENT', fields: { signDueAt: signDue.dueAt }, data: { round, toOrgId: s.toOrgId } });
    }
    const sign = await chased('sign', round, {
      ...base, kind: 'REFERRAL_SIGN', title: `签收移交事项${s.letterNumber ? ` ${s.letterNumber}` : ''}`, orgId: s.toOrgId, roles: ['DEPT_RECEIVER'],
      payload: { ...payload, letterNumber: s.letterNumber },
      validate: (i) => (i.outcome === 'REFUSE' && s.mustAccept ? '市局已裁定由本部门接收，不能再退回' : undefined),
    }, signId, sentAt, signDue.dueAt);

    if (sign.outcome === 'SIGN') {
      s.signedAt = sign.completedAt;
      await record(`signed-${round}`, 'referral.signed', { status: 'SIGNED', fields: { signedAt: sign.completedAt }, data: { toOrgId: s.toOrgId }, actorId: sign.completedBy });
      break;
    }
    const refusedBy = s.toOrgId;
    s.refusals.push({ orgId: refusedBy, reason: String(sign.data.reason) });
    await record(`refused-${round}`, 'referral.refused', { status: 'REFUSED', data: { orgId: refusedBy, reason: sign.data.reason }, actorId: sign.completedBy });
    const ruling = await humanTask({
      ...base, step: `ruling-${round}`, kind: 'REFERRAL_RULING', title: `移交事项被退回：裁定接收部门`, orgId: CITY_ORG, roles: ['CITY_SUPERVISOR'],
      payload: { ...payload, refusedBy, reason: sign.data.reason },
      validate: (i) => (i.outcome === 'REDIRECT' && s.refusals.some((r) => r.orgId === i.data.toOrgId) ? '该部门已退回过本事项，请改送其他部门或裁定原部门接收' : undefined),
    });
    if (ruling.expired) return s;
    const last = s.refusals[s.refusals.length - 1];
    last.ruling = ruling.result.outcome as 'REDIRECT' | 'MUST_ACCEPT';
    last.rulingReason = String(ruling.result.data.reason);
    if (ruling.result.outcome === 'REDIRECT') {
      s.toOrgId = String(ruling.result.data.toOrgId);
      s.mustAccept = false;
    } else {
      s.mustAccept = true;
    }
    await record(`ruling-${round}`, 'referral.ruled', {
      data: { ruling: last.ruling, from: refusedBy, to: s.toOrgId, reason: last.rulingReason }, actorId: ruling.result.completedBy,
    });
  }

  // 3. 反馈办理结果, 4. 验收: the bureau accepts or sends it back once.
  for (let phase = 1; ; phase++) {
    const from = now();
    const resultDue = await acts.computeDeadline({ deadlineId: 'REFERRAL_RESULT', from });
    s.resultDueAt = resultDue.dueAt;
    await record(`result-due-${phase}`, 'referral.result_due', { fields: { resultDueAt: resultDue.dueAt }, data: { phase } });
    const result = await chased('result', phase, {
      ...base, kind: 'REFERRAL_RESULT', title: `反馈移交事项办理结果${s.letterNumber ? ` ${s.letterNumber}` : ''}`, orgId: s.toOrgId, roles: ['DEPT_RECEIVER'],
      payload: { ...payload, letterNumber: s.letterNumber },
    }, 'REFERRAL_RESULT', from, resultDue.dueAt, async (r) => {
      if (r.outcome !== 'PROGRESS') return false;
      await record(`progress:${r.taskId}`, 'referral.progress_reported', { data: { action: r.data.action, attachments: r.data.attachments }, actorId: r.completedBy });
      return true;
    });
    await record(`result-${phase}`, 'referral.result_reported', {
      status: 'RESULT_REPORTED', data: { action: result.data.action, attachments: result.data.attachments }, actorId: result.completedBy,
    });
    const acceptance = await humanTask({
      ...base, step: `acceptance-${phase}`, kind: 'REFERRAL_ACCEPTANCE', title: '验收移交事项办理结果', orgId: input.fromOrgId,
      roles: [...BUREAU_ROLES], payload: { ...payload, action: result.data.action },
      validate: (i) => (i.outcome === 'SEND_BACK' && s.sendBacks >= 1 ? '移交事项只能退回补充办理一次' : undefined),
    });
    if (acceptance.expired) return s;
    if (acceptance.result.outcome === 'ACCEPT') {
      await record('closed', 'referral.closed', { status: 'CLOSED', fields: { closedAt: acceptance.result.completedAt }, data: { comment: acceptance.result.data.comment ?? null }, actorId: acceptance.result.completedBy });
      return s;
    }
    s.sendBacks += 1;
    await record(`sent-back-${phase}`, 'referral.sent_back', { status: 'SIGNED', data: { reason: acceptance.result.data.reason }, actorId: acceptance.result.completedBy });
  }
}
