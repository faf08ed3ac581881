import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { clockPauseBody, clockResumeBody } from '../../api/routes/case-actions.ts';
import { DATE_FIELDS, FACTS, dateRefusal, formDateRefusal, type DateBound, type Fact } from '../../rules/date-bounds.ts';
import { THRESHOLDS } from '../../rules/thresholds.ts';
import { TASK_FORMS } from '../../rules/task-forms.ts';

// Issue 17 item 10: a date before the act it follows, or ahead of now, is refused on every form.
const TOLERANCE = THRESHOLDS.DATE_FUTURE_TOLERANCE_MINUTES.value;
const MINUTE = 60_000;
const DAY = 86_400_000;
const beijingDay = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);

type Schema = z.ZodType & { shape?: Record<string, Schema>; element?: Schema; unwrap?: () => Schema; def?: { innerType?: Schema } };
const inner = (s: Schema): Schema => {
  for (let cur = s; ;) {
    const next = cur.def?.innerType ?? (typeof cur.unwrap === 'function' && !cur.shape && !cur.element ? cur.unwrap() : undefined);
    if (!next) return cur;
    cur = next;
  }
};
/** A field is a date field when it takes a date or an instant but refuses other words. */
const isDateField = (s: Schema) =>
  (s.safeParse('2026-03-02').success || s.safeParse('2026-03-02T09:00:00+08:00').success) && !s.safeParse('not-a-date').success;
function dateFields(schema: Schema, prefix = ''): string[] {
  const shape = inner(schema).shape ?? {};
  return Object.entries(shape).flatMap(([name, field]) => {
    const f = inner(field);
    if (f.element) return f.element.shape ? dateFields(f.element, `${prefix}${name}[].`) : [];
    if (f.shape) return dateFields(f, `${prefix}${name}.`);
    return isDateField(field) ? [`${prefix}${name}`] : [];
  });
}

const formFields = Object.entries(TASK_FORMS).flatMap(([kind, form]) =>
  Object.entries(form.outcomes as Record<string, { schema: Schema }>).flatMap(([outcome, o]) => dateFields(o.schema).map((f) => `${kind}.${outcome}.${f}`)));
const BOUNDS = Object.entries(DATE_FIELDS) as [string, DateBound][];

describe('the date rule table covers every date field', () => {
  it('every date field of every task form has a row (field → predecessor acts, future tolerance)', () => {
    expect(formFields.length).toBeGreaterThan(15);
    const missing = formFields.filter((k) => !(k in DATE_FIELDS));
    expect(missing).toEqual([]);
  });

  it('every row names a real form field or a case action, and only known acts', () => {
    const actions = [
      'registration.occurredAt', 'registration.receivedAt', 'reconsideration.knownAt', 'interference.occurredAt',
      'preservation.performedAt', 'lawsuit.filedAt', 'payment.paidAt', 'deferral.newDueDay', 'clockPause.commissionedAt', 'clockResume.resultAt',
    ];
    for (const [key, bound] of BOUNDS) {
      expect(formFields.includes(key) || actions.includes(key), key).toBe(true);
      for (const f of bound.after) expect(Object.keys(FACTS)).toContain(f);
    }
    // The clock's own forms are in the API schema the pages parse as well.
    expect(dateFields(clockPauseBody as Schema)).toEqual(['commission.commissionedAt']);
    expect(dateFields(clockResumeBody as Schema)).toEqual(['resultAt']);
  });

  it('the tolerance is stated, small and configurable (confirmed:false)', () => {
    expect(THRESHOLDS.DATE_FUTURE_TOLERANCE_MINUTES).toMatchObject({ confirmed: false, unit: 'COUNT' });
    expect(TOLERANCE).toBeLessThanOrEqual(60);
  });
});

// Instants between 2020 and 2035; a date is sent either as an instant with an offset or as a bare Beijing day.
const instant = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) });
const offset = fc.constantFrom('Z', '+08:00', '-05:00');
const withOffset = (ms: number, off: string) => {
  if (off === 'Z') return new Date(ms).toISOString();
  const sign = off.startsWith('-') ? -1 : 1;
  const h = Number(off.slice(1, 3));
  return `${new Date(ms + sign * h * 3600_000).toISOString().slice(0, 23)}${off}`;
};
const field = fc.constantFrom(...BOUNDS);
const rowsAfter = BOUNDS.filter(([, b]) => b.after.length > 0);
const rowsNotAhead = BOUNDS.filter(([, b]) => b.future !== 'ALLOWED');

/** The form data that puts `value` into the row's field (nested rows: one list item). */
function formData(key: string, value: string): { kind: string; outcome: string; data: Record<string, unknown> } {
  const [kind, outcome, ...path] = key.split('.');
  const build = (parts: string[]): unknown => {
    if (!parts.length) return value;
    const [head, ...rest] = parts;
    return head.endsWith('[]') ? { [head.slice(0, -2)]: [build(rest)] } : { [head]: build(rest) };
  };
  return { kind, outcome, data: build(path) as Record<string, unknown> };
}
/** The same check as the workflow validators run: form rows through formDateRefusal, case actions through the table. */
function refusal(key: string, value: string, facts: Partial<Record<Fact, string>>, now: number) {
  if (key.split('.').length >= 3) {
    const { kind, outcome, data } = formData(key, value);
    return formDateRefusal(kind, outcome, data, facts, now, TOLERANCE);
  }
  return dateRefusal(value, DATE_FIELDS[key as keyof typeof DATE_FIELDS], facts, now, TOLERANCE);
}

describe('a date before its act or ahead of now is refused on every form (property)', () => {
  it('before the act it follows: refused, naming the field and the act', () => {
    fc.assert(fc.property(
      fc.constantFrom(...rowsAfter), instant, fc.integer({ min: TOLERANCE + 1, max: 1000 * 24 * 60 }), offset, fc.boolean(),
      ([key, bound], predecessor, minutesBefore, off, bareDay) => {
        const fact = bound.after[bound.after.length - 1];
        const valueMs = predecessor - minutesBefore * MINUTE;
        // A bare day is refused only when it is a day before the act's Beijing day.
        const value = bareDay ? beijingDay(valueMs - DAY) : withOffset(valueMs, off);
        const message = refusal(key, value, { [fact]: new Date(predecessor).toISOString() }, predecessor + 400 * DAY);
        expect(message, `${key} ${value}`).toContain(bound.label);
        expect(message).toContain(FACTS[fact]);
      },
    ), { numRuns: 500 });
  });

  it('ahead of now beyond the tolerance: refused, naming the field and the tolerance', () => {
    fc.assert(fc.property(
      fc.constantFrom(...rowsNotAhead), instant, fc.integer({ min: TOLERANCE + 1, max: 1000 * 24 * 60 }), offset, fc.boolean(),
      ([key, bound], now, minutesAhead, off, bareDay) => {
        const value = bareDay ? beijingDay(now + TOLERANCE * MINUTE + DAY) : withOffset(now + minutesAhead * MINUTE, off);
        const message = refusal(key, value, {}, now);
        expect(message, `${key} ${value}`).toContain(bound.label);
        expect(message).toMatch(new RegExp(`不能晚于当前时间.*允许误差${TOLERANCE}分钟`));
      },
    ), { numRuns: 500 });
  });

  it('between the act and now, or off either by no more than the clocks\' allowance: accepted', () => {
    fc.assert(fc.property(
      field, instant, fc.integer({ min: 0, max: 400 * 24 * 60 }), fc.integer({ min: -TOLERANCE, max: TOLERANCE }), offset,
      ([key, bound], predecessor, minutesAfter, slack, off) => {
        const start = predecessor + (bound.strict ? DAY : 0);
        const now = start + minutesAfter * MINUTE;
        // Off by a few minutes: ahead of now, or (just after the act) before it.
        const value = minutesAfter === 0 && !bound.strict ? now + slack * MINUTE : now + Math.max(0, slack) * MINUTE;
        const facts = Object.fromEntries(bound.after.map((f) => [f, new Date(predecessor).toISOString()]));
        expect(refusal(key, withOffset(value, off), facts, now), key).toBeUndefined();
      },
    ), { numRuns: 500 });
  });
});

describe('the reported defect', () => {
  it('a 告知书 "served" before 立案 is refused (the 5 working days would have expired at once)', () => {
    const facts = { filedAt: '2026-12-01T02:00:00Z', noticeIssuedAt: '2026-12-03T02:00:00Z' };
    const now = Date.parse('2026-12-03T03:00:00Z');
    expect(formDateRefusal('NOTICE_SERVICE', 'SERVED', { servedAt: '2026-11-20', method: '直接送达' }, facts, now, TOLERANCE))
      .toBe('送达时间（2026-11-20）不能早于立案时间（2026-12-01 10:00）');
    expect(formDateRefusal('NOTICE_SERVICE', 'SERVED', { servedAt: '2026-12-02T10:00:00+08:00' }, facts, now, TOLERANCE))
      .toBe('送达时间（2026-12-02 10:00）不能早于行政处罚告知书制发时间（2026-12-03 10:00）');
    // A watch five minutes slow is within the allowance; half an hour is not.
    expect(formDateRefusal('NOTICE_SERVICE', 'SERVED', { servedAt: '2026-12-03T09:55:00+08:00' }, facts, now, TOLERANCE)).toBeUndefined();
    expect(formDateRefusal('NOTICE_SERVICE', 'SERVED', { servedAt: '2026-12-03T09:30:00+08:00' }, facts, now, TOLERANCE)).toMatch(/不能早于行政处罚告知书制发时间/);
    // Same Beijing day as the issue, entered as a bare day: accepted.
    expect(formDateRefusal('NOTICE_SERVICE', 'SERVED', { servedAt: '2026-12-03' }, facts, now, TOLERANCE)).toBeUndefined();
    // An offset other than Beijing's is read as the instant it names.
    expect(formDateRefusal('NOTICE_SERVICE', 'SERVED', { servedAt: '2026-12-02T21:30:00-05:00' }, facts, now, TOLERANCE)).toBeUndefined();
  });

  it('a new payment deadline must be later than the old one; a planned hearing may lie ahead', () => {
    expect(dateRefusal('2027-01-10', DATE_FIELDS['deferral.newDueDay'], { paymentDueDay: '2027-01-10' }, Date.parse('2027-01-01T00:00:00Z'), TOLERANCE))
      .toMatch(/申请的缴款期限.*不能早于或等于原缴款期限/);
    expect(formDateRefusal('HEARING_SCHEDULE', 'SCHEDULED', { hearingAt: '2027-02-01T09:00:00+08:00' }, { hearingRequestedAt: '2027-01-05' }, Date.parse('2027-01-06T00:00:00Z'), TOLERANCE))
      .toBeUndefined();
  });
});
