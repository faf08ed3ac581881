// Period arithmetic for the deadline table. Pure (no clock, no I/O): the same inputs give
// the same due date wherever it runs. The holiday data comes in through `HolidayCalendar`.
//
// Rules (民法典 Arts 200–203; 民事诉讼法 Art 85, which 行政复议法 Art 88 and 行政诉讼法
// Art 101 adopt):
// - the day the period starts is not counted (Art 201);
// - a period ends at 24:00 of its last day (Art 203 ②) — Asia/Shanghai;
// - a period in months ends on the corresponding day, or the month's last day (Art 202);
// - if the last day of a calendar-day or month period is a 法定休假日, the period ends on the
//   next working day (Art 203 ①; 民诉法 Art 85 ③). We read 法定休假日 as every day that is
//   not a working day in the State Council's arrangement: statutory holidays, their bridged
//   weekend days, and ordinary weekends — but not a 调休 Saturday, which is a working day.
//   The wording "statutory holiday" alone would let a period end on a Sunday, which
//   no court applies.
// - a working-day period counts N working days after the start day (行政处罚法 Art 85,
//   AB25 Art 89, 行政复议法 Art 88 ②, 行政强制法 Art 69), so its end is always a working day.
// - an hour period runs from the exact instant (民法典 Art 201 ②), with no 24:00 rounding.
// A date in a year the calendar does not know is judged by weekends alone, and the result
// is marked provisional.
import type { DeadlineSpan, DeadlineUnit } from './deadline-types.ts';
import {
  addDays, addMonthsClamped, diffDays, endOfShanghaiDay, isWeekend, shanghaiDate, toInstant, yearOf,
  type IsoDate,
} from './iso-date.ts';

export type { IsoDate } from './iso-date.ts';

export interface HolidayCalendar {
  /** whether the State Council arrangement for this year (法定节假日 + 调休) is loaded */
  knows(year: number): boolean;
  /** a day on which offices work: Mon–Fri not on holiday, or a 调休 weekend day */
  isWorkingDay(date: IsoDate): boolean;
  /** 法定休假日: any day that is not a working day */
  isRestDay(date: IsoDate): boolean;
  /** listed as a day off in the State Council notice (holidays and their bridged weekend days) */
  isStatutoryHoliday(date: IsoDate): boolean;
}

/** One year of the State Council notice 国务院办公厅关于X年部分节假日安排的通知. */
export interface HolidayYear {
  year: number;
  /** days off (法定节假日 and the weekend days joined to them) */
  holidays: readonly IsoDate[];
  /** 调休 weekend days that are working days */
  workdays: readonly IsoDate[];
}

/**
 * A calendar from whole years of holiday data. A later entry for the same year replaces
 * the earlier one. A notice may also move days in the December before its year (the 2019
 * notice made 2018-12-29 a working day and 2018-12-30/31 days off); those dates are applied
 * on top, in order of year.
 */
export function calendarFromYears(years: readonly HolidayYear[]): HolidayCalendar {
  const byYear = new Map<number, HolidayYear>();
  for (const y of years) byYear.set(y.year, y);
  const kind = new Map<IsoDate, 'OFF' | 'WORK'>();
  for (const y of [...byYear.values()].sort((a, b) => a.year - b.year)) {
    for (const d of y.holidays) kind.set(d, 'OFF');
    for (const d of y.workdays) kind.set(d, 'WORK');
  }
  const isWorkingDay = (date: IsoDate): boolean => {
    const k = kind.get(date);
    return k ? k === 'WORK' : !isWeekend(date);
  };
  return {
    knows: (year) => byYear.has(year),
    isWorkingDay,
    isRestDay: (date) => !isWorkingDay(date),
    isStatutoryHoliday: (date) => kind.get(date) === 'OFF',
  };
}

/** Knows no year: weekends only, every result provisional. */
export const WEEKENDS_ONLY: HolidayCalendar = calendarFromYears([]);

export interface DayResult {
  day: IsoDate;
  /** some date examined lies in a year the calendar does not know */
  provisional: boolean;
}

export interface DueDate {
  /** ISO instant: 24:00 Asia/Shanghai of lastDay (16:00Z), or the exact instant for HOUR */
  dueAt: string;
  lastDay: IsoDate;
  provisional: boolean;
  unit: DeadlineUnit;
  amount: number;
}

/** The n-th working day after `date` (before it, for negative n); `date` itself is not counted. */
export function addWorkingDays(date: IsoDate, n: number, calendar: HolidayCalendar): DayResult {
  if (!Number.isInteger(n)) throw new RangeError(`工作日数须为整数：${n}`);
  const step = n < 0 ? -1 : 1;
  let day = date;
  let provisional = false;
  for (let left = Math.abs(n); left > 0; ) {
    day = addDays(day, step);
    if (!calendar.knows(yearOf(day))) provisional = true;
    if (calendar.isWorkingDay(day)) left -= 1;
  }
  return { day, provisional };
}

function countWorkingDays(from: IsoDate, to: IsoDate, calendar: HolidayCalendar): DayResult & { count: number } {
  if (to < from) {
    const r = countWorkingDays(to, from, calendar);
    return { ...r, count: -r.count };
  }
  let count = 0;
  let provisional = false;
  for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) {
    if (!calendar.knows(yearOf(day))) provisional = true;
    if (calendar.isWorkingDay(day)) count += 1;
  }
  return { day: to, provisional, count };
}

/** Working days in (from, to]; negative (antisymmetric) when `to` is before `from`. */
export function workingDaysBetween(from: IsoDate, to: IsoDate, calendar: HolidayCalendar): number {
  return countWorkingDays(from, to, calendar).count;
}

/** 民法典 Art 203 ①: a last day that is a 法定休假日 moves to the next working day. */
export function rollToWorkingDay(day: IsoDate, calendar: HolidayCalendar, step: 1 | -1 = 1): DayResult {
  let provisional = !calendar.knows(yearOf(day));
  while (calendar.isRestDay(day)) {
    day = addDays(day, step);
    if (!calendar.knows(yearOf(day))) provisional = true;
  }
  return { day, provisional };
}

function nominalLastDay(start: IsoDate, span: DeadlineSpan): IsoDate {
  return span.unit === 'MONTH' ? addMonthsClamped(start, span.amount) : addDays(start, span.amount);
}

function checkSpan(span: DeadlineSpan): void {
  if (!Number.isInteger(span.amount) || span.amount <= 0) throw new RangeError(`期限数额须为正整数：${span.amount}`);
}

function due(span: DeadlineSpan, last: DayResult): DueDate {
  return { dueAt: endOfShanghaiDay(last.day), lastDay: last.day, provisional: last.provisional, unit: span.unit, amount: span.amount };
}

/** When the period that starts at `from` (an instant, or a calendar date) runs out. */
export function computeDue(
  rule: DeadlineSpan & { direction?: 'BEFORE_EVENT' },
  from: Date | string,
  calendar: HolidayCalendar,
): DueDate {
  checkSpan(rule);
  if (rule.direction === 'BEFORE_EVENT') throw new RangeError('此期限是事前期限，请用 computeLatestBefore');
  const span: DeadlineSpan = { amount: rule.amount, unit: rule.unit };
  if (span.unit === 'HOUR') {
    const at = new Date(toInstant(from).getTime() + span.amount * 3_600_000);
    return { dueAt: at.toISOString(), lastDay: shanghaiDate(new Date(at.getTime() - 1)), provisional: false, ...span };
  }
  const start = shanghaiDate(from);
  if (span.unit === 'WORKING_DAY') return due(span, addWorkingDays(start, span.amount, calendar));
  return due(span, rollToWorkingDay(nominalLastDay(start, span), calendar));
}

/**
 * For a minimum lead time ("举行听证的七日前通知"): the last day on which the act may be done
 * before the event, counted back the way `computeDue` counts forward (hearing on the 18th,
 * 7 days → notice by the 11th). A day result that is not a working day moves earlier.
 */
export function computeLatestBefore(rule: DeadlineSpan, event: Date | string, calendar: HolidayCalendar): DueDate {
  checkSpan(rule);
  const span: DeadlineSpan = { amount: rule.amount, unit: rule.unit };
  if (span.unit === 'HOUR') {
    const at = new Date(toInstant(event).getTime() - span.amount * 3_600_000);
    return { dueAt: at.toISOString(), lastDay: shanghaiDate(new Date(at.getTime() - 1)), provisional: false, ...span };
  }
  const eventDay = shanghaiDate(event);
  if (span.unit === 'WORKING_DAY') return due(span, addWorkingDays(eventDay, -span.amount, calendar));
  const back = span.unit === 'MONTH' ? addMonthsClamped(eventDay, -span.amount) : addDays(eventDay, -span.amount);
  return due(span, rollToWorkingDay(back, calendar, -1));
}

/**
 * Days left for the UI: working days for a working-day period, calendar days otherwise.
 * 0 = due today; negative once overdue (−1 at least, even if no working day has passed yet).
 */
export function daysLeft(dueAt: string, now: Date | string, unit: DeadlineUnit, calendar: HolidayCalendar): number {
  const end = toInstant(dueAt).getTime();
  const lastDay = shanghaiDate(new Date(end - 1));
  const today = shanghaiDate(now);
  const count = (a: IsoDate, b: IsoDate) => (unit === 'WORKING_DAY' ? workingDaysBetween(a, b, calendar) : diffDays(a, b));
  if (toInstant(now).getTime() < end) return Math.max(0, count(today, lastDay));
  return -Math.max(1, count(lastDay, today));
}
