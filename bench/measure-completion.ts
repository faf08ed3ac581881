// 1. Task completion: POST /api/tasks/:id/complete (HTTP → validation → Temporal Update →
// workflow validator and handler → closeTaskRecord activity with its audit event → response)
// against the raw baseline: the same number of Updates sent straight from a Temporal client
// to a minimal workflow on the same server, with no database and no HTTP. A second baseline
// adds one no-op activity to the handler, so the report can split the difference into
// "Temporal activity round trip" and "our HTTP + database work".
import { baselineCompleteUpdate, type BaselineInput } from './baseline-workflow.ts';
import { deadline, waitFor, type Ctx } from './context.ts';
import type { LifecycleResult } from './measure-lifecycle.ts';
import { ratio, runLoad, warmThenMeasure, type LoadResult } from './stats.ts';

export interface CompletionResult {
  app: LoadResult;
  baseline: LoadResult;
  baselineWithActivity: LoadResult;
  /** app p95 ÷ baseline p95 (target ≤ 2) */
  p95Ratio: number | null;
  p50Ratio: number | null;
  /** app completions/s ÷ baseline updates/s */
  throughputRatio: number | null;
  /** After the last completion, how long the workflows took to file the cases and open the next task. */
  settle: { cases: number; filed: number; ms: number };
}

export async function measureCompletion(ctx: Ctx, lc: LifecycleResult): Promise<CompletionResult> {
  const { sizes, log } = ctx;
  const tasks = (await ctx.pool.query<{ id: string }>(
    `SELECT id FROM "Task" WHERE "caseId" = ANY($1) AND kind = 'FILING_APPROVAL' AND status = 'OPEN' ORDER BY "createdAt"`, [lc.caseIds])).rows;

  const update = (input: BaselineInput) => ctx.temporal.workflow.getHandle(input.taskId)
    .executeUpdate(baselineCompleteUpdate, { args: [{ taskId: input.taskId, outcome: 'APPROVE' }], updateId: input.taskId })
    .then(() => undefined);
  // Baselines first, while the system is quiet (the app's completions set the cases moving).
  log(`completion: ${lc.baselineWorkflows.plain.length} raw baseline updates, concurrency ${sizes.concurrency}`);
  const measured = (r: LoadResult) => r.ok;
  const baseline = await ctx.phase('updates (raw)', measured,
    () => warmThenMeasure(lc.baselineWorkflows.plain, sizes.warmup, sizes.concurrency, update, deadline(ctx)));
  log(`completion: ${lc.baselineWorkflows.withActivity.length} baseline updates with one no-op activity`);
  const baselineWithActivity = await ctx.phase('updates + no-op activity (raw)', measured,
    () => warmThenMeasure(lc.baselineWorkflows.withActivity, sizes.warmup, sizes.concurrency, update, deadline(ctx)));

  log(`completion: ${tasks.length} task completions through the API as ${ctx.supervisor.user}`);
  const complete = async (t: { id: string }) => {
    const r = await ctx.supervisor.call<{ outcome: string }>('POST', `/api/tasks/${t.id}/complete`, { outcome: 'APPROVE', data: {} });
    if (r.outcome !== 'APPROVE') throw new Error(`unexpected answer ${JSON.stringify(r)}`);
  };
  const filed = async () => Number((await ctx.pool.query(
    `SELECT count(*) AS n FROM "Task" WHERE "caseId" = ANY($1) AND kind = 'INVESTIGATION' AND status = 'OPEN'`, [lc.caseIds])).rows[0].n);
  // The warm-up completions run outside the phase, and their cases are left to file first.
  const warm = await runLoad(tasks.slice(0, sizes.warmup), sizes.concurrency, complete, deadline(ctx));
  await waitFor(async () => (await filed()) >= warm.ok, 60_000, 250, deadline(ctx));
  // The phase includes the filing the completions set off (立案编号, 立案审批表, next task):
  // that work competes with later completions and is part of what one costs.
  const { app, settle } = await ctx.phase('task completions (API)', (r) => r.app.ok, async () => {
    const app = await runLoad(tasks.slice(sizes.warmup), sizes.concurrency, complete, deadline(ctx));
    app.errors += warm.errors;
    app.errorSamples = [...warm.errorSamples, ...app.errorSamples].slice(0, 5);
    const completed = warm.ok + app.ok;
    const t0 = Date.now();
    await waitFor(async () => (await filed()) >= completed, 120_000, 250, deadline(ctx));
    return { app, settle: { cases: completed, filed: await filed(), ms: Date.now() - t0 } };
  });
  // A case whose approval task never reached the queue is an error of the system too.
  app.errors += Math.max(0, lc.caseIds.length - tasks.length);
  log(`completion: ${settle.filed}/${settle.cases} cases filed with their investigation task open ${settle.ms} ms after the last completion`);

  return {
    app, baseline, baselineWithActivity,
    p95Ratio: ratio(app.latency.p95, baseline.latency.p95), p50Ratio: ratio(app.latency.p50, baseline.latency.p50),
    throughputRatio: ratio(app.perSecond, baseline.perSecond), settle,
  };
}
