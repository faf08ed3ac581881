// One step, one activity (issue 18): what a workflow step changes — tasks, the case, documents,
// escalations — is staged here instead of written by an activity each. When every part of the
// workflow that the step set going is waiting again, everything staged commits in ONE activity
// and ONE database transaction (activities/transition.ts), so a 立案审批 completion closes the
// task, files and numbers the case, issues the 立案审批表 and opens 调查取证 all or nothing.
// Staging is deterministic; waiting for "everyone is waiting" uses conditions only, which write
// nothing to history.
import { allHandlersFinished, condition, workflowInfo } from '@temporalio/workflow';
import type { IssueDocumentInput, IssuedDocument } from '../activities/documents.ts';
import type { Effect, EffectResult } from '../activities/transition.ts';
import { acts } from './activities-proxy.ts';

// One transaction of a step's rows: a retry finds the step committed or nothing of it, under the
// `transition` policy of workflows/activities-proxy.ts (bounded retries, typed failures final).
const { commitTransition } = acts;

interface Staged { effect: Effect; resolve: (r: EffectResult) => void; reject: (e: unknown) => void }

let pending: Staged[] = [];
let committing = false;
let started = false;
let seq = 0;

/** Resolves at the next round of condition checks, i.e. after everything runnable now has run. */
function nextRound(): Promise<void> {
  let armed = false;
  const p = condition(() => armed);
  armed = true;
  return p;
}

/** A person's completion names its step by the task (= its Update id); other steps by their order in the run. */
function keyOf(batch: Staged[]): string {
  const { workflowId, runId } = workflowInfo();
  const done = batch.find((b) => b.effect.kind === 'closeTask' && b.effect.result);
  return done && done.effect.kind === 'closeTask' ? `${workflowId}/task/${done.effect.taskId}` : `${workflowId}/${runId}/${seq}`;
}

async function committer(): Promise<void> {
  for (;;) {
    await condition(() => pending.length > 0);
    // Let every part of the workflow that is runnable stage its effects: one transaction for all.
    for (let n = -1; n !== pending.length;) { n = pending.length; await nextRound(); }
    const batch = pending;
    pending = [];
    seq += 1;
    committing = true;
    try {
      const results = await commitTransition({ key: keyOf(batch), effects: batch.map((b) => b.effect) });
      batch.forEach((b, i) => b.resolve(results[i] ?? null));
    } catch (err) {
      batch.forEach((b) => b.reject(err));
    } finally {
      committing = false;
    }
  }
}

/** Stages an effect of the current step; the promise settles when the step's transaction has committed. */
export function stage<T extends EffectResult = EffectResult>(effect: Effect): Promise<T> {
  if (!started) { started = true; void committer(); }
  return new Promise<T>((resolve, reject) => { pending.push({ effect, resolve: resolve as (r: EffectResult) => void, reject }); });
}

/** Stages an effect whose result nobody waits for; a failed commit still fails the workflow task. */
export function stageOnly(effect: Effect): void {
  void stage(effect);
}

/** Waits until everything staged so far has committed (before a workflow returns). */
export async function settled(): Promise<void> {
  await condition(() => pending.length === 0 && !committing);
}

/** The same activities, each run only after everything staged before it has committed (ordering). */
export function ordered<T extends object>(activities: T): T {
  return new Proxy(activities, {
    get(target, name) {
      const fn = Reflect.get(target, name) as unknown;
      if (typeof fn !== 'function') return fn;
      return async (...args: unknown[]) => { await settled(); return (fn as (...a: unknown[]) => unknown)(...args); };
    },
  });
}

/** A numbered document, issued in the transaction of the step that staged it. */
export const issueDocument = (input: IssueDocumentInput): Promise<IssuedDocument> => stage<IssuedDocument>({ kind: 'issueDocument', input });

/**
 * A workflow that ends only after what it staged has committed and its Update handlers have
 * answered: a person's completion that ends the procedure is written before the run closes.
 */
export function settling<A extends unknown[], R>(workflow: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args: A) => {
    const result = await workflow(...args);
    await settled();
    await condition(allHandlersFinished);
    return result;
  };
}
