// 1. Task completion: POST /api/tasks/:id/complete (HTTP → validation → Temporal Update →
// workflow validator and handler → the activities that record the step → response) against
// three raw baselines on the same server, Updates sent straight from a Temporal client to a
// minimal workflow: bare; with one no-op activity; and with one activity writing one row and
// one audit event in one transaction — issue 18's reference, "the floor for a durable step
// with its record", which the completion ratios are taken against. The four alternate in rounds.
// Afterwards a sample of the completed cases' workflow histories is read: history events per
// completion (defined at `historyPerCompletion`).
// A CommonJS package: its named exports are not visible to Node's ESM loader (tsx), only the default.
import protos from '@temporalio/proto';
import { baselineCompleteUpdate, type BaselineInput } from './baseline-workflow.ts';
import { deadline, waitFor, type Ctx } from './context.ts';
import type { LifecycleResult } from './measure-lifecycle.ts';
import { interleave } from './interleave.ts';
import { ratio, round, type LoadResult } from './stats.ts';

export interface HistoryCount {
  /** Cases whose history was read. */
  sampled: number;
  /** Mean events per completion (see `historyPerCompletion`); null when no history could be read. */
  perCompletion: number | null;
  min: number | null;
  max: number | null;
  /** The accepting workflow task's own events (scheduled, started, completed), not in `perCompletion`. */
  acceptingTaskEvents: number;
  /** Mean events per completion by event type (EVENT_TYPE_ left off), most first. */
  byType: Record<string, number>;
}

export interface CompletionResult {
  app: LoadResult;
  baseline: LoadResult;
  baselineWithActivity: LoadResult;
  /** Update + one activity writing one row and one audit event in one transaction (issue 18's reference). */
  baselineWithWrite: LoadResult;
  /** app p95 ÷ bare-update baseline p95 (the earlier reference, kept for comparison with older runs) */
  p95Ratio: number | null;
  p50Ratio: number | null;
  /** app completions/s ÷ bare-update baseline updates/s */
  throughputRatio: number | null;
  /** The same against the write baseline: issue 18's completion_p95_ratio and completion_throughput_ratio. */
  vsWrite: { p95Ratio: number | null; p50Ratio: number | null; throughputRatio: number | null };
  /** Completed cases, those filed with their next task open, and the longest wait for that after a round. */
  settle: { cases: number; filed: number; ms: number };
  history: HistoryCount;
}

const EventType = protos.temporal.api.enums.v1.EventType;
const typeName = (t: number | null | undefined) => (EventType[t ?? 0] ?? String(t)).replace(/^EVENT_TYPE_/, '');

/**
 * History events one completion adds to the case workflow: from the completion Update's
 * WorkflowExecutionUpdateAccepted event (its update id is the task id) through the last event
 * recorded before the case workflow comes to rest with its next task (调查取证) open — no
 * activity, child workflow or workflow task pending. The workflow task that accepted the Update
 * (3 events) comes before and is reported apart. Undefined when the workflow did not come to
 * rest in time or the Update is not in its history.
 */
async function historyPerCompletion(ctx: Ctx, workflowId: string, taskId: string) {
  const h = ctx.temporal.workflow.getHandle(workflowId);
  const rest = await waitFor(async () => {
    const d = (await h.describe()).raw;
    return !d.pendingActivities?.length && !d.pendingChildren?.length && !d.pendingWorkflowTask;
  }, 30_000, 250, deadline(ctx));
  if (!rest) return undefined;
  const events = (await h.fetchHistory()).events ?? [];
  const at = events.findIndex((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED
    && e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.meta?.updateId === taskId);
  if (at < 0) return undefined;
  const after = events.slice(at);
  const types: Record<string, number> = {};
  for (const e of after) types[typeName(e.eventType)] = (types[typeName(e.eventType)] ?? 0) + 1;
  // The accepting task: its WorkflowTaskScheduled … Completed right before the acceptance.
  const before = events.slice(0, at).reverse();
  const scheduled = before.findIndex((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
  return { events: after.length, types, accepting: scheduled < 0 ? 0 : scheduled + 1 };
}

export async function measureCompletion(ctx: Ctx, lc: LifecycleResult): Promise<CompletionResult> {
  const { sizes, log } = ctx;
  const tasks = (await ctx.pool.query<{ id: string; workflowId: string }>(
    `/* bench: wait */ SELECT id, "workflowId" FROM "Task" WHERE "caseId" = ANY($1) AND kind = 'FILING_APPROVAL' AND status = 'OPEN' ORDER BY "createdAt"`, [lc.caseIds])).rows;

  const update = (input: BaselineInput) => ctx.temporal.workflow.getHandle(input.taskId)
    .executeUpdate(baselineCompleteUpdate, { args: [{ taskId: input.taskId, outcome: 'APPROVE' }], updateId: input.taskId })
    .then(() => undefined);
  const done: { id: string; workflowId: string }[] = [];
  const complete = async (t: { id: string; workflowId: string }) => {
    const r = await ctx.supervisor.call<{ outcome: string }>('POST', `/api/tasks/${t.id}/complete`, { outcome: 'APPROVE', data: {} });
    if (r.outcome !== 'APPROVE') throw new Error(`unexpected answer ${JSON.stringify(r)}`);
    done.push(t);
  };
  const filed = async () => Number((await ctx.pool.query(
    `/* bench: wait */ SELECT count(*) AS n FROM "Task" WHERE "caseId" = ANY($1) AND kind = 'INVESTIGATION' AND status = 'OPEN'`, [lc.caseIds])).rows[0].n);
  let completed = 0;
  const settle = { cases: 0, filed: 0, ms: 0 };

  const rounds = Math.max(2, Math.min(5, Math.floor((tasks.length - sizes.warmup) / (4 * sizes.concurrency))));
  log(`completion: ${tasks.length} API completions as ${ctx.supervisor.user} and as many raw updates (bare, with a no-op activity, with a one-transaction write), in ${rounds} alternating rounds, concurrency ${sizes.concurrency}`);
  const [baseline, baselineWithActivity, baselineWithWrite, app] = await interleave(ctx, rounds, [
    { phase: 'updates (raw)', items: lc.baselineWorkflows.plain, run: update },
    { phase: 'updates + no-op activity (raw)', items: lc.baselineWorkflows.noop, run: update },
    { phase: 'updates + row and audit write (raw)', items: lc.baselineWorkflows.write, run: update },
    {
      phase: 'task completions (API)', items: tasks, run: complete,
      // Each round includes the filing its completions set off (立案编号, 立案审批表, next task):
      // that work is part of what a completion costs, and must not spill into the next round.
      settle: async (round) => {
        completed += round.ok;
        const t0 = Date.now();
        await waitFor(async () => (await filed()) >= completed, 120_000, 250, deadline(ctx));
        settle.ms = Math.max(settle.ms, Date.now() - t0);
      },
    },
  ]) as [LoadResult, LoadResult, LoadResult, LoadResult];
  Object.assign(settle, { cases: completed, filed: await filed() });
  // A case whose approval task never reached the queue is an error of the system too.
  app.errors += Math.max(0, lc.caseIds.length - tasks.length);
  log(`completion: ${settle.filed}/${settle.cases} completed cases filed with their investigation task open (up to ${settle.ms} ms after a round)`);

  const history = await countHistory(ctx, done.slice(-Math.min(10, done.length)));
  log(`completion: ${history.perCompletion ?? 'n/a'} history events per completion (${history.sampled} cases read)`);
  return {
    app, baseline, baselineWithActivity, baselineWithWrite,
    p95Ratio: ratio(app.latency.p95, baseline.latency.p95), p50Ratio: ratio(app.latency.p50, baseline.latency.p50),
    throughputRatio: ratio(app.perSecond, baseline.perSecond),
    vsWrite: {
      p95Ratio: ratio(app.latency.p95, baselineWithWrite.latency.p95), p50Ratio: ratio(app.latency.p50, baselineWithWrite.latency.p50),
      throughputRatio: ratio(app.perSecond, baselineWithWrite.perSecond),
    },
    settle, history,
  };
}

async function countHistory(ctx: Ctx, sample: { id: string; workflowId: string }[]): Promise<HistoryCount> {
  const counts = (await Promise.all(sample.map((t) => historyPerCompletion(ctx, t.workflowId, t.id).catch(() => undefined))))
    .filter((c): c is NonNullable<typeof c> => !!c);
  if (!counts.length) return { sampled: 0, perCompletion: null, min: null, max: null, acceptingTaskEvents: 0, byType: {} };
  const byType: Record<string, number> = {};
  for (const c of counts) for (const [k, v] of Object.entries(c.types)) byType[k] = (byType[k] ?? 0) + v;
  const mean = (xs: number[]) => round(xs.reduce((a, x) => a + x, 0) / xs.length, 1);
  return {
    sampled: counts.length, perCompletion: mean(counts.map((c) => c.events)),
    min: Math.min(...counts.map((c) => c.events)), max: Math.max(...counts.map((c) => c.events)),
    acceptingTaskEvents: mean(counts.map((c) => c.accepting)),
    byType: Object.fromEntries(Object.entries(byType).map(([k, v]) => [k, round(v / counts.length, 1)] as const).sort((a, b) => b[1] - a[1])),
  };
}
