import { Context } from '@temporalio/activity';

// Long activities (rendering, draws, fan-outs) run under the `long` policy with a heartbeat
// timeout (workflows/activities-proxy.ts): they report progress so a dead worker's attempt is
// retried within a minute. The same code also runs outside an activity (tests, tools), where
// there is no one to report to.

/** Reports progress to Temporal when running as an activity; does nothing otherwise. */
export function beat(details?: unknown): void {
  let ctx: Context;
  try {
    ctx = Context.current();
  } catch {
    return; // not inside an activity
  }
  ctx.heartbeat(details);
}
