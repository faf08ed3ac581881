// 1. Task completion: POST /api/tasks/:id/complete (HTTP → validation → Temporal Update →
// workflow validator and handler → closeTaskRecord activity with its audit event → response)
// against the raw baseline: the same number of Updates sent straight from a Temporal client
// to a minimal workflow on the same server, with no database and no HTTP. A second baseline
// adds one no-op activity to the handler, so the report can split the difference into
// "Temporal activity round trip" and "our HTTP + database work". The three alternate in rounds.
import { baselineCompleteUpdate, type BaselineInput } from './baseline-workflow.ts';
import { deadline, waitFor, type Ctx } from './context.ts';
import type { LifecycleResult } from './measure-lifecycle.ts';
import { interleave } from './interleave.ts';
import { ratio, type LoadResult } from './stats.ts';

export interface CompletionResult {
  app: LoadResult;
  baseline: LoadResult;
  baselineWithActivity: LoadResult;
  /** app p95 ÷ baseline p95 (target ≤ 2) */
  p95Ratio: number | null;
  p50Ratio: number | null;
  /** app completions/s ÷ baseline updates/s */
  throughputRatio: number | null;
  /** Completed cases, those filed with their next task open, and the longest wait for that after a round. */
  settle: { cases: number; filed: number; ms: number };
}

export async function measureCompletion(ctx: Ctx, lc: LifecycleResult): Promise<CompletionResult> {
  const { sizes, log } = ctx;
  const tasks = (await ctx.pool.query<{ id: string }>(
    `/* bench: wait */ SELECT id FROM "Task" WHERE "caseId" = ANY($1) AND kind = 'FILING_APPROVAL' AND status = 'OPEN' ORDER BY "createdAt"`, [lc.caseIds])).rows;

  const update = (input: BaselineInput) => ctx.temporal.workflow.getHandle(input.taskId)
    .executeUpdate(baselineCompleteUpdate, { args: [{ taskId: input.taskId, outcome: 'APPROVE' }], updateId: input.taskId })
    .then(() => undefined);
  const complete = async (t: { id: string }) => {
    const r = await ctx.supervisor.call<{ outcome: string }>('POST', `/api/tasks/${t.id}/complete`, { outcome: 'APPROVE', data: {} });
    if (r.outcome !== 'APPROVE') throw new Error(`unexpected answer ${JSON.stringify(r)}`);
  };
  const filed = async () => Number((await ctx.pool.query(
    `/* bench: wait */ SELECT count(*) AS n FROM "Task" WHERE "caseId" = ANY($1) AND kind = 'INVESTIGATION' AND status = 'OPEN'`, [lc.caseIds])).rows[0].n);
  let completed = 0;
  const settle = { cases: 0, filed: 0, ms: 0 };

  const rounds = Math.max(2, Math.min(5, Math.floor((tasks.length - sizes.warmup) / (4 * sizes.concurrency))));
  log(`completion: ${tasks.length} API completions as ${ctx.supervisor.user} and as many raw updates (with and without an activity), in ${rounds} alternating rounds, concurrency ${sizes.concurrency}`);
  const [baseline, baselineWithActivity, app] = await interleave(ctx, rounds, [
    { phase: 'updates (raw)', items: lc.baselineWorkflows.plain, run: update },
    { phase: 'updates + no-op activity (raw)', items: lc.baselineWorkflows.withActivity, run: update },
    {
      phase: 'task completions (API)', items: tasks, run: complete,
      // Each round includes the filing its completions set off (立案编号, 立案审批表, next task):
      // that work is part of what a completion costs, and must not spill into the next round.
      settle: async (done) => {
        completed += done.ok;
        const t0 = Date.now();
        await waitFor(async () => (await filed()) >= completed, 120_000, 250, deadline(ctx));
        settle.ms = Math.max(settle.ms, Date.now() - t0);
      },
    },
  ]) as [LoadResult, LoadResult, LoadResult];
  Object.assign(settle, { cases: completed, filed: await filed() });
  // A case whose approval task never reached the queue is an error of the system too.
  app.errors += Math.max(0, lc.caseIds.length - tasks.length);
  log(`completion: ${settle.filed}/${settle.cases} completed cases filed with their investigation task open (up to ${settle.ms} ms after a round)`);

  return {
    app, baseline, baselineWithActivity,
    p95Ratio: ratio(app.latency.p95, baseline.latency.p95), p50Ratio: ratio(app.latency.p50, baseline.latency.p50),
    throughputRatio: ratio(app.perSecond, baseline.perSecond), settle,
  };
}
