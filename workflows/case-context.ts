import { ApplicationFailure, setHandler, workflowInfo } from '@temporalio/workflow';
import type { DocumentKind } from '../documents/kinds.ts';
import { actionDateRefusal, type DateFacts } from '../rules/date-bounds.ts';
import { withThresholdOverrides } from '../rules/thresholds.ts';
import type { CaseInput } from './case-input.ts';
import { installTaskHandlers, setDateContext } from './human-task.ts';
import { caseStateQuery, FAILURE, type Actor, type CaseState, type Penalty } from './messages.ts';
import { acts } from './activities-proxy.ts';
import { answerWhenRecorded } from './recorded.ts';

/** Everything a case workflow knows, shared by the step modules. */
export interface CaseCtx {
  input: CaseInput;
  state: CaseState;
  /** A proposal or decision that carries a fine needs these before it can be decided. */
  legalReviewPassed: boolean;
  discussionHeld: boolean;
  hearingHeld: boolean;
  openStatements: number;
  openPreservations: number;
  lateFeePauses: { from: string; to?: string }[];
  /** What the decision document must recount (CF Art 59): findings, notice, the party's answer. */
  file: { findings?: string; noticeServedAt?: string; statementSummary?: string };
  /** Acts of the case that the dates people enter must follow (rules/date-bounds.ts); the state adds the rest. */
  timeline: DateFacts;
}

/** Sets up a case workflow's state, query and task handlers, and records the case. */
export async function openCase(input: CaseInput, stage: string): Promise<CaseCtx> {
  const ctx: CaseCtx = {
    input, state: { caseId: input.caseId, stage, status: 'OPEN', paidFen: 0, holds: [] },
    legalReviewPassed: false, discussionHeld: false, hearingHeld: false, openStatements: 0, openPreservations: 0, lateFeePauses: [], file: {}, timeline: {},
  };
  setHandler(caseStateQuery, () => ctx.state);
  const recorded = answerWhenRecorded();
  installTaskHandlers();
  setDateContext(() => ({ facts: caseFacts(ctx), toleranceMinutes: thresholds(ctx).DATE_FUTURE_TOLERANCE_MINUTES.value }));
  await acts.recordCaseRegistered({ ...input, workflowId: workflowInfo().workflowId });
  recorded();
  return ctx;
}

/** The thresholds this case is decided under (configured values frozen at registration). */
export const thresholds = (ctx: CaseCtx) => withThresholdOverrides(ctx.input.thresholdOverrides ?? {});

/** The case's timeline as the date rules name it. */
export function caseFacts(ctx: CaseCtx): DateFacts {
  const { state } = ctx;
  return {
    // A lead without its own received time was received when it was registered.
    receivedAt: ctx.input.receivedAt ?? ctx.input.registeredAt,
    registeredAt: ctx.input.registeredAt,
    ...(state.filedAt ? { filedAt: state.filedAt } : {}),
    ...(state.decision ? { decidedAt: state.decision.decidedAt } : {}),
    ...(state.servedAt ? { decisionServedAt: state.servedAt } : {}),
    ...(state.paymentDueDay ? { paymentDueDay: state.paymentDueDay } : {}),
    ...ctx.timeline,
  };
}

export const fail = (type: string, message: string): never => {
  throw ApplicationFailure.create({ type, message, nonRetryable: true });
};

/** Refuses a case action's date that does not fit the case's timeline (rules/date-bounds.ts). */
export function checkDate(ctx: CaseCtx, field: Parameters<typeof actionDateRefusal>[0], value: string, extra: DateFacts = {}): void {
  const refusal = actionDateRefusal(field, value, { ...caseFacts(ctx), ...extra }, Date.now(), thresholds(ctx).DATE_FUTURE_TOLERANCE_MINUTES.value);
  if (refusal) fail(FAILURE.invalid, refusal);
}

export function requireCaseOfficer(ctx: CaseCtx, actor: Actor, roles: string[] = ['HANDLER', 'SUPERVISOR', 'HEAD']): void {
  if (actor.orgId !== ctx.input.orgId) fail(FAILURE.forbidden, '您不属于办理本案的单位');
  if (!actor.roles.some((r) => roles.includes(r))) fail(FAILURE.forbidden, '您的角色不能进行此操作');
  if (!actor.certified) fail(FAILURE.forbidden, '您没有有效的行政执法证');
}

/** ≥2 certified officers of the deciding bureau act on every investigation (CF Art 42; AB25 Art 16). */
export function checkOfficers(ctx: CaseCtx, ids: readonly string[], officers: readonly Actor[] | undefined): string | undefined {
  const distinct = new Set(ids);
  if (distinct.size < 2) return '调查取证须由两名以上执法人员进行（《行政处罚法》第42条）';
  for (const id of distinct) {
    const o = officers?.find((x) => x.userId === id);
    if (!o) return `执法人员 ${id} 不存在`;
    if (o.orgId !== ctx.input.orgId) return `${o.name}不属于办案单位`;
    if (!o.certified) return `${o.name}没有有效的行政执法证，不能作为办案人员`;
    if (o.roles.every((r) => r === 'ASSISTANT')) return `${o.name}是执法辅助人员，只能协助，不能签名办案`;
  }
  return undefined;
}

export const penaltyText = (p: Penalty) =>
  `${p.penaltyTypes.join('、')}${p.fineFen ? `，罚款${(p.fineFen / 100).toFixed(2)}元` : ''}`;

/** Issues a numbered document once per workflow step (the key makes retries harmless). */
export function issue(ctx: CaseCtx, step: string, kind: DocumentKind, data: Record<string, unknown>, issuedById?: string) {
  return acts.issueDocument({
    key: `${workflowInfo().workflowId}/${step}`, caseId: ctx.input.caseId, orgId: ctx.input.orgId, kind,
    data: { caseNumber: ctx.state.number, party: ctx.input.party, catalog: ctx.input.catalog, facts: ctx.input.facts, ...data },
    issuedById,
  });
}

/** Records a step: stage, audit event, and the case page's view of the state. */
export async function moveTo(
  ctx: CaseCtx, stage: string, action: string, data: Record<string, unknown> = {},
  extra: { status?: CaseState['status']; closed?: boolean; key?: string } = {},
) {
  ctx.state.stage = stage;
  if (extra.status) ctx.state.status = extra.status;
  await acts.setCaseStage({
    caseId: ctx.input.caseId, stage, status: extra.status, action, data, closed: extra.closed, key: extra.key,
    view: { state: { ...ctx.state } },
  });
}
