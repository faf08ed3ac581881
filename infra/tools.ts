// Resolves (and if needed builds) the two Temporal binaries used by dev, tests
// and benchmarks. The SDK's own downloads come from temporal.download, which
// this project's machines cannot reach, so we build from the registries we can.
import { spawn } from 'node:child_process';
import { constants as fsc } from 'node:fs';
import fs from 'node:fs/promises';
import { connect } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './ports.ts';

export const TEMPORAL_CLI_VERSION = 'v1.5.1'; // later tags carry a replace directive `go install` rejects
export const TEST_SERVER_VERSION = '1.38.0';
/** SeaweedFS (Apache-2.0), the S3 server the evidence store's S3 backend is tested against (issue 22). */
export const SEAWEEDFS_MODULE = 'github.com/seaweedfs/seaweedfs';
export const SEAWEEDFS_VERSION = 'v0.0.0-20261109003541-7506e5f91cd6';
/** The Temporal server and its SQL schema tool for `npm run cluster` (the version the dev server embeds). */
export const TEMPORAL_SERVER_MODULE = 'go.temporal.io/server';
export const TEMPORAL_SERVER_VERSION = 'v1.29.1';
const DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1';
const TEST_SERVER_RECIPE = 2; // bump when pom() or wrapper() change, so existing builds are redone

/** What `@temporalio/testing` accepts as `server.executable`. */
export type ServerExecutable = { type: 'existing-path'; path: string } | { type: 'cached-download' };

export const projectRoot = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const toolsDir = path.join(projectRoot, '.tools');
const cliPath = path.join(toolsDir, 'bin', 'temporal');
const cliStamp = `${cliPath}.version`;
const tsDir = path.join(toolsDir, 'test-server');
const weedPath = path.join(toolsDir, 'bin', 'weed');
const weedStamp = `${weedPath}.version`;
const tsWrapper = path.join(tsDir, 'temporal-test-server');
// Versioned names: .tools is shared between checkouts, and two versions may be in use at once.
const serverPath = path.join(toolsDir, 'bin', `temporal-server-${TEMPORAL_SERVER_VERSION}`);
const sqlToolPath = path.join(toolsDir, 'bin', `temporal-sql-tool-${TEMPORAL_SERVER_VERSION}`);
const tsStamp = path.join(tsDir, 'stamp.json');

class ToolchainMissing extends Error {}

const log = (msg: string) => process.stderr.write(`[tools] ${msg}\n`);

async function isExecutable(p: string): Promise<boolean> {
  try {
    const st = await fs.stat(p);
    await fs.access(p, fsc.X_OK);
    return st.isFile();
  } catch {
    return false;
  }
}

async function which(cmd: string, extraDirs: string[] = []): Promise<string | undefined> {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), ...extraDirs].filter(Boolean);
  for (const d of dirs) {
    const p = path.join(d, cmd);
    if (await isExecutable(p)) return fs.realpath(p);
  }
  return undefined;
}

async function fromEnv(name: string): Promise<string | undefined> {
  const v = process.env[name];
  if (!v) return undefined;
  const abs = path.resolve(v);
  if (!(await isExecutable(abs))) throw new Error(`${name}=${v} does not point to an executable file`);
  return abs;
}

// "pid starttime": a pid alone may have been reused since the lock was written.
async function processId(pid: number): Promise<string | undefined> {
  const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (stat) return `${pid} ${stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]}`;
  try {
    process.kill(pid, 0); // no /proc (not Linux): fall back to "the pid exists"
    return String(pid);
  } catch {
    return undefined;
  }
}

// Cross-process mutex via exclusive create; a lock left by a dead process is taken over.
async function withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
  await fs.mkdir(toolsDir, { recursive: true });
  const lock = path.join(toolsDir, `.${name}.lock`);
  const me = (await processId(process.pid)) ?? String(process.pid);
  let announced = false;
  for (;;) {
    try {
      await fs.writeFile(lock, me, { flag: 'wx' });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = (await fs.readFile(lock, 'utf8').catch(() => '')).trim();
      const pid = Number(holder.split(' ')[0]);
      const age = Date.now() - ((await fs.stat(lock).catch(() => undefined))?.mtimeMs ?? Date.now());
      if (holder ? !pid || (await processId(pid)) !== holder : age > 10_000) {
        await fs.rm(lock, { force: true }); // holder died (e.g. Ctrl-C during a build)
        continue;
      }
      if (!announced) log(`waiting for another process (pid ${pid || '?'}) that is building ${name}…`);
      announced = true;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  try {
    // Holding the lock, any leftover scratch dirs are from interrupted builds.
    for (const entry of await fs.readdir(toolsDir)) {
      if (/\.(tmp|old)-\d+$/.test(entry)) await fs.rm(path.join(toolsDir, entry), { recursive: true, force: true });
    }
    return await fn();
  } finally {
    await fs.rm(lock, { force: true });
  }
}

// Runs a build step with its output streamed to our stderr and a heartbeat, since it may take minutes.
function run(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; what: string }): Promise<void> {
  const started = Date.now();
  const beat = setInterval(() => log(`still ${opts.what} (${Math.round((Date.now() - started) / 1000)}s)…`), 30_000);
  return new Promise<void>((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 2, 2] });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${opts.what} failed: \`${cmd} ${args.join(' ')}\` exited with ${signal ?? code}`)),
    );
  }).finally(() => clearInterval(beat));
}

async function readStamp(p: string): Promise<string | undefined> {
  return fs.readFile(p, 'utf8').then((s) => s.trim(), () => undefined);
}

async function builtCli(): Promise<string | undefined> {
  if (!(await isExecutable(cliPath))) return undefined;
  const stamp = await readStamp(cliStamp);
  // A binary placed there by hand (no stamp) is trusted; ours must match the pinned version.
  return stamp === undefined || stamp === TEMPORAL_CLI_VERSION ? cliPath : undefined;
}

async function buildCli(): Promise<string> {
  const go = await which('go', ['/usr/local/go/bin']);
  if (!go) throw new ToolchainMissing('Go toolchain not found: set TEMPORAL_CLI_PATH or install Go (https://go.dev/dl)');
  return withLock('temporal-cli', async () => {
    const done = await builtCli();
    if (done) return done;
    const tmpBin = path.join(toolsDir, `bin.tmp-${process.pid}`);
    await fs.rm(tmpBin, { recursive: true, force: true });
    const started = Date.now();
    const pkg = `github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`;
    log(`building Temporal CLI: go install ${pkg}`);
    log('this compiles the whole Temporal server and takes several minutes on 2 cores (first time only)');
    try {
      await run(go, ['install', pkg], { env: { ...process.env, GOBIN: tmpBin }, what: 'building the Temporal CLI' });
      await fs.mkdir(path.dirname(cliPath), { recursive: true });
      await fs.rename(path.join(tmpBin, 'temporal'), cliPath); // atomic: readers never see a partial binary
      await fs.writeFile(cliStamp, `${TEMPORAL_CLI_VERSION}\n`);
    } finally {
      await fs.rm(tmpBin, { recursive: true, force: true });
    }
    log(`Temporal CLI ready at ${cliPath} (built in ${Math.round((Date.now() - started) / 1000)}s)`);
    return cliPath;
  });
}

async function builtWeed(): Promise<string | undefined> {
  if (!(await isExecutable(weedPath))) return undefined;
  const stamp = await readStamp(weedStamp);
  return stamp === undefined || stamp === SEAWEEDFS_VERSION ? weedPath : undefined;
}

function output(cmd: string, args: string[], cwd?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 2] });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`\`${cmd} ${args.join(' ')}\` exited with ${code}`))));
  });
}

// `go install …/weed@version` refuses the module (its go.mod has replace directives), so the
// pinned module is fetched from the Go module proxy and built in place, where those apply.
async function buildWeed(): Promise<string> {
  const go = await which('go', ['/usr/local/go/bin']);
  if (!go) throw new ToolchainMissing('Go toolchain not found: set WEED_PATH or install Go (https://go.dev/dl)');
  return withLock('seaweedfs', async () => {
    const done = await builtWeed();
    if (done) return done;
    const started = Date.now();
    const mod = `${SEAWEEDFS_MODULE}@${SEAWEEDFS_VERSION}`;
    log(`building SeaweedFS: go mod download ${mod} && go build ./weed`);
    log('this compiles SeaweedFS and takes 10–40 minutes on 2 cores (first time only)');
    const { Dir } = JSON.parse(await output(go, ['mod', 'download', '-json', mod])) as { Dir: string };
    const tmp = `${weedPath}.tmp-${process.pid}`;
    try {
      await fs.mkdir(path.dirname(weedPath), { recursive: true });
      await run(go, ['build', '-o', tmp, './weed'], { cwd: Dir, what: 'building SeaweedFS' });
      await fs.rename(tmp, weedPath);
      await fs.writeFile(weedStamp, `${SEAWEEDFS_VERSION}\n`);
    } finally {
      await fs.rm(tmp, { force: true });
    }
    log(`SeaweedFS ready at ${weedPath} (built in ${Math.round((Date.now() - started) / 1000)}s)`);
    return weedPath;
  });
}

export interface TemporalServerTools { server: string; sqlTool: string }

async function builtTemporalServer(): Promise<TemporalServerTools | undefined> {
  return (await isExecutable(serverPath)) && (await isExecutable(sqlToolPath)) ? { server: serverPath, sqlTool: sqlToolPath } : undefined;
}

// Built in the downloaded module like SeaweedFS (a module's replace directives only apply there);
// both from one `go build`, which shares most packages with the CLI's, already in Go's build cache.
async function buildTemporalServer(): Promise<TemporalServerTools> {
  const go = await which('go', ['/usr/local/go/bin']);
  if (!go) throw new ToolchainMissing('Go toolchain not found: set TEMPORAL_SERVER_PATH and TEMPORAL_SQL_TOOL_PATH or install Go (https://go.dev/dl)');
  return withLock('temporal-server', async () => {
    const done = await builtTemporalServer();
    if (done) return done;
    const started = Date.now();
    const mod = `${TEMPORAL_SERVER_MODULE}@${TEMPORAL_SERVER_VERSION}`;
    log(`building the Temporal server: go mod download ${mod} && go build ./cmd/server ./cmd/tools/sql`);
    log('this takes about 10 minutes on 2 cores (first time only)');
    const { Dir } = JSON.parse(await output(go, ['mod', 'download', '-json', mod])) as { Dir: string };
    const tmp = path.join(toolsDir, `temporal-server.tmp-${process.pid}`);
    try {
      await fs.mkdir(tmp, { recursive: true });
      await run(go, ['build', '-o', `${tmp}/`, './cmd/server', './cmd/tools/sql'], { cwd: Dir, what: 'building the Temporal server' });
      await fs.mkdir(path.dirname(serverPath), { recursive: true });
      await fs.rename(path.join(tmp, 'sql'), sqlToolPath);
      await fs.rename(path.join(tmp, 'server'), serverPath); // last: its presence means "built"
    } finally {
      await fs.rm(tmp, { recursive: true, force: true });
    }
    log(`Temporal server ready at ${serverPath} (built in ${Math.round((Date.now() - started) / 1000)}s)`);
    return { server: serverPath, sqlTool: sqlToolPath };
  });
}

/** The Temporal server and temporal-sql-tool: $TEMPORAL_SERVER_PATH / $TEMPORAL_SQL_TOOL_PATH, else .tools/bin, else built with Go. */
export function resolveTemporalServer(): Promise<TemporalServerTools> {
  return (memoServer ??= (async () => {
    const [server, sqlTool] = [await fromEnv('TEMPORAL_SERVER_PATH'), await fromEnv('TEMPORAL_SQL_TOOL_PATH')];
    if (server && sqlTool) return { server, sqlTool };
    return (await builtTemporalServer()) ?? (await buildTemporalServer());
  })()).catch((e: unknown) => { memoServer = undefined; throw e; });
}
let memoServer: Promise<TemporalServerTools> | undefined;

async function builtTestServer(): Promise<string | undefined> {
  if (!(await isExecutable(tsWrapper))) return undefined;
  const raw = await readStamp(tsStamp);
  if (raw === undefined) return tsWrapper; // hand-made wrapper: trust it
  try {
    const stamp = JSON.parse(raw) as { version?: string; recipe?: number; java?: string };
    if (stamp.version !== TEST_SERVER_VERSION || stamp.recipe !== TEST_SERVER_RECIPE) return undefined;
    if (!stamp.java || !(await isExecutable(stamp.java))) return undefined;
    return tsWrapper;
  } catch {
    return undefined;
  }
}

function pom(): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- Generated by infra/tools.ts: only used to fetch the test server and its runtime deps. -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.zhifa</groupId>
  <artifactId>temporal-test-server-runtime</artifactId>
  <version>0</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>io.temporal</groupId>
      <artifactId>temporal-test-server</artifactId>
      <version>${TEST_SERVER_VERSION}</version>
    </dependency>
    <!-- Silences SLF4J's "no binding" warning on every start (matches the server's slf4j-api 1.7). -->
    <dependency>
      <groupId>org.slf4j</groupId>
      <artifactId>slf4j-nop</artifactId>
      <version>1.7.36</version>
    </dependency>
  </dependencies>
</project>
`;
}

// The SDK runs `<exe> <port> [extraArgs…]` and SIGKILLs it on teardown, so we must `exec`
// (no shell left behind holding the JVM) and pass arguments through untouched.
function wrapper(java: string): string {
  return `#!/bin/sh
# Generated by infra/tools.ts: Temporal time-skipping test server ${TEST_SERVER_VERSION} (Maven Central).
# Usage: temporal-test-server <port> [--enable-time-skipping]
dir=$(dirname "$(readlink -f "$0")")
cds=
# The class-data archive roughly halves JVM start-up; the SDK gives the server only ~5s to answer.
[ -f "$dir/app.jsa" ] && cds="-XX:SharedArchiveFile=$dir/app.jsa -Xlog:cds=off -Xlog:cds+dynamic=off"
exec "${java}" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC $cds $TEMPORAL_TEST_SERVER_JAVA_OPTS \\
  -cp "$dir/lib/*" io.temporal.testserver.TestServer "$@"
`;
}

function waitForPort(port: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve) => {
    const attempt = () => {
      const sock = connect({ host: '127.0.0.1', port });
      sock.once('connect', () => (sock.destroy(), resolve(true)));
      sock.once('error', () => {
        sock.destroy();
        if (Date.now() > deadline) resolve(false);
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

// Start the built server once: proves it runs on this JVM and records a class-data archive.
async function smokeTestAndTrain(): Promise<void> {
  const port = await freePort();
  const jsaTmp = path.join(tsDir, `app.jsa.tmp-${process.pid}`);
  const child = spawn(tsWrapper, [String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, TEMPORAL_TEST_SERVER_JAVA_OPTS: `-XX:ArchiveClassesAtExit=${jsaTmp} -Xlog:cds=off -Xlog:cds+dynamic=off` },
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const up = await Promise.race([waitForPort(port, 60_000), exited.then(() => false)]);
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  await exited;
  clearTimeout(killer);
  if (!up) throw new Error(`temporal-test-server ${TEST_SERVER_VERSION} did not start listening on port ${port}:\n${stderr}`);
  try {
    await fs.rename(jsaTmp, path.join(tsDir, 'app.jsa'));
  } catch {
    await fs.rm(jsaTmp, { force: true });
    log('note: no class-data archive was written; the test server will just start a bit slower');
  }
}

async function buildTestServer(): Promise<string> {
  const mvn = await which('mvn');
  const java = process.env.JAVA_HOME && (await isExecutable(path.join(process.env.JAVA_HOME, 'bin', 'java')))
    ? await fs.realpath(path.join(process.env.JAVA_HOME, 'bin', 'java'))
    : await which('java');
  if (!mvn || !java) {
    throw new ToolchainMissing(
      `${!java ? 'Java' : 'Maven (mvn)'} not found: set TEMPORAL_TEST_SERVER_PATH or install a JDK 17+ and Maven`,
    );
  }
  return withLock('test-server', async () => {
    const done = await builtTestServer();
    if (done) return done;
    const tmp = path.join(toolsDir, `test-server.tmp-${process.pid}`);
    const started = Date.now();
    log(`fetching Temporal test server io.temporal:temporal-test-server:${TEST_SERVER_VERSION} from Maven Central (about a minute)`);
    await fs.rm(tmp, { recursive: true, force: true });
    await fs.mkdir(tmp, { recursive: true });
    try {
      await fs.writeFile(path.join(tmp, 'pom.xml'), pom());
      // The pom depends on the artifact, so copy-dependencies includes the artifact itself.
      await run(mvn, ['-B', '-ntp', '-Dstyle.color=never', `${DEPENDENCY_PLUGIN}:copy-dependencies`, '-DincludeScope=runtime', `-DoutputDirectory=${path.join(tmp, 'lib')}`], {
        cwd: tmp,
        what: 'fetching the Temporal test server with Maven',
      });
      await fs.writeFile(path.join(tmp, 'temporal-test-server'), wrapper(java), { mode: 0o755 });
      await fs.writeFile(path.join(tmp, 'stamp.json'), JSON.stringify({ version: TEST_SERVER_VERSION, recipe: TEST_SERVER_RECIPE, java }) + '\n');
      // A stale copy (other version/JVM) is moved aside, then the new one swapped in atomically.
      const old = path.join(toolsDir, `test-server.old-${process.pid}`);
      await fs.rename(tsDir, old).catch(() => undefined);
      await fs.rename(tmp, tsDir);
      await fs.rm(old, { recursive: true, force: true });
    } finally {
      await fs.rm(tmp, { recursive: true, force: true });
    }
    log('checking that the test server starts (and recording a class-data archive for faster starts)');
    // A server that cannot start must not be left looking "built".
    await smokeTestAndTrain().catch(async (e) => {
      await fs.rm(tsDir, { recursive: true, force: true });
      throw e;
    });
    log(`Temporal test server ready at ${tsWrapper} (built in ${Math.round((Date.now() - started) / 1000)}s)`);
    return tsWrapper;
  });
}

const memo = new Map<string, Promise<string>>();
function once(key: string, fn: () => Promise<string>): Promise<string> {
  let p = memo.get(key);
  if (!p) {
    p = fn();
    memo.set(key, p);
    p.catch(() => memo.delete(key));
  }
  return p;
}

/** Absolute path to the `temporal` CLI: $TEMPORAL_CLI_PATH, else .tools/bin/temporal, else built with Go. */
export function resolveTemporalCli(): Promise<string> {
  return once('cli', async () => (await fromEnv('TEMPORAL_CLI_PATH')) ?? (await builtCli()) ?? (await buildCli()));
}

/** Absolute path to the time-skipping test server: $TEMPORAL_TEST_SERVER_PATH, else .tools/test-server, else built with Maven. */
export function resolveTestServer(): Promise<string> {
  return once('ts', async () => (await fromEnv('TEMPORAL_TEST_SERVER_PATH')) ?? (await builtTestServer()) ?? (await buildTestServer()));
}

/** Absolute path to SeaweedFS's `weed`: $WEED_PATH, else .tools/bin/weed, else built with Go. */
export function resolveWeed(): Promise<string> {
  return once('weed', async () => (await fromEnv('WEED_PATH')) ?? (await builtWeed()) ?? (await buildWeed()));
}

async function executable(resolve: () => Promise<string>, what: string): Promise<ServerExecutable> {
  try {
    return { type: 'existing-path', path: await resolve() };
  } catch (e) {
    if (!(e instanceof ToolchainMissing)) throw e;
    log(`${e.message}; falling back to the SDK's download of the ${what} (needs access to temporal.download)`);
    return { type: 'cached-download' };
  }
}

/** `server.executable` for `TestWorkflowEnvironment.createLocal` (dev server). */
export function temporalCliExecutable(): Promise<ServerExecutable> {
  return executable(resolveTemporalCli, 'Temporal CLI');
}

/** `server.executable` for `TestWorkflowEnvironment.createTimeSkipping`. */
export function testServerExecutable(): Promise<ServerExecutable> {
  return executable(resolveTestServer, 'time-skipping test server');
}
