// `npm run fuzz` (and the fuzz step of .ci/run): a whole Zhifa — embedded PostgreSQL, Temporal dev
// server, worker, API — in a temporary folder on free ports, one real case at 调查取证 and one of each
// resource a path names (scripts/fuzz-fixtures.ts), and Schemathesis run against /api/openapi.json
// once per identity (three officers and the administrator by cookie + CSRF token, and nobody). Which operations, which real ids and which checks: fuzz/schemathesis.toml.
// Exits non-zero on any failure of any check.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createApp } from '../api/app.ts';
import { closeGracefully } from '../api/shutdown.ts';
import { createPrisma } from '../infra/db.ts';
import { startEmbeddedPostgres } from '../infra/embedded-postgres.ts';
import { createLogger } from '../infra/logger.ts';
import { migrate } from '../infra/migrate.ts';
import { resolveSchemathesis, SCHEMATHESIS_VERSION } from '../infra/schemathesis.ts';
import { startTemporalDevServer } from '../infra/temporal-dev-server.ts';
import { connectClient, createWorker, installTemporalLogging } from '../infra/temporal.ts';
import { loadCodecKeys } from '../infra/codec-keys.ts';
import { projectRoot } from '../infra/tools.ts';
import { loadConfig } from '../infra/config.ts';
import { DEMO_PASSWORD, seed } from '../prisma/seed.ts';
import { bearer, filedCase, makeFixtures } from './fuzz-fixtures.ts';
import { usccCheckDigit } from '../rules/uscc.ts';
import { readSummary, type SchemathesisSummary } from './fuzz-summary.ts';

// Small enough that the whole step stays within a few minutes on 2 cores; FUZZ_MAX_EXAMPLES raises it.
const MAX_EXAMPLES = Number(process.env.FUZZ_MAX_EXAMPLES ?? 12);
// A fixed seed makes the CI gate reproducible: what passes here passes there, and a failure seen
// there replays here. FUZZ_SEED=random explores new cases (each run prints the seed it drew).
const SEED = process.env.FUZZ_SEED ?? '82018995726815970831203251190786936819';
// The handler, who may call most of these, gets every phase; for the others Schemathesis' coverage
// phase (~60 s each on 2 cores, mostly 401/403 answers) would add little, so they get fuzzing only.
// The stateful phase (links inferred between operations, ~2 min more) is left to FUZZ_PHASES.
const ALL_PHASES = 'examples,coverage,fuzzing';
const IDENTITIES = [
  { label: '承办人 HANDLER', username: 'hongta.handler1', phases: ALL_PHASES },
  { label: '负责人 SUPERVISOR', username: 'hongta.supervisor', phases: 'fuzzing' },
  { label: '局长 HEAD', username: 'hongta.head', phases: 'fuzzing' },
  { label: '系统管理员 ADMIN', username: 'admin', phases: 'fuzzing' },
  { label: '未登录', username: undefined, phases: 'fuzzing' },
] as const;
// Every JSON operation but those that would end the run's own sign-in (login's throttling, logout,
// a password change); FUZZ_PATHS (a regex over OpenAPI paths, e.g. '^/api/cases') narrows it.
const FUZZ_PATHS = process.env.FUZZ_PATHS ?? '^/api/(?!login$|logout$|password$)';
const CONFIG = path.join(projectRoot, 'fuzz', 'schemathesis.toml');
const REPORT_DIR = path.join(projectRoot, 'test-results', 'fuzz');

const log = (msg: string) => process.stdout.write(`[fuzz] ${msg}\n`);
const stops: (() => Promise<unknown>)[] = [];
const errors: string[] = [];
let requests = 0; // what the API received, counted by the server itself
// The slowest answer per operation: a request near Schemathesis' request-timeout fails the run as a
// "Network Error" without any check failing, so the summary names where the time went.
const slowest = new Map<string, number>();

async function startZhifa(dir: string) {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'error', DATA_DIR: dir });
  installTemporalLogging(createLogger('error', 'temporal'), 'ERROR');
  const [pgServer, temporal] = await Promise.all([
    startEmbeddedPostgres({ dataDir: path.join(dir, 'postgres'), database: 'zhifa', postgresFlags: ['-c', 'fsync=off'] }),
    startTemporalDevServer({ dbFile: path.join(dir, 'temporal.db'), onLog: () => undefined }),
  ]);
  stops.unshift(pgServer.stop, temporal.stop);
  await migrate(pgServer.url);
  const prisma = createPrisma(pgServer.url);
  stops.unshift(() => prisma.$disconnect());
  await seed(prisma);
  const taskQueue = 'zhifa-fuzz';
  const worker = await createWorker({ prisma, config, address: temporal.address, namespace: 'default', taskQueue });
  const running = worker.run();
  stops.unshift(async () => { if (worker.getState() === 'RUNNING') worker.shutdown(); await running; });
  const client = await connectClient(config, temporal.address);
  stops.unshift(() => client.connection.close());
  const pool = new pg.Pool({ connectionString: pgServer.url, max: 4 });
  stops.unshift(() => pool.end());
  // Every 5xx the server logs is kept and printed at the end, whatever Schemathesis made of it.
  const logger = createLogger('error', 'zhifa-fuzz', { write: (line: string) => { errors.push(line); } });
  const app = createApp({
    prisma, temporal: client, taskQueue, logger, sessionSecret: randomBytes(32).toString('hex'),
    paymentChannelToken: randomBytes(24).toString('base64url'), codecKeys: loadCodecKeys(config),
  }, pool);
  const server = app.listen(0, '127.0.0.1');
  // Schemathesis keeps connections open while it generates the next case, which on a busy machine can
  // outlast Node's 5 s keep-alive: a socket closed just as a request goes out would fail the run as a
  // "Network Error" that says nothing about the API.
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 121_000; // kept above the keep-alive, as Node asks
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    requests++;
    const started = performance.now();
    res.once('finish', () => {
      const key = `${req.method} ${(req.url ?? '').split('?')[0]!.replace(/[^/]{20,}/g, '…')}`;
      slowest.set(key, Math.max(slowest.get(key) ?? 0, performance.now() - started));
    });
  });
  await new Promise((ok) => server.once('listening', ok));
  stops.unshift(() => closeGracefully(server));
  return { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, prisma };
}

/** Signs in through the login form as a browser would: the session cookie and the CSRF token its pages carry. */
async function cookieSession(baseUrl: string, username: string) {
  const login = await fetch(`${baseUrl}/login`, {
    method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password: DEMO_PASSWORD, next: '/tasks' }),
  });
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith('zhifa.sid='));
  if (login.status !== 302 || !cookie) throw new Error(`sign-in as ${username} failed: ${login.status}`);
  const page = await (await fetch(`${baseUrl}/tasks`, { headers: { cookie } })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
  if (!csrf) throw new Error(`no CSRF token on /tasks for ${username}`);
  return { cookie, csrf, sid: cookie.slice('zhifa.sid='.length) };
}

/** A case registered by the handler and approved by the supervisor, waiting at 调查取证 (INVESTIGATION). */
async function caseAtInvestigation(baseUrl: string) {
  const [handler, supervisor] = await Promise.all([bearer(baseUrl, 'hongta.handler1'), bearer(baseUrl, 'hongta.supervisor')]);
  return filedCase(handler, supervisor, { name: '玉溪模糊测试化工有限公司', idNumber: PARTY_USCC });
}

const CATALOG_ITEM = 'AQ-099-1';
const PARTY_USCC = '91530402MA6K0000X' + usccCheckDigit('91530402MA6K0000X');

interface RunSummary extends SchemathesisSummary { code: number }

function schemathesis(bin: string, args: string[], env: NodeJS.ProcessEnv): Promise<RunSummary> {
  return new Promise((resolve, reject) => {
    // Run from the report folder: Schemathesis keeps its example database and crash files (for
    // `st replay`) in the working directory, which must not be the checkout.
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env }, cwd: REPORT_DIR });
    let output = '';
    child.stdout!.on('data', (d: Buffer) => { process.stdout.write(d); output += d.toString(); });
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), ...readSummary(output) }));
  });
}

async function main(): Promise<number> {
  const bin = await resolveSchemathesis();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'zhifa-fuzz-'));
  stops.push(async () => rmSync(dir, { recursive: true, force: true }));
  log('starting PostgreSQL, Temporal, worker and API in ' + dir);
  const { baseUrl, prisma } = await startZhifa(dir);
  const { caseId, taskId } = await caseAtInvestigation(baseUrl);
  const fixtures = await makeFixtures(baseUrl, prisma, caseId, log);
  // A kind the run could not make is named, so its operations' 404s are not mistaken for coverage.
  const missing = ['RECONSIDERATION_ID', 'CASE_REVIEW_ID', 'CASE_REVIEW_DRAW_ID'].filter((k) => !fixtures[k]);
  if (missing.length) log(`no real id for ${missing.join(', ')}: those operations are fuzzed with a made-up one (404)`);
  const env = Object.fromEntries(Object.entries({ CASE_ID: caseId, TASK_ID: taskId, CATALOG_ITEM, PARTY_USCC, ...fixtures,
    ...Object.fromEntries(missing.map((k) => [k, 'fuzz-no-such-id'])) }).map(([k, v]) => [`ZHIFA_FUZZ_${k}`, v]));
  log(`API at ${baseUrl}; case ${caseId} at 调查取证; schemathesis ${SCHEMATHESIS_VERSION}, ${MAX_EXAMPLES} examples per operation`);

  const results: (RunSummary & { label: string; requests: number })[] = [];
  mkdirSync(REPORT_DIR, { recursive: true });
  // FUZZ_AS (comma-separated usernames, 'anonymous' for nobody) narrows the run to some identities.
  slowest.clear(); // the fixtures' own requests are not what is measured
  const only = process.env.FUZZ_AS?.split(',').map((u) => u.trim());
  for (const who of IDENTITIES.filter((i) => !only || only.includes(i.username ?? 'anonymous'))) {
    const session = who.username ? await cookieSession(baseUrl, who.username) : undefined;
    // The session cookie as the spec's `session` scheme, so that Schemathesis knows it is real and
    // checks that the same call without it, or with a made-up one, is refused.
    const configFile = path.join(dir, `schemathesis-${who.username ?? 'anonymous'}.toml`);
    writeFileSync(configFile, readFileSync(CONFIG, 'utf8') + (session ? `\n[auth.openapi.session]\napi_key = "${session.sid}"\n` : ''));
    process.stdout.write(`\n---- Schemathesis as ${who.label} ----\n`);
    const before = requests;
    const run = await schemathesis(bin, [
      '--config-file', configFile,
      'run', `${baseUrl}/api/openapi.json`,
      '--include-path-regex', FUZZ_PATHS, '--checks', 'all', '--max-examples', String(MAX_EXAMPLES),
      '--phases', process.env.FUZZ_PHASES ?? who.phases,
      '--report', 'junit', '--report-junit-path', path.join(REPORT_DIR, `${who.username ?? 'anonymous'}.xml`),
      '--no-color', ...(SEED === 'random' ? [] : ['--seed', SEED]),
      ...(session ? ['-H', `X-CSRF-Token: ${session.csrf}`] : []),
    ], env);
    results.push({ label: who.label, requests: requests - before, ...run });
  }

  process.stdout.write('\n---- Fuzz summary ----\n');
  for (const r of results) {
    const failed = [...r.failures].map(([check, n]) => `${check} ${n}`).join(', ') || 'none';
    const errored = [...r.errors].map(([title, n]) => `${title} ${n}`).join(', ') || 'none';
    process.stdout.write(`  ${r.code === 0 ? 'ok    ' : 'FAILED'}  ${r.label} (exit ${r.code}): operations ${r.operations}; test cases ${r.testCases}; `
      + `${r.requests} requests; failures by check: ${failed}; errors: ${errored}\n`);
    if (r.errorDetail) process.stdout.write(r.errorDetail.split('\n').slice(0, 40).map((l) => `      ${l}\n`).join(''));
  }
  const slow = [...slowest].sort((a, b) => b[1] - a[1]).slice(0, 5);
  process.stdout.write(`  slowest answers: ${slow.map(([op, ms]) => `${op} ${(ms / 1000).toFixed(1)} s`).join('; ')}\n`);
  const total = results.reduce((n, r) => n + r.requests, 0);
  const byCheck = new Map<string, number>();
  for (const r of results) for (const [check, n] of r.failures) byCheck.set(check, (byCheck.get(check) ?? 0) + n);
  process.stdout.write(`  total: ${total} requests; failures by check: ${[...byCheck].map(([c, n]) => `${c} ${n}`).join(', ') || '0'} `
    + `(checks: all, response-schema conformance included)\n`);
  if (errors.length) {
    process.stdout.write(`  the server logged ${errors.length} error(s):\n`);
    for (const e of errors.slice(0, 20)) process.stdout.write(`    ${e.trim().slice(0, 2000)}\n`);
  }
  process.stdout.write(`  JUnit reports: ${path.relative(projectRoot, REPORT_DIR)}/\n`);
  return results.every((r) => r.code === 0) && !errors.length ? 0 : 1;
}

async function stopAll() {
  for (const stop of stops) await stop().catch((err) => process.stderr.write(`[fuzz] while stopping: ${String(err)}\n`));
}

// Ctrl-C (or CI's timeout) stops the servers and removes the temporary folder before exiting.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stopAll().then(() => process.exit(130)));
main().then(async (code) => { await stopAll(); process.exit(code); }, async (err) => {
  process.stderr.write(`[fuzz] ${err instanceof Error ? err.stack : String(err)}\n`);
  await stopAll();
  process.exit(1);
});
