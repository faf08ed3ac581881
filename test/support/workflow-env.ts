import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import { createActivities } from '../../activities/index.ts';
import { loadCalendar } from '../../api/services/deadline-view.ts';
import { createPrisma } from '../../infra/db.ts';
import { registerSearchAttributes } from '../../infra/search-attributes.ts';
import { codecDataConverter } from '../../infra/codec-keys.ts';
import { parseCodecKeys } from '../../infra/payload-codec.ts';
import { computeDue } from '../../rules/calendar.ts';
import { deadlineRule, type DeadlineId } from '../../rules/deadlines.ts';

/** The run's payload encryption, as every Zhifa client and worker has it (infra/payload-codec.ts). */
export const testDataConverter = () => codecDataConverter(parseCodecKeys(inject('codecKeys')));

/** A time-skipping Temporal server and a worker running the real activities on the test database. */
export async function startTimeSkipping() {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: inject('testServerPath') } },
    client: { dataConverter: testDataConverter() },
  });
  await registerSearchAttributes(env.connection, env.namespace ?? 'default'); // the case workflow upserts them
  const prisma = createPrisma(inject('databaseUrl'), 4);
  const taskQueue = `wf-${randomUUID()}`;
  return {
    env, prisma, taskQueue,
    /** A fresh worker: one per test, since a worker runs only once. */
    worker: () => Worker.create({
      connection: env.nativeConnection, taskQueue, dataConverter: testDataConverter(), workflowBundle: { codePath: inject('workflowBundlePath') },
      activities: createActivities({ prisma, codecKeys: parseCodecKeys(inject('codecKeys')) }),
    }),
    async stop() {
      await prisma.$disconnect();
      await env.teardown();
    },
  };
}

/**
 * startTimeSkipping plus the holiday calendar held in the test database: the one the activities
 * compute due times with, so a test expects the same instants the workflow sets.
 */
export async function startTimeSkippingWithCalendar() {
  const t = await startTimeSkipping();
  // The caller gets nothing to stop if this throws: stop the server here rather than leak it.
  const cal = await loadCalendar(t.prisma).catch(async (e: unknown) => { await t.stop(); throw e; });
  return {
    ...t, cal,
    /** When a limit starting at `from` runs out, as an ISO string. */
    due: (id: DeadlineId, from: string) => computeDue(deadlineRule(id), from, cal).dueAt,
  };
}

export type TimeSkippingWithCalendar = Awaited<ReturnType<typeof startTimeSkippingWithCalendar>>;
