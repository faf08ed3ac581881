// Payload, state and query of the referral workflow (移交有关部门, issue 6). Wire names are a
// public API: never rename one. Pure: imported by the workflow and by the API.
import { defineQuery } from '@temporalio/workflow';
import type { Actor } from './messages.ts';

export type ReferralStatus = 'DRAFT' | 'AWAITING_APPROVAL' | 'SENT' | 'SIGNED' | 'REFUSED' | 'RESULT_REPORTED' | 'CLOSED' | 'REJECTED';

export interface ReferralEvidence { description: string; sha256: string }

export interface ReferralInput {
  referralId: string;
  /** The referring bureau. */
  fromOrgId: string;
  /** Started from a case (its page shows the referral) or an inspection record, or on its own. */
  caseId?: string;
  inspectionRef?: string;
  enterpriseId?: string;
  hazard: string;
  location: string;
  evidence: ReferralEvidence[];
  /** Why the hazard is outside the bureau's remit. */
  reason: string;
  toOrgId: string;
  urgent: boolean;
  draftedBy: Actor;
}

export interface ReferralState {
  referralId: string;
  status: ReferralStatus;
  toOrgId: string;
  letterNumber?: string;
  signDueAt?: string;
  resultDueAt?: string;
  signedAt?: string;
  /** 0 on time; 1 reminded (催办); 2 escalated to the city supervisor; 3 to 安委办. */
  chaseLevel: number;
  sendBacks: number;
  refusals: { orgId: string; reason: string; ruling?: 'REDIRECT' | 'MUST_ACCEPT'; rulingReason?: string }[];
  /** The city supervisor ruled the current department must take it: no refusal any more. */
  mustAccept: boolean;
}

export const referralStateQuery = defineQuery<ReferralState>('referralState');
export const referralWorkflowId = (referralId: string): string => `referral-${referralId}`;
