// 行政处罚 case workflow: one run per case, from the lead to the archive.
// Live patch ids: none yet.
import { proxyActivities, setHandler, workflowInfo, allHandlersFinished, condition } from '@temporalio/workflow';
import type { createActivities } from '../activities/index.ts';
import { installTaskHandlers, humanTask } from './human-task.ts';
import { caseStateQuery, type CaseState } from './messages.ts';
import type { CaseInput } from './case-input.ts';

const acts = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export async function caseWorkflow(input: CaseInput): Promise<CaseState> {
  const state: CaseState = { caseId: input.caseId, stage: 'FILING', status: 'OPEN' };
  setHandler(caseStateQuery, () => state);
  installTaskHandlers();

  await acts.recordCaseRegistered({ ...input, workflowId: workflowInfo().workflowId });

  // 立案审批: decide within 5 working days of the lead (AB25 Art 34①); a late filing
  // decision is itself a breach (CF Art 76), so expiry escalates rather than proceeds.
  const filing = await humanTask({
    step: 'filing-approval', kind: 'FILING_APPROVAL', title: '立案审批', orgId: input.orgId,
    roles: ['SUPERVISOR'], caseId: input.caseId, onExpiry: 'ESCALATE',
    deadline: { id: 'FILING_DECISION', from: input.registeredAt },
    payload: { partyName: input.party.name, catalogItemId: input.catalogItemId, facts: input.facts },
  });
  if (filing.expired) throw new Error('unreachable: filing approval escalates on expiry');

  if (filing.result.outcome === 'REJECT') {
    state.stage = 'NOT_FILED';
    state.status = 'REJECTED';
    await acts.setCaseStage({ caseId: input.caseId, stage: state.stage, status: state.status,
      action: 'case.rejected', data: { reason: filing.result.data.reason } });
  } else {
    const filed = await acts.fileCase({ caseId: input.caseId, orgId: input.orgId, approvedBy: filing.result.completedBy });
    state.number = filed.number;
    state.stage = 'INVESTIGATION';
    await condition(() => false); // the investigation steps follow here (issue 3)
  }
  await condition(allHandlersFinished);
  return state;
}
