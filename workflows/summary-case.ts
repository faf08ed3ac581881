// 简易程序 (当场处罚): warning or a small fine decided on the spot by two officers, the
// pre-numbered decision handed over at once, and 备案 with the bureau within 5 working days
// (CF Art 51–52; AB25 Art 32–33). Remedy: reconsideration first (行政复议法 Art 23).
//
// Live patch ids: 'summary-receipt' (the party's receipt signature, or the noted refusal, printed on
// the decision, issue 23).
import { patched } from '@temporalio/workflow';
import { summaryReceiptData } from '../rules/on-site-service.ts';
import { caseActs, issue, moveTo, openCase, penaltyText } from './case-context.ts';
import { close, finish } from './case-closing.ts';
import { acceptEvidence } from './case-evidence.ts';
import { execute } from './case-execution.ts';
import { installRemedyHandlers } from './case-remedies.ts';
import type { SummaryCaseInput } from './case-input.ts';
import { humanTask } from './human-task.ts';
import type { CaseState } from './messages.ts';

export async function summaryCaseWorkflow(input: SummaryCaseInput): Promise<CaseState> {
  const ctx = await openCase(input, 'DECIDED');
  installRemedyHandlers(ctx);
  acceptEvidence(ctx);

  // CF 52: the decision is handed to the party on the spot; its signature, or the refusal the
  // officers note, belongs on the decision itself. Runs started before the patch issued it unsigned.
  const receipt = input.receipt && patched('summary-receipt') ? summaryReceiptData(input.receipt, input.party.name) : {};
  const doc = await issue(ctx, 'summary-decision', 'SUMMARY_DECISION', {
    penalty: input.penalty, officerIds: input.officerIds, decidedAt: input.decidedAt, ...receipt,
  }, input.registeredBy);
  ctx.state.number = doc.number;
  ctx.state.servedAt = input.decidedAt; // handed over on the spot
  ctx.state.decision = { ...input.penalty, number: doc.number, decidedAt: input.decidedAt, noPenalty: false };
  moveTo(ctx, 'EXECUTION', 'case.decided_on_the_spot', { number: doc.number, penalty: penaltyText(input.penalty) });
  await caseActs.publishDisclosure({ caseId: input.caseId, decisionNumber: doc.number, penalty: penaltyText(input.penalty), decidedAt: input.decidedAt });

  const filing = humanTask({
    step: 'summary-filing', kind: 'SUMMARY_FILING', title: '当场处罚决定备案（5个工作日内）', orgId: input.orgId,
    roles: ['SUPERVISOR'], caseId: input.caseId, onExpiry: 'ESCALATE', deadline: { id: 'SUMMARY_FILING', from: input.decidedAt },
    payload: { decisionNumber: doc.number, partyName: input.party.name, penalty: penaltyText(input.penalty) },
  });
  const ending = await execute(ctx, { noPenalty: false, ...input.penalty, reasoning: '当场处罚', decidedBy: input.registeredBy }, input.decidedAt);
  await filing;
  await close(ctx, ending);
  return finish(ctx);
}
