import { proxyActivities, type ActivityOptions } from '@temporalio/workflow';
import type { createActivities } from '../activities/index.ts';
import { FAILURE } from './messages.ts';

type Activities = ReturnType<typeof createActivities>;

// Activity policies by kind (issue 18 item 6). Every write is idempotent by key, so a retry is
// safe; retries are bounded (a bug does not loop forever) but long enough to ride out a database
// restart or failover. The typed failures of activities/failures.ts are final at once.
const finalTypes = Object.values(FAILURE);

const POLICIES = {
  /** One short transaction. ~25 minutes of retries before the step fails. */
  write: {
    startToCloseTimeout: '15 seconds',
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 30, nonRetryableErrorTypes: finalTypes },
  },
  /**
   * A workflow step's one transaction (workflows/transition.ts): like `write`, but the step may
   * render a document inside it, so it gets the transaction's own 20 s limit plus headroom.
   */
  transition: {
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 30, nonRetryableErrorTypes: finalTypes },
  },
  /** Reads and calculations (deadlines, a document's data): quick, and as safe to repeat as anything. */
  read: {
    startToCloseTimeout: '10 seconds',
    retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 20, nonRetryableErrorTypes: finalTypes },
  },
  /**
   * Rendering documents, drawing samples, fan-outs: may run for minutes, so they heartbeat and a
   * worker that died with one is noticed within the heartbeat timeout, not the whole start-to-close.
   */
  long: {
    startToCloseTimeout: '10 minutes', heartbeatTimeout: '1 minute',
    retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '2 minutes', maximumAttempts: 10, nonRetryableErrorTypes: finalTypes },
  },
  /**
   * One webhook attempt (workflows/webhook-delivery.ts): an HTTP call bounded by its own timeout
   * (WebhookSettings.timeoutMs) plus the log's write. The receiver's failures are results, spaced
   * by the workflow's timers; these retries cover only the worker or database failing mid-attempt.
   */
  delivery: {
    startToCloseTimeout: '1 minute',
    retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10, nonRetryableErrorTypes: finalTypes },
  },
} satisfies Record<string, ActivityOptions>;

/** Activities that are not a single short write; every other one is a `write`. */
const KIND: Partial<Record<keyof Activities, keyof typeof POLICIES>> = {
  computeDeadline: 'read', referralLetterData: 'read', transferDocumentData: 'read', inspectionNoticeData: 'read',
  inspectionDocData: 'read', rectificationTimes: 'read', loadActorById: 'read', delegationLetterData: 'read',
  delegationReminderAt: 'read', caseReviewCycleMonths: 'read', escalationTarget: 'read',
  certificatesDueForReminder: 'read', campaignTimes: 'read', campaignProgress: 'read', campaignSummaryData: 'read',
  issueDocument: 'long', drawForPlan: 'long', schedulePlan: 'long', drawDelegationSample: 'long', drawCaseReviews: 'long',
  signalCalendarBatch: 'long',
  commitTransition: 'transition',
  deliverWebhook: 'delivery',
};

const proxies = {
  write: proxyActivities<Activities>(POLICIES.write),
  read: proxyActivities<Activities>(POLICIES.read),
  long: proxyActivities<Activities>(POLICIES.long),
  transition: proxyActivities<Activities>(POLICIES.transition),
  delivery: proxyActivities<Activities>(POLICIES.delivery),
};

/** Every activity, each under the policy of its kind. */
export const acts: Activities = new Proxy({} as Activities, {
  get: (_, name: string) => proxies[KIND[name as keyof Activities] ?? 'write'][name as keyof Activities],
});
