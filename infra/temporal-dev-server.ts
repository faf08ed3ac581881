// A Temporal dev server (`temporal server start-dev`) with its state in a SQLite file,
// so a restart of `npm run dev` keeps running workflows.
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { freePort } from './ports.ts';
import { devServerSearchAttributeArgs } from './search-attributes.ts';
import { resolveTemporalCli } from './tools.ts';

export interface TemporalDevServerOptions {
  /** SQLite file holding the server state (created if missing). */
  dbFile: string;
  /** gRPC port; a free one is picked when omitted. */
  port?: number;
  /** Web UI port; a free one is picked when omitted. */
  uiPort?: number;
  /** Namespace created at start-up (besides "default", which always exists). */
  namespace?: string;
  /** Where the UI sends payloads to be decoded (Zhifa's /codec, api/routes/codec.ts); none by default. */
  uiCodecEndpoint?: string;
  /** How long to wait for the server to answer; default 60s. */
  startTimeoutMs?: number;
  /** Receives the server's stderr (warnings and errors); default: our stderr, prefixed. */
  onLog?: (text: string) => void;
}

export interface TemporalDevServer {
  /** host:port for Connection.connect / NativeConnection.connect. */
  address: string;
  uiUrl: string;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitGone(pid: number, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(100)) if (!alive(pid)) return true;
  return !alive(pid);
}

// Two servers on one SQLite file corrupt each other's view of it. A server left running
// by a killed run (its recorded owner is gone) is stopped; one with a live owner is an error.
async function clearStaleServer(pidFile: string, dbFile: string): Promise<void> {
  const [serverPid, ownerPid] = (await fs.readFile(pidFile, 'utf8').catch(() => '')).trim().split(/\s+/).map(Number);
  if (!serverPid || !alive(serverPid)) return;
  const cmdline = (await fs.readFile(`/proc/${serverPid}/cmdline`, 'utf8').catch(() => '')).split('\0');
  if (!cmdline.includes('start-dev') || !cmdline.includes(dbFile)) return; // pid reused
  const stat = await fs.readFile(`/proc/${serverPid}/stat`, 'utf8').catch(() => '');
  const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  if (ownerPid && ppid === ownerPid && alive(ownerPid)) {
    throw new Error(`a Temporal dev server for ${dbFile} is already running (pid ${serverPid}, owned by pid ${ownerPid})`);
  }
  process.stderr.write(`[temporal] stopping orphaned dev server pid ${serverPid} left by a killed run\n`);
  process.kill(serverPid, 'SIGTERM');
  if (!(await waitGone(serverPid, 15_000))) {
    process.kill(serverPid, 'SIGKILL');
    await waitGone(serverPid, 5_000);
  }
}

async function answers(address: string, namespace: string): Promise<boolean> {
  let conn: Connection | undefined;
  try {
    conn = await Connection.connect({ address, connectTimeout: 2_000 });
    await conn.workflowService.getSystemInfo({});
    // The namespace is registered just after the frontend starts serving.
    await conn.workflowService.describeNamespace({ namespace });
    return true;
  } catch {
    return false;
  } finally {
    await conn?.close().catch(() => undefined);
  }
}

/**
 * Starts the dev server, retrying when a port is still held (a server restarted on the same
 * port, or another process taking a free port between our check and the server's bind).
 */
export async function startTemporalDevServer(opts: TemporalDevServerOptions): Promise<TemporalDevServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(opts);
    } catch (err) {
      if (attempt >= 5 || !/address already in use/.test(String((err as Error).message))) throw err;
      await sleep(1000 * attempt);
    }
  }
}

async function startOnce(opts: TemporalDevServerOptions): Promise<TemporalDevServer> {
  const dbFile = path.resolve(opts.dbFile);
  const namespace = opts.namespace ?? 'default';
  const port = opts.port ?? (await freePort());
  const uiPort = opts.uiPort ?? (await freePort());
  const httpPort = await freePort();
  const pidFile = `${dbFile}.pid`;
  const cli = await resolveTemporalCli();
  await fs.mkdir(path.dirname(dbFile), { recursive: true });
  await clearStaleServer(pidFile, dbFile);

  const args = ['server', 'start-dev', '--db-filename', dbFile, '--ip', '127.0.0.1', '--port', String(port),
    '--ui-port', String(uiPort), '--http-port', String(httpPort), '--namespace', namespace, '--log-level', 'warn',
    ...devServerSearchAttributeArgs(),
    ...(opts.uiCodecEndpoint ? ['--ui-codec-endpoint', opts.uiCodecEndpoint] : [])];
  const child = spawn(cli, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let stopping: Promise<void> | undefined;
  const log = opts.onLog ?? ((t: string) => process.stderr.write(t.replace(/^(?=.)/gm, '[temporal] ')));
  const keep = (d: Buffer) => (output = (output + d.toString()).slice(-8000));
  child.stdout!.on('data', keep); // only the start-up banner; we report address and UI ourselves
  child.stderr!.on('data', (d: Buffer) => {
    keep(d);
    if (!stopping) log(d.toString()); // shutdown always logs a burst of harmless connection errors
  });
  const exited = new Promise<string>((resolve) => {
    child.once('error', (e) => resolve(e.message));
    child.once('exit', (code, signal) => resolve(`exited with ${signal ?? code}`));
  });
  let gone = false;
  void exited.then(() => (gone = true));
  // Safety net: a parent that exits without stop() must not leave the server behind.
  const onExit = () => child.kill('SIGTERM');
  process.once('exit', onExit);
  if (child.pid) await fs.writeFile(pidFile, `${child.pid} ${process.pid}\n`);

  const stop = () =>
    (stopping ??= (async () => {
      process.off('exit', onExit);
      if (!gone) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      await fs.rm(pidFile, { force: true });
    })());

  const address = `127.0.0.1:${port}`;
  const deadline = Date.now() + (opts.startTimeoutMs ?? 60_000);
  for (;;) {
    if (gone) {
      await stop();
      throw new Error(`temporal dev server (${cli} ${args.join(' ')}) ${await exited} before answering:\n${output}`);
    }
    if (await answers(address, namespace)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`temporal dev server did not answer on ${address} within ${opts.startTimeoutMs ?? 60_000}ms:\n${output}`);
    }
    await sleep(250);
  }
  return { address, uiUrl: `http://127.0.0.1:${uiPort}`, stop };
}
