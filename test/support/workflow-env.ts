import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import { createActivities } from '../../activities/index.ts';
import { createPrisma } from '../../infra/db.ts';

/** A time-skipping Temporal server and a worker running the real activities on the test database. */
export async function startTimeSkipping() {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: inject('testServerPath') } },
  });
  const prisma = createPrisma(inject('databaseUrl'), 4);
  const taskQueue = `wf-${randomUUID()}`;
  return {
    env, prisma, taskQueue,
    /** A fresh worker: one per test, since a worker runs only once. */
    worker: () => Worker.create({
      connection: env.nativeConnection, taskQueue, workflowBundle: { codePath: inject('workflowBundlePath') },
      activities: createActivities({ prisma }),
    }),
    async stop() {
      await prisma.$disconnect();
      await env.teardown();
    },
  };
}
