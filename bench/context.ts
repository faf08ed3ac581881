// What every measurement gets: the running system, direct clients, sizes and a logger.
import type { Client } from '@temporalio/client';
import type pg from 'pg';
import type { PrismaClient } from '../infra/db.ts';
import type { ApiClient } from './http.ts';
import type { BenchSystem } from './system.ts';

export interface Sizes {
  /** Cases registered through the API; their filing-approval tasks are then completed. */
  cases: number;
  /** Leading operations of each load run that are not measured. */
  warmup: number;
  /** Callers in flight at once for starts and completions. */
  concurrency: number;
  /** Bench tasks in the database at each step of the work-queue measurement. */
  queueSizes: number[];
  /** Queries per size and per side (app, raw), after `queueWarmup`. */
  queueQueries: number;
  queueWarmup: number;
  /** Organisations the bulk tasks are spread over. */
  queueOrgs: number;
  /** Case workflows started for the worker-memory measurement, and how many between RSS readings. */
  memoryWorkflows: number;
  memoryStep: number;
  /** Cap on each load run and each wait, so a saturated server cannot stretch the run unboundedly. */
  maxRunSeconds: number;
}

// Sized for a 2-core machine and the SQLite-backed dev server, which thrashes (persistence
// deadlines exceeded, updates taking seconds) well before 16 callers; about 5 minutes in all.
export const FULL: Sizes = {
  cases: 200, warmup: 20, concurrency: 8,
  queueSizes: [10_000, 100_000, 1_000_000], queueQueries: 400, queueWarmup: 20, queueOrgs: 20, memoryWorkflows: 600, memoryStep: 200, maxRunSeconds: 45,
};
export const QUICK: Sizes = {
  cases: 12, warmup: 2, concurrency: 4,
  queueSizes: [300, 1_000, 3_000], queueQueries: 20, queueWarmup: 4, queueOrgs: 4, memoryWorkflows: 40, memoryStep: 20, maxRunSeconds: 60,
};

/**
 * The write baseline's table: the bench's own schema, outside the app's ("public", which
 * schema.prisma describes), created by the harness (bench/harness.ts) and left to the run.
 */
export const BENCH_STEP_SCHEMA = 'zhifa_bench';
export const BENCH_STEP_TABLE = `${BENCH_STEP_SCHEMA}.step`;
export const BENCH_STEP_DDL = [
  `CREATE SCHEMA IF NOT EXISTS ${BENCH_STEP_SCHEMA}`,
  `CREATE TABLE IF NOT EXISTS ${BENCH_STEP_TABLE} (id text PRIMARY KEY, "orgId" text NOT NULL, at timestamptz NOT NULL DEFAULT now())`,
];

export interface Ctx {
  sizes: Sizes;
  /** Time budget (epoch ms): no new operation starts after it; the report says what was skipped. */
  until: number;
  runId: string;
  log: (line: string) => void;
  sys: BenchSystem;
  /** The driver's own connections (not the system's): direct SQL, Prisma, Temporal. */
  pool: pg.Pool;
  prisma: PrismaClient;
  temporal: Client;
  baselineTaskQueue: string;
  handler: ApiClient;
  supervisor: ApiClient;
  /**
   * Runs one measured step as a phase of the report: CPU time per process, memory and the top
   * database statements are taken around it. `operations` is what the CPU is divided by.
   */
  phase<T>(name: string, operations: number | ((result: T) => number), fn: () => Promise<T>): Promise<T>;
}

/** When the load run or wait starting now must stop: its own cap or the run's budget. */
export const deadline = (ctx: Pick<Ctx, 'until' | 'sizes'>) => Math.min(ctx.until, Date.now() + ctx.sizes.maxRunSeconds * 1000);

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it returns true or the time is up; returns whether it did. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, everyMs = 200, budget = Infinity): Promise<boolean> {
  for (const until = Math.min(Date.now() + timeoutMs, budget); ; await sleep(everyMs)) {
    if (await check()) return true;
    if (Date.now() > until) return false;
  }
}
