// 3. Case lifecycle: case workflows started per second through the API (POST /api/cases:
// validation, Temporal start, wait for the case row) against raw starts of the baseline
// workflow from a Temporal client on the same server, in three alternating rounds; after each,
// the growth section samples start latency and worker memory against the open case workflows.
import { usccCheckDigit } from '../rules/uscc.ts';
import type { BaselineInput, BaselineKind } from './baseline-workflow.ts';
import { deadline, waitFor, type Ctx } from './context.ts';
import { processMemory, type Memory } from './procs.ts';
import { interleave } from './interleave.ts';
import { ratio, runLoad, type LoadResult } from './stats.ts';

export interface LifecycleResult {
  app: LoadResult;
  baseline: LoadResult;
  /** app starts per second ÷ baseline starts per second */
  throughputRatio: number | null;
  batches: { openCases: number; startP50Ms: number; startP95Ms: number; worker?: Memory; api?: Memory }[];
  /** cases whose filing-approval task reached the work queue; the longest wait for them after a round */
  tasksOpened: number;
  tasksOpenedWaitMs: number;
  caseIds: string[];
  baselineWorkflows: Record<BaselineKind, BaselineInput[]>;
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
  const opened = async () => Number((await ctx.pool.query(
    `/* bench: wait */ SELECT count(*) AS n FROM "Task" WHERE "caseId" = ANY($1) AND kind = 'FILING_APPROVAL' AND status = 'OPEN'`, [caseIds])).rows[0].n);
  let tasksOpenedWaitMs = 0;

  const started: BaselineInput[] = [];
  const start = async (input: BaselineInput) => {
    await ctx.temporal.workflow.start('baselineTaskWorkflow', { taskQueue: ctx.baselineTaskQueue, workflowId: input.taskId, args: [input] });
    started.push(input);
  };
  // The write baseline records its audit event in the same org as the app's completions (the
  // supervisor's), so both contend for the same audit chain.
  const orgId = (await ctx.supervisor.call<{ orgId: string }>('GET', '/api/me')).orgId;
  const workflows = (kind: BaselineKind) => Array.from({ length: sizes.cases },
    (_, i): BaselineInput => ({ taskId: `bench-${ctx.runId}-${kind}-${i}`, kind, ...(kind === 'write' ? { orgId } : {}) }));

  log(`lifecycle: ${sizes.cases} case starts through the API and ${sizes.cases} raw workflow starts, in 3 alternating rounds, concurrency ${sizes.concurrency}`);
  const batches: LifecycleResult['batches'] = [];
  const [baseline, app] = await interleave(ctx, 3, [
    { phase: 'workflow starts (raw)', items: workflows('plain'), run: start },
    {
      phase: 'case starts (API)', items: Array.from({ length: sizes.cases }, (_, i) => i), run: register,
      // The filing-approval task opens a moment after the start answered: part of a start's
      // cost, and the next round should begin on a quiet system.
      settle: async () => {
        const t0 = Date.now();
        await waitFor(async () => (await opened()) >= caseIds.length, 120_000, 200, deadline(ctx));
        tasksOpenedWaitMs = Math.max(tasksOpenedWaitMs, Date.now() - t0);
      },
      afterRound: (done) => {
        if (!done.ok) return; // a round the time cap left empty
        batches.push({ openCases: caseIds.length, startP50Ms: done.latency.p50, startP95Ms: done.latency.p95,
          worker: processMemory(ctx.sys.worker.pid), api: processMemory(ctx.sys.api.pid) });
      },
    },
  ]) as [LoadResult, LoadResult];
  const tasksOpened = await opened();
  log(`lifecycle: ${caseIds.length} cases registered, ${tasksOpened} approval tasks open; ${started.length} raw workflows started`);
  // Workflows for the completion baselines with an activity: started here, not measured.
  await runLoad([...workflows('noop'), ...workflows('write')], sizes.concurrency, start, deadline(ctx));
  return {
    app, baseline, throughputRatio: ratio(app.perSecond, baseline.perSecond), batches, tasksOpened, tasksOpenedWaitMs, caseIds,
    baselineWorkflows: {
      plain: started.filter((w) => w.kind === 'plain'), noop: started.filter((w) => w.kind === 'noop'), write: started.filter((w) => w.kind === 'write'),
    },
  };
}
