// The parts of a 委托 that wait for people, each a workflow of its own (issue 20 item 1), started by the
// delegation through an activity: a delegation lasts up to 3 years (CF 20-21) and continues as new, so
// its own history must not grow with every matter, and a part outlives the run that started it.
// A matter's workflow runs the township's queue step (with the county's 督办 when overdue), takes
// 收回/退回 by signal and tells the delegation when it settles; a review's runs the county's 抽查评查
// and the township's correction; the notice's asks the head about the term's end.
import { allHandlersFinished, condition, getExternalWorkflowHandle, setHandler } from '@temporalio/workflow';
import { acts } from './activities-proxy.ts';
import {
  delegationWorkflowId, matterCaseLinkedSignal, matterChangedSignal, matterReviewedSignal, matterToCountySignal,
  type DelegatedMatterInput, type DelegationNoticeInput, type DelegationReviewInput, type DelegationScope, type MatterView,
} from './delegation-messages.ts';
import { cancelTask, humanTask, installTaskHandlers, type TaskEnd, type TaskSpec } from './human-task.ts';

const COUNTY_ROLES = ['HANDLER', 'SUPERVISOR', 'HEAD'] as const;

/** Tells the delegation; a delegation already ended (its parts outlive it) needs no news. */
async function tell(scope: DelegationScope, send: (h: ReturnType<typeof getExternalWorkflowHandle>) => Promise<void>): Promise<void> {
  try {
    await send(getExternalWorkflowHandle(delegationWorkflowId(scope.delegationId)));
  } catch {
    // Signalling a closed workflow fails; the delegation's counts are final then.
  }
}

function scoped(scope: DelegationScope) {
  let pending = 0;
  return {
    track(p: Promise<unknown>) { pending += 1; void p.finally(() => { pending -= 1; }); },
    // Only the officers named in the 委托书 act under it (CF 21 ②), not every officer of the township.
    namedOfficer: (i: { actor: { userId: string } }) =>
      (scope.officerIds.includes(i.actor.userId) ? undefined : '您不是委托书列明的受委托执法人员，不能以委托名义办理'),
    finish: () => condition(() => pending === 0 && allHandlersFinished()),
  };
}

/** A township step with a policy limit: past it, the county supervisor gets a 督办 task and the step waits on. */
async function townshipStep(scope: DelegationScope, track: (p: Promise<unknown>) => void, spec: TaskSpec,
  overdue: (supervisionStep: string) => Promise<void>, stillOpen: () => boolean, at?: (step: string) => void): Promise<TaskEnd> {
  for (let n = 1; ; n++) {
    at?.(`${spec.step}-${n}`);
    const end = await humanTask({ ...spec, step: `${spec.step}-${n}`, deadline: n === 1 ? spec.deadline : undefined, onExpiry: 'PROCEED' });
    if (!end.expired || !stillOpen()) return end;
    const step = `supervision-${spec.step}`;
    await overdue(step);
    track(humanTask({
      step, kind: 'DELEGATED_MATTER_OVERDUE', title: `委托事项逾期未办：${spec.title}`, orgId: scope.countyOrgId, roles: ['SUPERVISOR'],
      caseId: spec.caseId, payload: { ...spec.payload, townshipOrgId: scope.townshipOrgId },
    }));
  }
}

export async function delegatedMatterWorkflow(input: DelegatedMatterInput): Promise<MatterView> {
  installTaskHandlers();
  const { matter: mi, countyOrgId: county, townshipOrgId: township } = input;
  const { matterId, itemCode, partyName, location } = mi;
  const view: MatterView = { matterId, status: 'OPEN', overdue: false };
  const { track, namedOfficer, finish } = scoped(input);
  let step: string | undefined;
  let overdueStep: string | undefined;
  let toCounty: { status: 'RECALLED' | 'RETURNED'; reason: string; actorId?: string } | undefined;
  let linked: { caseId: string; actorId: string } | undefined;
  const write = (key: string, action: string, o: Omit<Parameters<typeof acts.updateDelegatedMatter>[0], 'matterId' | 'key' | 'action'> = {}) =>
    acts.updateDelegatedMatter({ matterId, key, action, ...o });
  const changed = () => tell(input, (h) => h.signal(matterChangedSignal, { ...view }));
  setHandler(matterToCountySignal, (c) => { toCounty ??= c; if (step) void cancelTask(step); });
  setHandler(matterCaseLinkedSignal, (c) => { linked ??= c; if (step) void cancelTask(step); });
  const stillOpen = () => !toCounty && !linked;

  const end = await townshipStep(input, track, {
    step: `matter-${matterId}`, kind: 'DELEGATED_MATTER', title: `办理委托事项：${partyName}（${itemCode}）`, orgId: township,
    roles: ['TOWNSHIP_OFFICER'], deadline: { id: 'DELEGATED_MATTER', from: input.from }, validate: namedOfficer,
    payload: { matterId, itemCode, partyName, location, delegationId: input.delegationId, countyOrgId: county },
  }, async (s) => {
    overdueStep = s;
    view.overdue = true;
    await write('overdue', 'delegation.matter_overdue', { overdue: true });
    await changed();
  }, stillOpen, (s) => { step = s; });
  // Whatever ended the step, an open 督办 ends with it.
  if (overdueStep) await cancelTask(overdueStep);

  if (!end.expired && stillOpen()) {
    const r = end.result;
    if (r.outcome === 'RETURN') toCounty = { status: 'RETURNED', reason: String(r.data.reason), actorId: r.completedBy };
    else {
      view.status = 'CLOSED';
      await write('closed', 'delegation.matter_closed', { status: 'CLOSED', outcome: r.outcome, closedAt: r.completedAt, data: { finding: r.data.finding }, actorId: r.completedBy });
    }
  }
  if (view.status === 'OPEN' && linked) {
    view.caseId = linked.caseId;
    view.status = 'CLOSED';
    await write('case-linked', 'delegation.matter_case_linked', { caseId: linked.caseId, actorId: linked.actorId });
    await write('decided', 'delegation.matter_decided', { status: 'CLOSED', outcome: 'PENALTY', caseId: linked.caseId, closedAt: new Date().toISOString() });
  } else if (view.status === 'OPEN' && toCounty) {
    // The county takes the matter into its own queue (收回, 退回, revocation or lapse).
    const { status, reason, actorId } = toCounty;
    view.status = status;
    await write(status.toLowerCase(), status === 'RECALLED' ? 'delegation.matter_recalled' : 'delegation.matter_returned', { status, data: { reason }, actorId });
    track(humanTask({
      step: `county-${matterId}`, kind: 'DELEGATED_MATTER_COUNTY', title: `县局接办委托事项：${partyName}`,
      orgId: county, roles: [...COUNTY_ROLES], payload: { matterId, itemCode, partyName, reason },
    }));
  }
  await changed();
  await finish();
  return view;
}

/** 抽查: the county reviews a drawn matter; 评查不合格 → the township corrects it (counted in its evaluation). */
export async function delegationReviewWorkflow(input: DelegationReviewInput): Promise<{ passed?: boolean }> {
  installTaskHandlers();
  const { matterId, caseId, countyOrgId: county, townshipOrgId: township } = input;
  const name = input.partyName ?? matterId;
  const { track, namedOfficer, finish } = scoped(input);
  const now = () => new Date().toISOString();
  const review = await humanTask({
    step: `review-${matterId}`, kind: 'DELEGATION_SAMPLE_REVIEW', title: `委托事项抽查评查：${name}`,
    orgId: county, roles: ['SUPERVISOR'], caseId, deadline: { id: 'DELEGATION_SAMPLE_REVIEW', from: now() }, onExpiry: 'ESCALATE',
    payload: { matterId, caseId: caseId ?? null, townshipOrgId: township, delegationId: input.delegationId },
  });
  if (review.expired) return {};
  const passed = review.result.outcome === 'PASS';
  await acts.updateDelegatedMatter({
    matterId, key: 'review', action: passed ? 'delegation.review_passed' : 'delegation.review_failed', reviewResult: passed ? 'PASSED' : 'FAILED',
    data: { comment: review.result.data.comment ?? null, reason: review.result.data.reason ?? null }, actorId: review.result.completedBy,
  });
  await tell(input, (h) => h.signal(matterReviewedSignal, { matterId, passed }));
  if (passed) return { passed };
  const correction = await townshipStep(input, track, {
    step: `correction-${matterId}`, kind: 'DELEGATION_CORRECTION', title: `整改评查不合格的委托事项：${name}`,
    orgId: township, roles: ['TOWNSHIP_OFFICER'], caseId, deadline: { id: 'DELEGATION_CORRECTION', from: now() }, validate: namedOfficer,
    payload: { matterId, caseId: caseId ?? null, reason: review.result.data.reason },
  }, async () => {
    await acts.updateDelegatedMatter({ matterId, key: 'correction-overdue', action: 'delegation.correction_overdue', overdue: true });
  }, () => true);
  if (!correction.expired) {
    await acts.updateDelegatedMatter({
      matterId, key: 'corrected', action: 'delegation.matter_corrected', correctedAt: correction.result.completedAt,
      data: { action: correction.result.data.action }, actorId: correction.result.completedBy,
    });
  }
  await finish();
  return { passed };
}

/** The head is told the term ends soon (renew through a new delegation, or let it lapse). */
export async function delegationNoticeWorkflow(input: DelegationNoticeInput): Promise<void> {
  installTaskHandlers();
  await humanTask({
    step: 'expiry-notice', kind: 'DELEGATION_EXPIRY_NOTICE', title: `委托期限将于${input.endDate}届满`, orgId: input.countyOrgId, roles: ['HEAD'],
    payload: { delegationId: input.delegationId, townshipOrgId: input.townshipOrgId, itemCodes: input.itemCodes, startDate: input.startDate, endDate: input.endDate },
  });
}
