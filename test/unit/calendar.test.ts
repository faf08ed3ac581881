// Expected dates were worked out by hand from the State Council notices:
// 2024 春节 2/10–2/17 off, 2/4 (Sun) & 2/18 (Sun) worked; 2025 元旦 1/1; 2025 国庆中秋 10/1–10/8
// off, 9/28 (Sun) & 10/11 (Sat) worked; 2026 元旦 1/1–1/3 off, 1/4 (Sun) worked; 2026 春节
// 2/15–2/23 off, 2/14 (Sat) & 2/28 (Sat) worked.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addWorkingDays, computeDue, computeLatestBefore, daysLeft, workingDaysBetween,
  type HolidayCalendar,
} from '../../rules/calendar.ts';
import { computeDueWithPauses } from '../../rules/calendar-pauses.ts';
import { DEADLINES } from '../../rules/deadlines.ts';
import { chineseDaysKnownYears, createHolidayCalendar, holidayYearSchema } from '../../rules/holiday-calendar.ts';
import { addDays, fromDayNumber, toDayNumber } from '../../rules/iso-date.ts';

const cal = createHolidayCalendar();
const due = (id: keyof typeof DEADLINES, from: Date | string, c: HolidayCalendar = cal) => computeDue(DEADLINES[id], from, c);
const fake2027 = (holidays: string[], workdays: string[] = []) => createHolidayCalendar([{ year: 2027, holidays, workdays }]);

describe('holiday calendar', () => {
  it('knows exactly the years chinese-days carries: 2004–2026', () => {
    expect(chineseDaysKnownYears()).toEqual(Array.from({ length: 23 }, (_, i) => 2004 + i));
    expect([cal.knows(2003), cal.knows(2004), cal.knows(2026), cal.knows(2027)]).toEqual([false, true, true, false]);
  });

  it('follows the official arrangement, 调休 weekend days included', () => {
    const working = ['2025-09-28', '2025-10-11', '2026-01-04', '2026-02-14', '2026-02-28', '2024-02-18', '2024-02-09'];
    const resting = ['2025-10-08', '2026-01-02', '2026-02-23', '2024-02-17', '2025-10-12'];
    for (const d of working) expect(cal.isWorkingDay(d), d).toBe(true);
    for (const d of resting) expect(cal.isRestDay(d), d).toBe(true);
    expect(cal.isStatutoryHoliday('2026-02-23')).toBe(true);
    expect(cal.isStatutoryHoliday('2025-10-12')).toBe(false); // an ordinary Sunday
  });

  it('lets a loaded year replace chinese-days and reach into the December before it', () => {
    const c = createHolidayCalendar([
      { year: 2026, holidays: ['2026-03-02'], workdays: [] },
      { year: 2027, holidays: ['2026-12-31', '2027-01-01'], workdays: ['2026-12-26'] },
    ]);
    expect(c.isRestDay('2026-03-02')).toBe(true);
    expect(c.isWorkingDay('2026-10-01')).toBe(true); // the loaded 2026 replaced the whole year
    expect([c.isRestDay('2026-12-31'), c.isWorkingDay('2026-12-26'), c.knows(2027)]).toEqual([true, true, true]);
  });

  it('accepts a well-formed notice and rejects malformed ones', () => {
    const ok = { year: 2027, holidays: ['2026-12-31', '2027-01-01'], workdays: ['2027-01-02'], source: '国务院办公厅关于2027年部分节假日安排的通知' };
    expect(holidayYearSchema.safeParse(ok).success).toBe(true);
    const bad = [
      { ...ok, holidays: ['2028-01-01'] }, // outside the year
      { ...ok, workdays: ['2027-01-01'] }, // both off and worked
      { ...ok, workdays: ['2027-01-04'] }, // a Monday is no 调休 day
      { ...ok, holidays: ['2027-02-30'] },
      { ...ok, source: '' },
      { year: ok.year, holidays: ok.holidays, workdays: ok.workdays },
    ];
    for (const b of bad) expect(holidayYearSchema.safeParse(b).success, JSON.stringify(b)).toBe(false);
  });
});

describe('working-day periods', () => {
  it('National Day 2025: 5 working days from Fri 26 Sep count Sun 28 Sep and skip 1–8 Oct', () => {
    expect(due('FILING_DECISION', '2025-09-26')).toMatchObject({ lastDay: '2025-10-10', dueAt: '2025-10-10T16:00:00.000Z', provisional: false });
  });

  it('National Day 2025: the 调休 Saturday 11 Oct counts', () => {
    expect(due('FILING_DECISION', '2025-09-30').lastDay).toBe('2025-10-14');
  });

  it('the start day is the Shanghai date of the instant, not the UTC date', () => {
    expect(due('FILING_DECISION', '2025-09-29T16:30:00Z').lastDay).toBe('2025-10-14'); // 30 Sep 00:30 in Yuxi
    expect(due('FILING_DECISION', '2025-09-29T15:30:00Z').lastDay).toBe('2025-10-13'); // 29 Sep 23:30
    expect(due('FILING_DECISION', new Date('2025-09-29T15:30:00+08:00')).lastDay).toBe('2025-10-13');
  });

  it('Spring Festival 2026: Sat 14 Feb counts, 15–23 Feb do not, Sat 28 Feb can be the last day', () => {
    expect(due('STATEMENT_AND_DEFENCE', '2026-02-12').lastDay).toBe('2026-02-26');
    expect(due('DECISION_SERVICE', '2026-02-12').lastDay).toBe('2026-02-28');
  });

  it('year ends: New Year 2026 (Sun 4 Jan worked) and New Year 2025', () => {
    expect(due('CASH_HANDOVER_TO_BUREAU', '2025-12-31').lastDay).toBe('2026-01-05');
    expect(due('CASH_HANDOVER_TO_BUREAU', '2024-12-31').lastDay).toBe('2025-01-03');
  });

  it('into an unloaded year: weekends only and provisional, until the year is loaded', () => {
    expect(due('CASE_CLOSING', '2026-12-28')).toMatchObject({ lastDay: '2027-01-11', provisional: true });
    expect(due('CASE_CLOSING', '2026-12-28', fake2027(['2027-01-01']))).toMatchObject({ lastDay: '2027-01-12', provisional: false });
  });

  it('counts back for lead times: hearing on 15 Oct 2025 needs notice by 29 Sep', () => {
    expect(computeLatestBefore(DEADLINES.HEARING_NOTICE, '2025-10-15', cal).lastDay).toBe('2025-09-29');
    expect(addWorkingDays('2025-10-15', -7, cal)).toEqual({ day: '2025-09-29', provisional: false });
    expect(() => computeDue(DEADLINES.HEARING_NOTICE, '2025-10-15', cal)).toThrow(/computeLatestBefore/);
  });

  it('workingDaysBetween counts (from, to] and is antisymmetric', () => {
    expect(workingDaysBetween('2026-02-13', '2026-02-27', cal)).toBe(5);
    expect(workingDaysBetween('2026-02-27', '2026-02-13', cal)).toBe(-5);
  });
});

describe('calendar-day and month periods', () => {
  it('a 15-day period ending on a holiday ends on the next working day', () => {
    expect(due('HEARING_HOLD', '2025-09-20').lastDay).toBe('2025-10-09'); // 5 Oct → after 1–8 Oct
    expect(due('FINE_PAYMENT', '2026-02-01').lastDay).toBe('2026-02-24'); // 16 Feb → after 15–23 Feb
  });

  it('ending on an ordinary Sunday also moves (法定休假日), ending on a 调休 Saturday does not', () => {
    expect(due('FINE_PAYMENT', '2026-03-07').lastDay).toBe('2026-03-23');
    expect(due('FINE_PAYMENT', '2026-01-30').lastDay).toBe('2026-02-14');
  });

  it('Jan 31 + 1 month is the last day of February, in common and leap years', () => {
    const oneMonth = { amount: 1, unit: 'MONTH' } as const;
    expect(computeDue(oneMonth, '2025-01-31', cal).lastDay).toBe('2025-02-28');
    expect(computeDue(oneMonth, '2024-01-31', cal)).toMatchObject({ lastDay: '2024-02-29', provisional: false });
    expect(computeDue(oneMonth, '2026-01-31', cal).lastDay).toBe('2026-02-28'); // a worked Saturday
    expect(computeDue(oneMonth, '2028-01-31', cal)).toMatchObject({ lastDay: '2028-02-29', provisional: true });
  });

  it('3 months and 6 months from month ends', () => {
    expect(due('COURT_ENFORCEMENT_APPLICATION', '2025-11-30').lastDay).toBe('2026-02-28');
    expect(due('COURT_ENFORCEMENT_APPLICATION', '2025-10-31').lastDay).toBe('2026-02-02'); // Sat 31 Jan → Mon
    expect(due('LITIGATION_DIRECT', '2025-08-31')).toMatchObject({ lastDay: '2026-02-28', provisional: false });
    expect(due('LITIGATION_DIRECT', '2026-08-31')).toMatchObject({ lastDay: '2027-03-01', provisional: true }); // Sun 28 Feb
  });

  it('90 days from 2026-11-28 ends in 2027: provisional until 2027 is loaded, which can move it', () => {
    expect(due('DECISION', '2026-11-28')).toMatchObject({ lastDay: '2027-02-26', provisional: true });
    expect(due('DECISION', '2026-11-28', fake2027(['2027-02-10']))).toMatchObject({ lastDay: '2027-02-26', provisional: false });
    expect(due('DECISION', '2026-11-28', fake2027(['2027-02-26']))).toMatchObject({ lastDay: '2027-03-01', provisional: false });
  });
});

describe('hours, instants and days left', () => {
  it('an hour period runs from the exact instant, holidays or not', () => {
    expect(due('TRANSFER_DELIVERY', '2026-10-01T03:15:00Z')).toMatchObject({ dueAt: '2026-10-02T03:15:00.000Z', lastDay: '2026-10-02', provisional: false });
    expect(computeLatestBefore(DEADLINES.POWER_CUT_NOTICE, '2026-05-10T02:00:00Z', cal).dueAt).toBe('2026-05-09T02:00:00.000Z');
  });

  it('a calendar date means that day in Shanghai; an instant must carry its zone', () => {
    expect(due('FINE_PAYMENT', '2026-03-02')).toEqual(due('FINE_PAYMENT', '2026-03-01T16:00:00Z'));
    expect(() => due('FINE_PAYMENT', '2026-03-02T10:00')).toThrow();
    expect(() => due('FINE_PAYMENT', '2026-02-30')).toThrow();
  });

  it('days left: working days for working-day limits, negative once overdue', () => {
    const { dueAt } = due('FILING_DECISION', '2025-09-26'); // Fri 10 Oct
    expect(daysLeft(dueAt, '2025-09-30T02:00:00Z', 'WORKING_DAY', cal)).toBe(2);
    expect(daysLeft(dueAt, '2025-10-10T08:00:00Z', 'WORKING_DAY', cal)).toBe(0);
    expect(daysLeft(dueAt, '2025-10-12T01:00:00Z', 'WORKING_DAY', cal)).toBe(-1);
    expect(daysLeft(dueAt, '2025-10-14T01:00:00Z', 'WORKING_DAY', cal)).toBe(-3);
    expect(daysLeft('2026-03-06T16:00:00.000Z', '2026-03-07T01:00:00Z', 'WORKING_DAY', cal)).toBe(-1); // Saturday
    expect(daysLeft(due('HEARING_HOLD', '2025-09-20').dueAt, '2025-10-01T01:00:00Z', 'CALENDAR_DAY', cal)).toBe(8);
  });
});

describe('clocks that exclude testing time', () => {
  const decision = DEADLINES.DECISION; // 90 days from 1 Mar 2026 → Sat 30 May → Mon 1 Jun
  it('adds the paused days before the holiday roll', () => {
    expect(computeDueWithPauses(decision, '2026-03-01', [], cal).lastDay).toBe('2026-06-01');
    expect(computeDueWithPauses(decision, '2026-03-01', [{ from: '2026-03-03', to: '2026-03-13' }], cal))
      .toMatchObject({ lastDay: '2026-06-09', pausedDays: 10, paused: false });
  });

  it('counts overlapping pauses once, ignores time before the start and pauses after expiry', () => {
    const overlapping = [{ from: '2026-03-08', to: '2026-03-13' }, { from: '2026-03-03', to: '2026-03-10' }];
    expect(computeDueWithPauses(decision, '2026-03-01', overlapping, cal).pausedDays).toBe(10);
    expect(computeDueWithPauses(decision, '2026-03-01', [{ from: '2026-02-20', to: '2026-03-05' }], cal).lastDay).toBe('2026-06-03');
    expect(computeDueWithPauses(decision, '2026-03-01', [{ from: '2026-06-05', to: '2026-06-20' }], cal).lastDay).toBe('2026-06-01');
  });

  it('an open pause needs asOf and marks the result as paused', () => {
    expect(() => computeDueWithPauses(decision, '2026-03-01', [{ from: '2026-03-03' }], cal)).toThrow(/asOf/);
    expect(computeDueWithPauses(decision, '2026-03-01', [{ from: '2026-03-03' }], cal, '2026-03-13T02:00:00Z'))
      .toMatchObject({ lastDay: '2026-06-09', paused: true });
  });
});

describe('properties', () => {
  const first = toDayNumber('2004-01-01');
  const day = fc.integer({ min: first, max: toDayNumber('2029-12-31') }).map(fromDayNumber);
  const span = fc.oneof(
    fc.record({ unit: fc.constant('WORKING_DAY' as const), amount: fc.integer({ min: 1, max: 30 }) }),
    fc.record({ unit: fc.constant('CALENDAR_DAY' as const), amount: fc.integer({ min: 1, max: 200 }) }),
    fc.record({ unit: fc.constant('MONTH' as const), amount: fc.integer({ min: 1, max: 24 }) }),
  );

  it('the due date is never before the start, and always a working day', () => {
    fc.assert(fc.property(day, span, (start, s) => {
      const d = computeDue(s, start, cal);
      return d.lastDay > start && cal.isWorkingDay(d.lastDay) && d.dueAt === `${d.lastDay}T16:00:00.000Z`;
    }));
  });

  it('more days never give an earlier date, and a later start never gives an earlier date', () => {
    fc.assert(fc.property(day, span, fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 30 }), (start, s, more, later) => {
      const base = computeDue(s, start, cal).lastDay;
      return computeDue({ ...s, amount: s.amount + more }, start, cal).lastDay >= base
        && computeDue(s, addDays(start, later), cal).lastDay >= base;
    }));
  });

  it('provisional exactly when the count reaches a year the calendar lacks', () => {
    fc.assert(fc.property(day, span, (start, s) => {
      const d = computeDue(s, start, cal);
      return d.provisional === d.lastDay > '2026-12-31';
    }));
  });
});
