// Payload, state, updates and query of the delegation workflow (委托乡镇（街道）执法, issue 4).
// Wire names are a public API: never rename one. Pure: imported by the workflow and by the API.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
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
  /** Set only by the workflow itself when it continues as new in force (docs/histories.md). */
  resume?: DelegationCarry;
  /** Events after which the run continues as new (tests lower it; default in workflows/delegation.ts). */
  historyLimit?: number;
}

/** What a delegation in force carries into its next run: counts and the matters still open, never the closed ones. */
export interface DelegationCarry {
  state: DelegationState;
  reminded: boolean;
  lastSample: string;
  round: number;
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
  /** The matters still open (each handled by a workflow of its own); after a revocation, those it returned. */
  matters: MatterView[];
  /** Every matter routed under the delegation, and how the settled ones ended. */
  counts: { routed: number; closed: number; recalled: number; returned: number };
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

// Each matter, each sampled review and the expiry notice run as workflows of their own under the
// delegation's id (so `workflowId startsWith delegation-<id>` finds all their tasks): the
// delegation itself holds only counts and open matters and continues as new, for 3-year terms.
export const delegatedMatterWorkflowId = (delegationId: string, matterId: string): string => `${delegationWorkflowId(delegationId)}/matter-${matterId}`;
export const delegationReviewWorkflowId = (delegationId: string, matterId: string): string => `${delegationWorkflowId(delegationId)}/review-${matterId}`;
export const delegationNoticeWorkflowId = (delegationId: string): string => `${delegationWorkflowId(delegationId)}/expiry-notice`;

/** What a matter's workflow needs of the delegation. */
export interface DelegationScope { delegationId: string; countyOrgId: string; townshipOrgId: string; officerIds: string[] }
export interface DelegatedMatterInput extends DelegationScope { matter: MatterInput; from: string }
export interface DelegationReviewInput extends DelegationScope { matterId: string; caseId?: string; partyName?: string }
export interface DelegationNoticeInput extends DelegationScope { itemCodes: string[]; startDate: string; endDate: string }

/** Delegation → matter: the county takes it (收回 / 退回 on revocation or lapse), or a 当场处罚 decided it. */
export const matterToCountySignal = defineSignal<[{ status: 'RECALLED' | 'RETURNED'; reason: string; actorId?: string }]>('matterToCounty');
export const matterCaseLinkedSignal = defineSignal<[{ caseId: string; actorId: string }]>('matterCaseLinked');
/** Matter → delegation: it became overdue or settled (status no longer OPEN). */
export const matterChangedSignal = defineSignal<[MatterView]>('matterChanged');
/** Review → delegation: a sampled matter's review ended. */
export const matterReviewedSignal = defineSignal<[{ matterId: string; passed: boolean }]>('matterReviewed');
