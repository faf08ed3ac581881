import { Context, log } from '@temporalio/activity';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { calendarUpdatedSignal } from '../workflows/messages.ts';
import { beat } from './heartbeat.ts';

/** Signals sent at once: enough to keep the server busy, few enough not to crowd the other work. */
const CONCURRENCY = 16;

export interface CalendarBatch { signalled: number; closed: number; failed: number; next?: string }

/** One page of the holiday-year fan-out (workflows/calendar-recompute.ts). */
export function calendarActivities(prisma: PrismaClient) {
  return {
    /** Signals the workflows after `after` (by id) that have an open provisional task, up to `limit`. */
    async signalCalendarBatch(q: { year: number; after?: string; limit: number }): Promise<CalendarBatch> {
      const rows = await prisma.task.findMany({
        where: { status: 'OPEN', dueProvisional: true, ...(q.after ? { workflowId: { gt: q.after } } : {}) },
        distinct: ['workflowId'], select: { workflowId: true }, orderBy: { workflowId: 'asc' }, take: q.limit,
      });
      const { client } = Context.current();
      const out: CalendarBatch = { signalled: 0, closed: 0, failed: 0 };
      for (let i = 0; i < rows.length; i += CONCURRENCY) {
        const chunk = rows.slice(i, i + CONCURRENCY);
        const results = await Promise.allSettled(chunk.map((r) => client.workflow.getHandle(r.workflowId).signal(calendarUpdatedSignal, { year: q.year })));
        results.forEach((r, j) => {
          if (r.status === 'fulfilled') out.signalled += 1;
          else if (r.reason instanceof WorkflowNotFoundError) out.closed += 1;
          else {
            out.failed += 1;
            log.warn('calendarUpdated signal failed', { workflowId: chunk[j]!.workflowId, year: q.year, error: String(r.reason) });
          }
        });
        beat({ done: i + chunk.length, of: rows.length });
      }
      return rows.length === q.limit ? { ...out, next: rows.at(-1)!.workflowId } : out;
    },
  };
}
