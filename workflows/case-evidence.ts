// 调查取证 evidence reaches the case only through its workflow (issue 22): a closed or
// archived case refuses it here, and the row and its audit event are written by one activity.
import { setHandler } from '@temporalio/workflow';
import { fail, caseActs, type CaseCtx } from './case-context.ts';
import { attachEvidenceUpdate, FAILURE, type AttachEvidenceInput } from './messages.ts';

/** An assistant may collect evidence (DESIGN §1), as may a township officer under delegation. */
const COLLECTORS = ['HANDLER', 'ASSISTANT', 'TOWNSHIP_OFFICER'];

export function acceptEvidence(ctx: CaseCtx): void {
  setHandler(attachEvidenceUpdate, async (input) => caseActs.recordEvidence({ ...input, caseId: ctx.input.caseId, orgId: ctx.input.orgId }), {
    validator: ({ actor }: AttachEvidenceInput) => {
      // Not requireCaseOfficer: collecting needs no 行政执法证 (an assistant has none); signing does.
      if (actor.orgId !== ctx.input.orgId) fail(FAILURE.forbidden, '只有办案单位可以收集证据');
      if (!actor.roles.some((r) => COLLECTORS.includes(r))) fail(FAILURE.forbidden, '您的角色不能收集证据');
      if (ctx.state.status !== 'OPEN') fail(FAILURE.conflict, '案件已结案或归档，不能再收集证据');
    },
  });
}
