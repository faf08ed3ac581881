// Worker memory per cached open case (issue 18: `worker_mb_per_cached_case`): runs
// bench/workflow-memory.ts (`npm run bench:memory`) as a child process against the bench's
// Temporal server with the bench's workflow bundle, and reads the JSON line it ends with.
// A process of its own, so neither the driver's memory nor the app worker's is counted.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Ctx } from './context.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface MemoryResult {
  /** MB of worker RSS per workflow in the sticky cache, at the last step; null when the measurement failed. */
  mbPerCachedWorkflow: number | null;
  baseRssMb?: number;
  maxCachedWorkflows?: number;
  steps: { open: number; cached: number; rssMb: number; mbPerCachedWorkflow: number }[];
  error?: string;
}

export async function measureWorkerMemory(ctx: Ctx, o: { temporalAddress: string; namespace: string; bundlePath: string }): Promise<MemoryResult> {
  const { memoryWorkflows, memoryStep } = ctx.sizes;
  ctx.log(`memory: ${memoryWorkflows} case workflows on a worker of their own (bench/workflow-memory.ts), RSS every ${memoryStep}`);
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(here, 'workflow-memory.ts'),
      `--address=${o.temporalAddress}`, `--namespace=${o.namespace}`, `--bundle=${o.bundlePath}`,
      `--workflows=${memoryWorkflows}`, `--step=${memoryStep}`, '--json'],
    { cwd: path.resolve(here, '..'), timeout: 10 * 60_000, maxBuffer: 16 * 2 ** 20 }, (err, stdout, stderr) => {
      const last = stdout.trim().split('\n').at(-1) ?? '';
      try {
        const r = JSON.parse(last) as MemoryResult;
        resolve({ mbPerCachedWorkflow: r.mbPerCachedWorkflow, baseRssMb: r.baseRssMb, maxCachedWorkflows: r.maxCachedWorkflows, steps: r.steps });
      } catch {
        const error = (err?.message ?? 'no JSON line') + `\n${stderr.slice(-1000)}`;
        ctx.log(`memory: measurement failed: ${error}`);
        resolve({ mbPerCachedWorkflow: null, steps: [], error });
      } finally {
        process.off('exit', kill);
      }
    });
    // Never outlive the bench (after Ctrl-C it exits before this child would).
    const kill = () => child.kill('SIGKILL');
    process.once('exit', kill);
  });
}
