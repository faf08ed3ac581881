// Payloads, states, queries and updates of the inspection and annual-plan workflows (issue 9).
// Wire names are a public API: never rename one. Pure: imported by workflows and the API.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ScheduledCheck } from '../rules/plan-schedule.ts';
import type { Actor } from './messages.ts';

/** COMPLAINT: prompted by a 投诉举报; it does not count towards the visit-frequency limit (issue 21). */
export type InspectionKind = 'KEY' | 'RANDOM' | 'AD_HOC' | 'COMPLAINT';
export type InspectionStatus = 'NOTIFIED' | 'RECORDED' | 'RECTIFYING' | 'REINSPECTION' | 'CLOSED';
/** NOT_APPROVED: a visit beyond the frequency policy that the head did not approve (issue 21). */
export type InspectionResult = 'NO_ISSUE' | 'RECTIFIED' | 'CASE_OPENED' | 'REFERRED' | 'CASE_FAILED' | 'HANDED_OVER' | 'NOT_APPROVED';

export interface InspectionInput {
  inspectionId: string;
  orgId: string;
  enterpriseId: string;
  kind: InspectionKind;
  planId?: string;
  drawId?: string;
  /** 专项执法 (issue 21): the campaign this inspection is done for; its progress counts it. */
  campaignId?: string;
  /**
   * 交叉执法 (issue 21): the inspecting bureau (orgId) is another county's team; the findings within
   * the remit go to the competent county (homeOrgId), and the organ that drew the team (cityOrgId)
   * rules on a closure without a case.
   */
  cross?: { homeOrgId: string; cityOrgId: string; drawId: string };
  /** ISO date the inspection is due to take place. */
  scheduledFor: string;
  /** Drawn (双随机) or assigned inspectors; the on-site record names who actually acted. */
  officerIds: string[];
  expertId?: string | null;
  createdBy?: string;
  /** 联合执法 (issue 21): other internal units and departments taking part; each signs the record. */
  participants?: JointParticipant[];
  /** A visit beyond the frequency policy (issue 21): the reason the head decides on, and the count it was refused with. */
  overLimit?: VisitOverLimit;
}

export interface JointParticipant {
  orgId: string;
  /** 内设机构 name when the participant is a unit of the bureau itself. */
  unit?: string;
  /** Who signs for it: the task goes to these roles of its org (a department's are its portal users). */
  roles: ('HANDLER' | 'SUPERVISOR' | 'HEAD' | 'DEPT_RECEIVER')[];
  officerIds: string[];
}

export interface VisitOverLimit { reason: string; count: number; limit: number; windowMonths: number }

export interface InspectionState {
  inspectionId: string;
  status: InspectionStatus;
  result?: InspectionResult;
  noticeNumber?: string;
  recordNumber?: string;
  orderNumber?: string;
  rectifyBy?: string;
  /** First moment an extension request may be made (10 working days before the deadline). */
  extensionOpensAt?: string;
  extensionRequestedAt?: string;
  extensions: number;
  reinspectionRequestedAt?: string;
  reinspectDueAt?: string;
  suspended: boolean;
  suspensionOrderNumber?: string;
  referrals: string[];
  caseId?: string;
  /** 联合执法: the orgs that have signed the record. */
  signedBy?: string[];
}

export interface EnterpriseRequest { actor: Actor; reason?: string }

export const inspectionStateQuery = defineQuery<InspectionState>('inspectionState');
/** The enterprise's written request to extend the rectification period, recorded by the bureau (AB25 Art 27 ①). */
export const requestExtensionUpdate = defineUpdate<InspectionState, [EnterpriseRequest]>('requestExtension');
/** The enterprise reports the hazards corrected and asks for the 复查 (AB25 Art 27 ②). */
export const requestReinspectionUpdate = defineUpdate<InspectionState, [EnterpriseRequest]>('requestReinspection');

export const inspectionWorkflowId = (inspectionId: string): string => `inspection-${inspectionId}`;

export interface PlanKeyEnterprise {
  enterpriseId: string;
  perYear: number;
  /** Added or raised because the enterprise is under sanction (不良记录、黑名单; issue 21). */
  sanctioned?: boolean;
  /** Beyond the visit-frequency policy: the reason the head approves with the plan (issue 21). */
  overLimitReason?: string;
}

export interface PlanInput {
  planId: string;
  orgId: string;
  year: number;
  keyEnterprises: PlanKeyEnterprise[];
  randomChecks: number;
  focusIndustries: string[];
  withExpert: boolean;
  createdBy: Actor;
  /** The Idempotency-Key of the request that drafted the plan (a retry gets the same plan). */
  requestKey?: string;
  /** Events after which the plan continues as new (default in annual-plan.ts); lowered by tests. */
  historyLimit?: number;
  /** Set when the plan continues as new: where the schedule stands. */
  resume?: { schedule: ScheduledCheck[]; next: number; drawId: string };
}

export type PlanStatus = 'AWAITING_APPROVAL' | 'REJECTED' | 'PUBLISHED' | 'COMPLETED';

export interface PlanState {
  planId: string;
  status: PlanStatus;
  scheduled: number;
  started: number;
  nextDate?: string;
  drawId?: string;
  /** Checks not sent because a joint inspection already made them (issue 21). */
  covered?: number;
}

export const planStateQuery = defineQuery<PlanState>('planState');
export const planWorkflowId = (orgId: string, year: number): string => `plan-${orgId}-${year}`;
