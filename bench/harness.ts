// The benchmark proper, against PostgreSQL and Temporal servers someone else started:
// bench/run.ts (embedded ones, or from the environment) and the quick test (the test servers).
// Starts the system under test, runs the measurements as phases, and returns the report data.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import pg from 'pg';
import { createPrisma } from '../infra/db.ts';
import { workflowsPath } from '../infra/temporal.ts';
import { configuredDataConverter } from '../infra/codec-keys.ts';
import { loadConfig } from '../infra/config.ts';
import { BENCH_STEP_DDL, FULL, QUICK, type Ctx, type Sizes } from './context.ts';
import { signIn } from './http.ts';
import { measureCompletion, type CompletionResult } from './measure-completion.ts';
import { measureLifecycle, type LifecycleResult } from './measure-lifecycle.ts';
import { measureWorkerMemory, type MemoryResult } from './measure-memory.ts';
import { measureQueue, type QueueResult } from './measure-queue.ts';
import { enablePgStat, resetPgStat, statementTotals, topQueries, type PgStat, type StatementTotals, type TopQuery } from './pgstat.ts';
import { pidListeningOn, processMemory, treeCpuSeconds, treePssMb, type Memory } from './procs.ts';
import { round } from './stats.ts';
import type { AuditBench, ClusterBench } from './summary.ts';
import { measureAuditBench } from './measure-audit.ts';
import { measureClusterBench } from './measure-cluster.ts';
import { measureUploadBench, type UploadBenchResult } from './measure-upload.ts';
import { startParts } from './system.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface BenchOptions {
  quick: boolean;
  sizes?: Partial<Sizes>;
  databaseUrl: string;
  temporalAddress: string;
  namespace?: string;
  /** How the servers came about, for the report: e.g. "embedded PostgreSQL 17", "external". */
  infra: { postgres: string; temporal: string };
  /** A prebuilt bundle of the app's workflows; otherwise bundled here. */
  appBundlePath?: string;
  /** Delete the bulk queue rows afterwards (always when the database outlives the run). */
  cleanupQueue: boolean;
  password?: string;
  log?: (line: string) => void;
  /** Hard stop for the measurements (default 20 minutes, 4 in quick mode: the full run now also loads 250,000 cases and measures the queue views, the dashboard and worker memory); what is cut short is reported. */
  budgetMinutes?: number;
  /** What the Temporal server logged meanwhile (when we started it). */
  serverLog?: () => ServerLog;
}

export interface ServerLog { warnings: number; errors: number; examples: string[] }

export interface Phase {
  name: string;
  operations: number;
  wallMs: number;
  /** CPU seconds per part during the phase; undefined where the process is not visible. */
  cpuSeconds: Record<string, number | undefined>;
  topQueries?: TopQuery[];
  /** Every statement the database ran during the phase (pg_stat_statements), for SQL per operation. */
  statements?: StatementTotals;
  memoryAfter: Record<string, Memory | undefined>;
  /** PostgreSQL's processes, proportional set size (shared buffers counted once). */
  postgresPssMb?: number;
}

export interface BenchReport {
  quick: boolean;
  startedAt: string;
  finishedAt: string;
  durationS: number;
  machine: { cpus: number; cpuModel: string; memoryGb: number; os: string; loadAvgBefore: number[]; loadAvgAfter: number[] };
  versions: Record<string, string>;
  infra: { postgres: string; temporal: string };
  sizes: Sizes;
  pgStatStatements: PgStat;
  budgetMinutes: number;
  temporalLog?: ServerLog;
  lifecycle: LifecycleResult;
  completion: CompletionResult;
  queue: QueueResult;
  /** Worker memory per cached case (bench/workflow-memory.ts, run as a child process). */
  memory: MemoryResult;
  /** The audit chain's figures (bench/measure-audit.ts); null until wired in. */
  audit: AuditBench | null;
  /** The cluster layout's figures (bench/measure-cluster.ts); null until wired in. */
  cluster: ClusterBench | null;
  /** Evidence uploads through the API vs straight to the store, both backends (bench/measure-upload.ts); null in reports made before it. */
  upload?: UploadBenchResult | null;
  phases: Phase[];
}

const quiet = { info() {}, warn() {}, error: console.error, debug() {}, trace() {}, log() {} } as never;

function pkgVersion(name: string): string {
  try { return JSON.parse(readFileSync(path.resolve(here, '..', 'node_modules', name, 'package.json'), 'utf8')).version; } catch { return '?'; }
}

function gitCommit(): string {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: here, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: here, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim() !== '';
    return dirty ? `${sha} + uncommitted changes` : sha;
  } catch {
    return '?';
  }
}

/** Two rounds of one phase as one: times and operations summed, statements merged by text. */
function mergePhases(a: Phase, b: Phase): Phase {
  const cpuSeconds = Object.fromEntries(Object.keys(b.cpuSeconds).map((k) => {
    const x = a.cpuSeconds[k], y = b.cpuSeconds[k];
    return [k, x === undefined || y === undefined ? undefined : round(x + y)];
  }));
  let topQueries: TopQuery[] | undefined;
  if (a.topQueries && b.topQueries) {
    const byText = new Map<string, TopQuery>();
    for (const q of [...a.topQueries, ...b.topQueries]) {
      const m = byText.get(q.query);
      byText.set(q.query, m ? { ...m, calls: m.calls + q.calls, totalMs: round(m.totalMs + q.totalMs, 1), rows: m.rows + q.rows } : { ...q });
    }
    const all = [...byText.values()];
    const total = all.reduce((s, q) => s + q.totalMs, 0);
    topQueries = all.map((q) => ({ ...q, meanMs: round(q.totalMs / Math.max(1, q.calls), 3), sharePct: round((100 * q.totalMs) / (total || 1), 1) }))
      .sort((x, y) => y.totalMs - x.totalMs).slice(0, 25);
  }
  const statements = a.statements && b.statements
    ? { calls: a.statements.calls + b.statements.calls, transactionControl: a.statements.transactionControl + b.statements.transactionControl } : undefined;
  return { ...b, operations: a.operations + b.operations, wallMs: a.wallMs + b.wallMs, cpuSeconds, topQueries, statements };
}

const portOf = (hostPort: string) => Number(/:(\d+)(\/|$)/.exec(hostPort.replace(/^[a-z]+:\/\/[^@]*@/, ''))?.[1]);

export async function runBench(o: BenchOptions): Promise<BenchReport> {
  const log = o.log ?? ((l: string) => console.log(`[bench] ${l}`));
  const sizes: Sizes = { ...(o.quick ? QUICK : FULL), ...o.sizes };
  const namespace = o.namespace ?? 'default';
  const startedAt = new Date();
  const budgetMinutes = o.budgetMinutes ?? (o.quick ? 4 : 20);
  const until = startedAt.getTime() + budgetMinutes * 60_000;
  const loadAvgBefore = os.loadavg().map((x) => round(x));
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'zhifa-bench-'));
  const removeTmp = () => rmSync(tmp, { recursive: true, force: true });
  process.once('exit', removeTmp); // also after Ctrl-C, which exits before `finally`
  const runId = randomUUID().slice(0, 8);
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    log('bundling the workflows (the app\'s and the baseline\'s)');
    const baselineBundlePath = path.join(tmp, 'baseline-bundle.js');
    const bundle = (p: string) => bundleWorkflowCode({ workflowsPath: p, logger: quiet }).then((b) => b.code);
    writeFileSync(baselineBundlePath, await bundle(path.join(here, 'baseline-workflow.ts')));
    let appBundlePath = o.appBundlePath;
    if (!appBundlePath) {
      appBundlePath = path.join(tmp, 'app-bundle.js');
      writeFileSync(appBundlePath, await bundle(workflowsPath));
    }

    log('starting the API, the app worker and the baseline worker (one process each)');
    const sys = await startParts({
      databaseUrl: o.databaseUrl, temporalAddress: o.temporalAddress, namespace, appBundlePath, baselineBundlePath,
      appTaskQueue: `bench-${runId}`, baselineTaskQueue: `bench-baseline-${runId}`, log,
    });
    cleanups.unshift(sys.stop);
    const pool = new pg.Pool({ connectionString: o.databaseUrl, max: 10 });
    cleanups.unshift(() => pool.end());
    for (const ddl of BENCH_STEP_DDL) await pool.query(ddl);
    const prisma = createPrisma(o.databaseUrl, 10);
    cleanups.unshift(() => prisma.$disconnect());
    const connection = await Connection.connect({ address: o.temporalAddress });
    cleanups.unshift(() => connection.close());
    const temporal = new Client({ connection, namespace, dataConverter: configuredDataConverter(loadConfig()) });
    const password = o.password ?? process.env.ZHIFA_DEMO_PASSWORD ?? 'zhifa-demo-2026';
    const [handler, supervisor] = await Promise.all([signIn(sys.baseUrl, 'hongta.handler1', password), signIn(sys.baseUrl, 'hongta.supervisor', password)]);

    const pgStat = await enablePgStat(pool);
    if (!pgStat.available) log(`pg_stat_statements unavailable (${pgStat.reason}); per-process CPU times only`);
    const pids = {
      api: sys.api.pid, worker: sys.worker.pid, baseline: sys.baseline.pid,
      postgres: pidListeningOn(portOf(o.databaseUrl)), temporal: pidListeningOn(portOf(o.temporalAddress)),
    };
    const cpu = () => ({
      ...Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, treeCpuSeconds(pid)])),
      driver: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
    }) as Record<string, number | undefined>;
    const phases: Phase[] = [];
    const phase = async <T>(name: string, ops: number | ((result: T) => number), fn: () => Promise<T>): Promise<T> => {
      await resetPgStat(pool, pgStat);
      const before = cpu();
      const t0 = Date.now();
      const result = await fn();
      const wallMs = Date.now() - t0;
      const after = cpu();
      const operations = typeof ops === 'number' ? ops : ops(result);
      const p: Phase = {
        name, operations, wallMs,
        cpuSeconds: Object.fromEntries(Object.keys(after).map((k) => [k, after[k] === undefined || before[k] === undefined ? undefined : round(after[k]! - before[k]!)])),
        topQueries: await topQueries(pool, pgStat, 25),
        statements: await statementTotals(pool, pgStat),
        memoryAfter: { api: processMemory(pids.api), worker: processMemory(pids.worker), baseline: processMemory(pids.baseline), temporal: processMemory(pids.temporal) },
        postgresPssMb: treePssMb(pids.postgres),
      };
      const earlier = phases.find((x) => x.name === name);
      if (earlier) Object.assign(earlier, mergePhases(earlier, p)); // rounds of one side add up
      else phases.push(p);
      return result;
    };

    // Starts and completions may use 65% of the budget; the work queue (with its bulk inserts) the rest.
    const ctx: Ctx = { sizes, until: startedAt.getTime() + 0.65 * budgetMinutes * 60_000, runId, log, sys, pool, prisma, temporal, baselineTaskQueue: `bench-baseline-${runId}`, handler, supervisor, phase };
    const lifecycle = await measureLifecycle(ctx);
    const completion = await measureCompletion(ctx, lifecycle);
    ctx.until = until;
    const queue = await measureQueue(ctx, { cleanup: o.cleanupQueue });
    const memory = await measureWorkerMemory(ctx, { temporalAddress: o.temporalAddress, namespace, bundlePath: appBundlePath });

    // The audit chain's and the cluster layout's own measurements (issue 18). The cluster starts a
    // real Temporal server with 2 APIs and 2 workers: a full run only (.ci/run smoke-tests the layout).
    log('audit chain: 8 orgs writing at once, and incremental verification at two sizes');
    const audit: AuditBench = await measureAuditBench({ databaseUrl: o.databaseUrl, quick: o.quick });
    const cluster: ClusterBench | null = o.quick ? null : await measureClusterBench({ quick: false, log });
    // Its own API processes (one per backend) and its own SeaweedFS, after the rest: its 2 GB of disk I/O disturbs nothing measured.
    const upload = await measureUploadBench({ quick: o.quick, databaseUrl: o.databaseUrl, temporalAddress: o.temporalAddress, namespace, log, password });

    const finishedAt = new Date();
    const serverVersion = await connection.workflowService.getClusterInfo({}).then((r) => r.serverVersion ?? '?', () => '?');
    const pgVersion = (await pool.query('SHOW server_version')).rows[0].server_version as string;
    return {
      quick: o.quick, startedAt: startedAt.toISOString(), finishedAt: finishedAt.toISOString(),
      durationS: round((finishedAt.getTime() - startedAt.getTime()) / 1000, 1),
      machine: {
        cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? '?', memoryGb: round(os.totalmem() / 2 ** 30, 1),
        os: `${os.type()} ${os.release()} ${os.arch()}`, loadAvgBefore, loadAvgAfter: os.loadavg().map((x) => round(x)),
      },
      versions: {
        zhifa: gitCommit(), node: process.version, postgresql: pgVersion, temporalServer: serverVersion,
        temporalSdk: pkgVersion('@temporalio/worker'), prisma: pkgVersion('@prisma/client'), express: pkgVersion('express'),
      },
      infra: o.infra, sizes, pgStatStatements: pgStat, budgetMinutes, temporalLog: o.serverLog?.(), lifecycle, completion, queue, memory, audit, cluster, upload, phases,
    };
  } finally {
    for (const c of cleanups) await c().catch((e) => log(`while stopping: ${(e as Error).message}`));
    process.off('exit', removeTmp);
    removeTmp();
  }
}
