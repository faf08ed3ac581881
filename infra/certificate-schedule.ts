import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { CERTIFICATE_SCHEDULE_ID, certificateSweepWorkflowId } from '../workflows/workforce-messages.ts';

/**
 * The daily 行政执法证 sweep (workflows/certificate-reminders.ts) as a Temporal Schedule, created
 * once; later calls leave it as it is (an operator may have paused it). The sweep is idempotent,
 * so a missed day is caught up by the next one (catch-up window of a week).
 */
export async function ensureCertificateSchedule(temporal: Client, taskQueue: string): Promise<'created' | 'exists'> {
  try {
    await temporal.schedule.create({
      scheduleId: CERTIFICATE_SCHEDULE_ID,
      spec: { calendars: [{ hour: 7, minute: 0 }], timezone: 'Asia/Shanghai' },
      action: { type: 'startWorkflow', workflowType: 'certificateSweepWorkflow', workflowId: certificateSweepWorkflowId, taskQueue, args: [] },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '7 days' },
      state: { note: '行政执法证到期提醒：每日检查达到提醒日的执法证（CERTIFICATE_EXPIRY_REMINDER）' },
    });
    return 'created';
  } catch (err) {
    if (err instanceof ScheduleAlreadyRunning) return 'exists';
    throw err;
  }
}
