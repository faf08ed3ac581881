import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import pg from 'pg';
import { createApp } from '../api/app.ts';
import { loadHolidayFiles } from '../api/services/holidays.ts';
import { closeGracefully } from '../api/shutdown.ts';
import { dbPoolFor, loadConfig, parseDeadlineOverrides, parseThresholdOverrides } from '../infra/config.ts';
import { API_POOL, createPrisma } from '../infra/db.ts';
import { startEmbeddedPostgres } from '../infra/embedded-postgres.ts';
import { createLogger } from '../infra/logger.ts';
import { migrate } from '../infra/migrate.ts';
import { startTemporalDevServer } from '../infra/temporal-dev-server.ts';
import { ensureCertificateSchedule } from '../infra/certificate-schedule.ts';
import { connectClient, createWorker, installTemporalLogging } from '../infra/temporal.ts';
import { DEMO_PASSWORD, seed } from '../prisma/seed.ts';
import { runDemoThroughApi } from './demo-api.ts';

// One command for a whole Zhifa on this machine: embedded PostgreSQL and a Temporal dev
// server (both with state on disk under DATA_DIR) unless DATABASE_URL / TEMPORAL_ADDRESS
// point elsewhere; migrations, seed, worker and web server; Ctrl-C stops everything.
const config = loadConfig();
const logger = createLogger(config.LOG_LEVEL, 'zhifa-dev');
installTemporalLogging(logger.child({ name: 'temporal' }), 'WARN', config.WORKER_METRICS_ADDRESS);
const dataDir = path.resolve(config.DATA_DIR);
mkdirSync(dataDir, { recursive: true });
const stops: (() => Promise<unknown>)[] = [];

async function main() {
  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    logger.info('starting embedded PostgreSQL');
    const pgServer = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'postgres'), port: 5433, database: 'zhifa' });
    stops.unshift(pgServer.stop);
    databaseUrl = pgServer.url;
  }
  let address: string | undefined = config.TEMPORAL_ADDRESS;
  let uiUrl = address ? undefined : '';
  if (!address) {
    logger.info('starting Temporal dev server (the first run builds the CLI, which takes a few minutes)');
    const temporal = await startTemporalDevServer({
      dbFile: path.join(dataDir, 'temporal.db'), port: 7233, uiPort: config.TEMPORAL_UI_PORT, namespace: config.TEMPORAL_NAMESPACE,
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
  logger.info({ seeded: await seed(prisma) }, 'reference data seeded');

  const deadlineOverrides = parseDeadlineOverrides(config.DEADLINE_OVERRIDES);
  const worker = await createWorker({
    prisma, config, address: address!, namespace: config.TEMPORAL_NAMESPACE, taskQueue: config.TEMPORAL_TASK_QUEUE, deadlineOverrides,
  });
  const running = worker.run();
  // The SDK drains the worker itself on SIGINT/SIGTERM; shut it down only if it still runs.
  stops.unshift(async () => { if (worker.getState() === 'RUNNING') worker.shutdown(); await running; });

  const temporalClient = await connectClient(config, address);
  stops.unshift(() => temporalClient.connection.close());
  await loadHolidayFiles({ prisma, temporal: temporalClient, taskQueue: config.TEMPORAL_TASK_QUEUE, logger });
  await ensureCertificateSchedule(temporalClient, config.TEMPORAL_TASK_QUEUE);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  const paymentChannelToken = config.PAYMENT_CHANNEL_TOKEN ?? randomBytes(24).toString('base64url');
  stops.unshift(() => pool.end());
  const app = createApp({
    prisma, temporal: temporalClient, taskQueue: config.TEMPORAL_TASK_QUEUE, logger,
    sessionSecret: config.SESSION_SECRET ?? randomBytes(32).toString('hex'), paymentChannelToken,
    thresholdOverrides: parseThresholdOverrides(config.THRESHOLD_OVERRIDES), deadlineOverrides, updateDeadlineMs: config.UPDATE_DEADLINE_MS,
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
      thresholdOverrides: parseThresholdOverrides(config.THRESHOLD_OVERRIDES), deadlineOverrides,
    }, pool).then(
      (demo) => logger.info(demo, 'demo data ready (README: 演示数据)'),
      (err) => logger.warn({ err }, 'demo data incomplete; the next npm run dev continues it'),
    );
  }
}

let stopping = false;
async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const stop of stops) await stop().catch((err) => logger.warn({ err }, 'while stopping'));
  process.exit(code);
}
process.once('SIGINT', () => void shutdown());
process.once('SIGTERM', () => void shutdown());
main().catch((err) => { logger.error({ err }, 'failed to start'); void shutdown(1); });
