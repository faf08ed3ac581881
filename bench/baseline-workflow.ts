// The raw-Temporal baseline: the least a workflow can do to accept a task completion.
// No database, no HTTP: an Update with a validator, answered from workflow state (and, in
// the second variant, after one no-op activity — the round trip the real handler pays for
// its database write). Bundled on its own, run on its own task queue, same server.
import { condition, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';

export interface BaselineInput { taskId: string; withActivity: boolean }
export interface BaselineResult { taskId: string; outcome: string; completedAt: string }

export const baselineCompleteUpdate = defineUpdate<BaselineResult, [{ taskId: string; outcome: string }]>('benchComplete');

/** Implemented by the bench worker (bench/process.ts). */
export interface BaselineActivities { benchNoop(taskId: string): Promise<string> }

const acts = proxyActivities<BaselineActivities>({ startToCloseTimeout: '1 minute' });

export async function baselineTaskWorkflow(input: BaselineInput): Promise<string> {
  let accepted = false;
  let done = false;
  setHandler(baselineCompleteUpdate, async ({ taskId, outcome }) => {
    accepted = true;
    if (input.withActivity) await acts.benchNoop(taskId);
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
