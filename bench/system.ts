// The system under test: API, app worker and baseline worker, each a child process.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PartConfig } from './process.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface Part { role: PartConfig['role']; pid: number; port?: number; stop(): Promise<void> }

export interface SystemConfig {
  databaseUrl: string;
  temporalAddress: string;
  namespace: string;
  appBundlePath: string;
  baselineBundlePath: string;
  appTaskQueue: string;
  baselineTaskQueue: string;
  log: (line: string) => void;
}

const live = new Set<ChildProcess>();
process.once('exit', () => { for (const c of live) c.kill('SIGKILL'); });

/** One part in a child process; `env` adds to ours (e.g. the evidence store of an upload bench's API). */
export function startPart(cfg: PartConfig, log: (line: string) => void, env: Record<string, string> = {}): Promise<Part> {
  // stdout (request logs) goes nowhere; stderr (warnings, crashes) to our log.
  const child = fork(path.join(here, 'process.ts'), [cfg.role], {
    // BENCH_CPU_PROF=<dir>: each part writes a V8 CPU profile there when it stops (open in Chrome DevTools).
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROF)}`] : [])],
    cwd: path.resolve(here, '..'),
    env: { ...process.env, ...env, ZHIFA_BENCH_PART: JSON.stringify(cfg) }, stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  live.add(child);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
    for (const line of d.toString().split('\n')) if (line.trim()) log(`[${cfg.role}] ${line}`);
  });
  const exited = new Promise<void>((ok) => child.once('exit', () => { live.delete(child); ok(); }));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench ${cfg.role} exited (${code}) before it was ready:\n${stderr}`)));
    child.on('message', (m: { type: string; port?: number; message?: string }) => {
      if (m.type === 'error') reject(new Error(`bench ${cfg.role} failed to start: ${m.message}`));
      if (m.type !== 'ready') return;
      resolve({
        role: cfg.role, pid: child.pid!, port: m.port,
        async stop() {
          if (!live.has(child)) return;
          child.send({ type: 'stop' });
          const kill = setTimeout(() => child.kill('SIGKILL'), 20_000);
          await exited;
          clearTimeout(kill);
        },
      });
    });
  });
}

export async function startParts(c: SystemConfig) {
  const base = { databaseUrl: c.databaseUrl, temporalAddress: c.temporalAddress, namespace: c.namespace, logLevel: process.env.LOG_LEVEL ?? 'info' };
  const started = await Promise.allSettled([
    startPart({ ...base, role: 'api', taskQueue: c.appTaskQueue }, c.log),
    startPart({ ...base, role: 'worker', taskQueue: c.appTaskQueue, bundlePath: c.appBundlePath }, c.log),
    startPart({ ...base, role: 'baseline', taskQueue: c.baselineTaskQueue, bundlePath: c.baselineBundlePath }, c.log),
  ]);
  const parts = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await Promise.all(parts.map((p) => p.stop()));
    throw failed.reason;
  }
  const [api, worker, baseline] = parts as [Part, Part, Part];
  return {
    api, worker, baseline, baseUrl: `http://127.0.0.1:${api.port}`,
    stop: () => Promise.all(parts.map((p) => p.stop())).then(() => undefined),
  };
}
export type BenchSystem = Awaited<ReturnType<typeof startParts>>;
