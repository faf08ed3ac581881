// 交叉执法 findings (issue 21 item 2; reform plan 主要任务（二）: the city organises 交叉执法 and
// follows the handling). One workflow per cross inspection with findings (`cross-finding-<id>`):
// the competent county bureau either opens a case — which names the inspecting team — or asks to
// close without one, which only the city can accept; a refusal sends it back to the county.
// Live patch ids: none (new in issue 21).
import { ParentClosePolicy, setHandler, startChild, WorkflowIdReusePolicy, workflowInfo } from '@temporalio/workflow';
import { acts } from './activities-proxy.ts';
import { crossFindingStateQuery, type CrossFindingInput, type CrossFindingState } from './cross-finding-messages.ts';
import { humanTask, installTaskHandlers } from './human-task.ts';
import { caseWorkflowId } from './messages.ts';

export async function crossFindingWorkflow(input: CrossFindingInput): Promise<CrossFindingState> {
  const s: CrossFindingState = { findingId: input.findingId, status: 'OPEN', refusals: 0 };
  setHandler(crossFindingStateQuery, () => s);
  installTaskHandlers();
  const wf = workflowInfo().workflowId;
  const id = input.findingId;
  await acts.recordCrossFinding(input);

  for (let round = 1; ; round++) {
    const handling = await humanTask({
      step: `handling-${round}`, kind: 'CROSS_FINDING', title: `交叉执法检查发现问题处理：${input.recordNumber}`, orgId: input.homeOrgId, roles: ['SUPERVISOR', 'HEAD'],
      payload: { findingId: id, inspectionId: input.inspectionId, teamOrgId: input.teamOrgId, recordNumber: input.recordNumber, round },
    });
    if (handling.expired) return s;
    const r = handling.result;
    if (r.outcome === 'OPEN_CASE') {
      const caseInput = await acts.crossFindingCaseInput({ findingId: id, catalogItemId: String(r.data.catalogItemId), officerId: r.completedBy, key: `${wf}/case` });
      await startChild('caseWorkflow', { workflowId: caseWorkflowId(caseInput.caseId), args: [caseInput], parentClosePolicy: ParentClosePolicy.ABANDON, workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE });
      await acts.attachInspectionEvidence({ caseId: caseInput.caseId, inspectionId: input.inspectionId, actorId: r.completedBy });
      s.status = 'CASE_OPENED';
      s.caseId = caseInput.caseId;
      await acts.updateCrossFinding({ findingId: id, key: 'case', action: 'cross_finding.case_opened', status: 'CASE_OPENED', caseId: caseInput.caseId, actorId: r.completedBy });
      return s;
    }
    // No case: the county's reason goes to the city, which alone may accept it.
    const reason = String(r.data.reason);
    s.status = 'CLOSE_REQUESTED';
    await acts.updateCrossFinding({ findingId: id, key: `close-request-${round}`, action: 'cross_finding.close_requested', status: 'CLOSE_REQUESTED', closeReason: reason, actorId: r.completedBy });
    const ruling = await humanTask({
      step: `city-${round}`, kind: 'CROSS_FINDING_CLOSURE', title: `交叉执法问题不予立案审核：${input.recordNumber}`, orgId: input.cityOrgId, roles: ['CITY_SUPERVISOR'],
      payload: { findingId: id, inspectionId: input.inspectionId, homeOrgId: input.homeOrgId, teamOrgId: input.teamOrgId, reason },
    });
    if (ruling.expired) return s;
    if (ruling.result.outcome === 'ACCEPT') {
      s.status = 'CLOSED';
      await acts.updateCrossFinding({ findingId: id, key: 'closed', action: 'cross_finding.closed', status: 'CLOSED', actorId: ruling.result.completedBy, data: { comment: ruling.result.data.comment } });
      return s;
    }
    s.refusals += 1;
    s.status = 'OPEN';
    await acts.updateCrossFinding({ findingId: id, key: `refused-${round}`, action: 'cross_finding.closure_refused', status: 'OPEN', actorId: ruling.result.completedBy, data: { reason: ruling.result.data.reason } });
  }
}
