// 抽查 (issue 8): one long-running workflow per city bureau (`case-review-<cityOrgId>`). It sleeps
// until the current review period ends (its length is the CASE_REVIEW_CYCLE row, a quarter by
// default), draws each county's seeded sample of the cases closed in that period, starts one
// review workflow per sampled case (left running on its own), and continues as new for the next
// period — the history stays a few dozen events however many years it runs. The Temporal timer
// is the schedule: no cron of our own.
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { continueAsNew, ParentClosePolicy, setHandler, sleep, startChild, workflowInfo } from '@temporalio/workflow';
import { previousReviewPeriod, reviewPeriodOf } from '../rules/case-review.ts';
import { acts } from './activities-proxy.ts';
import {
  caseReviewCycleStateQuery, caseReviewWorkflowId,
  type CaseReviewCycleInput, type CaseReviewCycleState,
} from './case-review-messages.ts';

export async function caseReviewCycleWorkflow(input: CaseReviewCycleInput): Promise<CaseReviewCycleState> {
  const s: CaseReviewCycleState = { cityOrgId: input.cityOrgId, lastPeriod: input.lastPeriod, draws: input.draws ?? 0, sampled: input.sampled ?? 0 };
  setHandler(caseReviewCycleStateQuery, () => s);
  const wf = workflowInfo().workflowId;

  const months = await acts.caseReviewCycleMonths();
  // On the first run with catchUp the period that has just ended is drawn at once; otherwise
  // the current period is drawn when it ends.
  const period = input.catchUp && !input.lastPeriod ? previousReviewPeriod(Date.now(), months) : reviewPeriodOf(Date.now(), months);
  s.currentPeriod = period.key;
  s.nextDrawAt = period.to;
  const wait = Date.parse(period.to) - Date.now();
  if (wait > 0) await sleep(wait);

  if (period.key !== input.lastPeriod) {
    const reviews = await acts.drawCaseReviews({
      cityOrgId: input.cityOrgId, countyOrgIds: input.countyOrgIds, period, months, thresholdOverrides: input.thresholdOverrides, workflowId: wf,
      at: new Date().toISOString(),
    });
    for (const r of reviews) {
      try {
        await startChild('caseReviewWorkflow', { workflowId: caseReviewWorkflowId(r.reviewId), args: [r], parentClosePolicy: ParentClosePolicy.ABANDON });
      } catch (err) {
        // Started by an earlier run of this period (a reset, or a second cycle for the same city).
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      }
    }
    s.draws += 1;
    s.sampled += reviews.length;
    s.lastPeriod = period.key;
  }
  return continueAsNew<typeof caseReviewCycleWorkflow>({ ...input, catchUp: false, lastPeriod: s.lastPeriod, draws: s.draws, sampled: s.sampled });
}
