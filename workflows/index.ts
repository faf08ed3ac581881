// Every workflow ends only after its staged effects committed and its Updates answered (workflows/transition.ts).
import { caseWorkflow as caseWorkflowRun } from './case.ts';
import { summaryCaseWorkflow as summaryCaseWorkflowRun } from './summary-case.ts';
import { referralWorkflow as referralWorkflowRun } from './referral.ts';
import { transferWorkflow as transferWorkflowRun } from './transfer.ts';
import { reconsiderationWorkflow as reconsiderationWorkflowRun } from './reconsideration.ts';
import { inspectionWorkflow as inspectionWorkflowRun } from './inspection.ts';
import { annualPlanWorkflow as annualPlanWorkflowRun } from './annual-plan.ts';
import { delegationWorkflow as delegationWorkflowRun } from './delegation.ts';
import {
  delegatedMatterWorkflow as delegatedMatterWorkflowRun, delegationNoticeWorkflow as delegationNoticeWorkflowRun,
  delegationReviewWorkflow as delegationReviewWorkflowRun,
} from './delegated-matter.ts';
import { caseReviewCycleWorkflow as caseReviewCycleWorkflowRun } from './case-review-cycle.ts';
import { caseReviewWorkflow as caseReviewWorkflowRun } from './case-review.ts';
import { certificateSweepWorkflow as certificateSweepWorkflowRun, certificateReminderWorkflow as certificateReminderWorkflowRun } from './certificate-reminders.ts';
import { calendarRecomputeWorkflow as calendarRecomputeWorkflowRun } from './calendar-recompute.ts';
import { auditAnchorWorkflow as auditAnchorWorkflowRun } from './audit-anchor.ts';
import { webhookDeliveryWorkflow as webhookDeliveryWorkflowRun } from './webhook-delivery.ts';
import { webhookDispatchWorkflow as webhookDispatchWorkflowRun } from './webhook-dispatch.ts';
import { campaignWorkflow as campaignWorkflowRun } from './campaign.ts';
import { crossFindingWorkflow as crossFindingWorkflowRun } from './cross-finding.ts';
import { settling } from './transition.ts';

export const caseWorkflow = settling(caseWorkflowRun);
export const summaryCaseWorkflow = settling(summaryCaseWorkflowRun);
export const referralWorkflow = settling(referralWorkflowRun);
export const transferWorkflow = settling(transferWorkflowRun);
export const reconsiderationWorkflow = settling(reconsiderationWorkflowRun);
export const inspectionWorkflow = settling(inspectionWorkflowRun);
export const annualPlanWorkflow = settling(annualPlanWorkflowRun);
export const delegationWorkflow = settling(delegationWorkflowRun);
export const delegatedMatterWorkflow = settling(delegatedMatterWorkflowRun);
export const delegationReviewWorkflow = settling(delegationReviewWorkflowRun);
export const delegationNoticeWorkflow = settling(delegationNoticeWorkflowRun);
export const caseReviewCycleWorkflow = settling(caseReviewCycleWorkflowRun);
export const caseReviewWorkflow = settling(caseReviewWorkflowRun);
export const certificateSweepWorkflow = settling(certificateSweepWorkflowRun);
export const certificateReminderWorkflow = settling(certificateReminderWorkflowRun);
export const calendarRecomputeWorkflow = settling(calendarRecomputeWorkflowRun);
export const auditAnchorWorkflow = settling(auditAnchorWorkflowRun);
export const webhookDispatchWorkflow = settling(webhookDispatchWorkflowRun);
export const webhookDeliveryWorkflow = settling(webhookDeliveryWorkflowRun);
export const campaignWorkflow = settling(campaignWorkflowRun);
export const crossFindingWorkflow = settling(crossFindingWorkflowRun);

// Worker Versioning: a run of these lasts minutes, so it finishes on the build that started it and needs no
// patch; every other type lives for months and moves to the current build (the worker's AUTO_UPGRADE default).
