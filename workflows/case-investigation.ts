// 调查取证 (CF Art 54–56; AB25 Art 35–44): two certified officers investigate and propose a
// penalty from the catalog item's range and the 裁量基准; 先行登记保存 needs the head's
// approval and a disposal decision within 7 working days (CF Art 56; AB25 Art 42–44).
import { setHandler } from '@temporalio/workflow';
import { checkProposal, recommend } from '../rules/discretion.ts';
import { checkDate, checkOfficers, fail, issue, moveTo, requireCaseOfficer, type CaseCtx } from './case-context.ts';
import { humanTask, type TaskEnd } from './human-task.ts';
import { FAILURE, requestPreservationUpdate, type CompleteTaskInput, type PreservedItem } from './messages.ts';

export type Finding =
  | { kind: 'PENALTY'; penaltyTypes: string[]; fineFen: number; circumstances: string[]; complex: boolean; majorPublicInterest: boolean; officerIds: string[] }
  | { kind: 'NO_PENALTY'; reason: string; officerIds: string[] };

const range = (ctx: CaseCtx) => ({ minFen: ctx.input.catalog.fineMinFen, maxFen: ctx.input.catalog.fineMaxFen });

/** The penalty rules a proposal or decision must satisfy (types in the catalog, fine in range). */
export function checkPenalty(ctx: CaseCtx, d: Record<string, unknown>): string | undefined {
  const types = d.penaltyTypes as string[];
  const off = types.filter((t) => !ctx.input.catalog.penaltyTypes.includes(t) && t !== 'WARNING');
  if (off.length) return `处罚种类 ${off.join('、')} 不在该执法事项的处罚依据范围内`;
  const fineFen = d.fineFen as number;
  if (types.includes('FINE') !== fineFen > 0) return types.includes('FINE') ? '选择罚款时须填写罚款金额' : '未选择罚款却填写了罚款金额';
  if (!types.includes('FINE')) return undefined;
  const circumstances = (d.circumstances as string[] | undefined) ?? [];
  const verdict = checkProposal(range(ctx), recommend(range(ctx), circumstances), fineFen, d.departureReason as string | undefined);
  return verdict.ok ? undefined : verdict.message;
}

export async function investigate(ctx: CaseCtx, round: number): Promise<Finding> {
  moveTo(ctx, 'INVESTIGATION', 'case.investigation_started', { round }, { key: `investigation.${round}` });
  const end: TaskEnd = await humanTask({
    step: `investigation-${round}`, kind: 'INVESTIGATION', title: round ? '补充调查取证' : '调查取证与处罚建议',
    orgId: ctx.input.orgId, roles: ['HANDLER'], caseId: ctx.input.caseId,
    payload: { caseNumber: ctx.state.number, partyName: ctx.input.party.name, catalog: ctx.input.catalog,
      recommendation: recommend(range(ctx), []) },
    validate: (i: CompleteTaskInput) => {
      if (ctx.openPreservations > 0) return '先行登记保存的物品尚未作出处理决定';
      return checkOfficers(ctx, i.data.officerIds as string[], i.officers) ?? (i.outcome === 'PROPOSE' ? checkPenalty(ctx, i.data) : undefined);
    },
  });
  if (end.expired) return fail(FAILURE.invariant, '调查取证任务没有自己的期限，不应到期关闭：超期由办案期限升级处理');
  const d = end.result.data;
  ctx.file.findings = d.findings as string;
  if (end.result.outcome === 'NO_PENALTY') return { kind: 'NO_PENALTY', reason: d.reason as string, officerIds: d.officerIds as string[] };
  const finding: Finding = {
    kind: 'PENALTY', penaltyTypes: d.penaltyTypes as string[], fineFen: d.fineFen as number,
    circumstances: d.circumstances as string[], complex: d.complex as boolean,
    majorPublicInterest: d.majorPublicInterest as boolean, officerIds: d.officerIds as string[],
  };
  ctx.state.proposal = { penaltyTypes: finding.penaltyTypes, fineFen: finding.fineFen, circumstances: finding.circumstances };
  void issue(ctx, `case-review-${round}`, 'CASE_REVIEW_FORM', {
    findings: d.findings, proposal: ctx.state.proposal, recommendation: recommend(range(ctx), finding.circumstances),
    departureReason: d.departureReason ?? null,
  }, end.result.completedBy);
  return finding;
}

/** Accepts 先行登记保存 requests while the investigation runs. */
export function acceptPreservations(ctx: CaseCtx): void {
  let n = 0;
  setHandler(requestPreservationUpdate, async ({ actor, items, urgent, performedAt }) => {
    const id = `preservation-${++n}`;
    ctx.openPreservations += 1;
    void preserve(ctx, id, actor.userId, items, urgent, performedAt).finally(() => { ctx.openPreservations -= 1; });
    return { preservationId: id };
  }, {
    validator: ({ actor, items, urgent, performedAt }) => {
      requireCaseOfficer(ctx, actor, ['HANDLER']);
      if (ctx.state.stage !== 'INVESTIGATION') fail(FAILURE.conflict, '只能在调查取证阶段先行登记保存证据');
      if (!Array.isArray(items) || items.length === 0) fail(FAILURE.invalid, '请列明先行登记保存的物品');
      if (performedAt !== undefined) {
        if (!urgent) fail(FAILURE.invalid, '只有紧急情况当场实施的先行登记保存才填写实施时间');
        checkDate(ctx, 'preservation.performedAt', performedAt);
      }
    },
  });
}

async function preserve(ctx: CaseCtx, id: string, requestedBy: string, items: PreservedItem[], urgent: boolean, performedAt?: string): Promise<void> {
  const requestedAt = performedAt ?? new Date().toISOString();
  // Urgent on-site preservation is reported to the head within 24 hours (AB25 Art 42 ②).
  const approval = await humanTask({
    step: `${id}-approval`, kind: 'PRESERVATION_APPROVAL', title: urgent ? '先行登记保存（紧急情况当场实施）补办审批' : '先行登记保存审批',
    orgId: ctx.input.orgId, roles: ['HEAD'], caseId: ctx.input.caseId, onExpiry: 'ESCALATE',
    deadline: urgent ? { id: 'PRESERVATION_URGENT_REPORT', from: requestedAt } : undefined,
    payload: { items, urgent, requestedBy, caseNumber: ctx.state.number },
  });
  if (approval.expired) return;
  if (approval.result.outcome === 'REJECT') {
    moveTo(ctx, ctx.state.stage, 'preservation.released', { id, reason: approval.result.data.reason }, { key: `${id}.rejected` });
    return;
  }
  // The notice lists each article with its quantity and where it is kept (documents/templates/preservation-notice.hbs).
  void issue(ctx, id, 'PRESERVATION_NOTICE', {
    items: items.map((i) => ({ name: i.name, spec: i.spec, quantity: `${i.quantity}${i.unit}`, note: `保存于${i.keptAt}` })),
    storagePlace: [...new Set(items.map((i) => i.keptAt))].join('、'),
    approvedBy: approval.result.completedBy, preservedAt: approval.result.completedAt,
  });
  await humanTask({
    step: `${id}-disposal`, kind: 'PRESERVATION_DISPOSAL', title: '先行登记保存物品处理决定（7个工作日内）',
    orgId: ctx.input.orgId, roles: ['HANDLER'], caseId: ctx.input.caseId, onExpiry: 'ESCALATE',
    deadline: { id: 'PRESERVATION_DECISION', from: approval.result.completedAt }, payload: { items, caseNumber: ctx.state.number },
  });
}
