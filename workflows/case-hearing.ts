// 告知 and the party's rights before a decision: 陈述、申辩 and, where the penalty qualifies,
// 听证 (CF Art 44–45, 63–64; AB25 Art 18, 55–63). Silence for 5 working days after receipt
// is a waiver (AB25 Art 18 ②); a statement must be answered before the decision, and may
// never make the penalty heavier (CF Art 45 ②).
import { hearingEligible } from '../rules/penalty-rules.ts';
import { issue, moveTo, thresholds, type CaseCtx } from './case-context.ts';
import { checkPenalty, type Finding } from './case-investigation.ts';
import { humanTask } from './human-task.ts';

type Proposal = Extract<Finding, { kind: 'PENALTY' }>;

export async function notifyParty(ctx: CaseCtx, p: Proposal, round: number): Promise<void> {
  const eligible = hearingEligible({ partyKind: ctx.input.party.kind, fineFen: p.fineFen, penaltyTypes: p.penaltyTypes }, thresholds(ctx));
  moveTo(ctx, 'NOTICE', 'case.notice_prepared', { hearingEligible: eligible }, { key: `notice.${round}` });
  void issue(ctx, `notice-${round}`, 'PENALTY_NOTICE', { proposal: p, hearingEligible: eligible });
  // It cannot be served before it exists (issue 17): a service date in the past would start
  // the 5-working-day period early and waive the party's rights at once.
  ctx.timeline.noticeIssuedAt = new Date().toISOString();
  if (eligible) void issue(ctx, `hearing-rights-${round}`, 'HEARING_RIGHTS_NOTICE', { proposal: p });

  const served = await humanTask({
    step: `notice-service-${round}`, kind: 'NOTICE_SERVICE', title: eligible ? '送达行政处罚告知书、听证告知书' : '送达行政处罚告知书',
    orgId: ctx.input.orgId, roles: ['HANDLER'], caseId: ctx.input.caseId, payload: { caseNumber: ctx.state.number, partyName: ctx.input.party.name },
  });
  if (served.expired) return;
  const servedAt = served.result.data.servedAt as string;
  ctx.file.noticeServedAt = servedAt;
  ctx.timeline.noticeServedAt = servedAt;

  const response = await humanTask({
    step: `party-response-${round}`, kind: 'PARTY_RESPONSE', title: '登记当事人陈述申辩或听证申请（5个工作日内）',
    orgId: ctx.input.orgId, roles: ['HANDLER'], caseId: ctx.input.caseId, onExpiry: 'PROCEED',
    deadline: { id: eligible ? 'HEARING_REQUEST' : 'STATEMENT_AND_DEFENCE', from: servedAt },
    payload: { caseNumber: ctx.state.number, hearingEligible: eligible },
    validate: (i) => (i.outcome === 'HEARING_REQUEST' && !eligible ? '拟作出的处罚不属于听证范围（《行政处罚法》第63条）' : undefined),
  });
  if (response.expired) {
    ctx.file.statementSummary = '你（单位）在法定期限内未提出陈述、申辩，视为放弃上述权利。';
    moveTo(ctx, 'NOTICE', 'notice.waived_by_silence', { servedAt }, { key: `waived.${round}` });
    return;
  }
  ctx.file.statementSummary = {
    WAIVED: '你（单位）明确表示放弃陈述、申辩的权利。',
    STATEMENT: '你（单位）提出了陈述、申辩，本机关已进行复核。',
    HEARING_REQUEST: '你（单位）申请了听证，本机关依法组织了听证。',
  }[response.result.outcome];
  if (response.result.outcome === 'STATEMENT') await reviewStatement(ctx, p, round);
  if (response.result.outcome === 'HEARING_REQUEST') await hear(ctx, response.result.data.requestedAt as string, round);
}

async function reviewStatement(ctx: CaseCtx, p: Proposal, round: number): Promise<void> {
  ctx.openStatements += 1;
  const review = await humanTask({
    step: `statement-review-${round}`, kind: 'STATEMENT_REVIEW', title: '复核当事人陈述申辩',
    orgId: ctx.input.orgId, roles: ['HANDLER'], caseId: ctx.input.caseId, payload: { caseNumber: ctx.state.number },
    validate: (i) => {
      if (i.outcome !== 'ADOPT') return undefined;
      if ((i.data.fineFen as number) > p.fineFen) return '不得因当事人陈述、申辩而给予更重的处罚（《行政处罚法》第45条）';
      return checkPenalty(ctx, { ...i.data, circumstances: p.circumstances, departureReason: i.data.reasoning });
    },
  });
  ctx.openStatements -= 1;
  if (!review.expired && review.result.outcome === 'ADOPT') {
    p.penaltyTypes = review.result.data.penaltyTypes as string[];
    p.fineFen = review.result.data.fineFen as number;
    ctx.state.proposal = { penaltyTypes: p.penaltyTypes, fineFen: p.fineFen, circumstances: p.circumstances };
  }
}

async function hear(ctx: CaseCtx, requestedAt: string, round: number): Promise<void> {
  moveTo(ctx, 'HEARING', 'hearing.requested', { requestedAt }, { key: `hearing.${round}` });
  ctx.timeline.hearingRequestedAt = requestedAt;
  // Held within 15 days of the request, notice at least 7 working days ahead (AB25 Art 57 ①);
  // the API checks both dates against the calendar before the schedule is accepted.
  const schedule = await humanTask({
    step: `hearing-schedule-${round}`, kind: 'HEARING_SCHEDULE', title: '安排听证并送达听证通知书',
    orgId: ctx.input.orgId, roles: ['HANDLER'], caseId: ctx.input.caseId, onExpiry: 'ESCALATE',
    deadline: { id: 'HEARING_HOLD', from: requestedAt }, payload: { caseNumber: ctx.state.number, requestedAt },
  });
  if (schedule.expired) return;
  let hearingAt = schedule.result.data.hearingAt as string;
  ctx.timeline.hearingAt = hearingAt;
  void issue(ctx, `hearing-notice-${round}`, 'HEARING_NOTICE', { ...schedule.result.data });
  for (let postponed = 0; ; ) {
    const held = await humanTask({
      step: `hearing-${round}-${postponed}`, kind: 'HEARING', title: '举行听证', orgId: ctx.input.orgId, roles: ['HANDLER'],
      caseId: ctx.input.caseId, payload: { caseNumber: ctx.state.number, hearingAt },
      validate: (i) => {
        if (i.outcome === 'POSTPONED' && postponed >= 1) return '听证只能延期一次（AB25第57条第2款）';
        if (i.outcome !== 'POSTPONED' && Date.now() < Date.parse(hearingAt)) return '听证时间尚未到';
        return undefined;
      },
    });
    if (held.expired) return;
    if (held.result.outcome === 'POSTPONED') {
      postponed += 1;
      hearingAt = held.result.data.hearingAt as string;
      ctx.timeline.hearingAt = hearingAt;
      void issue(ctx, `hearing-notice-${round}-${postponed}`, 'HEARING_NOTICE', { hearingAt, place: schedule.result.data.place, postponed: true });
      continue;
    }
    if (held.result.outcome === 'NO_SHOW') {
      // No-show or walking out without good reason waives the hearing (CF Art 64 (六); AB25 Art 63).
      moveTo(ctx, 'HEARING', 'hearing.waived', {}, { key: `hearing.waived.${round}` });
      return;
    }
    ctx.hearingHeld = true;
    void issue(ctx, `hearing-record-${round}`, 'HEARING_RECORD', { ...held.result.data, hearingAt });
    moveTo(ctx, 'HEARING', 'hearing.held', {}, { key: `hearing.held.${round}` });
    return;
  }
}
