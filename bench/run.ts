// `npm run bench [-- --quick] [--cases=N] [--concurrency=N] [--queue-sizes=10000,100000,1000000]
//  [--budget-minutes=20] [--out=DIR] [--only=upload]`; `--only=upload` runs the evidence upload part alone and prints its JSON; `--render=bench/results/<stamp>.json` rewrites an earlier run's summary.
//
// Starts an embedded PostgreSQL (with pg_stat_statements) and a Temporal dev server in a
// temporary folder — or uses BENCH_DATABASE_URL / BENCH_TEMPORAL_ADDRESS (deliberately not
// DATABASE_URL: the bench writes hundreds of cases and, for a while, a million tasks) —
// migrates and seeds, runs bench/harness.ts and writes bench/results/<stamp>.{json,md,svg}.
// A full run also writes BENCHMARKS.md and bench/results/latest.json (the summary of issue 18's
// figures, bench/summary.ts); a quick one writes <out>/latest-quick.json instead. Exits 0 whatever the numbers: a benchmark, not a test.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createPrisma } from '../infra/db.ts';
import { startEmbeddedPostgres } from '../infra/embedded-postgres.ts';
import { migrate } from '../infra/migrate.ts';
import { startTemporalDevServer } from '../infra/temporal-dev-server.ts';
import { seed } from '../prisma/seed.ts';
import type { Sizes } from './context.ts';
import { runBench, type BenchReport, type ServerLog } from './harness.ts';
import { measureUploadBench } from './measure-upload.ts';
import { targets, writeReport } from './report.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    cases: { type: 'string' }, concurrency: { type: 'string' }, 'queue-sizes': { type: 'string' }, 'budget-minutes': { type: 'string' },
    out: { type: 'string', default: path.join(root, 'bench', 'results') },
    /** Re-render the Markdown and charts of an earlier run's JSON (after changing the report). */
    render: { type: 'string' },
    /** One part alone (its JSON on stdout, no report written): `upload` (bench/measure-upload.ts). */
    only: { type: 'string' },
  },
});
const log = (l: string) => console.log(`[bench] ${l}`);
const sizes: Partial<Sizes> = {
  ...(args.cases ? { cases: Number(args.cases), warmup: Math.max(1, Math.floor(Number(args.cases) / 10)) } : {}),
  ...(args.concurrency ? { concurrency: Number(args.concurrency) } : {}),
  ...(args['queue-sizes'] ? { queueSizes: args['queue-sizes'].split(',').map(Number) } : {}),
};

// The dev server's warnings (e.g. persistence deadlines exceeded under load) are counted for
// the report instead of flooding the terminal.
const serverLog: ServerLog = { warnings: 0, errors: 0, examples: [] };
function keepServerLog(text: string) {
  for (const line of text.split('\n')) {
    const level = /level=(WARN|ERROR)/.exec(line)?.[1];
    if (!level) continue;
    if (level === 'WARN') serverLog.warnings++; else serverLog.errors++;
    const msg = /msg="([^"]+)"/.exec(line)?.[1] ?? line.slice(0, 120);
    const err = /error="([^"]+)"/.exec(line)?.[1];
    const sample = `${level} ${msg}${err ? `: ${err}` : ''}`;
    if (serverLog.examples.length < 5 && !serverLog.examples.includes(sample)) serverLog.examples.push(sample);
  }
}

if (args.render) {
  const report = JSON.parse(readFileSync(args.render, 'utf8')) as BenchReport;
  const files = writeReport(report, path.dirname(path.resolve(args.render)), report.quick ? undefined : path.join(root, 'BENCHMARKS.md'));
  log(`re-rendered ${path.relative(root, files.markdown)}${report.quick ? '' : ' and BENCHMARKS.md'}`);
  process.exit(0);
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'zhifa-bench-servers-'));
const stops: (() => Promise<unknown>)[] = [];
const stopAll = async () => {
  for (const s of stops.splice(0)) await s().catch(() => undefined);
  rmSync(tmp, { recursive: true, force: true });
};
process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));

try {
  const external = { db: process.env.BENCH_DATABASE_URL, temporal: process.env.BENCH_TEMPORAL_ADDRESS };
  log(`servers: ${external.db ? 'external PostgreSQL' : 'embedded PostgreSQL'}, ${external.temporal ? 'external Temporal' : 'Temporal dev server'}`);
  const [databaseUrl, temporalAddress] = await Promise.all([
    external.db ?? startEmbeddedPostgres({
      dataDir: path.join(tmp, 'pg'), database: 'zhifa_bench',
      postgresFlags: ['-c', 'shared_preload_libraries=pg_stat_statements', '-c', 'pg_stat_statements.track=top'],
    }).then((s) => { stops.unshift(s.stop); return s.url; }),
    external.temporal ?? startTemporalDevServer({ dbFile: path.join(tmp, 'temporal.db'), onLog: keepServerLog })
      .then((s) => { stops.unshift(s.stop); return s.address; }),
  ]);
  await migrate(databaseUrl);
  const prisma = createPrisma(databaseUrl, 2);
  await seed(prisma);
  await prisma.$disconnect();

  if (args.only === 'upload') {
    const upload = await measureUploadBench({ quick: args.quick, databaseUrl, temporalAddress, namespace: process.env.TEMPORAL_NAMESPACE ?? 'default', log });
    console.log(JSON.stringify(upload, null, 2));
  } else if (args.only) {
    throw new Error(`--only=${args.only}: only \`upload\` runs alone`);
  } else {
    const report = await runBench({
      quick: args.quick, sizes, databaseUrl, temporalAddress, namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
      infra: {
        postgres: external.db ? 'external (BENCH_DATABASE_URL)' : 'embedded-postgres, default settings, fresh cluster, pg_stat_statements preloaded',
        temporal: external.temporal ? 'external (BENCH_TEMPORAL_ADDRESS)' : 'temporal server start-dev (SQLite file), fresh',
      },
      cleanupQueue: !!external.db, log, serverLog: external.temporal ? undefined : () => serverLog,
      budgetMinutes: args['budget-minutes'] ? Number(args['budget-minutes']) : undefined,
    });
    const files = writeReport(report, args.out, args.quick ? undefined : path.join(root, 'BENCHMARKS.md'));
    for (const t of targets(report)) log(`target ${t.id} ${t.holds === null ? 'n/a ' : t.holds ? 'holds' : 'FAILS'}  ${t.target}: ${t.measured}`);
    log(`report: ${path.relative(root, files.markdown)}${args.quick ? '' : ' and BENCHMARKS.md'}; summary: ${path.relative(root, files.latest)}`);
  }
} catch (e) {
  console.error(e);
  process.exitCode = 1; // the harness broke (not a slow result)
} finally {
  await stopAll();
}
