// The raw-Temporal baselines: the least a workflow can do to accept a task completion.
// No HTTP: an Update with a validator, answered from workflow state — bare, after one no-op
// activity (the round trip any durable step pays), or after one activity that writes one row
// and one audit event in one database transaction (the floor for a durable step with its
// record: issue 18's reference). Bundled on its own, run on its own task queue, same server.
import { condition, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';

/** What the Update's handler does besides answering: nothing, a no-op activity, or the one-transaction write. */
export type BaselineKind = 'plain' | 'noop' | 'write';
export interface BaselineInput { taskId: string; kind: BaselineKind; orgId?: string }
export interface BaselineResult { taskId: string; outcome: string; completedAt: string }

export const baselineCompleteUpdate = defineUpdate<BaselineResult, [{ taskId: string; outcome: string }]>('benchComplete');

/** Implemented by the bench worker (bench/process.ts). */
export interface BaselineActivities {
  benchNoop(taskId: string): Promise<string>;
  /** One row in the bench's own table and one AuditEvent (store/audit.ts), one transaction; idempotent per taskId. */
  benchWrite(taskId: string, orgId: string): Promise<string>;
}

const acts = proxyActivities<BaselineActivities>({ startToCloseTimeout: '1 minute' });

export async function baselineTaskWorkflow(input: BaselineInput): Promise<string> {
  let accepted = false;
  let done = false;
  setHandler(baselineCompleteUpdate, async ({ taskId, outcome }) => {
    accepted = true;
    if (input.kind === 'noop') await acts.benchNoop(taskId);
    if (input.kind === 'write') await acts.benchWrite(taskId, input.orgId ?? 'bench');
    done = true;
    return { taskId, outcome, completedAt: new Date().toISOString() };
  }, {
    validator: ({ taskId, outcome }) => {
      if (taskId !== input.taskId) throw new Error(`unknown task ${taskId}`);
      if (accepted) throw new Error('already completed');
      if (outcome !== 'APPROVE' && outcome !== 'REJECT') throw new Error(`invalid outcome ${outcome}`);
    },
  });
  await condition(() => done);
  return 'done';
}
