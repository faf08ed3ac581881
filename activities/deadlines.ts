import type { PrismaClient } from '../generated/prisma/client.ts';
import { computeDue } from '../rules/calendar.ts';
import { deadlineRule, type DeadlineId, type DeadlineOverrides } from '../rules/deadlines.ts';
import { createHolidayCalendar } from '../rules/holiday-calendar.ts';

export interface DueDate { dueAt: string; lastDay: string; provisional: boolean }

// Deadlines are computed here, outside the workflow sandbox, so loading a new year of the
// holiday calendar changes future answers without breaking any workflow's determinism.
export function deadlineActivities(prisma: PrismaClient, overrides: DeadlineOverrides = {}) {
  return {
    async computeDeadline(d: { deadlineId: DeadlineId; from: string }): Promise<DueDate> {
      const years = await prisma.holidayYear.findMany({ select: { year: true, holidays: true, workdays: true } });
      const due = computeDue(deadlineRule(d.deadlineId, overrides), d.from, createHolidayCalendar(years));
      return { dueAt: due.dueAt, lastDay: due.lastDay, provisional: due.provisional };
    },
  };
}
