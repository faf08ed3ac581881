import { spawn, type ChildProcess } from 'node:child_process';
import { inject } from 'vitest';
import type { System } from './system.ts';

/** The real worker entry (scripts/worker.ts) as a process of its own, on the system's queue. */
export function startWorkerProcess(sys: System, env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'scripts/worker.ts'], {
    env: {
      ...process.env, DATABASE_URL: sys.databaseUrl, TEMPORAL_ADDRESS: sys.temporalAddress, TEMPORAL_TASK_QUEUE: sys.taskQueue,
      WORKFLOW_BUNDLE_PATH: inject('workflowBundlePath'), TEMPORAL_CODEC_KEYS: inject('codecKeys'), LOG_LEVEL: 'warn', ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
