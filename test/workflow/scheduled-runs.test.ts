import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordHistory } from '../support/record-history.ts';
import { startTimeSkipping } from '../support/workflow-env.ts';

// The two workflow types a Temporal Schedule or an admin action starts (no person waits in them): run on the
// time-skipping server with the real activities, so the replay suite holds a history of each.
let t: Awaited<ReturnType<typeof startTimeSkipping>>;
beforeAll(async () => { t = await startTimeSkipping(); });
afterAll(async () => t?.stop());

describe('scheduled runs', () => {
  it('the daily audit anchor records every chain head', async () => {
    await (await t.worker()).runUntil(async () => {
      const workflowId = `audit-anchor-${randomUUID()}`;
      const { anchorId } = await t.env.client.workflow.execute('auditAnchorWorkflow', { args: [], workflowId, taskQueue: t.taskQueue }) as { anchorId: string };
      const rows = await t.prisma.$queryRaw<{ id: bigint }[]>`SELECT id FROM "AuditAnchor" WHERE id = ${BigInt(anchorId)}`;
      expect(rows).toHaveLength(1);
      await recordHistory(t.env.client, 'audit-anchor/daily', workflowId);
    });
  });

  it('a loaded holiday year tells every workflow with a provisional limit, page by page', async () => {
    const listed = await t.prisma.task.findMany({ where: { status: 'OPEN', dueProvisional: true }, distinct: ['workflowId'], select: { workflowId: true } });
    await (await t.worker()).runUntil(async () => {
      const workflowId = `calendar-recompute-test-${randomUUID()}`;
      const progress = await t.env.client.workflow.execute('calendarRecomputeWorkflow', { args: [{ year: 2031 }], workflowId, taskQueue: t.taskQueue }) as
        { signalled: number; closed: number; failed: number; done: boolean };
      expect(progress.done).toBe(true);
      expect(progress.signalled + progress.closed + progress.failed).toBe(listed.length);
      await recordHistory(t.env.client, 'calendar-recompute/year-loaded', workflowId);
    });
  });
});
