// Zhifa in its scale-out layout on one machine (issue 18 item 10): embedded PostgreSQL holding
// Zhifa's database and Temporal's two, the real Temporal server, and N API and M worker
// processes (scripts/api.ts, scripts/worker.ts: the same entry points production runs)
// against it. Used by `npm run cluster`, its smoke test, the cluster bench and the load run.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import { seed } from '../prisma/seed.ts';
import { createPrisma } from './db.ts';
import { startEmbeddedPostgres } from './embedded-postgres.ts';
import { migrate } from './migrate.ts';
import { freePort } from './ports.ts';
import { startTemporalCluster } from './temporal-cluster.ts';
import { projectRoot } from './tools.ts';
import { workflowsPath } from './temporal.ts';

export interface ClusterLayoutOptions {
  dataDir: string;
  apis?: number;
  workers?: number;
  namespace?: string;
  taskQueue?: string;
  numHistoryShards?: number;
  /** Fixed ports for PostgreSQL, Temporal's frontend and the APIs (free ones when omitted). */
  ports?: { postgres?: number; temporal?: number; apis?: number[] };
  /** Every line the servers and processes print, prefixed with who printed it. */
  onLog?: (line: string) => void;
  /** LOG_LEVEL of the API and worker processes. */
  logLevel?: string;
  /** Extra postgres flags (e.g. pg_stat_statements for the bench). */
  postgresFlags?: string[];
}

export interface LayoutProcess { name: string; pid: number; url?: string; stop(): Promise<void>; running(): boolean }

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function startProcess(name: string, script: string, env: NodeJS.ProcessEnv, onLog: (line: string) => void) {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, script)], {
    cwd: projectRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const take = (d: Buffer) => {
    tail = (tail + d.toString()).slice(-4000);
    for (const line of d.toString().split('\n')) if (line.trim()) onLog(`[${name}] ${line}`);
  };
  child.stdout!.on('data', take);
  child.stderr!.on('data', take);
  let exited = false;
  const done = new Promise<void>((ok) => child.once('exit', () => { exited = true; ok(); }));
  const stop = async () => {
    if (exited) return;
    child.kill('SIGTERM'); // the SDK drains a worker; the API closes its connections
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await done;
    clearTimeout(timer);
  };
  return { child, stop, done, running: () => !exited, tail: () => tail };
}

/** Waits until a worker process polls the task queue (its identity starts with its pid). */
async function pollerUp(address: string, namespace: string, taskQueue: string, pid: number, alive: () => boolean, tail: () => string) {
  const conn = await Connection.connect({ address });
  try {
    for (const until = Date.now() + 240_000; ; await sleep(500)) {
      if (!alive()) throw new Error(`worker pid ${pid} exited before polling:\n${tail()}`);
      const { pollers } = await conn.workflowService.describeTaskQueue({ namespace, taskQueue: { name: taskQueue }, taskQueueType: 1 });
      if (pollers?.some((p) => p.identity?.startsWith(`${pid}@`))) return;
      if (Date.now() > until) throw new Error(`worker pid ${pid} did not poll ${taskQueue} within 240s:\n${tail()}`);
    }
  } finally {
    await conn.close();
  }
}

async function healthy(url: string, alive: () => boolean, tail: () => string) {
  for (const until = Date.now() + 240_000; ; await sleep(500)) {
    if (!alive()) throw new Error(`API at ${url} exited before answering:\n${tail()}`);
    if ((await fetch(`${url}/api/health`).catch(() => undefined))?.status === 200) return;
    if (Date.now() > until) throw new Error(`API at ${url} not healthy within 240s:\n${tail()}`);
  }
}

export async function startClusterLayout(o: ClusterLayoutOptions) {
  const onLog = o.onLog ?? (() => undefined);
  const namespace = o.namespace ?? 'zhifa';
  const taskQueue = o.taskQueue ?? 'zhifa';
  const dataDir = path.resolve(o.dataDir);
  const stops: (() => Promise<unknown>)[] = [];
  const stopAll = async () => { for (const s of stops.splice(0).reverse()) await s().catch(() => undefined); };
  try {
    const pgServer = await startEmbeddedPostgres({
      dataDir: path.join(dataDir, 'postgres'), port: o.ports?.postgres, database: 'zhifa',
      // Temporal (20 + 4), and per process Prisma's pool (cores × 2 + 1) plus the API's 4.
      postgresFlags: ['-c', 'max_connections=300', ...(o.postgresFlags ?? [])],
    });
    stops.push(pgServer.stop);
    const temporal = await startTemporalCluster({
      dir: path.join(dataDir, 'temporal'), postgresUrl: pgServer.url, port: o.ports?.temporal, namespace,
      numHistoryShards: o.numHistoryShards, onLog: (t) => { for (const l of t.split('\n')) if (l.trim()) onLog(`[temporal] ${l}`); },
    });
    stops.push(temporal.stop);
    await migrate(pgServer.url);
    const prisma = createPrisma(pgServer.url, 2);
    await seed(prisma).finally(() => prisma.$disconnect());
    // One bundle for every worker, as production ships it (npm run build:workflows).
    const bundlePath = path.join(dataDir, 'workflow-bundle.js');
    const { code } = await bundleWorkflowCode({ workflowsPath, logger: { info() {}, warn() {}, error: console.error, debug() {}, trace() {}, log() {} } as never });
    await fs.writeFile(bundlePath, code);

    const env = {
      NODE_ENV: 'development', DATABASE_URL: pgServer.url, TEMPORAL_ADDRESS: temporal.address, TEMPORAL_NAMESPACE: namespace,
      TEMPORAL_TASK_QUEUE: taskQueue, WORKFLOW_BUNDLE_PATH: bundlePath, LOG_LEVEL: o.logLevel ?? 'warn', HOST: '127.0.0.1',
      // One secret for all API instances: a session made on one is valid on the others.
      SESSION_SECRET: randomBytes(32).toString('hex'), DATA_DIR: path.join(dataDir, 'files'),
    };
    const workers = await Promise.all(Array.from({ length: o.workers ?? 2 }, async (_, i): Promise<LayoutProcess> => {
      const p = startProcess(`worker${i + 1}`, 'scripts/worker.ts', env, onLog);
      stops.push(p.stop);
      await pollerUp(temporal.address, namespace, taskQueue, p.child.pid!, p.running, p.tail);
      return { name: `worker${i + 1}`, pid: p.child.pid!, stop: p.stop, running: p.running };
    }));
    const apis = await Promise.all(Array.from({ length: o.apis ?? 2 }, async (_, i): Promise<LayoutProcess> => {
      const port = o.ports?.apis?.[i] ?? (await freePort());
      const p = startProcess(`api${i + 1}`, 'scripts/api.ts', { ...env, PORT: String(port) }, onLog);
      stops.push(p.stop);
      const url = `http://127.0.0.1:${port}`;
      await healthy(url, p.running, p.tail);
      return { name: `api${i + 1}`, pid: p.child.pid!, url, stop: p.stop, running: p.running };
    }));
    return {
      databaseUrl: pgServer.url, temporalAddress: temporal.address, temporalPid: temporal.pid, namespace, taskQueue, apis, workers,
      cores: os.cpus().length, stop: stopAll,
    };
  } catch (e) {
    await stopAll();
    throw e;
  }
}
export type ClusterLayout = Awaited<ReturnType<typeof startClusterLayout>>;
