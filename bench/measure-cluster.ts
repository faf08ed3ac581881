// The 立案审批 completion load of bench/measure-completion.ts against the cluster layout
// (infra/cluster-layout.ts: the real Temporal server on PostgreSQL, 2 API instances, 2 workers),
// at 8 and at 32 concurrent clients, each request going to the next API instance in turn.
// On 2 cores the cluster is not expected to be faster than the dev server; it must hold zero
// errors and show no serialisation (throughput at 32 ≥ at 8). Alongside, what one completion
// costs — CPU per process kind, history events and bytes, SQL statements, rows written and
// database growth per database — the per-step figures docs/capacity.md is computed from.
//   npx tsx bench/measure-cluster.ts [--quick]
//   npx tsx bench/measure-cluster.ts --load-rate=0.4 --load-seconds=180   (open-loop load run)
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Connection } from '@temporalio/client';
import pg from 'pg';
import { startClusterLayout, type ClusterLayout } from '../infra/cluster-layout.ts';
import { DEMO_PASSWORD } from '../prisma/seed.ts';
import { leadOf } from '../scripts/cluster-load.ts';
import { caseWorkflowId } from '../workflows/messages.ts';
import { waitFor } from './context.ts';
import { signIn, type ApiClient } from './http.ts';
import { pidListeningOn, treeCpuSeconds } from './procs.ts';
import { round, runLoad, summarise, type LoadResult } from './stats.ts';

export interface PerCompletion {
  completions: number;
  cpuMs: { api: number; worker: number; temporal: number; postgres: number; total: number };
  historyEvents: number;
  historyBytes: number;
  /** Statements executed (pg_stat_statements calls) in Zhifa's database and in Temporal's two. */
  sql: { zhifa: number; temporal: number };
  /** Rows inserted + updated + deleted. */
  rows: { zhifa: number; temporal: number };
  /** Growth of the databases on disk (bytes; includes WAL-less heap/index growth only). */
  dbBytes: { zhifa: number; temporal: number };
}

export interface ClusterBenchResult {
  cluster_errors: number;
  throughput_8: number;
  throughput_32: number;
  p95_ms_8: number;
  p95_ms_32: number;
  cores: number;
  /**
   * Requests answered 503 (Update past UPDATE_DEADLINE_MS, with Retry-After) and sent again with
   * the same Idempotency-Key, as a real client does (bench/http.ts): at 8 and at 32 clients, and
   * over the whole run (registrations and warm-up included). Not errors unless still failing.
   */
  retries_8: number;
  retries_32: number;
  retries_total: number;
  /** Costs per completion over both load runs (docs/capacity.md). */
  per_completion?: PerCompletion;
  error_samples: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Probe { layout: ClusterLayout; admin: pg.Pool; zhifa: pg.Pool; temporal: Connection; pgPid?: number }

async function sample(p: Probe, caseIds: string[]) {
  const cpu = (pids: (number | undefined)[]) => pids.reduce((a: number, pid) => a + (treeCpuSeconds(pid) ?? 0), 0);
  await sleep(1500); // PostgreSQL publishes its counters about once a second
  const db = (await p.admin.query<{ datname: string; rows: string; bytes: string }>(
    `SELECT datname, (tup_inserted + tup_updated + tup_deleted)::text AS rows, pg_database_size(datname)::text AS bytes
     FROM pg_stat_database WHERE datname IN ('zhifa', 'temporal', 'temporal_visibility')`)).rows;
  const sql = (await p.admin.query<{ datname: string; calls: string }>(
    `SELECT d.datname, sum(s.calls)::text AS calls FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
     WHERE d.datname IN ('zhifa', 'temporal', 'temporal_visibility') GROUP BY 1`)).rows;
  let events = 0, bytes = 0;
  for (const id of caseIds) {
    const d = await p.temporal.workflowService.describeWorkflowExecution({ namespace: p.layout.namespace, execution: { workflowId: caseWorkflowId(id) } });
    events += Number(d.workflowExecutionInfo?.historyLength ?? 0);
    bytes += Number(d.workflowExecutionInfo?.historySizeBytes ?? 0);
  }
  const sum = <T extends { datname: string }>(rows: T[], f: (r: T) => number, which: 'zhifa' | 'temporal') =>
    rows.filter((r) => (which === 'zhifa' ? r.datname === 'zhifa' : r.datname !== 'zhifa')).reduce((a, r) => a + f(r), 0);
  return {
    cpu: { api: cpu(p.layout.apis.map((a) => a.pid)), worker: cpu(p.layout.workers.map((w) => w.pid)), temporal: cpu([p.layout.temporalPid]), postgres: cpu([p.pgPid]) },
    events, bytes,
    sql: { zhifa: sum(sql, (r) => Number(r.calls), 'zhifa'), temporal: sum(sql, (r) => Number(r.calls), 'temporal') },
    rows: { zhifa: sum(db, (r) => Number(r.rows), 'zhifa'), temporal: sum(db, (r) => Number(r.rows), 'temporal') },
    dbBytes: { zhifa: sum(db, (r) => Number(r.bytes), 'zhifa'), temporal: sum(db, (r) => Number(r.bytes), 'temporal') },
  };
}

function perCompletion(a: Awaited<ReturnType<typeof sample>>, b: typeof a, n: number): PerCompletion {
  const per = (x: number, y: number, digits = 1) => round((y - x) / Math.max(1, n), digits);
  const cpuMs = {
    api: per(a.cpu.api * 1000, b.cpu.api * 1000), worker: per(a.cpu.worker * 1000, b.cpu.worker * 1000),
    temporal: per(a.cpu.temporal * 1000, b.cpu.temporal * 1000), postgres: per(a.cpu.postgres * 1000, b.cpu.postgres * 1000), total: 0,
  };
  cpuMs.total = round(cpuMs.api + cpuMs.worker + cpuMs.temporal + cpuMs.postgres, 1);
  return {
    completions: n, cpuMs, historyEvents: per(a.events, b.events), historyBytes: per(a.bytes, b.bytes, 0),
    sql: { zhifa: per(a.sql.zhifa, b.sql.zhifa), temporal: per(a.sql.temporal, b.sql.temporal) },
    rows: { zhifa: per(a.rows.zhifa, b.rows.zhifa), temporal: per(a.rows.temporal, b.rows.temporal) },
    dbBytes: { zhifa: per(a.dbBytes.zhifa, b.dbBytes.zhifa, 0), temporal: per(a.dbBytes.temporal, b.dbBytes.temporal, 0) },
  };
}

async function startProbe(log: (l: string) => void, dir: string): Promise<Probe> {
  const layout = await startClusterLayout({
    dataDir: dir, apis: 2, workers: 2, onLog: (l) => {
      if (!/"level":"(error|fatal)"|"level":[56]0/.test(l)) return;
      // The message and the error, not the stack: under load the server logs retried persistence errors.
      const f = (k: string) => new RegExp(`"${k}":"((?:[^"\\\\]|\\\\.)*)"`).exec(l)?.[1];
      log(`${l.slice(0, l.indexOf(']') + 1)} ${f('msg') ?? ''}: ${(f('error') ?? f('err') ?? '').slice(0, 200)}`);
    },
    postgresFlags: ['-c', 'shared_preload_libraries=pg_stat_statements', '-c', 'pg_stat_statements.track=all'],
  });
  const adminUrl = Object.assign(new URL(layout.databaseUrl), { pathname: '/postgres' }).toString();
  const admin = new pg.Pool({ connectionString: adminUrl, max: 2 });
  await admin.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  return {
    layout, admin, zhifa: new pg.Pool({ connectionString: layout.databaseUrl, max: 2 }),
    temporal: await Connection.connect({ address: layout.temporalAddress }), pgPid: pidListeningOn(Number(new URL(layout.databaseUrl).port)),
  };
}

async function clients(layout: ClusterLayout, user: string): Promise<ApiClient[]> {
  return Promise.all(layout.apis.map((a) => signIn(a.url!, user, DEMO_PASSWORD)));
}

/** Registers `n` cases through the APIs in turn; returns their ids once their 立案审批 tasks are open. */
async function register(p: Probe, handlers: ApiClient[], from: number, n: number, concurrency: number, until: number) {
  const ids: string[] = [];
  const reg = await runLoad(Array.from({ length: n }, (_, i) => from + i), concurrency, async (i) => {
    ids.push((await handlers[i % handlers.length]!.call<{ caseId: string }>('POST', '/api/cases', leadOf(i))).caseId);
  }, until);
  await waitFor(async () => Number((await p.zhifa.query(
    `SELECT count(*) AS n FROM "Task" WHERE "caseId" = ANY($1) AND kind = 'FILING_APPROVAL' AND status = 'OPEN'`, [ids])).rows[0].n) >= ids.length, 120_000, 250);
  const tasks = (await p.zhifa.query<{ id: string; caseId: string }>(
    `SELECT id, "caseId" FROM "Task" WHERE "caseId" = ANY($1) AND kind = 'FILING_APPROVAL' AND status = 'OPEN'`, [ids])).rows;
  return { reg, tasks, ids };
}

async function completeAll(p: Probe, supervisors: ApiClient[], tasks: { id: string; caseId: string }[], concurrency: number, until: number) {
  let turn = 0;
  const done = await runLoad(tasks, concurrency, async (t) => {
    const r = await supervisors[turn++ % supervisors.length]!.call<{ outcome: string }>('POST', `/api/tasks/${t.id}/complete`, { outcome: 'APPROVE', data: {} });
    if (r.outcome !== 'APPROVE') throw new Error(`unexpected answer ${JSON.stringify(r)}`);
  }, until);
  // A completion's cost includes the filing it sets off (立案编号, 立案审批表, next task).
  const ids = tasks.map((t) => t.caseId);
  const settled = await waitFor(async () => Number((await p.zhifa.query(
    `SELECT count(*) AS n FROM "Task" WHERE "caseId" = ANY($1) AND kind = 'INVESTIGATION' AND status = 'OPEN'`, [ids])).rows[0].n) >= done.ok, 120_000, 250);
  if (!settled) done.errors += 1, done.errorSamples.push('completed cases not filed within 120s');
  return done;
}

export async function measureClusterBench(opts: { quick: boolean; log?: (line: string) => void }): Promise<ClusterBenchResult> {
  const log = opts.log ?? ((l: string) => console.log(`[bench:cluster] ${l}`));
  const perRun = opts.quick ? 32 : 160;
  const warmup = opts.quick ? 4 : 16;
  const maxRunMs = (opts.quick ? 90 : 180) * 1000;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'zhifa-bench-cluster-'));
  log(`starting the cluster layout (Temporal server on PostgreSQL, 2 APIs, 2 workers) in ${dir}`);
  const p = await startProbe(log, dir);
  try {
    const [handlers, supervisors] = [await clients(p.layout, 'hongta.handler1'), await clients(p.layout, 'hongta.supervisor')];
    log(`registering ${warmup + 2 * perRun} cases through both APIs`);
    const { reg, tasks } = await register(p, handlers, 0, warmup + 2 * perRun, 8, Date.now() + 2 * maxRunMs);
    const errors = [reg.errors];
    const samples = [...reg.errorSamples];
    const warm = await completeAll(p, supervisors, tasks.slice(0, warmup), 8, Date.now() + maxRunMs);
    errors.push(warm.errors);
    samples.push(...warm.errorSamples);
    const runs: Record<number, LoadResult> = {};
    const retries = () => [...handlers, ...supervisors].reduce((a, c) => a + c.retries, 0);
    const retriesAt: Record<number, number> = {};
    const first = await sample(p, tasks.slice(warmup).map((t) => t.caseId));
    let completed = 0;
    for (const [i, c] of [8, 32].entries()) {
      const chunk = tasks.slice(warmup + i * perRun, warmup + (i + 1) * perRun);
      const before = retries();
      const r = await completeAll(p, supervisors, chunk, c, Date.now() + maxRunMs);
      runs[c] = r;
      retriesAt[c] = retries() - before;
      errors.push(r.errors);
      samples.push(...r.errorSamples);
      completed += r.ok;
      log(`concurrency ${c}: ${r.ok} completions, ${r.perSecond}/s, p95 ${r.latency.p95} ms, ${r.errors} errors, ${retriesAt[c]} retried after 503`);
    }
    const after = await sample(p, tasks.slice(warmup).map((t) => t.caseId));
    const per = perCompletion(first, after, completed);
    log(`per completion: ${JSON.stringify(per)}`);
    return {
      cluster_errors: errors.reduce((a, b) => a + b, 0), throughput_8: runs[8]!.perSecond, throughput_32: runs[32]!.perSecond,
      p95_ms_8: runs[8]!.latency.p95, p95_ms_32: runs[32]!.latency.p95, cores: p.layout.cores,
      retries_8: retriesAt[8]!, retries_32: retriesAt[32]!, retries_total: retries(), per_completion: per,
      error_samples: samples.slice(0, 5),
    };
  } finally {
    await Promise.all([p.admin.end(), p.zhifa.end(), p.temporal.close()]).catch(() => undefined);
    await p.layout.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The load run of docs/capacity.md: cases registered and their 立案审批 completed at a fixed
 * rate (open loop: arrivals do not wait for answers) for a bounded time.
 */
export async function loadRun(opts: { ratePerSecond: number; seconds: number; log?: (line: string) => void }) {
  const log = opts.log ?? ((l: string) => console.log(`[load] ${l}`));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'zhifa-load-cluster-'));
  const p = await startProbe(log, dir);
  try {
    const [handlers, supervisors] = [await clients(p.layout, 'hongta.handler1'), await clients(p.layout, 'hongta.supervisor')];
    // Each arrival is one registration and, once its task is open, its completion: two steps.
    const n = Math.max(1, Math.round(opts.ratePerSecond * opts.seconds));
    const latencies = { register: [] as number[], complete: [] as number[] };
    let errors = 0;
    const samples: string[] = [];
    const ids: string[] = [];
    const before = await sample(p, []);
    const started = Date.now();
    const arrivals: Promise<void>[] = [];
    for (let i = 0; i < n; i++) {
      await sleep(Math.max(0, started + (i * 1000) / opts.ratePerSecond - Date.now()));
      arrivals.push((async () => {
        try {
          let t0 = Date.now();
          const { caseId } = await handlers[i % 2]!.call<{ caseId: string }>('POST', '/api/cases', leadOf(1_000_000 + i));
          latencies.register.push(Date.now() - t0);
          ids.push(caseId);
          let task: { id: string } | undefined;
          for (const until = Date.now() + 60_000; !task && Date.now() < until; await sleep(200)) {
            task = (await p.zhifa.query(`SELECT id FROM "Task" WHERE "caseId" = $1 AND kind = 'FILING_APPROVAL' AND status = 'OPEN'`, [caseId])).rows[0];
          }
          if (!task) throw new Error('立案审批 task not opened within 60s');
          t0 = Date.now();
          await supervisors[(i + 1) % 2]!.call('POST', `/api/tasks/${task.id}/complete`, { outcome: 'APPROVE', data: {} });
          latencies.complete.push(Date.now() - t0);
        } catch (e) {
          errors++;
          if (samples.length < 5) samples.push(String((e as Error).message).slice(0, 200));
        }
      })());
    }
    await Promise.all(arrivals);
    await waitFor(async () => Number((await p.zhifa.query(
      `SELECT count(*) AS n FROM "Task" WHERE "caseId" = ANY($1) AND kind = 'INVESTIGATION' AND status = 'OPEN'`, [ids])).rows[0].n) >= latencies.complete.length, 120_000, 250);
    const wallS = (Date.now() - started) / 1000;
    const after = await sample(p, ids);
    // Both steps together; the history counted is the cases' whole history so far (registration + approval + filing).
    const per = perCompletion({ ...before, events: 0, bytes: 0 }, after, latencies.complete.length);
    const result = {
      ratePerSecond: opts.ratePerSecond, seconds: opts.seconds, arrivals: n, wallS: round(wallS, 1), errors, errorSamples: samples,
      register: summarise(latencies.register), complete: summarise(latencies.complete), perCase: per, cores: p.layout.cores,
    };
    log(JSON.stringify(result));
    return result;
  } finally {
    await Promise.all([p.admin.end(), p.zhifa.end(), p.temporal.close()]).catch(() => undefined);
    await p.layout.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, 'load-rate': { type: 'string' }, 'load-seconds': { type: 'string' } } });
  const out = values['load-rate']
    ? await loadRun({ ratePerSecond: Number(values['load-rate']), seconds: Number(values['load-seconds'] ?? 180) })
    : await measureClusterBench({ quick: values.quick });
  console.log(JSON.stringify(out, null, 2));
  process.exit(0);
}
