import { describe, expect, it } from 'vitest';
import { createHolidayCalendar } from '../../rules/holiday-calendar.ts';
import { planSchedule, startOfInspectionDay, workingDaysFrom, type ScheduleItem } from '../../rules/plan-schedule.ts';

// 2026 as the State Council arranged it (chinese-days): 春节 2026-02-15..23 off, 2026-02-14 and
// 2026-02-28 worked (调休); 国庆 2026-10-01..07 off, 2026-09-20 and 2026-10-10 worked.
const cal = createHolidayCalendar([]);
const key = (enterpriseId: string, n: number): ScheduleItem[] => Array.from({ length: n }, (_, j) => ({ ref: `key-${enterpriseId}-${j + 1}`, kind: 'KEY', enterpriseId, officerIds: ['a', 'b'], expertId: null }));
const random = (n: number): ScheduleItem[] => Array.from({ length: n }, (_, j) => ({ ref: `random-${j + 1}`, kind: 'RANDOM', enterpriseId: `r${j}`, officerIds: ['a', 'b'], expertId: null }));

describe('plan schedule', () => {
  it('knows 2026 and counts its working days with the holidays and 调休 days', () => {
    expect(cal.knows(2026)).toBe(true);
    const days = workingDaysFrom(2026, '2026-01-01', cal);
    expect(days).not.toContain('2026-02-16'); // 春节
    expect(days).not.toContain('2026-10-01'); // 国庆
    expect(days).toContain('2026-02-14'); // Saturday worked (调休)
    expect(days).not.toContain('2026-01-10'); // an ordinary Saturday
    expect(days.length).toBeGreaterThan(240);
    expect(days.length).toBeLessThan(255);
  });

  it('puts every check on a working day of the plan year, never on a holiday or weekend', () => {
    const items = [...key('k1', 4), ...key('k2', 12), ...key('k3', 2), ...random(60)];
    const s = planSchedule(2026, '2026-01-01', items, cal);
    expect(s).toHaveLength(items.length);
    for (const c of s) {
      expect(c.date.startsWith('2026-')).toBe(true);
      expect(cal.isWorkingDay(c.date), c.date).toBe(true);
    }
    expect(new Set(s.map((c) => c.ref)).size).toBe(items.length);
    expect([...s].sort((a, b) => a.date.localeCompare(b.date)).map((c) => c.ref)).toEqual(s.map((c) => c.ref));
  });

  it('keeps a fixed cycle for a key enterprise: one check per quarter for four a year', () => {
    const s = planSchedule(2026, '2026-01-01', key('k1', 4), cal);
    const quarters = s.map((c) => Math.floor((Number(c.date.slice(5, 7)) - 1) / 3));
    expect(quarters).toEqual([0, 1, 2, 3]);
  });

  it('staggers key enterprises so they are not all visited the same day', () => {
    const s = planSchedule(2026, '2026-01-01', [...key('k1', 1), ...key('k2', 1), ...key('k3', 1)], cal);
    expect(new Set(s.map((c) => c.date)).size).toBe(3);
  });

  it('schedules only the days left when the plan is published during the year, around 国庆', () => {
    const s = planSchedule(2026, '2026-09-28', random(5), cal);
    for (const c of s) {
      expect(c.date >= '2026-09-28').toBe(true);
      expect(c.date >= '2026-10-01' && c.date <= '2026-10-07').toBe(false);
    }
    expect(planSchedule(2026, '2027-01-01', random(3), cal)).toEqual([]);
  });

  it('is the same whenever it is computed (pure)', () => {
    const items = [...key('k1', 3), ...random(7)];
    expect(planSchedule(2026, '2026-03-01', items, cal)).toEqual(planSchedule(2026, '2026-03-01', [...items].reverse(), cal));
  });

  it('starts an inspection day at 09:00 Beijing time', () => {
    expect(new Date(startOfInspectionDay('2026-03-02')).toISOString()).toBe('2026-03-02T01:00:00.000Z');
  });
});
