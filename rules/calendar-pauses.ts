// Clocks that exclude periods: the decision limit excludes 检测、检验、鉴定 time (AB25 Art 53 ②)
// and so does the 查封、扣押 limit (行政强制法 Art 25 ③, AB25 Art 25 ②). The excluded time
// lengthens the period; the holiday roll applies to the lengthened last day only.
import type { DeadlineSpan } from './deadline-types.ts';
import { addWorkingDays, rollToWorkingDay, workingDaysBetween, type DueDate, type HolidayCalendar } from './calendar.ts';
import { addDays, addMonthsClamped, diffDays, endOfShanghaiDay, shanghaiDate, yearOf, type IsoDate } from './iso-date.ts';

export interface Pause {
  /** when the material went out for testing (instant or calendar date) */
  from: Date | string;
  /** when the result came back; absent while still out */
  to?: Date | string;
}

export interface PausedDueDate extends DueDate {
  /** days added for the pauses (working days for a working-day period) */
  pausedDays: number;
  /** a pause is still open: the due date is a lower bound, counted as if it ended at `asOf` */
  paused: boolean;
}

/**
 * A pause adds the days from the day after it began through the day it ended (the first
 * day is not counted, as for any period), so out on the 3rd and back on the 10th adds 7
 * days. Overlapping pauses count once; time before the period started does not count; a
 * pause that begins after the period has run out does not revive it. An open pause is
 * counted up to `asOf`, which is then required.
 */
export function computeDueWithPauses(
  rule: DeadlineSpan,
  from: Date | string,
  pauses: readonly Pause[],
  calendar: HolidayCalendar,
  asOf?: Date | string,
): PausedDueDate {
  if (!Number.isInteger(rule.amount) || rule.amount <= 0) throw new RangeError(`期限数额须为正整数：${rule.amount}`);
  if (rule.unit === 'HOUR') throw new RangeError('按小时计算的期限不扣除检测、检验、鉴定时间');
  const span: DeadlineSpan = { amount: rule.amount, unit: rule.unit };
  const start = shanghaiDate(from);
  const workingDays = span.unit === 'WORKING_DAY';
  const nominal = span.unit === 'MONTH' ? addMonthsClamped(start, span.amount) : addDays(start, span.amount);
  const lastDay = (extra: number) =>
    workingDays ? addWorkingDays(start, span.amount + extra, calendar) : rollToWorkingDay(addDays(nominal, extra), calendar);

  let extra = 0;
  let provisional = false;
  for (const [a, b] of mergedIntervals(start, pauses, asOf)) {
    if (a > lastDay(extra).day) break;
    if (workingDays) {
      extra += workingDaysBetween(a, b, calendar);
      for (let y = yearOf(a); y <= yearOf(b); y++) if (!calendar.knows(y)) provisional = true;
    } else {
      extra += diffDays(a, b);
    }
  }
  const last = lastDay(extra);
  return {
    dueAt: endOfShanghaiDay(last.day),
    lastDay: last.day,
    provisional: provisional || last.provisional,
    ...span,
    pausedDays: extra,
    paused: pauses.some((p) => p.to === undefined),
  };
}

function mergedIntervals(start: IsoDate, pauses: readonly Pause[], asOf?: Date | string): [IsoDate, IsoDate][] {
  const intervals = pauses
    .map((p): [IsoDate, IsoDate] => {
      const end = p.to ?? asOf;
      if (end === undefined) throw new RangeError('未结束的中止期间需要提供 asOf');
      const a = shanghaiDate(p.from);
      const b = shanghaiDate(end);
      if (b < a) throw new RangeError(`中止期间的结束早于开始：${a} — ${b}`);
      return [a < start ? start : a, b];
    })
    .filter(([a, b]) => b > a)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const merged: [IsoDate, IsoDate][] = [];
  for (const [a, b] of intervals) {
    const prev = merged[merged.length - 1];
    if (prev && a <= prev[1]) prev[1] = b > prev[1] ? b : prev[1];
    else merged.push([a, b]);
  }
  return merged;
}
