import type { PrismaClient } from '../../generated/prisma/client.ts';
import { daysLeft, type HolidayCalendar } from '../../rules/calendar.ts';
import { DEADLINES, isDeadlineId } from '../../rules/deadlines.ts';
import { createHolidayCalendar } from '../../rules/holiday-calendar.ts';

export async function loadCalendar(prisma: PrismaClient): Promise<HolidayCalendar> {
  return createHolidayCalendar(await prisma.holidayYear.findMany({ select: { year: true, holidays: true, workdays: true } }));
}

/** Days left counted the way the law counts this limit (working or calendar days). */
export function remaining(calendar: HolidayCalendar, dueAt: Date | null, deadlineId: string | null, now = new Date()) {
  if (!dueAt) return null;
  const rule = deadlineId && isDeadlineId(deadlineId) ? DEADLINES[deadlineId] : undefined;
  const unit = rule?.unit === 'WORKING_DAY' ? 'WORKING_DAY' : 'CALENDAR_DAY';
  const n = daysLeft(dueAt.toISOString(), now, unit, calendar);
  const word = unit === 'WORKING_DAY' ? '个工作日' : '日';
  return { days: n, text: n < 0 ? `已超期 ${-n}${word}` : `剩余 ${n}${word}`, overdue: n < 0, source: rule ? `${rule.source.instrument}${rule.source.article}` : undefined };
}
