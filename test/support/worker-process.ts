import { spawn, type ChildProcess } from 'node:child_process';
import { inject } from 'vitest';
import { eventually, type System } from './system.ts';

/** The real worker entry (scripts/worker.ts) as a process of its own, on the system's queue. */
export function startWorkerProcess(sys: System, env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'scripts/worker.ts'], {
    env: {
      ...process.env, DATABASE_URL: sys.databaseUrl, TEMPORAL_ADDRESS: sys.temporalAddress, TEMPORAL_TASK_QUEUE: sys.taskQueue,
      WORKFLOW_BUNDLE_PATH: inject('workflowBundlePath'), LOG_LEVEL: 'warn', ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/**
 * Waits until a worker polls the system's task queue for workflow tasks: before that, requests
 * that wait for a workflow's answer (registration, Updates) get 503 after UPDATE_DEADLINE_MS.
 */
export async function workerPolling(sys: System, timeoutMs = 90_000): Promise<void> {
  await eventually(async () => {
    const r = await sys.temporal.workflowService.describeTaskQueue({
      namespace: 'default', taskQueue: { name: sys.taskQueue, kind: 1 /* NORMAL */ }, taskQueueType: 1, /* WORKFLOW */
    });
    return (r.pollers?.length ?? 0) > 0;
  }, timeoutMs);
}
