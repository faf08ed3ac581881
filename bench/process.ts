// One part of the system under test, in its own process as in production, so its CPU and
// resident memory can be measured apart: `api` (the Express app), `worker` (the app's
// Temporal worker), `baseline` (the raw-Temporal baseline worker). Started by bench/system.ts
// through child_process.fork; says {type:'ready', port?} over IPC and stops on {type:'stop'}.
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, Worker } from '@temporalio/worker';
import pg from 'pg';
import { createApp } from '../api/app.ts';
import { createPrisma } from '../infra/db.ts';
import { createLogger } from '../infra/logger.ts';
import { createWorker } from '../infra/temporal.ts';
import { configuredDataConverter } from '../infra/codec-keys.ts';
import { loadConfig } from '../infra/config.ts';
import { Prisma } from '../generated/prisma/client.ts';
import { appendAudit } from '../store/audit.ts';
import type { BaselineActivities } from './baseline-workflow.ts';
import { BENCH_STEP_TABLE } from './context.ts';

export interface PartConfig {
  role: 'api' | 'worker' | 'baseline';
  databaseUrl: string;
  temporalAddress: string;
  namespace: string;
  taskQueue: string;
  /** Workflow bundle (the app's, or the baseline's for role `baseline`). */
  bundlePath?: string;
  logLevel: string;
}

const cfg = JSON.parse(process.env.ZHIFA_BENCH_PART ?? '{}') as PartConfig;
const send = (m: unknown) => process.send?.(m);
let stop: () => Promise<void> = async () => undefined;

async function startWorker(): Promise<void> {
  // The SDK's info lines (worker state changes) would only clutter the bench output.
  const say = (m: string) => console.error(`[${cfg.role}] ${m}`);
  Runtime.install({ logger: { log() {}, trace() {}, debug() {}, info() {}, warn: say, error: say } as never });
  const prisma = createPrisma(cfg.databaseUrl);
  let worker: Worker;
  if (cfg.role === 'worker') {
    worker = await createWorker({ prisma, address: cfg.temporalAddress, namespace: cfg.namespace, taskQueue: cfg.taskQueue, workflowBundle: { codePath: cfg.bundlePath! } });
  } else {
    const activities: BaselineActivities = {
      benchNoop: async (taskId) => taskId,
      benchWrite: async (taskId, orgId) => {
        await prisma.$transaction(async (tx) => {
          const added = await tx.$executeRaw`INSERT INTO ${Prisma.raw(BENCH_STEP_TABLE)} (id, "orgId") VALUES (${taskId}, ${orgId}) ON CONFLICT (id) DO NOTHING`;
          if (added) await appendAudit(tx, { actorKind: 'SYSTEM', action: 'BENCH_STEP', subjectType: 'BenchStep', subjectId: taskId, orgId });
        });
        return taskId;
      },
    };
    worker = await Worker.create({
      connection: await NativeConnection.connect({ address: cfg.temporalAddress }), namespace: cfg.namespace,
      taskQueue: cfg.taskQueue, workflowBundle: { codePath: cfg.bundlePath! }, activities, dataConverter: configuredDataConverter(loadConfig()),
    });
  }
  const running = worker.run();
  stop = async () => { worker.shutdown(); await running; await prisma.$disconnect(); };
  send({ type: 'ready' });
}

async function startApi(): Promise<void> {
  const prisma = createPrisma(cfg.databaseUrl);
  const pool = new pg.Pool({ connectionString: cfg.databaseUrl, max: 4 });
  const connection = await Connection.connect({ address: cfg.temporalAddress });
  const temporal = new Client({ connection, namespace: cfg.namespace, dataConverter: configuredDataConverter(loadConfig()) });
  // Logs at the production level (one line per request), written to /dev/null by the parent.
  const app = createApp({ prisma, temporal, taskQueue: cfg.taskQueue, logger: createLogger(cfg.logLevel, 'zhifa-api'), sessionSecret: randomBytes(32).toString('hex') }, pool);
  const server = app.listen(0, '127.0.0.1');
  await new Promise((ok) => server.once('listening', ok));
  stop = async () => {
    await new Promise((ok) => server.close(ok));
    await Promise.all([prisma.$disconnect(), pool.end(), connection.close()]);
  };
  send({ type: 'ready', port: (server.address() as AddressInfo).port });
}

process.on('message', (m: { type?: string }) => {
  if (m?.type !== 'stop') return;
  const force = setTimeout(() => process.exit(0), 15_000);
  void stop().catch((e) => console.error(e)).finally(() => { clearTimeout(force); process.exit(0); });
});
process.on('disconnect', () => process.exit(0)); // the parent died: never outlive it

(cfg.role === 'api' ? startApi() : startWorker()).catch((e: Error) => {
  send({ type: 'error', message: e.stack ?? e.message });
  process.exit(1);
});
