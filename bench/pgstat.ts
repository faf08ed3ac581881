// 5. Where the time goes in PostgreSQL: pg_stat_statements, reset before each measured phase
// and read after it. The extension must be preloaded (`npm run bench` starts its embedded
// PostgreSQL with shared_preload_libraries=pg_stat_statements); where it is not, the report
// says why and the per-process CPU times of the phases stand in.
import type pg from 'pg';
import { round } from './stats.ts';

export interface TopQuery { query: string; calls: number; totalMs: number; meanMs: number; rows: number; sharePct: number }
export interface PgStat { available: boolean; reason?: string }

/**
 * Statements the bench sends besides the measured ones (waiting for tasks to appear, table
 * sizes): left out of "where the time goes". The raw work-queue SQL is the baseline and stays.
 */
export const isBenchOwn = (q: string) => /\/\* bench: (wait|size) \*\//.test(q)
  || /^SELECT (count\(\*\) AS n|id) FROM "Task" WHERE "caseId" = ANY\(\$1\)/.test(q) || /^SELECT count\(\*\)::int AS n FROM "Task"$/.test(q);

export async function enablePgStat(pool: pg.Pool): Promise<PgStat> {
  try {
    // Never leave an unusable extension behind in a database that did not preload it.
    const preload = (await pool.query('SHOW shared_preload_libraries')).rows[0].shared_preload_libraries as string;
    if (!/\bpg_stat_statements\b/.test(preload)) return { available: false, reason: 'not in shared_preload_libraries of this server' };
    await pool.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await pool.query('SELECT 1 FROM pg_stat_statements LIMIT 1');
    return { available: true };
  } catch (e) {
    return { available: false, reason: (e as Error).message };
  }
}

export async function resetPgStat(pool: pg.Pool, s: PgStat): Promise<void> {
  if (s.available) await pool.query('SELECT pg_stat_statements_reset()');
}

/** The statements of this database by total execution time, the bench's own housekeeping left out. */
export async function topQueries(pool: pg.Pool, s: PgStat, limit = 10): Promise<TopQuery[] | undefined> {
  if (!s.available) return undefined;
  const { rows } = await pool.query(`
    WITH mine AS (
      SELECT query, calls, total_exec_time, rows FROM pg_stat_statements
      WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND query !~* '(pg_stat_statements|generate_series|^\\s*(vacuum|explain|analyze)|pg_total_relation_size|^\\s*(begin|commit|rollback|deallocate))'
    )
    SELECT query, calls::int, total_exec_time AS total, rows::int, 100 * total_exec_time / nullif(sum(total_exec_time) OVER (), 0) AS share
    FROM mine ORDER BY total_exec_time DESC LIMIT $1`, [limit + 5]);
  return rows.filter((r: { query: string }) => !isBenchOwn(r.query.replace(/\s+/g, ' ').trim())).slice(0, limit).map((r: { query: string; calls: number; total: number; rows: number; share: number | null }) => ({
    query: r.query.replace(/\s+/g, ' ').trim(), calls: r.calls, totalMs: round(r.total, 1),
    meanMs: round(r.total / Math.max(1, r.calls), 3), rows: r.rows, sharePct: round(r.share ?? 0, 1),
  }));
}

/** Statements of this database since the last reset: executions, and transactions among them (BEGIN/COMMIT/ROLLBACK). */
export interface StatementTotals { calls: number; transactionControl: number }

/**
 * All statements of this database since the last reset, the bench's own housekeeping and
 * pg_stat_statements' reads left out: what `sql_per_completion` divides by completions.
 * Transaction control (BEGIN, COMMIT, ROLLBACK, DEALLOCATE) is counted apart, not as SQL.
 */
export async function statementTotals(pool: pg.Pool, s: PgStat): Promise<StatementTotals | undefined> {
  if (!s.available) return undefined;
  const { rows } = await pool.query<{ query: string; calls: number }>(`
    SELECT query, calls::int FROM pg_stat_statements
    WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
      AND query !~* '(pg_stat_statements|pg_total_relation_size|^\\s*(vacuum|explain|analyze|show))'`);
  let calls = 0, transactionControl = 0;
  for (const r of rows) {
    const q = r.query.replace(/\s+/g, ' ').trim();
    if (isBenchOwn(q)) continue;
    if (/^(begin|commit|rollback|deallocate|start transaction|savepoint|release)\b/i.test(q)) transactionControl += r.calls;
    else calls += r.calls;
  }
  return { calls, transactionControl };
}
