import { describe, expect, it } from 'vitest';
import { computeDue } from '../../rules/calendar.ts';
import { deadlineRule } from '../../rules/deadlines.ts';
import { createHolidayCalendar } from '../../rules/holiday-calendar.ts';
import { checkOutcome, lateEvidence, simplifiedGround, timeliness, type TimelinessInput } from '../../rules/reconsideration-rules.ts';

const cal = createHolidayCalendar([]);
const knownAt = '2026-03-02T02:00:00Z';
const decidedAt = '2026-03-01T02:00:00Z';
const limits = (appliedAt: string, rightStated = true): TimelinessInput => ({
  appliedAt, rightStated,
  applicationDueAt: computeDue(deadlineRule('RECONSIDERATION_APPLICATION'), knownAt, cal).dueAt,
  uninformedDueAt: computeDue(deadlineRule('RECONSIDERATION_APPLICATION_UNINFORMED'), knownAt, cal).dueAt,
  absoluteBarAt: computeDue(deadlineRule('RECONSIDERATION_ABSOLUTE_BAR'), decidedAt, cal).dueAt,
});

describe('reconsideration timeliness (行政复议法 Art 20, 21)', () => {
  it('60 days from knowing the decision: the last day counts, the day after does not', () => {
    const due = limits('2026-01-01T00:00:00Z').applicationDueAt;
    expect(timeliness(limits(new Date(Date.parse(due) - 60_000).toISOString()))).toEqual({ inTime: true });
    const late = timeliness(limits(new Date(Date.parse(due) + 60_000).toISOString()));
    expect(late).toMatchObject({ inTime: false });
    expect(late.inTime === false && late.reason).toMatch(/六十日/);
  });

  it('a decision that did not state the right gives up to one year, not more', () => {
    expect(timeliness(limits('2026-09-01T02:00:00Z', false))).toEqual({ inTime: true });
    const late = timeliness(limits('2027-03-10T02:00:00Z', false));
    expect(late.inTime === false && late.reason).toMatch(/一年/);
  });

  it('never beyond 5 years from the decision', () => {
    const r = timeliness({ ...limits('2031-03-05T02:00:00Z', false), uninformedDueAt: '2032-01-01T00:00:00Z' });
    expect(r.inTime === false && r.reason).toMatch(/五年/);
  });
});

describe('simplified procedure (Art 53)', () => {
  const base = { onTheSpot: false, allAgree: false };
  it.each([
    [{ ...base, onTheSpot: true, penaltyTypes: ['FINE'], fineFen: 9_000_000 }, /当场/],
    [{ ...base, penaltyTypes: ['WARNING'], fineFen: 0 }, /警告/],
    [{ ...base, penaltyTypes: ['WARNING', 'FINE'], fineFen: 300_000 }, /三千元/],
    [{ ...base, allAgree: true, penaltyTypes: ['SUSPENSION'], fineFen: 0 }, /同意/],
  ])('applies: %o', (input, ground) => { expect(simplifiedGround(input)).toMatch(ground); });

  it('does not apply to 3,000.01 yuan, nor to a suspension without agreement', () => {
    expect(simplifiedGround({ ...base, penaltyTypes: ['FINE'], fineFen: 300_001 })).toBeUndefined();
    expect(simplifiedGround({ ...base, penaltyTypes: ['FINE', 'SUSPENSION'], fineFen: 100_000 })).toBeUndefined();
  });
});

describe('allowed outcomes', () => {
  const original = { penaltyTypes: ['FINE'], fineFen: 1_000_000 };
  const ok = { answered: true, answerPeriodOver: false, original };
  it('refuses an outcome outside the law, a decision before the answer period ends, and upholding without evidence', () => {
    expect(checkOutcome({ ...ok, outcome: 'ANNUL' })).toMatch(/不在法定范围/);
    expect(checkOutcome({ ...ok, answered: false, outcome: 'REVOKE' })).toMatch(/答复期限届满前/);
    expect(checkOutcome({ ...ok, answered: false, answerPeriodOver: true, outcome: 'UPHOLD' })).toMatch(/第七十条/);
    expect(checkOutcome({ ...ok, answered: false, answerPeriodOver: true, outcome: 'REVOKE' })).toBeUndefined();
    expect(checkOutcome({ ...ok, outcome: 'UPHOLD' })).toBeUndefined();
  });

  it('a change may not leave the applicant worse off (Art 63 ②)', () => {
    expect(checkOutcome({ ...ok, outcome: 'CHANGE', changed: { penaltyTypes: ['FINE'], fineFen: 1_000_001 } })).toMatch(/更为不利/);
    expect(checkOutcome({ ...ok, outcome: 'CHANGE', changed: { penaltyTypes: ['FINE', 'SUSPENSION'], fineFen: 10 } })).toMatch(/更为不利/);
    expect(checkOutcome({ ...ok, outcome: 'CHANGE', changed: { penaltyTypes: ['FINE'], fineFen: 1_000_000 } })).toMatch(/维持/);
    expect(checkOutcome({ ...ok, outcome: 'CHANGE', changed: { penaltyTypes: ['FINE'], fineFen: 500_000 } })).toBeUndefined();
  });

  it('evidence collected after the decision is refused (Art 46)', () => {
    expect(lateEvidence([{ description: '照片', collectedAt: '2026-02-28' }], decidedAt)).toBeUndefined();
    expect(lateEvidence([{ description: '补充笔录', collectedAt: '2026-03-02T00:00:00Z' }], decidedAt)).toMatch(/补充笔录/);
  });
});
