import { proxyActivities } from '@temporalio/workflow';
import type { createActivities } from '../activities/index.ts';

/** Every activity, retried with backoff until it succeeds: writes are idempotent by key. */
export const acts = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
