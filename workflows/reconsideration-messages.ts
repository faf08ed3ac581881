// Payload, state and query of the reconsideration workflow (行政复议, issue 7). Wire names are a
// public API: never rename one. Pure: imported by the workflow and by the API.
import { defineQuery } from '@temporalio/workflow';
import type { Actor, Penalty } from './messages.ts';

export type ReconsiderationStatus =
  | 'FORWARDING' | 'REVIEW' | 'CORRECTION' | 'REFUSED' | 'WITHDRAWN' | 'ANSWER' | 'DECISION' | 'DECIDED' | 'LITIGATION' | 'CLOSED';

export interface ReconsiderationInput {
  reconsiderationId: string;
  caseId: string;
  /** 复议机关: the people's government at the respondent bureau's level (FY 24). */
  organId: string;
  /** 被申请人: the bureau whose decision is challenged. */
  respondentOrgId: string;
  decision: Penalty & { number: string; decidedAt: string; servedAt: string; onTheSpot: boolean };
  applicant: { name: string; idNumber?: string; address?: string; phone?: string };
  /** 复议请求 and 事实和理由. */
  requests: string;
  grounds: string;
  /** When the applicant knew the decision (FY 20 ①); the API defaults it to service. */
  knownAt: string;
  /** The decision stated the right, organ and period (CF 59 ②(五)). */
  rightStated: boolean;
  /** Filed with the organ's clerk, or through the penalising bureau (on-the-spot, FY 32). */
  via: 'ORGAN' | 'BUREAU';
  filedAt: string;
  filedBy: Actor;
  suspensionRequested: boolean;
}

export interface ReconsiderationState {
  reconsiderationId: string;
  status: ReconsiderationStatus;
  receivedAt?: string;
  refusal?: string;
  simplified: boolean;
  simplifiedGround?: string;
  acceptedAt?: string;
  deemedAccepted: boolean;
  answerDueAt?: string;
  answeredAt?: string;
  answerMissed: boolean;
  decisionDueAt?: string;
  extended: boolean;
  hearing?: { at: string; place: string; headAttended?: boolean };
  suspended: boolean;
  outcome?: string;
  decidedAt?: string;
  changedPenalty?: Penalty;
  litigationDueAt?: string;
  lawsuit?: { court: string; filedAt: string; result?: string; headAppeared?: boolean };
  /** The case workflow had ended: the outcome was applied to its record instead. */
  caseReopened: boolean;
}

export const reconsiderationStateQuery = defineQuery<ReconsiderationState>('reconsiderationState');
export const reconsiderationWorkflowId = (id: string): string => `reconsideration-${id}`;
