import type { PrismaClient } from '../generated/prisma/client.ts';
import { computeDue } from '../rules/calendar.ts';
import { computeDueWithPauses } from '../rules/calendar-pauses.ts';
import { deadlineRule, type DeadlineId, type DeadlineOverrides } from '../rules/deadlines.ts';
import { createHolidayCalendar } from '../rules/holiday-calendar.ts';

export interface DueDate { dueAt: string; lastDay: string; provisional: boolean }

export interface DeadlineRequest {
  deadlineId: DeadlineId;
  from: string;
  /** Periods excluded from the clock (检测、检验、鉴定); an open pause runs until `asOf`. */
  pauses?: { from: string; to?: string }[];
  asOf?: string;
}

// Deadlines are computed here, outside the workflow sandbox, so loading a new year of the
// holiday calendar changes future answers without breaking any workflow's determinism.
export function deadlineActivities(prisma: PrismaClient, overrides: DeadlineOverrides = {}) {
  return {
    async computeDeadline(d: DeadlineRequest): Promise<DueDate> {
      const years = await prisma.holidayYear.findMany({ select: { year: true, holidays: true, workdays: true } });
      const calendar = createHolidayCalendar(years);
      const rule = deadlineRule(d.deadlineId, overrides);
      const due = d.pauses?.length
        ? computeDueWithPauses(rule, d.from, d.pauses, calendar, d.asOf)
        : computeDue(rule, d.from, calendar);
      return { dueAt: due.dueAt, lastDay: due.lastDay, provisional: due.provisional };
    },
  };
}
