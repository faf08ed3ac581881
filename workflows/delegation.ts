// 委托乡镇（街道）执法 (issue 4): a county bureau delegates simple catalog items to a township for a
// term (CF 20-21; AB25 13). One durable workflow per delegation: 法制审核 → the head signs →
// numbered 委托书 (issued in the county bureau's name) → disclosed → in force until the end date.
// While in force, matters in scope go to the township's queue and are decided in the county
// bureau's name; the county samples closed matters on a timer, reviews them, and can take any
// matter back (收回). Revocation or lapse stops routing at once and returns open matters.
import { ApplicationFailure, allHandlersFinished, condition, setHandler, workflowInfo } from '@temporalio/workflow';
import { matterRefusal, termEndsAt, termStartsAt } from '../rules/delegation-rules.ts';
import { acts } from './activities-proxy.ts';
import { answerWhenRecorded } from './recorded.ts';
import {
  delegationStateQuery, recallMatterUpdate, revokeDelegationUpdate, routeMatterUpdate,
  type DelegationInput, type DelegationState, type DelegationStatus, type MatterInput, type MatterView,
} from './delegation-messages.ts';
import { cancelTask, humanTask, installTaskHandlers, type TaskEnd, type TaskSpec } from './human-task.ts';
import { FAILURE } from './messages.ts';

const COUNTY_ROLES = ['HANDLER', 'SUPERVISOR', 'HEAD'] as const;

interface LiveMatter { view: MatterView; input: MatterInput; step?: string; overdueStep?: string }

const fail = (type: string, message: string): never => {
  throw ApplicationFailure.create({ type, message, nonRetryable: true });
};

export async function delegationWorkflow(input: DelegationInput): Promise<DelegationState> {
  const s: DelegationState = {
    delegationId: input.delegationId, status: 'AWAITING_REVIEW', matters: [], samplings: [], overdueMatters: 0, failedReviews: 0,
  };
  const matters = new Map<string, LiveMatter>();
  let pending = 0;
  const track = (p: Promise<unknown>) => { pending += 1; void p.finally(() => { pending -= 1; }); };
  setHandler(delegationStateQuery, () => ({ ...s, matters: [...matters.values()].map((m) => m.view) }));
  const recorded = answerWhenRecorded();
  installTaskHandlers();
  const wf = workflowInfo().workflowId;
  const now = () => new Date().toISOString();
  const county = input.countyOrgId;
  const township = input.townshipOrgId;
  const scope = () => ({ ...input, status: s.status });

  const record = (key: string, action: string, o: {
    status?: DelegationStatus; fields?: Record<string, string | null>; data?: Record<string, unknown>; actorId?: string;
  } = {}) => {
    if (o.status) s.status = o.status;
    return acts.updateDelegation({ delegationId: input.delegationId, key, action, ...o });
  };
  // Only the officers named in the 委托书 act under it (CF 21 ②), not every officer of the township.
  const namedOfficer = (i: { actor: { userId: string } }) =>
    (input.officerIds.includes(i.actor.userId) ? undefined : '您不是委托书列明的受委托执法人员，不能以委托名义办理');
  const matterWrite = (m: LiveMatter, key: string, action: string, o: Omit<Parameters<typeof acts.updateDelegatedMatter>[0], 'matterId' | 'key' | 'action'> = {}) =>
    acts.updateDelegatedMatter({ matterId: m.view.matterId, key, action, ...o });

  /** A township step with a policy limit: past it, the county supervisor gets a 督办 task and the step waits on. */
  async function townshipStep(spec: TaskSpec, overdue: (supervisionStep: string) => Promise<void>, stillOpen: () => boolean,
    at?: (step: string) => void): Promise<TaskEnd> {
    for (let n = 1; ; n++) {
      at?.(`${spec.step}-${n}`);
      const end = await humanTask({ ...spec, step: `${spec.step}-${n}`, deadline: n === 1 ? spec.deadline : undefined, onExpiry: 'PROCEED' });
      if (!end.expired || !stillOpen()) return end;
      const step = `supervision-${spec.step}`;
      await overdue(step);
      track(humanTask({
        step, kind: 'DELEGATED_MATTER_OVERDUE', title: `委托事项逾期未办：${spec.title}`, orgId: county, roles: ['SUPERVISOR'],
        caseId: spec.caseId, payload: { ...spec.payload, townshipOrgId: township },
      }));
    }
  }

  /** The county takes the matter into its own queue (收回, 退回, revocation or lapse). */
  async function toCounty(m: LiveMatter, status: 'RECALLED' | 'RETURNED', reason: string, actorId?: string): Promise<void> {
    m.view.status = status;
    if (m.step) await cancelTask(m.step);
    if (m.overdueStep) await cancelTask(m.overdueStep);
    await matterWrite(m, status.toLowerCase(), status === 'RECALLED' ? 'delegation.matter_recalled' : 'delegation.matter_returned', { status, data: { reason }, actorId });
    track(humanTask({
      step: `county-${m.view.matterId}`, kind: 'DELEGATED_MATTER_COUNTY', title: `县局接办委托事项：${m.input.partyName}`,
      orgId: county, roles: [...COUNTY_ROLES], payload: { matterId: m.view.matterId, itemCode: m.input.itemCode, partyName: m.input.partyName, reason },
    }));
  }

  async function handleMatter(m: LiveMatter, from: string): Promise<void> {
    const { matterId, itemCode, partyName, location } = m.input;
    const stillOpen = () => m.view.status === 'OPEN' && !m.view.caseId;
    const end = await townshipStep({
      step: `matter-${matterId}`, kind: 'DELEGATED_MATTER', title: `办理委托事项：${partyName}（${itemCode}）`, orgId: township,
      roles: ['TOWNSHIP_OFFICER'], deadline: { id: 'DELEGATED_MATTER', from }, validate: namedOfficer,
      payload: { matterId, itemCode, partyName, location, delegationId: input.delegationId, countyOrgId: county },
    }, async (step) => {
      m.overdueStep = step;
      if (!m.view.overdue) s.overdueMatters += 1;
      m.view.overdue = true;
      await matterWrite(m, 'overdue', 'delegation.matter_overdue', { overdue: true });
    }, stillOpen, (step) => { m.step = step; });
    if (m.view.caseId) {
      if (m.overdueStep) await cancelTask(m.overdueStep);
      m.view.status = 'CLOSED';
      await matterWrite(m, 'decided', 'delegation.matter_decided', { status: 'CLOSED', outcome: 'PENALTY', caseId: m.view.caseId, closedAt: now() });
      return;
    }
    if (end.expired || m.view.status !== 'OPEN') return;
    const r = end.result;
    if (m.overdueStep) await cancelTask(m.overdueStep);
    if (r.outcome === 'RETURN') {
      await toCounty(m, 'RETURNED', String(r.data.reason), r.completedBy);
      return;
    }
    m.view.status = 'CLOSED';
    await matterWrite(m, 'closed', 'delegation.matter_closed', { status: 'CLOSED', outcome: r.outcome, closedAt: r.completedAt, data: { finding: r.data.finding }, actorId: r.completedBy });
  }

  setHandler(routeMatterUpdate, async (mi) => {
    const existing = matters.get(mi.matterId);
    if (existing) {
      // A 当场处罚 decided on a matter already in the queue: closes it.
      if (mi.caseId && !existing.view.caseId) {
        existing.view.caseId = mi.caseId;
        await matterWrite(existing, 'case-linked', 'delegation.matter_case_linked', { caseId: mi.caseId, actorId: mi.reportedBy.userId });
        if (existing.step) await cancelTask(existing.step);
      }
      return existing.view;
    }
    const m: LiveMatter = { view: { matterId: mi.matterId, status: mi.caseId ? 'CLOSED' : 'OPEN', overdue: false, caseId: mi.caseId }, input: mi };
    matters.set(mi.matterId, m);
    const from = now();
    const due = mi.caseId ? undefined : await acts.computeDeadline({ deadlineId: 'DELEGATED_MATTER', from });
    m.step = mi.caseId ? undefined : `matter-${mi.matterId}-1`;
    await acts.recordDelegatedMatter({
      ...mi, delegationId: input.delegationId, countyOrgId: county, status: m.view.status,
      outcome: mi.caseId ? 'PENALTY' : undefined, dueAt: due?.dueAt, closedAt: mi.caseId ? from : undefined,
    });
    if (!mi.caseId) track(handleMatter(m, from));
    return m.view;
  }, {
    validator: (mi) => {
      const existing = matters.get(mi.matterId);
      if (existing && !mi.caseId) return;
      if (existing && existing.view.status !== 'OPEN' && existing.view.caseId !== mi.caseId) fail(FAILURE.conflict, '该委托事项已办结或已由县局收回');
      if (![county, township].includes(mi.reportedBy.orgId)) fail(FAILURE.forbidden, '只有委托机关或受委托乡镇（街道）可以登记委托事项');
      const refusal = matterRefusal(scope(), { itemCode: mi.itemCode, townshipOrgId: mi.townshipOrgId, officerIds: mi.officerIds }, new Date());
      if (refusal) fail(FAILURE.invalid, refusal);
    },
  });

  setHandler(recallMatterUpdate, async ({ matterId, actor, reason }) => {
    await toCounty(matters.get(matterId)!, 'RECALLED', reason, actor.userId);
    return matters.get(matterId)!.view;
  }, {
    validator: ({ matterId, actor, reason }) => {
      if (actor.orgId !== county || !actor.roles.some((r: string) => r === 'SUPERVISOR' || r === 'HEAD')) fail(FAILURE.forbidden, '只有委托机关的负责人可以收回委托事项');
      const m = matters.get(matterId) ?? fail(FAILURE.notFound, '委托事项不存在');
      if (m.view.status !== 'OPEN' || m.view.caseId) fail(FAILURE.conflict, '该委托事项已办结或已收回，不能再收回');
      if (reason.trim().length < 2) fail(FAILURE.invalid, '请填写收回理由（至少2个字）');
    },
  });

  /** Open matters go back to the county when the township may no longer act. */
  async function returnAll(reason: string, actorId?: string): Promise<void> {
    for (const m of matters.values()) if (m.view.status === 'OPEN' && !m.view.caseId) await toCounty(m, 'RETURNED', reason, actorId);
  }

  setHandler(revokeDelegationUpdate, async ({ actor, reason }) => {
    const before = s.status;
    await record('revoked', 'delegation.revoked', { status: 'REVOKED', fields: { endedAt: now() }, data: { reason, before }, actorId: actor.userId });
    await cancelTask('legal-review');
    await cancelTask('signature');
    await returnAll('委托已撤销', actor.userId);
    return { ...s, matters: [...matters.values()].map((m) => m.view) };
  }, {
    validator: ({ actor, reason }) => {
      if (actor.orgId !== county || !actor.roles.includes('HEAD')) fail(FAILURE.forbidden, '只有委托机关负责人可以撤销委托');
      if (['REJECTED', 'EXPIRED', 'REVOKED'].includes(s.status)) fail(FAILURE.conflict, `该委托已${s.status === 'REJECTED' ? '未获批准' : s.status === 'EXPIRED' ? '期满' : '撤销'}，不能撤销`);
      if (reason.trim().length < 2) fail(FAILURE.invalid, '请填写撤销理由（至少2个字）');
    },
  });

  async function finish(): Promise<DelegationState> {
    await condition(() => pending === 0 && allHandlersFinished());
    return { ...s, matters: [...matters.values()].map((m) => m.view) };
  }
  const revoked = () => s.status === 'REVOKED';

  /** 抽查: a random share of the closed matters not yet drawn, each reviewed by the county. */
  async function sample(n: number): Promise<void> {
    const draw = await acts.drawDelegationSample({ delegationId: input.delegationId, key: `sample-${n}`, percent: input.samplePercent });
    s.samplings.push({ round: n, at: now(), closed: draw.closed, drawn: draw.drawn });
    for (const matterId of draw.drawn) track(reviewMatter(matterId));
  }

  async function reviewMatter(matterId: string): Promise<void> {
    const m = matters.get(matterId);
    const caseId = m?.view.caseId;
    const review = await humanTask({
      step: `review-${matterId}`, kind: 'DELEGATION_SAMPLE_REVIEW', title: `委托事项抽查评查：${m?.input.partyName ?? matterId}`,
      orgId: county, roles: ['SUPERVISOR'], caseId, deadline: { id: 'DELEGATION_SAMPLE_REVIEW', from: now() }, onExpiry: 'ESCALATE',
      payload: { matterId, caseId: caseId ?? null, townshipOrgId: township, delegationId: input.delegationId },
    });
    if (review.expired) return;
    const passed = review.result.outcome === 'PASS';
    if (m) m.view.reviewResult = passed ? 'PASSED' : 'FAILED';
    await acts.updateDelegatedMatter({
      matterId, key: 'review', action: passed ? 'delegation.review_passed' : 'delegation.review_failed', reviewResult: passed ? 'PASSED' : 'FAILED',
      data: { comment: review.result.data.comment ?? null, reason: review.result.data.reason ?? null }, actorId: review.result.completedBy,
    });
    if (passed) return;
    s.failedReviews += 1;
    // 评查不合格: the township corrects it; counted in its evaluation (DelegatedMatter.reviewResult).
    const correction = await townshipStep({
      step: `correction-${matterId}`, kind: 'DELEGATION_CORRECTION', title: `整改评查不合格的委托事项：${m?.input.partyName ?? matterId}`,
      orgId: township, roles: ['TOWNSHIP_OFFICER'], caseId, deadline: { id: 'DELEGATION_CORRECTION', from: now() }, validate: namedOfficer,
      payload: { matterId, caseId: caseId ?? null, reason: review.result.data.reason },
    }, async () => {
      await acts.updateDelegatedMatter({ matterId, key: 'correction-overdue', action: 'delegation.correction_overdue', overdue: true });
    }, () => true);
    if (correction.expired) return;
    await acts.updateDelegatedMatter({
      matterId, key: 'corrected', action: 'delegation.matter_corrected', correctedAt: correction.result.completedAt,
      data: { action: correction.result.data.action }, actorId: correction.result.completedBy,
    });
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
  const letter = await acts.issueDocument({ key: `${wf}/letter`, orgId: county, kind: 'DELEGATION_LETTER', data: letterData, issuedById: signer });
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

  const endsAt = Date.parse(termEndsAt(input));
  const reminderAt = Date.parse((await acts.delegationReminderAt({ endsAt: termEndsAt(input) })).dueAt);
  let reminded = false;
  let lastSample = now();
  let round = 0;
  while (s.status === 'IN_FORCE') {
    const nextSample = Date.parse((await acts.computeDeadline({ deadlineId: 'DELEGATION_SAMPLING', from: lastSample })).dueAt);
    const wake = Math.min(nextSample, reminded ? Infinity : reminderAt, endsAt);
    if (wake > Date.now() && await condition(() => s.status !== 'IN_FORCE', wake - Date.now())) break;
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
      track(humanTask({ ...base, step: 'expiry-notice', kind: 'DELEGATION_EXPIRY_NOTICE', title: `委托期限将于${input.endDate}届满`, orgId: county, roles: ['HEAD'] }));
    }
    if (t >= nextSample) {
      round += 1;
      lastSample = new Date(t).toISOString();
      await sample(round);
    }
  }
  return finish();
}

