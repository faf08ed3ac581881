// The audit log's two bench figures (issue 18, docs/audit-chain.md):
// (a) lock waits per completion with audit writers of 8 orgs at once: each "completion" is one
//     transaction writing 6 audit events (what one step writes) plus a little other work, while a
//     sampler reads pg_stat_activity for backends waiting on a lock (wait_event_type = 'Lock').
//     The same load behind one global advisory lock (how the log was chained before) is measured
//     as a control, to show the sampler sees waits where there are some;
// (b) incremental verification after 1,000 new events with 10k and with 1M existing events
//     (quick: 10k and 100k), as the ratio of the two medians.
// `npx tsx bench/measure-audit.ts [--quick]` runs it alone on an embedded PostgreSQL.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { anchorAuditChainsWith, verifyAuditChain } from '../infra/audit-verify.ts';
import { round, summarise } from './stats.ts';

const APP = 'zhifa-bench-audit';
const ORGS = Array.from({ length: 8 }, (_, i) => `bench-audit-org-${i + 1}`);
const EVENTS_PER_COMPLETION = 6;

export interface AuditBenchResult {
  audit_lock_waits_per_completion: number;
  audit_verify_ratio_1m_vs_10k: number;
  details: {
    quick: boolean;
    writers: { orgs: number; completions: number; eventsPerCompletion: number; lockWaits: number; lockWaitsByEvent: Record<string, number>; samples: number; completionsPerSec: number };
    globalLockControl: { completions: number; lockWaits: number; lockWaitsByEvent: Record<string, number>; lockWaitsPerCompletion: number; completionsPerSec: number };
    verify: { newEvents: number; sizes: { existing: number; medianMs: number; runsMs: number[]; catchUpMs: number }[]; note: string };
  };
}

/** Distinct transactions of the bench's writers seen waiting on a lock, sampled every few ms. */
function lockSampler(pool: pg.Pool) {
  const seen = new Map<string, string>();
  let samples = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await pool.query<{ k: string; ev: string }>(
        `SELECT pid::text || '/' || xact_start::text || '/' || wait_event AS k, wait_event AS ev FROM pg_stat_activity
         WHERE application_name = $1 AND wait_event_type = 'Lock' AND xact_start IS NOT NULL`, [APP]);
      for (const r of rows) seen.set(r.k, r.ev);
      samples += 1;
      await new Promise((ok) => setTimeout(ok, 2));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      // By what was waited for: 'tuple' / 'transactionid' are row locks (a chain head), 'advisory' the
      // old global lock, 'extend' PostgreSQL growing a table file (not the chain's doing).
      const byEvent: Record<string, number> = {};
      for (const ev of seen.values()) byEvent[ev] = (byEvent[ev] ?? 0) + 1;
      return { waits: seen.size, samples, byEvent };
    },
  };
}

async function writeCompletions(url: string, perOrg: number, globalLock: boolean) {
  const writers = new pg.Pool({ connectionString: url, max: ORGS.length, application_name: APP });
  const sampler = new pg.Pool({ connectionString: url, max: 1 });
  const s = lockSampler(sampler);
  const started = process.hrtime.bigint();
  const run = Promise.all(ORGS.map(async (orgId) => {
    const c = await writers.connect();
    try {
      for (let n = 0; n < perOrg; n++) {
        await c.query('BEGIN');
        if (globalLock) await c.query('SELECT pg_advisory_xact_lock(727274)');
        for (let e = 0; e < EVENTS_PER_COMPLETION; e++) {
          await c.query(`INSERT INTO "AuditEvent" ("actorKind", action, "subjectType", "subjectId", "orgId", data)
            VALUES ('WORKFLOW', 'bench.step', 'Bench', $1, $2, $3)`, [`${orgId}/${n}`, orgId, { n, e }]);
        }
        await c.query('SELECT pg_sleep(0.002)'); // the rest of the step's transaction
        await c.query('COMMIT');
      }
    } finally {
      c.release();
    }
  }));
  const outcome = await run.then(() => undefined, (err: unknown) => err);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const sampled = await s.stop();
  await Promise.all([writers.end(), sampler.end()]);
  if (outcome) throw outcome;
  const completions = perOrg * ORGS.length;
  return { completions, lockWaits: sampled.waits, lockWaitsByEvent: sampled.byEvent, samples: sampled.samples, completionsPerSec: round(completions / seconds, 1) };
}

/**
 * Appends `perChain` valid links to each bench chain in one statement: a recursive query that
 * computes every link with the trigger's own digest (audit_event_digest) and inserts the rows
 * with triggers off (session_replication_role = replica, superuser), then moves the heads. The
 * result is the chain the trigger would have built, a hundred times faster to make.
 */
async function fill(client: pg.ClientBase, perChain: number) {
  if (perChain <= 0) return;
  await client.query('BEGIN');
  try {
    await client.query(`CREATE OR REPLACE FUNCTION pg_temp.bench_link(c TEXT, s BIGINT, i BIGINT, prev TEXT) RETURNS "AuditEvent" LANGUAGE plpgsql AS $$
      DECLARE e "AuditEvent";
      BEGIN
        e."id" := i; e."at" := TIMESTAMP '2026-01-01 00:00:00'; e."actorKind" := 'SYSTEM'; e."action" := 'bench.fill';
        e."subjectType" := 'Bench'; e."subjectId" := s::text; e."orgId" := c; e."data" := jsonb_build_object('n', s);
        e."chain" := c; e."seq" := s; e."prevHash" := prev; e."hash" := audit_event_digest(prev, e);
        RETURN e;
      END $$`);
    const total = perChain * ORGS.length;
    const { rows: [{ base }] } = await client.query<{ base: string }>(
      `SELECT (nextval('"AuditEvent_id_seq"') + 1)::text AS base, setval('"AuditEvent_id_seq"', nextval('"AuditEvent_id_seq"') + $1::bigint)`, [total]);
    await client.query('SET LOCAL session_replication_role = replica');
    await client.query(`
      WITH RECURSIVE r(chain, idx, k, e) AS (
        SELECT c.chain, c.idx, 0::bigint, jsonb_populate_record(NULL::"AuditEvent", jsonb_build_object('seq', coalesce(h."seq", 0), 'hash', coalesce(h."hash", '')))
        FROM unnest($1::text[]) WITH ORDINALITY AS c(chain, idx) LEFT JOIN "AuditChainHead" h ON h."chain" = c.chain
        UNION ALL
        SELECT chain, idx, k + 1, pg_temp.bench_link(chain, (e)."seq" + 1, $2::bigint + (idx - 1) * $3::bigint + k, (e)."hash")
        FROM r WHERE k < $3::bigint
      )
      INSERT INTO "AuditEvent" SELECT (e).* FROM r WHERE k > 0`, [ORGS, base, perChain]);
    await client.query(`
      INSERT INTO "AuditChainHead" ("chain", "seq", "hash")
      SELECT DISTINCT ON ("chain") "chain", "seq", "hash" FROM "AuditEvent" WHERE "chain" = ANY($1::text[]) ORDER BY "chain", "seq" DESC
      ON CONFLICT ("chain") DO UPDATE SET "seq" = EXCLUDED."seq", "hash" = EXCLUDED."hash", "updatedAt" = CURRENT_TIMESTAMP`, [ORGS]);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  }
}

/** New events through the real trigger, as steps write them: transactions of 5 events for each of the 8 orgs. */
async function writeNew(client: pg.ClientBase, count: number) {
  const perOrg = 5;
  for (let done = 0; done < count; done += perOrg * ORGS.length) {
    await client.query('BEGIN');
    for (const orgId of ORGS) {
      await client.query(`INSERT INTO "AuditEvent" ("actorKind", action, "subjectType", "subjectId", "orgId", data)
        SELECT 'WORKFLOW', 'bench.new', 'Bench', g::text, $1, jsonb_build_object('g', g) FROM generate_series(1, $2::int) g`, [orgId, perOrg]);
    }
    await client.query('COMMIT');
  }
}

async function measureVerify(url: string, sizes: number[], newEvents: number, reps: number) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const count = async () => Number((await client.query<{ n: string }>('SELECT count(*)::text AS n FROM "AuditEvent"')).rows[0]!.n);
  const out: { existing: number; medianMs: number; runsMs: number[]; catchUpMs: number }[] = [];
  try {
    for (const size of sizes) {
      await fill(client, Math.ceil((size - await count()) / ORGS.length));
      await anchorAuditChainsWith(async (sql, p) => (await client.query(sql, p)).rows); // the day's anchor
      await client.query('ANALYZE "AuditEvent"');
      const t0 = performance.now();
      const catchUp = await verifyAuditChain(client); // everything since the last checkpoint, once
      if (!catchUp.ok) throw new Error(`bench audit chains do not verify: ${JSON.stringify(catchUp.firstBroken)}`);
      const catchUpMs = round(performance.now() - t0, 1);
      const existing = await count();
      const runs: number[] = [];
      for (let i = -1; i < reps; i++) { // one unmeasured round first
        await writeNew(client, newEvents);
        const t = performance.now();
        const r = await verifyAuditChain(client);
        if (i >= 0) runs.push(round(performance.now() - t, 2));
        if (!r.ok) throw new Error(`bench audit chains do not verify: ${JSON.stringify(r.firstBroken)}`);
      }
      out.push({ existing, medianMs: round(summarise(runs).p50, 2), runsMs: runs, catchUpMs });
    }
  } finally {
    await client.end();
  }
  return out;
}

export async function measureAuditBench(opts: { databaseUrl: string; quick: boolean }): Promise<AuditBenchResult> {
  // Verification first, while the bench's own events number fewer than the smaller size.
  const sizes = opts.quick ? [10_000, 100_000] : [10_000, 1_000_000];
  const newEvents = 1_000;
  const verify = await measureVerify(opts.databaseUrl, sizes, newEvents, opts.quick ? 5 : 7);
  const perOrg = opts.quick ? 25 : 150;
  const writers = await writeCompletions(opts.databaseUrl, perOrg, false);
  const control = await writeCompletions(opts.databaseUrl, perOrg, true);
  return {
    audit_lock_waits_per_completion: round(writers.lockWaits / writers.completions, 3),
    audit_verify_ratio_1m_vs_10k: round(verify[1]!.medianMs / verify[0]!.medianMs, 2),
    details: {
      quick: opts.quick,
      writers: { orgs: ORGS.length, eventsPerCompletion: EVENTS_PER_COMPLETION, ...writers },
      globalLockControl: { ...control, lockWaitsPerCompletion: round(control.lockWaits / control.completions, 3) },
      verify: {
        newEvents, sizes: verify,
        note: opts.quick
          ? `quick: ${sizes.map((s) => s.toLocaleString('en')).join(' vs ')} existing events stand in for 10k vs 1M`
          : 'incremental verification after 1,000 new events at 10k and 1M existing events, median of 7 runs each',
      },
    },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
  const { startEmbeddedPostgres } = await import('../infra/embedded-postgres.ts');
  const { migrate } = await import('../infra/migrate.ts');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'zhifa-bench-audit-'));
  const pgServer = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), database: 'zhifa_bench_audit' });
  try {
    await migrate(pgServer.url);
    console.log(JSON.stringify(await measureAuditBench({ databaseUrl: pgServer.url, quick: values.quick }), null, 2));
  } finally {
    await pgServer.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
