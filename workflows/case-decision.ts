// 法制审核 (CF Art 58), 集体讨论 (CF Art 57 ②; AB25 Art 50) and the decision (CF Art 57, 59).
// No decision may be made where a required review has not passed, and the decision may not
// be heavier than what the party was told (CF Art 44, 62).
import { collectiveDiscussionRequired, legalReviewRequired } from '../rules/penalty-rules.ts';
import { fail, issue, moveTo, thresholds, type CaseCtx } from './case-context.ts';
import { checkPenalty, type Finding } from './case-investigation.ts';
import { humanTask } from './human-task.ts';
import { FAILURE } from './messages.ts';

export type Decision = { noPenalty: true; reason: string; decidedBy: string } | { noPenalty: false; penaltyTypes: string[]; fineFen: number; reasoning: string; decidedBy: string };

export async function review(ctx: CaseCtx, f: Finding, round: number): Promise<'RETURN' | Finding> {
  if (f.kind === 'NO_PENALTY') return f;
  const facts = {
    partyKind: ctx.input.party.kind, fineFen: f.fineFen, penaltyTypes: f.penaltyTypes, hearingHeld: ctx.hearingHeld,
    complex: f.complex, majorPublicInterest: f.majorPublicInterest,
  };
  const reasons = legalReviewRequired(facts);
  if (reasons.length) {
    moveTo(ctx, 'LEGAL_REVIEW', 'case.legal_review_started', { reasons }, { key: `legal-review.${round}` });
    const r = await humanTask({
      step: `legal-review-${round}`, kind: 'LEGAL_REVIEW', title: '重大执法决定法制审核', orgId: ctx.input.orgId,
      roles: ['LEGAL_REVIEWER'], caseId: ctx.input.caseId, payload: { caseNumber: ctx.state.number, reasons, proposal: ctx.state.proposal },
    });
    if (r.expired || r.result.outcome === 'RETURN') return 'RETURN';
    ctx.legalReviewPassed = true;
    void issue(ctx, `legal-opinion-${round}`, 'LEGAL_REVIEW_OPINION', { opinion: r.result.data.opinion, reasons, proposal: ctx.state.proposal }, r.result.completedBy);
  }
  if (collectiveDiscussionRequired(facts, thresholds(ctx)).length) {
    moveTo(ctx, 'DISCUSSION', 'case.discussion_started', {}, { key: `discussion.${round}` });
    const d = await humanTask({
      step: `discussion-${round}`, kind: 'COLLECTIVE_DISCUSSION', title: '负责人集体讨论', orgId: ctx.input.orgId,
      roles: ['HEAD'], caseId: ctx.input.caseId, payload: { caseNumber: ctx.state.number, proposal: ctx.state.proposal },
      validate: (i) => (i.outcome === 'CHANGE' ? heavier(f, i.data) ?? checkPenalty(ctx, { ...i.data, circumstances: f.circumstances, departureReason: i.data.reason }) : undefined),
    });
    if (d.expired) return 'RETURN';
    ctx.discussionHeld = true;
    void issue(ctx, `discussion-record-${round}`, 'COLLECTIVE_DISCUSSION_RECORD', { ...d.result.data, proposal: ctx.state.proposal }, d.result.completedBy);
    if (d.result.outcome === 'NO_PENALTY') return { kind: 'NO_PENALTY', reason: d.result.data.reason as string, officerIds: f.officerIds };
    if (d.result.outcome === 'CHANGE') {
      f.penaltyTypes = d.result.data.penaltyTypes as string[];
      f.fineFen = d.result.data.fineFen as number;
    }
  }
  return f;
}

function heavier(f: Extract<Finding, { kind: 'PENALTY' }>, d: Record<string, unknown>): string | undefined {
  const types = d.penaltyTypes as string[];
  if ((d.fineFen as number) > f.fineFen || types.some((t) => !f.penaltyTypes.includes(t))) {
    return '决定的处罚重于已告知的处罚，须重新告知当事人（《行政处罚法》第44条）';
  }
  return undefined;
}

export async function decide(ctx: CaseCtx, f: Finding, round: number): Promise<Decision> {
  moveTo(ctx, 'DECISION', 'case.decision_pending', {}, { key: `decision.${round}` });
  const d = await humanTask({
    step: `decision-${round}`, kind: 'DECISION', title: f.kind === 'PENALTY' ? '作出行政处罚决定' : '作出不予行政处罚决定',
    orgId: ctx.input.orgId, roles: ['HEAD'], caseId: ctx.input.caseId,
    payload: { caseNumber: ctx.state.number, partyName: ctx.input.party.name, proposal: ctx.state.proposal ?? null, finding: f.kind },
    validate: (i) => {
      if (ctx.openStatements > 0) return '当事人的陈述申辩尚未复核';
      if (i.outcome === 'NO_PENALTY') return undefined;
      if (ctx.state.holds.length) return `案件${ctx.state.holds.join('、')}，不得作出罚款决定（不得以罚代刑）`;
      if (ctx.state.fineBarred && Number(i.data.fineFen) > 0) return `${ctx.state.fineBarred}，不再给予罚款（《行政处罚法》第35条第2款）`;
      if (f.kind === 'NO_PENALTY') return '调查结论为不予处罚，如需处罚须补充调查并重新告知';
      return heavier(f, i.data) ?? checkPenalty(ctx, { ...i.data, circumstances: f.circumstances, departureReason: i.data.reasoning });
    },
  });
  if (d.expired) return fail(FAILURE.invariant, '处罚决定任务没有自己的期限，不应到期关闭：超期由办案期限升级处理');
  if (d.result.outcome === 'NO_PENALTY') return { noPenalty: true, reason: d.result.data.reason as string, decidedBy: d.result.completedBy };
  return {
    noPenalty: false, penaltyTypes: d.result.data.penaltyTypes as string[], fineFen: d.result.data.fineFen as number,
    reasoning: d.result.data.reasoning as string, decidedBy: d.result.completedBy,
  };
}
