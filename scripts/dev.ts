import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import pg from 'pg';
import { createApp } from '../api/app.ts';
import { loadHolidayFiles } from '../api/services/holidays.ts';
import { closeGracefully } from '../api/shutdown.ts';
import { dbPoolFor, loadConfig, loadPolicy, loginLimits } from '../infra/config.ts';
import { API_POOL, createPrisma } from '../infra/db.ts';
import { startEmbeddedPostgres } from '../infra/embedded-postgres.ts';
import { createLogger } from '../infra/logger.ts';
import { migrate } from '../infra/migrate.ts';
import { startTemporalDevServer } from '../infra/temporal-dev-server.ts';
import { ensureAuditAnchorSchedule } from '../infra/audit-anchor-schedule.ts';
import { ensureCertificateSchedule } from '../infra/certificate-schedule.ts';
import { ensureWebhookDispatcher } from '../infra/webhook-dispatcher.ts';
import { webhookSettings } from '../infra/webhook-settings.ts';
import { connectClient, createWorker, installTemporalLogging } from '../infra/temporal.ts';
import { DEMO_PASSWORD, seed } from '../prisma/seed.ts';
import { runDemoThroughApi } from './demo-api.ts';

// One command for a whole Zhifa on this machine: embedded PostgreSQL and a Temporal dev
// server (both with state on disk under DATA_DIR) unless DATABASE_URL / TEMPORAL_ADDRESS
// point elsewhere; migrations, seed, worker and web server; Ctrl-C stops everything.
// It loads demo users with a published password, so it refuses to run in production.
if (process.env.NODE_ENV === 'production') {
  console.error('npm run dev 只用于开发：它创建使用公开演示密码的用户。NODE_ENV=production 时拒绝执行（生产部署见 README“Deploying”）。');
  process.exit(1);
}
const config = loadConfig();
const logger = createLogger(config.LOG_LEVEL, 'zhifa-dev');
installTemporalLogging(logger.child({ name: 'temporal' }), 'WARN', config.WORKER_METRICS_ADDRESS);
const dataDir = path.resolve(config.DATA_DIR);
mkdirSync(dataDir, { recursive: true });
// Temporary and cache files of everything started from here go under DATA_DIR, not the machine's
// /tmp or ~/.cache: dev touches nothing outside the checkout and its data (issue 19 item 7;
// test/integration/dev-stop.test.ts). The worker's bundler loads @swc/core, whose native addon
// unpacks itself into $XDG_CACHE_HOME (it wants that folder private: 0700); the Temporal CLI and
// PostgreSQL honour TMPDIR. The npm script runs tsx as a loader with its cache off for the same reason.
process.env.TMPDIR = path.join(dataDir, 'tmp');
process.env.XDG_CACHE_HOME = path.join(dataDir, 'cache');
mkdirSync(process.env.TMPDIR, { recursive: true });
mkdirSync(process.env.XDG_CACHE_HOME, { recursive: true, mode: 0o700 });
const stops: (() => Promise<unknown>)[] = [];

async function main() {
  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    logger.info('starting embedded PostgreSQL');
    const pgServer = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'postgres'), port: config.DEV_POSTGRES_PORT, database: 'zhifa' });
    stops.unshift(pgServer.stop);
    databaseUrl = pgServer.url;
  }
  let address: string | undefined = config.TEMPORAL_ADDRESS;
  let uiUrl = address ? undefined : '';
  if (!address) {
    logger.info('starting Temporal dev server (the first run builds the CLI, which takes a few minutes)');
    const temporal = await startTemporalDevServer({
      dbFile: path.join(dataDir, 'temporal.db'), port: config.DEV_TEMPORAL_PORT, uiPort: config.TEMPORAL_UI_PORT, namespace: config.TEMPORAL_NAMESPACE,
      // The UI decodes payloads through Zhifa (signed in as 系统管理员 or 纪检监察): api/routes/codec.ts.
      uiCodecEndpoint: `http://${config.HOST}:${config.PORT}/codec`,
    });
    stops.unshift(temporal.stop);
    address = temporal.address;
    uiUrl = temporal.uiUrl;
  }
  const migrated = await migrate(databaseUrl);
  logger.info({ applied: migrated.applied }, 'migrations up to date');
  // One process runs the worker and the API: the worker's connections and the API's.
  const prisma = createPrisma(databaseUrl, dbPoolFor(config.WORKER_ACTIVITY_SLOTS) + API_POOL);
  stops.unshift(() => prisma.$disconnect());
  logger.info({ seeded: await seed(prisma) }, 'reference data and demo users seeded');

  const policy = loadPolicy(config);
  const worker = await createWorker({
    prisma, config, address: address!, namespace: config.TEMPORAL_NAMESPACE, taskQueue: config.TEMPORAL_TASK_QUEUE, ...policy,
  });
  const running = worker.run();
  // The SDK drains the worker itself on SIGINT/SIGTERM; shut it down only if it still runs.
  stops.unshift(async () => { if (worker.getState() === 'RUNNING') worker.shutdown(); await running; });

  const temporalClient = await connectClient(config, address);
  stops.unshift(() => temporalClient.connection.close());
  await loadHolidayFiles({ prisma, temporal: temporalClient, taskQueue: config.TEMPORAL_TASK_QUEUE, logger });
  await ensureCertificateSchedule(temporalClient, config.TEMPORAL_TASK_QUEUE);
  await ensureAuditAnchorSchedule(temporalClient, config.TEMPORAL_TASK_QUEUE);
  await ensureWebhookDispatcher(temporalClient, config.TEMPORAL_TASK_QUEUE);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  const paymentChannelToken = config.PAYMENT_CHANNEL_TOKEN ?? randomBytes(24).toString('base64url');
  stops.unshift(() => pool.end());
  const app = createApp({
    prisma, temporal: temporalClient, taskQueue: config.TEMPORAL_TASK_QUEUE, logger,
    sessionSecret: config.SESSION_SECRET ?? randomBytes(32).toString('hex'), paymentChannelToken,
    ...policy, updateDeadlineMs: config.UPDATE_DEADLINE_MS, loginLimits: loginLimits(config),
    documentPdf: { fonts: config, publicBaseUrl: config.PUBLIC_BASE_URL }, webhooks: webhookSettings(config),
    codecCorsOrigins: [...(config.CODEC_CORS_ORIGIN ? [config.CODEC_CORS_ORIGIN] : []), ...(uiUrl ? [new URL(uiUrl).origin] : [])],
  }, pool);
  const server = app.listen(config.PORT, config.HOST);
  await new Promise((ok) => server.once('listening', ok));
  stops.unshift(() => closeGracefully(server));

  console.log(`
  执法 Zhifa is running
    app          http://${config.HOST}:${config.PORT}/
    API spec     http://${config.HOST}:${config.PORT}/api/openapi.json
    Temporal UI  ${uiUrl || '(external Temporal at ' + address + ')'}
    PostgreSQL   ${databaseUrl.replace(/\/\/([^:@/]+):[^@]*@/, '//$1:***@')}
    payments     POST /api/payments with X-Payment-Channel-Token: ${paymentChannelToken}
  demo logins (password: ${DEMO_PASSWORD})
    hongta.handler1   案件承办人（红塔区）
    hongta.supervisor 负责人/队长（红塔区，审批立案）
    hongta.head       局长（红塔区）
    city.supervisor   市局监督
  Ctrl-C stops everything.
`);

  // The demo set is made through the worker and an API, so it comes last (npm run seed -- --demo does the same).
  if (config.DEMO_DATA && config.NODE_ENV !== 'production') {
    logger.info('filling the demo counties through the API (DEMO_DATA=false skips this)');
    // A demo that stops half-way leaves Zhifa running; the next start picks up where it stopped.
    await runDemoThroughApi({
      prisma, temporal: temporalClient, taskQueue: config.TEMPORAL_TASK_QUEUE, logger,
      ...policy,
    }, pool).then(
      (demo) => logger.info(demo, 'demo data ready (README: 演示数据)'),
      (err) => logger.warn({ err }, 'demo data incomplete; the next npm run dev continues it'),
    );
  }
}

// Ctrl-C reaches the whole process group, so PostgreSQL and the Temporal dev server get it too
// and may stop before the worker has drained; the process was seen to linger 30–50 s after
// them (issue 19 item 7) — most likely the worker retrying polls and activity results against
// a server that is gone (not reproduced here). Whatever step hangs, past this bound the process
// exits, naming the step it was still waiting for; the servers recover their own data on disk.
const STOP_BOUND_MS = 8_000;

let stopping = false;
async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  let step = 0;
  setTimeout(() => {
    logger.warn({ step: step + 1, of: stops.length }, `still stopping after ${STOP_BOUND_MS / 1000} s; exiting without waiting longer`);
    process.exit(code);
  }, STOP_BOUND_MS).unref();
  for (; step < stops.length; step++) await stops[step]!().catch((err) => logger.warn({ err }, 'while stopping'));
  process.exit(code);
}
process.once('SIGINT', () => void shutdown());
process.once('SIGTERM', () => void shutdown());
main().catch((err) => { logger.error({ err }, 'failed to start'); void shutdown(1); });
