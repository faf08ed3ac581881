// Spreads a year's inspections over its working days (issue 9). Pure: the holiday calendar
// comes in as data (rules/calendar.ts), so the same plan gives the same dates wherever the
// schedule is computed. Key enterprises keep a fixed cycle (perYear checks, evenly apart),
// random checks fill the year evenly; each enterprise's checks are staggered so that not
// every key enterprise is visited on the same day.
import type { HolidayCalendar } from './calendar.ts';
import { addDays, yearOf, type IsoDate } from './iso-date.ts';

export interface ScheduleItem {
  /** Stable reference of the check within the plan (`key-<enterpriseId>-<n>`, `random-<n>`). */
  ref: string;
  kind: 'KEY' | 'RANDOM';
  enterpriseId: string;
  officerIds: string[];
  expertId: string | null;
}

export interface ScheduledCheck extends ScheduleItem { date: IsoDate }

/** Working days of `year` from `from` (inclusive) to 31 December, on the State Council calendar. */
export function workingDaysFrom(year: number, from: IsoDate, calendar: HolidayCalendar): IsoDate[] {
  const first = from > `${year}-01-01` ? from : `${year}-01-01`;
  const days: IsoDate[] = [];
  for (let d = first; yearOf(d) === year; d = addDays(d, 1)) if (calendar.isWorkingDay(d)) days.push(d);
  return days;
}

/** Position in [0, 1) of the j-th of n evenly spaced points, shifted by `phase` in [0, 1). */
const slot = (j: number, n: number, phase: number) => (j + phase) / n;

/**
 * Dates for every check. `key` checks of one enterprise (perYear of them) are spread evenly
 * with a phase that differs per enterprise; random checks are spread evenly, mid-interval.
 * Returns the checks sorted by date, then ref. An empty list when no working day remains.
 */
export function planSchedule(year: number, from: IsoDate, items: readonly ScheduleItem[], calendar: HolidayCalendar): ScheduledCheck[] {
  const days = workingDaysFrom(year, from, calendar);
  if (!days.length) return [];
  const at = (p: number) => days[Math.min(days.length - 1, Math.floor(p * days.length))];
  const keyByEnterprise = new Map<string, ScheduleItem[]>();
  const random: ScheduleItem[] = [];
  // Input order must not matter: refs sort shortest first, so random-2 comes before random-10.
  const sorted = [...items].sort((a, b) => a.ref.length - b.ref.length || (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
  for (const it of sorted) {
    if (it.kind === 'KEY') keyByEnterprise.set(it.enterpriseId, [...(keyByEnterprise.get(it.enterpriseId) ?? []), it]);
    else random.push(it);
  }
  const out: ScheduledCheck[] = [];
  const enterprises = [...keyByEnterprise.keys()].sort();
  enterprises.forEach((id, ei) => {
    const checks = keyByEnterprise.get(id)!;
    const phase = (ei + 1) / (enterprises.length + 1);
    checks.forEach((c, j) => out.push({ ...c, date: at(slot(j, checks.length, phase)) }));
  });
  random.forEach((c, j) => out.push({ ...c, date: at(slot(j, random.length, 0.5)) }));
  return out.sort((a, b) => (a.date === b.date ? (a.ref < b.ref ? -1 : 1) : a.date < b.date ? -1 : 1));
}

/** 09:00 Beijing time on a date: when a scheduled inspection starts (its notice issues). */
export const startOfInspectionDay = (date: IsoDate): number => Date.parse(`${date}T09:00:00+08:00`);
