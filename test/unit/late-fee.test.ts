import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHolidayCalendar } from '../../rules/holiday-calendar.ts';
import { addDays, fromDayNumber, toDayNumber } from '../../rules/iso-date.ts';
import { instalmentSchedule, lateFeeDays, lateFeeFen, type LateFeePause } from '../../rules/late-fee.ts';

const FINE = 1_000_000; // 10000元
const DUE = '2026-03-16'; // last day to pay
const fee = (asOf: string, pauses: LateFeePause[] = [], fineFen = FINE) => lateFeeFen({ fineFen, dueDay: DUE, asOf, pauses });

describe('加处罚款 (CF 72 ①(一); AB25 77; QZ 45)', () => {
  it('nothing is due on or before the due day: it is a whole day to pay', () => {
    expect(fee('2026-03-01')).toEqual({ days: 0, feeFen: 0, capped: false });
    expect(fee(DUE)).toEqual({ days: 0, feeFen: 0, capped: false });
  });

  it('3% of the fine for each day from the day after the due day', () => {
    expect(fee('2026-03-17')).toEqual({ days: 1, feeFen: 30_000, capped: false });
    expect(fee('2026-03-26')).toEqual({ days: 10, feeFen: 300_000, capped: false });
    expect(fee('2026-04-18')).toEqual({ days: 33, feeFen: 990_000, capped: false });
  });

  it('never more than the fine: capped from the 34th day', () => {
    expect(fee('2026-04-19')).toEqual({ days: 34, feeFen: FINE, capped: true });
    expect(fee('2027-03-16')).toEqual({ days: 365, feeFen: FINE, capped: true });
  });

  it('rounds the total down once, not each day', () => {
    // 3% of 3.33元 = 0.0999元 a day: 9.99 fen → 9, two days 19.98 → 19 (per-day rounding would give 18)
    expect(fee('2026-03-17', [], 333).feeFen).toBe(9);
    expect(fee('2026-03-18', [], 333).feeFen).toBe(19);
    expect(fee('2026-03-18', [], 0)).toEqual({ days: 2, feeFen: 0, capped: false });
  });

  it('is computed on the fine as decided, not on the unpaid part', () => {
    const base = fee('2026-03-26');
    expect(lateFeeFen({ fineFen: FINE, paidFen: 600_000, dueDay: DUE, asOf: '2026-03-26', pauses: [] })).toEqual(base);
    expect(() => lateFeeFen({ fineFen: FINE, paidFen: FINE + 1, dueDay: DUE, asOf: DUE, pauses: [] })).toThrow(RangeError);
  });

  it('does not run while reconsideration or litigation is pending (CF 73 ③), both end days excluded', () => {
    // 3/17–4/15 = 30 days; 复议 lodged 3/20, decision effective 4/10: 22 days out → 8
    expect(fee('2026-04-15', [{ from: '2026-03-20', to: '2026-04-10' }])).toEqual({ days: 8, feeFen: 240_000, capped: false });
    // still pending on 4/15: only 3/17–3/19 count
    expect(fee('2026-04-15', [{ from: '2026-03-20' }]).days).toBe(3);
    // lodged within the payment period: the clock starts the day after it ends
    expect(fee('2026-03-25', [{ from: '2026-03-10', to: '2026-03-20' }]).days).toBe(5);
    // overlapping pauses (复议 then 诉讼) count once
    expect(fee('2026-04-15', [{ from: '2026-03-20', to: '2026-04-01' }, { from: '2026-03-25', to: '2026-04-10' }]).days).toBe(8);
    // a pause that has not begun yet changes nothing
    expect(fee('2026-03-26', [{ from: '2026-05-01' }]).days).toBe(10);
  });

  it('refuses a pause that ends before it begins, bad dates and bad amounts', () => {
    expect(() => fee('2026-04-15', [{ from: '2026-03-20', to: '2026-03-19' }])).toThrow(RangeError);
    expect(() => fee('2026-02-30')).toThrow(RangeError);
    expect(() => fee('2026-04-15', [], 10.5)).toThrow(RangeError);
  });

  it('handles very large fines exactly', () => {
    const big = 9_000_000_000_000; // 900亿元
    expect(fee('2026-03-17', [], big).feeFen).toBe(270_000_000_000);
    expect(fee('2026-05-01', [], big)).toMatchObject({ feeFen: big, capped: true });
  });
});

describe('加处罚款 properties', () => {
  const day = fc.integer({ min: toDayNumber('2025-01-01'), max: toDayNumber('2028-12-31') }).map(fromDayNumber);
  const pause = fc.tuple(day, fc.option(fc.nat(120), { nil: undefined })).map(([from, len]): LateFeePause =>
    (len === undefined ? { from } : { from, to: addDays(from, len) }));
  const input = fc.record({ fineFen: fc.nat(1e12), dueDay: day, asOf: day, pauses: fc.array(pause, { maxLength: 4 }) });

  it('is an integer, never negative, never above the fine, and equals the formula', () => {
    fc.assert(
      fc.property(input, (i) => {
        const r = lateFeeFen(i);
        expect(Number.isSafeInteger(r.feeFen)).toBe(true);
        expect(r.feeFen).toBeGreaterThanOrEqual(0);
        expect(r.feeFen).toBeLessThanOrEqual(i.fineFen);
        const exact = (BigInt(i.fineFen) * 300n * BigInt(r.days)) / 10_000n;
        expect(BigInt(r.feeFen)).toBe(exact < BigInt(i.fineFen) ? exact : BigInt(i.fineFen));
      }),
    );
  });

  it('is monotone in asOf', () => {
    fc.assert(
      fc.property(input, fc.nat(400), (i, later) => {
        const a = lateFeeFen(i);
        const b = lateFeeFen({ ...i, asOf: addDays(i.asOf, later) });
        return b.days >= a.days && b.feeFen >= a.feeFen;
      }),
    );
  });

  it('a pause never increases it', () => {
    fc.assert(
      fc.property(input, pause, (i, extra) => {
        const without = lateFeeFen(i);
        const withPause = lateFeeFen({ ...i, pauses: [...i.pauses, extra] });
        return withPause.days <= without.days && withPause.feeFen <= without.feeFen;
      }),
    );
  });

  it('counts no more days than the calendar allows', () => {
    fc.assert(
      fc.property(input, (i) => lateFeeDays(i.dueDay, i.asOf, i.pauses) <= Math.max(0, toDayNumber(i.asOf) - toDayNumber(i.dueDay))),
    );
  });
});

describe('分期缴纳 (CF 66 ②; AB25 76 ②)', () => {
  it('splits to the fen, the extra fen first, on month-ends without drifting', () => {
    expect(instalmentSchedule(100_000, 3, '2026-01-31', 1)).toEqual([
      { part: 1, dueDay: '2026-01-31', amountFen: 33_334 },
      { part: 2, dueDay: '2026-02-28', amountFen: 33_333 },
      { part: 3, dueDay: '2026-03-31', amountFen: 33_333 },
    ]);
  });

  it('moves a due day off a rest day when given the holiday calendar (民法典 Art 203)', () => {
    const cal = createHolidayCalendar();
    // 2026-01-31 is a Saturday; 2026-02-28 is a Saturday but a 调休 working day
    expect(instalmentSchedule(100_000, 3, '2026-01-31', 1, cal).map((x) => x.dueDay)).toEqual(['2026-02-02', '2026-02-28', '2026-03-31']);
  });

  it('a single part is a plain deferral; intervals may be longer than a month', () => {
    expect(instalmentSchedule(FINE, 1, '2026-06-30', 1)).toEqual([{ part: 1, dueDay: '2026-06-30', amountFen: FINE }]);
    expect(instalmentSchedule(FINE, 2, '2026-06-30', 3).map((x) => x.dueDay)).toEqual(['2026-06-30', '2026-09-30']);
  });

  it('refuses impossible plans', () => {
    expect(() => instalmentSchedule(0, 1, '2026-06-30', 1)).toThrow(RangeError);
    expect(() => instalmentSchedule(5, 6, '2026-06-30', 1)).toThrow(RangeError);
    expect(() => instalmentSchedule(FINE, 0, '2026-06-30', 1)).toThrow(RangeError);
    expect(() => instalmentSchedule(FINE, 2, '2026-06-30', 0)).toThrow(RangeError);
    expect(() => instalmentSchedule(FINE, 2, '2026-06-31', 1)).toThrow(RangeError);
  });

  it('always sums exactly to the fine, parts differ by at most 1 fen, days never go back', () => {
    const day = fc.integer({ min: toDayNumber('2025-01-01'), max: toDayNumber('2030-12-31') }).map(fromDayNumber);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e12 }), fc.integer({ min: 1, max: 36 }), day, fc.integer({ min: 1, max: 12 }), (fineFen, parts, first, every) => {
        fc.pre(parts <= fineFen);
        const s = instalmentSchedule(fineFen, parts, first, every);
        const amounts = s.map((x) => x.amountFen);
        expect(s).toHaveLength(parts);
        expect(amounts.reduce((a, b) => a + b, 0)).toBe(fineFen);
        expect(Math.max(...amounts) - Math.min(...amounts)).toBeLessThanOrEqual(1);
        expect(Math.min(...amounts)).toBeGreaterThanOrEqual(1);
        for (let i = 1; i < s.length; i++) expect(s[i].dueDay > s[i - 1].dueDay).toBe(true);
      }),
    );
  });
});
