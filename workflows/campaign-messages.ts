// Payloads, state and query of the 专项执法 campaign workflow (issue 21 item 1).
// Wire names are a public API: never rename one. Pure: imported by workflows and the API.
import { defineQuery } from '@temporalio/workflow';
import type { Role } from '../rules/roles.ts';
import type { Actor } from './messages.ts';

export interface CampaignShareInput {
  /** The county bureau (or, in a county's own campaign, the township) that does this share. */
  orgId: string;
  /** Inspections to do; with an enterprise list, the list's length. */
  target: number;
  enterpriseIds: string[];
  /** Who answers for the share in that org: a county's head (its escalation goes to the city), a township's officers. */
  roles: Role[];
}

export interface CampaignChecklistItem { text: string; basis: string }

export interface CampaignInput {
  campaignId: string;
  /** The organising bureau: the city, or a county for its own townships. */
  orgId: string;
  name: string;
  legalBasis: string;
  industries: string[];
  hazardTypes: string[];
  /** YYYY-MM-DD (Beijing), first and last day. */
  startDate: string;
  endDate: string;
  shares: CampaignShareInput[];
  checklist: CampaignChecklistItem[];
  createdBy: Actor;
  requestKey?: string;
}

export type CampaignStatus = 'AWAITING_APPROVAL' | 'REJECTED' | 'RUNNING' | 'COMPLETED';

export interface CampaignState {
  campaignId: string;
  status: CampaignStatus;
  warnAt?: string;
  endsAt?: string;
  /** Shares below target at the warning time, escalated to the organising bureau's supervisor. */
  escalated: string[];
  summaryNumber?: string;
}

export const campaignStateQuery = defineQuery<CampaignState>('campaignState');
export const campaignWorkflowId = (campaignId: string): string => `campaign-${campaignId}`;
/** The step of a share's task in the campaign's run (also what its escalation names). */
export const campaignShareStep = (orgId: string): string => `share-${orgId}`;
