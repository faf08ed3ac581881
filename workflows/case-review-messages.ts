// Payloads, state and queries of the city's sampling review (抽查 / 评议考核, issue 8): one
// long-running cycle per city bureau and one workflow per sampled case. Wire names are a public
// API: never rename one. Pure: imported by the workflows and by the API.
import { defineQuery } from '@temporalio/workflow';
import type { ReviewItem } from '../rules/case-review.ts';
import type { ThresholdOverrides } from '../rules/thresholds.ts';

export interface CaseReviewCycleInput {
  cityOrgId: string;
  /** Only these county bureaus; by default every county bureau under the city. */
  countyOrgIds?: string[];
  /** Values of the unconfirmed sample-size rows in force when the cycle was started. */
  thresholdOverrides?: ThresholdOverrides;
  /** Draw the period that has just ended at once, instead of waiting for the current one to end. */
  catchUp?: boolean;
  /** Carried across continue-as-new. */
  lastPeriod?: string;
  draws?: number;
  sampled?: number;
}

export interface CaseReviewCycleState {
  cityOrgId: string;
  /** When the current period ends and its draw is made. */
  nextDrawAt?: string;
  currentPeriod?: string;
  lastPeriod?: string;
  draws: number;
  sampled: number;
}

/** One sampled case, as the draw activity hands it to its review workflow. */
export interface CaseReviewInput {
  reviewId: string;
  drawId: string;
  caseId: string;
  caseNumber: string | null;
  /** The county bureau that handled the case: it does the correction. */
  orgId: string;
  cityOrgId: string;
  period: string;
  officerIds: string[];
  drawnAt: string;
}

export type CaseReviewStatus = 'AWAITING_REVIEW' | 'PASSED' | 'CORRECTING' | 'CORRECTED';
export interface ReviewScore { pass: boolean; comment?: string }

export interface CaseReviewState {
  reviewId: string;
  status: CaseReviewStatus;
  failedItems: ReviewItem[];
}

export const caseReviewCycleStateQuery = defineQuery<CaseReviewCycleState>('caseReviewCycleState');
export const caseReviewStateQuery = defineQuery<CaseReviewState>('caseReviewState');
export const caseReviewCycleWorkflowId = (cityOrgId: string): string => `case-review-${cityOrgId}`;
export const caseReviewWorkflowId = (reviewId: string): string => `case-review-sample-${reviewId}`;
