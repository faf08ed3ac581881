import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { AUDIT_ANCHOR_SCHEDULE_ID } from '../workflows/audit-anchor.ts';

/**
 * The daily anchor of the audit chains (docs/audit-chain.md) as a Temporal Schedule, created
 * once; later calls leave it as it is. A missed day is taken by the next run: one anchor covers
 * every event up to the heads it records.
 */
export async function ensureAuditAnchorSchedule(temporal: Client, taskQueue: string): Promise<'created' | 'exists'> {
  try {
    await temporal.schedule.create({
      scheduleId: AUDIT_ANCHOR_SCHEDULE_ID,
      spec: { calendars: [{ hour: 0, minute: 5 }], timezone: 'Asia/Shanghai' },
      action: { type: 'startWorkflow', workflowType: 'auditAnchorWorkflow', workflowId: 'audit-anchor-daily', taskQueue, args: [] },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
      state: { note: '全过程记录锚定：每日汇总各单位审计哈希链的链头，生成相互链接的锚定根' },
    });
    return 'created';
  } catch (err) {
    if (err instanceof ScheduleAlreadyRunning) return 'exists';
    throw err;
  }
}
