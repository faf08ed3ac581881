// 3. Case lifecycle: case workflows started per second through the API (POST /api/cases:
// validation, Temporal start, wait for the case row) against raw starts of the baseline
// workflow from a Temporal client on the same server. The app's starts run in three equal
// batches so the growth section can show start latency and worker memory against the
// number of open case workflows.
import { usccCheckDigit } from '../rules/uscc.ts';
import type { BaselineInput } from './baseline-workflow.ts';
import { deadline, waitFor, type Ctx } from './context.ts';
import { processMemory, type Memory } from './procs.ts';
import { combineRuns, ratio, runLoad, warmThenMeasure, type LoadResult } from './stats.ts';

export interface LifecycleResult {
  app: LoadResult;
  baseline: LoadResult;
  /** app starts per second ÷ baseline starts per second */
  throughputRatio: number | null;
  batches: { openCases: number; startP50Ms: number; startP95Ms: number; worker?: Memory; api?: Memory }[];
  /** cases whose filing-approval task reached the work queue, and how long after the last start */
  tasksOpened: number;
  tasksOpenedWaitMs: number;
  caseIds: string[];
  baselineWorkflows: { plain: BaselineInput[]; withActivity: BaselineInput[] };
}

/** A valid lead for 红塔区, unique per call, in the shape the registration page sends. */
function lead(i: number) {
  const first17 = `91530402MA${String(i % 10_000_000).padStart(7, '0')}`;
  return {
    party: { kind: 'ORG', name: `基准测试化工有限公司-${i}`, idNumber: first17 + usccCheckDigit(first17) },
    catalogItemId: 'AQ-099-1', source: 'INSPECTION',
    facts: '检查发现储罐区未设置明显的安全警示标志。', occurredAt: new Date(Date.now() - 86_400_000).toISOString(), harmToLife: false,
  };
}

export async function measureLifecycle(ctx: Ctx): Promise<LifecycleResult> {
  const { sizes, log } = ctx;
  const caseIds: string[] = [];
  const register = async (i: number) => {
    const r = await ctx.handler.call<{ caseId: string }>('POST', '/api/cases', lead(i));
    caseIds.push(r.caseId);
  };

  log(`lifecycle: ${sizes.cases} case starts through the API (${sizes.warmup} warm-up), concurrency ${sizes.concurrency}`);
  const ids = Array.from({ length: sizes.cases }, (_, i) => i);
  const warm = await runLoad(ids.slice(0, sizes.warmup), sizes.concurrency, register, deadline(ctx));
  const rest = ids.slice(sizes.warmup);
  const per = Math.ceil(rest.length / 3);
  const runs: LoadResult[] = [];
  const batches: LifecycleResult['batches'] = [];
  const opened = async () => Number((await ctx.pool.query(
    `SELECT count(*) AS n FROM "Task" WHERE "caseId" = ANY($1) AND kind = 'FILING_APPROVAL' AND status = 'OPEN'`, [caseIds])).rows[0].n);
  let tasksOpenedWaitMs = 0;
  await ctx.phase('case starts (API)', () => runs.reduce((a, r) => a + r.ok, 0), async () => {
    const until = deadline(ctx);
    for (let b = 0; b < 3; b++) {
      const batch = rest.slice(b * per, (b + 1) * per);
      if (!batch.length) break;
      const r = await runLoad(batch, sizes.concurrency, register, until);
      runs.push(r);
      batches.push({ openCases: caseIds.length, startP50Ms: r.latency.p50, startP95Ms: r.latency.p95,
        worker: processMemory(ctx.sys.worker.pid), api: processMemory(ctx.sys.api.pid) });
    }
    // The filing-approval task opens a moment after the start answered (part of a start's
    // cost); waiting for all of them also lets the next measurements begin on a quiet system.
    const t0 = Date.now();
    await waitFor(async () => (await opened()) >= caseIds.length, 120_000, 200, deadline(ctx));
    tasksOpenedWaitMs = Date.now() - t0;
  });
  const app = combineRuns(runs);
  app.errors += warm.errors;
  app.errorSamples = [...warm.errorSamples, ...app.errorSamples].slice(0, 5);
  const tasksOpened = await opened();
  log(`lifecycle: ${caseIds.length} cases registered, ${tasksOpened} approval tasks open after ${tasksOpenedWaitMs} ms`);

  const workflows = (withActivity: boolean) => ids.map((i): BaselineInput => ({ taskId: `bench-${ctx.runId}-${withActivity ? 'a' : 'p'}-${i}`, withActivity }));
  const started: BaselineInput[] = [];
  const start = async (input: BaselineInput) => {
    await ctx.temporal.workflow.start('baselineTaskWorkflow', { taskQueue: ctx.baselineTaskQueue, workflowId: input.taskId, args: [input] });
    started.push(input);
  };
  const plain = workflows(false);
  const withActivity = workflows(true);
  log(`lifecycle: ${plain.length} raw baseline starts`);
  const baseline = await ctx.phase('workflow starts (raw)', (r) => r.ok,
    () => warmThenMeasure(plain, sizes.warmup, sizes.concurrency, start, deadline(ctx)));
  await runLoad(withActivity, sizes.concurrency, start, deadline(ctx)); // for the completion baseline; not measured
  return {
    app, baseline, throughputRatio: ratio(app.perSecond, baseline.perSecond), batches, tasksOpened, tasksOpenedWaitMs, caseIds,
    baselineWorkflows: { plain: started.filter((w) => !w.withActivity), withActivity: started.filter((w) => w.withActivity) },
  };
}
