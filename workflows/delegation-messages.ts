// Payload, state, updates and query of the delegation workflow (委托乡镇（街道）执法, issue 4).
// Wire names are a public API: never rename one. Pure: imported by the workflow and by the API.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor } from './messages.ts';

export type DelegationStatus = 'AWAITING_REVIEW' | 'AWAITING_SIGNATURE' | 'REJECTED' | 'SIGNED' | 'IN_FORCE' | 'EXPIRED' | 'REVOKED';
export type MatterStatus = 'OPEN' | 'CLOSED' | 'RECALLED' | 'RETURNED';

export interface DelegationInput {
  delegationId: string;
  /** The delegating county bureau: the deciding authority and the respondent for delegated acts. */
  countyOrgId: string;
  townshipOrgId: string;
  itemCodes: string[];
  /** Township officers named in the 委托书, each with a valid certificate when drafted. */
  officerIds: string[];
  startDate: string;
  endDate: string;
  /** Share (%) of closed matters drawn for review each sampling period — the bureau's policy. */
  samplePercent: number;
  /** The delegation this one renews (a new term through the same approval). */
  renewsId?: string;
  draftedBy: Actor;
}

export interface MatterInput {
  matterId: string;
  itemCode: string;
  /** Where the matter arose: the township whose area it is in. */
  townshipOrgId: string;
  partyName: string;
  location: string;
  facts: string;
  reportedBy: Actor;
  /** A 当场处罚 already decided in the county bureau's name (this matter is then closed). */
  caseId?: string;
  officerIds?: string[];
}

export interface MatterView { matterId: string; status: MatterStatus; caseId?: string; overdue: boolean; reviewResult?: 'PASSED' | 'FAILED' }

export interface DelegationState {
  delegationId: string;
  status: DelegationStatus;
  letterNumber?: string;
  matters: MatterView[];
  samplings: { round: number; at: string; closed: number; drawn: string[] }[];
  overdueMatters: number;
  failedReviews: number;
}

export interface RecallInput { matterId: string; actor: Actor; reason: string }
export interface RevokeInput { actor: Actor; reason: string }

export const delegationStateQuery = defineQuery<DelegationState>('delegationState');
/** A matter enters the township's queue, or a 当场处罚 decided under the delegation is recorded. */
export const routeMatterUpdate = defineUpdate<MatterView, [MatterInput]>('routeMatter');
/** 收回: the county takes an open matter back into its own queue. */
export const recallMatterUpdate = defineUpdate<MatterView, [RecallInput]>('recallMatter');
/** 撤销委托: stops new routing at once; open matters return to the county. */
export const revokeDelegationUpdate = defineUpdate<DelegationState, [RevokeInput]>('revokeDelegation');

export const delegationWorkflowId = (delegationId: string): string => `delegation-${delegationId}`;
