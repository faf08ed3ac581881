import type { PrismaClient } from '../generated/prisma/client.ts';
import { computeLatestBefore } from '../rules/calendar.ts';
import { deadlineRule, type DeadlineOverrides } from '../rules/deadlines.ts';
import { createHolidayCalendar } from '../rules/holiday-calendar.ts';

// When a 行政执法证 is due its reminder: read by the reminder activity and by the API's workforce pages.

/** The first day on which a certificate ending on `validUntil` is due a reminder (policy row, counted back). */
export async function reminderDays(prisma: PrismaClient, overrides: DeadlineOverrides = {}) {
  const years = await prisma.holidayYear.findMany({ select: { year: true, holidays: true, workdays: true } });
  const calendar = createHolidayCalendar(years);
  const rule = deadlineRule('CERTIFICATE_EXPIRY_REMINDER', overrides);
  return (validUntil: string) => computeLatestBefore(rule, validUntil, calendar).lastDay;
}
