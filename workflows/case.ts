// 行政处罚 case workflow (普通程序): one run per case, from the lead to the archive.
// The function reads as the procedure does; each step lives in a case-*.ts module.
// Live patch ids: reconsideration-remedies, reconsideration-litigation-window (issue 7, case-remedies.ts / case-execution.ts);
// escalation-tasks (issue 8, human-task.ts: near-due warning timer and ESCALATION tasks for tasks opened after it);
// disclosure-withdrawn-on-change (case-remedies.ts: CF 48 ② for changed and unlawful decisions);
// case-jurisdiction (issue 21, case-jurisdiction.ts: 提级管辖 / 指定管辖 and 报请提级 move the running case).
import { setHandler } from '@temporalio/workflow';
import { filingWithHigherAuthority } from '../rules/penalty-rules.ts';
import { fail, issue, moveTo, openCase, penaltyText, requireCaseOfficer, thresholds, caseActs, type CaseCtx } from './case-context.ts';
import { startDecisionClock } from './case-clock.ts';
import { acceptEvidence } from './case-evidence.ts';
import { acceptJurisdictionMoves } from './case-jurisdiction.ts';
import { close, finish } from './case-closing.ts';
import { decide, review, type Decision } from './case-decision.ts';
import { execute, serve } from './case-execution.ts';
import { installRemedyHandlers } from './case-remedies.ts';
import { notifyParty } from './case-hearing.ts';
import type { CaseInput } from './case-input.ts';
import { acceptPreservations, investigate } from './case-investigation.ts';
import { installTransferHandlers } from './case-transfer.ts';
import { extendTask, humanTask, taskExtended } from './human-task.ts';
import { stage } from './transition.ts';
import { FAILURE, requestExtensionUpdate, type CaseState } from './messages.ts';
import { upsertCaseSearch } from './search-attributes.ts';

export async function caseWorkflow(input: CaseInput): Promise<CaseState> {
  const ctx = await openCase(input, 'FILING');
  installRemedyHandlers(ctx);
  acceptEvidence(ctx);
  acceptJurisdictionMoves(ctx);

  if (!(await file(ctx))) return finish(ctx);
  const clock = startDecisionClock(ctx);
  acceptPreservations(ctx);
  installTransferHandlers(ctx, clock);

  let decision: Decision;
  for (let round = 0; ; round++) {
    const finding = await investigate(ctx, round);
    if (finding.kind === 'PENALTY') await notifyParty(ctx, finding, round);
    const reviewed = await review(ctx, finding, round);
    if (reviewed === 'RETURN') continue;
    decision = await decide(ctx, reviewed, round);
    break;
  }
  clock.stop();
  const decidedAt = new Date().toISOString();

  let ending: string;
  if (decision.noPenalty) {
    const doc = await issue(ctx, 'decision', 'NO_PENALTY_DECISION', {
      reason: decision.reason, decidedAt, ...(ctx.file.findings ? { facts: ctx.file.findings } : {}),
    }, decision.decidedBy);
    ctx.state.decision = { penaltyTypes: [], fineFen: 0, number: doc.number, decidedAt, noPenalty: true };
    moveTo(ctx, 'DECIDED', 'case.not_penalised', { reason: decision.reason });
    ending = 'NO_PENALTY';
  } else {
    const doc = await issue(ctx, 'decision', 'PENALTY_DECISION', {
      penalty: { penaltyTypes: decision.penaltyTypes, fineFen: decision.fineFen }, reasoning: decision.reasoning, decidedAt,
      ...ctx.file, ...(ctx.file.findings ? { facts: ctx.file.findings } : {}),
    }, decision.decidedBy);
    ctx.state.decision = { penaltyTypes: decision.penaltyTypes, fineFen: decision.fineFen, number: doc.number, decidedAt, noPenalty: false };
    moveTo(ctx, 'DECIDED', 'case.decided', { number: doc.number, penalty: penaltyText(decision) });
    // 公示 within 7 working days of the decision (国办发〔2018〕118号): published at once.
    await caseActs.publishDisclosure({ caseId: input.caseId, decisionNumber: doc.number, penalty: penaltyText(decision), decidedAt });
    const higher = filingWithHigherAuthority({ orgLevel: input.orgLevel, fineFen: decision.fineFen, penaltyTypes: decision.penaltyTypes }, thresholds(ctx));
    if (higher) {
      void humanTask({
        step: 'higher-filing', kind: 'HIGHER_FILING', title: higher.to === 'CITY' ? '报市级应急管理部门备案' : '报省级应急管理部门备案',
        orgId: input.orgId, roles: ['HANDLER'], caseId: input.caseId, onExpiry: 'ESCALATE',
        deadline: { id: higher.deadlineId, from: decidedAt }, payload: { caseNumber: ctx.state.number, decisionNumber: doc.number },
      });
    }
    const servedAt = await serve(ctx, decidedAt);
    ending = await execute(ctx, decision, servedAt);
  }
  await close(ctx, ending);
  return finish(ctx);
}

async function file(ctx: CaseCtx): Promise<boolean> {
  const { input } = ctx;
  acceptFilingExtension(ctx);
  // 立案审批: decide within 5 working days of finding the lead or receiving its materials
  // (AB25 Art 34 ①), not of typing it in; a late filing decision is itself a breach (CF Art 76),
  // so expiry escalates rather than proceeds.
  const filing = await humanTask({
    step: 'filing-approval', kind: 'FILING_APPROVAL', title: '立案审批', orgId: input.orgId,
    roles: ['SUPERVISOR'], caseId: input.caseId, onExpiry: 'ESCALATE',
    deadline: { id: 'FILING_DECISION', from: input.receivedAt ?? input.registeredAt },
    payload: { partyName: input.party.name, catalogItemId: input.catalog.code, catalogName: input.catalog.name, facts: input.facts },
  });
  if (filing.expired) return false;
  if (filing.result.outcome === 'REJECT') {
    moveTo(ctx, 'NOT_FILED', 'case.rejected', { reason: filing.result.data.reason }, { status: 'REJECTED', closed: true });
    return false;
  }
  // 立案 at the approval: the number is assigned in the step's transaction, with the 立案审批表,
  // the investigation task and the decision clock that follow (one commit, workflows/transition.ts).
  const filedAt = new Date().toISOString();
  ctx.state.filedAt = filedAt;
  void stage<{ number: string; filedAt: string }>({ kind: 'fileCase', caseId: input.caseId, orgId: input.orgId, approvedBy: filing.result.completedBy, filedAt })
    .then((filed) => {
      ctx.state.number = filed.number;
      upsertCaseSearch({ caseNumber: filed.number, stage: 'INVESTIGATION' }); // the stage fileCase writes
    });
  void issue(ctx, 'filing-form', 'FILING_APPROVAL_FORM', { approvedBy: filing.result.completedBy, filedAt, comment: filing.result.data.comment ?? '' });
  return true;
}

/** 初步核查 may take 5 more working days with the head's approval (AB25 Art 34 ①). */
function acceptFilingExtension(ctx: CaseCtx): void {
  let state: 'NONE' | 'PENDING' | 'DONE' = 'NONE';
  setHandler(requestExtensionUpdate, async ({ actor, reason }) => {
    state = 'PENDING';
    void humanTask({
      step: 'filing-extension', kind: 'EXTENSION_APPROVAL', title: '立案审查期限延长5个工作日（负责人审批）', orgId: ctx.input.orgId,
      roles: ['HEAD'], caseId: ctx.input.caseId, payload: { reason, requestedBy: actor.userId, partyName: ctx.input.party.name },
    }).then((end) => {
      const approved = !end.expired && end.result.outcome === 'APPROVE';
      state = approved ? 'DONE' : 'NONE';
      if (approved) extendTask('filing-approval', 'FILING_DECISION_EXTENSION');
    });
    return { requested: true as const };
  }, {
    validator: ({ actor }) => {
      requireCaseOfficer(ctx, actor);
      if (ctx.state.stage !== 'FILING') fail(FAILURE.conflict, '已作出立案决定');
      // Also when the head already extended it from an escalation of the filing step.
      if (state === 'DONE' || taskExtended('filing-approval', 'FILING_DECISION_EXTENSION')) fail(FAILURE.conflict, '立案审查期限只能延长一次');
      if (state === 'PENDING') fail(FAILURE.conflict, '已有延期申请在审批中');
    },
  });
}
