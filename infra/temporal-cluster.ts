// A Temporal server as production runs it (issue 18 item 10): the real `temporal-server`
// built from go.temporal.io/server, persistence and visibility on PostgreSQL (their own
// databases `temporal` and `temporal_visibility` beside Zhifa's), schemas made by
// temporal-sql-tool. All four services run in one process here; on more machines the same
// config runs one service per process (`start --service=history`, …) or the Helm chart does.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time.js';
import pg from 'pg';
import { createServer } from 'node:net';
import { registerSearchAttributes } from './search-attributes.ts';
import { resolveTemporalServer } from './tools.ts';

const exec = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface TemporalClusterOptions {
  /** Where the server's config and logs go. */
  dir: string;
  /** PostgreSQL to keep Temporal's two databases on (any database of it; credentials reused). */
  postgresUrl: string;
  /** Frontend gRPC port; a free one when omitted. */
  port?: number;
  namespace: string;
  /**
   * Fixed for the life of the cluster (history is partitioned by it, cannot change later).
   * 4 is plenty for one machine; docs/capacity.md sizes it for a province or the country.
   */
  numHistoryShards?: number;
  /** Days a closed workflow's history is kept. */
  retentionDays?: number;
  onLog?: (text: string) => void;
}

export interface TemporalCluster { address: string; namespace: string; pid: number; stop(): Promise<void> }

/** Creates (or brings up to date) one of Temporal's databases with temporal-sql-tool. */
async function schema(sqlTool: string, url: URL, database: string, schemaName: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  let fresh: boolean;
  try {
    if (!(await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])).rowCount) {
      await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(database)}`);
    }
  } finally {
    await admin.end();
  }
  const db = new pg.Client({ connectionString: Object.assign(new URL(url), { pathname: `/${database}` }).toString() });
  await db.connect();
  try {
    fresh = !(await db.query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'schema_version'`)).rowCount;
  } finally {
    await db.end();
  }
  const common = ['--plugin', 'postgres12', '--ep', url.hostname, '-p', url.port || '5432', '-u', decodeURIComponent(url.username),
    '--pw', decodeURIComponent(url.password), '--db', database];
  if (fresh) await exec(sqlTool, [...common, 'setup-schema', '-v', '0.0']);
  await exec(sqlTool, [...common, 'update-schema', '--schema-name', schemaName]); // to the latest version; a no-op when there
}

function config(o: { dir: string; url: URL; shards: number; ports: number[] }): string {
  const [frontend, history, matching, worker, fm, hm, mm, wm, http] = o.ports;
  const store = (database: string, maxConns: number) => `
      sql:
        pluginName: postgres12
        databaseName: ${database}
        connectAddr: "${o.url.hostname}:${o.url.port || 5432}"
        connectProtocol: tcp
        user: ${JSON.stringify(decodeURIComponent(o.url.username))}
        password: ${JSON.stringify(decodeURIComponent(o.url.password))}
        maxConns: ${maxConns}
        maxIdleConns: ${maxConns}
        maxConnLifetime: 1h`;
  const service = (grpc: number, membership: number, extra = '') => `
    rpc:
      grpcPort: ${grpc}
      membershipPort: ${membership}
      bindOnLocalHost: true${extra}`;
  return `# Written by infra/temporal-cluster.ts on every start; edit that file, not this one.
log:
  stdout: true
  level: warn
persistence:
  defaultStore: default
  visibilityStore: visibility
  numHistoryShards: ${o.shards}
  datastores:
    default:${store('temporal', 20)}
    visibility:${store('temporal_visibility', 4)}
global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: 127.0.0.1
services:
  frontend:${service(frontend!, fm!, `\n      httpPort: ${http}`)}
  history:${service(history!, hm!)}
  matching:${service(matching!, mm!)}
  worker:${service(worker!, wm!)}
clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: active
  currentClusterName: active
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: frontend
      rpcAddress: 127.0.0.1:${frontend}
dcRedirectionPolicy:
  policy: noop
dynamicConfigClient:
  filepath: ${JSON.stringify(path.join(o.dir, 'dynamicconfig.yaml'))}
  pollInterval: 10s
`;
}

// What Zhifa relies on beyond the defaults: Update-with-Start (issue 18 item 5), and search
// attributes usable at once after registration (the start-up registers them just before use).
const DYNAMIC_CONFIG = `frontend.enableUpdateWorkflowExecution:
  - value: true
frontend.enableUpdateWorkflowExecutionAsyncAccepted:
  - value: true
frontend.enableExecuteMultiOperation:
  - value: true
system.forceSearchAttributesCacheRefreshOnRead:
  - value: true
`;

// Temporal keeps membership ports in a smallint column: the OS's ephemeral ports (32768+) do not fit.
async function lowPort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const srv = createServer().unref();
      srv.once('error', () => resolve(false));
      srv.listen({ host: '127.0.0.1', port, exclusive: true }, () => srv.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error('no free TCP port below 32768 after 50 attempts');
}

async function answers(address: string): Promise<boolean> {
  const conn = await Connection.connect({ address, connectTimeout: 2_000 }).catch(() => undefined);
  try {
    return !!conn && !!(await conn.workflowService.getSystemInfo({}).catch(() => undefined));
  } finally {
    await conn?.close().catch(() => undefined);
  }
}

async function ensureNamespace(conn: Connection, namespace: string, retentionDays: number): Promise<void> {
  const exists = await conn.workflowService.describeNamespace({ namespace }).then(() => true, () => false);
  if (exists) return;
  await conn.workflowService.registerNamespace({
    namespace, workflowExecutionRetentionPeriod: msToTs(retentionDays * 86_400_000),
    description: 'Zhifa (执法) case workflows',
  }).catch((e: { code?: number }) => {
    if (e.code !== 6) throw e; // ALREADY_EXISTS: registered concurrently
  });
}

export async function startTemporalCluster(opts: TemporalClusterOptions): Promise<TemporalCluster> {
  const { server, sqlTool } = await resolveTemporalServer();
  const url = new URL(opts.postgresUrl);
  await schema(sqlTool, url, 'temporal', 'postgresql/v12/temporal');
  await schema(sqlTool, url, 'temporal_visibility', 'postgresql/v12/visibility');

  const ports = [opts.port ?? (await lowPort())];
  while (ports.length < 9) {
    const p = await lowPort();
    if (!ports.includes(p)) ports.push(p);
  }
  const configDir = path.join(opts.dir, 'config');
  await fs.mkdir(configDir, { recursive: true });
  await fs.writeFile(path.join(configDir, 'zhifa.yaml'), config({ dir: configDir, url, shards: opts.numHistoryShards ?? 4, ports }));
  await fs.writeFile(path.join(configDir, 'dynamicconfig.yaml'), DYNAMIC_CONFIG);

  const child = spawn(server, ['--root', opts.dir, '--config', 'config', '--env', 'zhifa', '--allow-no-auth', 'start'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let stopping = false;
  const onData = (d: Buffer) => {
    output = (output + d.toString()).slice(-8000);
    if (!stopping) opts.onLog?.(d.toString());
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<string>((resolve) => {
    child.once('error', (e) => resolve(e.message));
    child.once('exit', (code, signal) => resolve(`exited with ${signal ?? code}`));
  });
  let gone = false;
  void exited.then(() => (gone = true));
  const onExit = () => child.kill('SIGKILL');
  process.once('exit', onExit);
  let stopped: Promise<void> | undefined;
  const stop = () => (stopped ??= (async () => {
    stopping = true;
    process.off('exit', onExit);
    if (gone) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  })());

  const address = `127.0.0.1:${ports[0]}`;
  try {
    for (const deadline = Date.now() + 180_000; !(await answers(address)); await sleep(500)) {
      if (gone) throw new Error(`temporal-server ${await exited} before answering:\n${output}`);
      if (Date.now() > deadline) throw new Error(`temporal-server did not answer on ${address} within 180s:\n${output}`);
    }
    const conn = await Connection.connect({ address });
    try {
      await ensureNamespace(conn, opts.namespace, opts.retentionDays ?? 30);
      // The frontend learns of a new namespace on its next cache refresh (about 10s).
      for (let i = 0; ; i++) {
        try {
          await registerSearchAttributes(conn, opts.namespace);
          break;
        } catch (e) {
          if ((e as { code?: number }).code !== 5 || i >= 60) throw e;
          await sleep(1000);
        }
      }
    } finally {
      await conn.close();
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { address, namespace: opts.namespace, pid: child.pid!, stop };
}
