// 委托乡镇（街道）执法 (issue 4): a county bureau delegates simple catalog items to a township for a
// term (CF 20-21; AB25 13). One durable workflow per delegation: 法制审核 → the head signs →
// numbered 委托书 (issued in the county bureau's name) → disclosed → in force until the end date.
// While in force, matters in scope go to the township's queue and are decided in the county
// bureau's name; the county samples closed matters on a timer, reviews them, and can take any
// matter back (收回). Revocation or lapse stops routing at once and returns open matters.
// A term lasts up to 3 years: each matter, each sampled review and the expiry notice run as workflows
// of their own (workflows/delegated-matter.ts, started by an activity), and the delegation in force holds only counts and its
// open matters and continues as new when its history grows (docs/histories.md).
import {
  ApplicationFailure, allHandlersFinished, condition, continueAsNew, getExternalWorkflowHandle, patched, setHandler, workflowInfo,
} from '@temporalio/workflow';
import { matterRefusal, termEndsAt, termStartsAt } from '../rules/delegation-rules.ts';
import { acts } from './activities-proxy.ts';
import { issueDocument, settled } from './transition.ts';
import { answerWhenRecorded } from './recorded.ts';
import {
  delegatedMatterWorkflowId, delegationNoticeWorkflowId, delegationReviewWorkflowId, delegationStateQuery, matterCaseLinkedSignal,
  matterChangedSignal, matterReviewedSignal, matterToCountySignal, recallMatterUpdate, revokeDelegationUpdate, routeMatterUpdate,
  type DelegationInput, type DelegationScope, type DelegationState, type DelegationStatus, type MatterView,
} from './delegation-messages.ts';
import { cancelTask, humanTask, installTaskHandlers } from './human-task.ts';
import { FAILURE } from './messages.ts';

/** Continue as new past this many events: far below Temporal's 10k warning, and the test's bound of 2,000. */
const HISTORY_LIMIT = 1000;
/** A matter whose workflow has ended is settled from its row instead of failing the delegation (1.0.1). */
const MATTER_ENDED_PATCH = 'delegation-matter-ended';

const fail = (type: string, message: string): never => {
  throw ApplicationFailure.create({ type, message, nonRetryable: true });
};

export async function delegationWorkflow(input: DelegationInput): Promise<DelegationState> {
  const carried = input.resume;
  const s: DelegationState = carried?.state ?? {
    delegationId: input.delegationId, status: 'AWAITING_REVIEW', matters: [], samplings: [], overdueMatters: 0, failedReviews: 0,
    counts: { routed: 0, closed: 0, recalled: 0, returned: 0 },
  };
  /** Open matters by id; a settled one leaves the map (and the next run) and counts. */
  const open = new Map<string, MatterView>((carried?.state.matters ?? []).map((m) => [m.matterId, m]));
  /** Matters settled in this run, for the updates that wait on them (收回, 撤销). */
  const settledNow = new Map<string, MatterView>();
  const state = (): DelegationState => ({ ...s, matters: [...open.values()] });
  setHandler(delegationStateQuery, state);
  const recorded = answerWhenRecorded();
  installTaskHandlers();
  const wf = workflowInfo().workflowId;
  const now = () => new Date().toISOString();
  const county = input.countyOrgId;
  const township = input.townshipOrgId;
  const scope = () => ({ ...input, status: s.status });
  const delegation: DelegationScope = { delegationId: input.delegationId, countyOrgId: county, townshipOrgId: township, officerIds: input.officerIds };

  const record = (key: string, action: string, o: {
    status?: DelegationStatus; fields?: Record<string, string | null>; data?: Record<string, unknown>; actorId?: string;
  } = {}) => {
    if (o.status) s.status = o.status;
    return acts.updateDelegation({ delegationId: input.delegationId, key, action, ...o });
  };
  const matterRun = (matterId: string) => getExternalWorkflowHandle(delegatedMatterWorkflowId(input.delegationId, matterId));

  const matterChanged = (v: MatterView) => {
    const before = open.get(v.matterId);
    if (v.overdue && before && !before.overdue) s.overdueMatters += 1;
    if (v.status === 'OPEN') { if (before) open.set(v.matterId, { ...before, ...v }); return; }
    if (!before) return; // told twice
    open.delete(v.matterId);
    settledNow.set(v.matterId, v);
    if (v.status === 'CLOSED') s.counts.closed += 1;
    else if (v.status === 'RECALLED') s.counts.recalled += 1;
    else s.counts.returned += 1;
  };
  setHandler(matterChangedSignal, matterChanged);
  setHandler(matterReviewedSignal, ({ passed }) => { if (!passed) s.failedReviews += 1; });

  setHandler(routeMatterUpdate, async (mi) => {
    const existing = open.get(mi.matterId);
    if (existing) {
      // A 当场处罚 decided on a matter already in the queue: closes it.
      if (mi.caseId && !existing.caseId) {
        existing.caseId = mi.caseId;
        await matterRun(mi.matterId).signal(matterCaseLinkedSignal, { caseId: mi.caseId, actorId: mi.reportedBy.userId });
      }
      return { ...existing };
    }
    const from = now();
    const due = mi.caseId ? undefined : await acts.computeDeadline({ deadlineId: 'DELEGATED_MATTER', from });
    const status = mi.caseId ? 'CLOSED' : 'OPEN';
    const row = await acts.recordDelegatedMatter({
      ...mi, delegationId: input.delegationId, countyOrgId: county, status,
      outcome: mi.caseId ? 'PENALTY' : undefined, dueAt: due?.dueAt, closedAt: mi.caseId ? from : undefined,
    });
    // Routed before (this run or an earlier one): its row is the answer.
    if (!row.created) {
      if (mi.caseId && row.status !== 'OPEN' && row.caseId !== mi.caseId) fail(FAILURE.conflict, '该委托事项已办结或已由县局收回');
      return { matterId: mi.matterId, status: row.status, overdue: row.overdue, caseId: row.caseId ?? undefined };
    }
    s.counts.routed += 1;
    const view: MatterView = { matterId: mi.matterId, status, overdue: false, caseId: mi.caseId };
    if (mi.caseId) { s.counts.closed += 1; return view; }
    open.set(mi.matterId, view);
    await acts.startDelegationPart({ type: 'delegatedMatterWorkflow', workflowId: delegatedMatterWorkflowId(input.delegationId, mi.matterId), input: { ...delegation, matter: mi, from } });
    return { ...view };
  }, {
    validator: (mi) => {
      const existing = open.get(mi.matterId);
      if (existing) return;
      if (![county, township].includes(mi.reportedBy.orgId)) fail(FAILURE.forbidden, '只有委托机关或受委托乡镇（街道）可以登记委托事项');
      const refusal = matterRefusal(scope(), { itemCode: mi.itemCode, townshipOrgId: mi.townshipOrgId, officerIds: mi.officerIds }, new Date());
      if (refusal) fail(FAILURE.invalid, refusal);
    },
  });

  /** The county takes open matters back: each matter's workflow closes its task, opens the county's and tells us. */
  async function toCounty(ids: string[], status: 'RECALLED' | 'RETURNED', reason: string, actorId?: string): Promise<MatterView[]> {
    for (const id of ids) settledNow.delete(id);
    const ended: string[] = [];
    await Promise.all(ids.map((id) => matterRun(id).signal(matterToCountySignal, { status, reason, actorId }).catch((err: unknown) => {
      // The matter's workflow ended before this signal (it was closing as the term lapsed, or its news did not
      // reach this run): its row is what it ended as. Before this patch the delegation failed here (clean-clone CI).
      if (!(err instanceof ApplicationFailure && err.type === 'ExternalWorkflowExecutionNotFound') || !patched(MATTER_ENDED_PATCH)) throw err;
      ended.push(id);
    })));
    for (const v of ended.length ? await acts.delegatedMatterViews({ ids: ended.sort() }) : []) {
      matterChanged(v);
      // A run gone with its row still open (terminated by hand) is reported as it stands, not waited on forever.
      if (!settledNow.has(v.matterId)) settledNow.set(v.matterId, v);
    }
    await condition(() => ids.every((id) => settledNow.has(id)));
    return ids.map((id) => settledNow.get(id)!);
  }

  setHandler(recallMatterUpdate, async ({ matterId, actor, reason }) => (await toCounty([matterId], 'RECALLED', reason, actor.userId))[0], {
    validator: ({ matterId, actor, reason }) => {
      if (actor.orgId !== county || !actor.roles.some((r: string) => r === 'SUPERVISOR' || r === 'HEAD')) fail(FAILURE.forbidden, '只有委托机关的负责人可以收回委托事项');
      const m = open.get(matterId) ?? fail(FAILURE.conflict, '该委托事项不存在、已办结或已收回，不能再收回');
      if (m.caseId) fail(FAILURE.conflict, '该委托事项已办结或已收回，不能再收回');
      if (reason.trim().length < 2) fail(FAILURE.invalid, '请填写收回理由（至少2个字）');
    },
  });

  /** Open matters go back to the county when the township may no longer act. */
  const returnAll = (reason: string, actorId?: string) =>
    toCounty([...open.values()].filter((m) => !m.caseId).map((m) => m.matterId), 'RETURNED', reason, actorId);

  setHandler(revokeDelegationUpdate, async ({ actor, reason }) => {
    const before = s.status;
    await record('revoked', 'delegation.revoked', { status: 'REVOKED', fields: { endedAt: now() }, data: { reason, before }, actorId: actor.userId });
    await cancelTask('legal-review');
    await cancelTask('signature');
    const returned = await returnAll('委托已撤销', actor.userId);
    return { ...state(), matters: returned };
  }, {
    validator: ({ actor, reason }) => {
      if (actor.orgId !== county || !actor.roles.includes('HEAD')) fail(FAILURE.forbidden, '只有委托机关负责人可以撤销委托');
      if (['REJECTED', 'EXPIRED', 'REVOKED'].includes(s.status)) fail(FAILURE.conflict, `该委托已${s.status === 'REJECTED' ? '未获批准' : s.status === 'EXPIRED' ? '期满' : '撤销'}，不能撤销`);
      if (reason.trim().length < 2) fail(FAILURE.invalid, '请填写撤销理由（至少2个字）');
    },
  });

  async function finish(): Promise<DelegationState> {
    await condition(allHandlersFinished);
    return state();
  }
  const revoked = () => s.status === 'REVOKED';

  /** 抽查: a random share of the closed matters not yet drawn, each reviewed by the county in a workflow of its own. */
  async function sample(n: number): Promise<void> {
    const draw = await acts.drawDelegationSample({ delegationId: input.delegationId, key: `sample-${n}`, percent: input.samplePercent });
    s.samplings.push({ round: n, at: now(), closed: draw.closed, drawn: draw.drawn });
    for (const matterId of draw.drawn) {
      const m = draw.matters?.find((x) => x.id === matterId);
      await acts.startDelegationPart({
        type: 'delegationReviewWorkflow', workflowId: delegationReviewWorkflowId(input.delegationId, matterId),
        input: { ...delegation, matterId, caseId: m?.caseId ?? undefined, partyName: m?.partyName },
      });
    }
  }

  if (carried) {
    recorded();
    return inForce(carried);
  }
  await acts.recordDelegation({ ...input, workflowId: wf });
  recorded();

  // 1. 法制审核, 2. the head signs. The law sets no limit for either (deadlines.md §9).
  const base = { payload: { delegationId: input.delegationId, townshipOrgId: township, itemCodes: input.itemCodes, startDate: input.startDate, endDate: input.endDate } };
  const review = await humanTask({ ...base, step: 'legal-review', kind: 'DELEGATION_LEGAL_REVIEW', title: '委托乡镇（街道）执法：法制审核', orgId: county, roles: ['LEGAL_REVIEWER'] });
  if (review.expired || revoked()) return finish();
  if (review.result.outcome === 'REJECT') {
    await record('rejected-review', 'delegation.rejected', { status: 'REJECTED', data: { step: 'legal-review', reason: review.result.data.reason }, actorId: review.result.completedBy });
    return finish();
  }
  await record('reviewed', 'delegation.legal_reviewed', { status: 'AWAITING_SIGNATURE', data: { comment: review.result.data.comment ?? null }, actorId: review.result.completedBy });
  const signature = await humanTask({ ...base, step: 'signature', kind: 'DELEGATION_SIGNATURE', title: '委托乡镇（街道）执法：签发委托书', orgId: county, roles: ['HEAD'] });
  if (signature.expired || revoked()) return finish();
  if (signature.result.outcome === 'REJECT') {
    await record('rejected-signature', 'delegation.rejected', { status: 'REJECTED', data: { step: 'signature', reason: signature.result.data.reason }, actorId: signature.result.completedBy });
    return finish();
  }
  const signer = signature.result.completedBy;

  // 3. 委托书 in the county bureau's name, numbered and hashed; published (CF 20 ②: 委托书应当向社会公布).
  const letterData = await acts.delegationLetterData({ delegationId: input.delegationId });
  const letter = await issueDocument({ key: `${wf}/letter`, orgId: county, kind: 'DELEGATION_LETTER', data: letterData, issuedById: signer });
  s.letterNumber = letter.number;
  if (revoked()) return finish();
  await record('signed', 'delegation.signed', {
    status: 'SIGNED', fields: { letterNumber: letter.number, disclosedAt: now() },
    data: { letter: { id: letter.id, number: letter.number, sha256: letter.sha256 } }, actorId: signer,
  });

  // 4. In force from the first day of the term until 24:00 of its last day.
  const startsAt = Date.parse(termStartsAt(input));
  if (startsAt > Date.now()) await condition(revoked, startsAt - Date.now());
  if (revoked()) return finish();
  await record('in-force', 'delegation.in_force', { status: 'IN_FORCE' });
  return inForce({ state: s, reminded: false, lastSample: now(), round: 0 });

  /** In force until revoked or lapsed; a long history continues as new carrying only `c`. */
  async function inForce(c: NonNullable<DelegationInput['resume']>): Promise<DelegationState> {
    const endsAt = Date.parse(termEndsAt(input));
    const reminderAt = Date.parse((await acts.delegationReminderAt({ endsAt: termEndsAt(input) })).dueAt);
    let { reminded, lastSample, round } = c;
    const long = () => workflowInfo().historyLength > (input.historyLimit ?? HISTORY_LIMIT) || workflowInfo().continueAsNewSuggested;
    while (s.status === 'IN_FORCE') {
      const nextSample = Date.parse((await acts.computeDeadline({ deadlineId: 'DELEGATION_SAMPLING', from: lastSample })).dueAt);
      const wake = Math.min(nextSample, reminded ? Infinity : reminderAt, endsAt);
      if (wake > Date.now() && await condition(() => s.status !== 'IN_FORCE' || long(), wake - Date.now())) {
        if (s.status !== 'IN_FORCE') break;
        // Between two people's acts: nothing of this run is waited on, so the next run starts clean.
        await condition(allHandlersFinished);
        await settled();
        if (s.status !== 'IN_FORCE') break;
        return continueAsNew<typeof delegationWorkflow>({ ...input, resume: { state: state(), reminded, lastSample, round } });
      }
      const t = Date.now();
      if (t >= endsAt) {
        await record('expired', 'delegation.expired', { status: 'EXPIRED', fields: { endedAt: now() } });
        await returnAll('委托期限届满');
        // Matters closed since the last draw are sampled once more, so the term's last weeks are supervised too.
        round += 1;
        await sample(round);
        break;
      }
      if (!reminded && t >= reminderAt) {
        reminded = true;
        await record('reminded', 'delegation.expiry_reminded', { data: { endDate: input.endDate } });
        await acts.startDelegationPart({
          type: 'delegationNoticeWorkflow', workflowId: delegationNoticeWorkflowId(input.delegationId),
          input: { ...delegation, itemCodes: input.itemCodes, startDate: input.startDate, endDate: input.endDate },
        });
      }
      if (t >= nextSample) {
        round += 1;
        lastSample = new Date(t).toISOString();
        await sample(round);
      }
    }
    return finish();
  }
}
