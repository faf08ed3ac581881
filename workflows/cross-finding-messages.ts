// Payloads and state of the 交叉执法 finding workflow (issue 21 item 2). Wire names are a public
// API: never rename one. Pure: imported by workflows and the API.
import { defineQuery } from '@temporalio/workflow';

export interface CrossFindingInput {
  /** = the inspection's id: one finding per cross inspection. */
  findingId: string;
  inspectionId: string;
  /** The competent county bureau (the enterprise's own), which handles the findings. */
  homeOrgId: string;
  /** The county whose officers inspected, and the officers. */
  teamOrgId: string;
  officerIds: string[];
  enterpriseId: string;
  recordNumber: string;
  /** The organ above both counties that rules on a closure without a case. */
  cityOrgId: string;
}

export type CrossFindingStatus = 'OPEN' | 'CLOSE_REQUESTED' | 'CASE_OPENED' | 'CLOSED';

export interface CrossFindingState { findingId: string; status: CrossFindingStatus; caseId?: string; refusals: number }

export const crossFindingStateQuery = defineQuery<CrossFindingState>('crossFindingState');
export const crossFindingWorkflowId = (findingId: string): string => `cross-finding-${findingId}`;
