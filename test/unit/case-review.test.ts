import { describe, expect, it } from 'vitest';
import { drawReviewSample, previousReviewPeriod, reviewPeriodOf, reviewSampleSize, reviewSeed } from '../../rules/case-review.ts';
import { DEADLINES } from '../../rules/deadlines.ts';
import { THRESHOLDS } from '../../rules/thresholds.ts';
import { reviewScoresSchema } from '../../rules/forms/case-review.ts';

const population = Array.from({ length: 60 }, (_, i) => `case-${String(i).padStart(3, '0')}`);

describe('sampling review (抽查): periods, size and the seeded draw', () => {
  it('the same seed and population give the same sample, whatever order the rows come in', () => {
    const seed = reviewSeed('9f2c4e1a', 'yx-hongta', '2026Q4');
    const a = drawReviewSample(seed, population, 6);
    const b = drawReviewSample(seed, [...population].reverse(), 6);
    expect(a).toHaveLength(6);
    expect(new Set(a).size).toBe(6);
    expect(a.every((id) => population.includes(id))).toBe(true);
    expect(b).toEqual(a);
  });

  it('another quarter (or county) gives another sample from the same nonce', () => {
    const q4 = drawReviewSample(reviewSeed('9f2c4e1a', 'yx-hongta', '2026Q4'), population, 6);
    const q3 = drawReviewSample(reviewSeed('9f2c4e1a', 'yx-hongta', '2026Q3'), population, 6);
    const other = drawReviewSample(reviewSeed('9f2c4e1a', 'yx-jiangchuan', '2026Q4'), population, 6);
    expect(q3).not.toEqual(q4);
    expect(other).not.toEqual(q4);
  });

  it('every case can be drawn: over many seeds each id turns up', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) for (const id of drawReviewSample(`s${i}`, population, 6)) seen.add(id);
    expect(seen.size).toBe(population.length);
  });

  it('takes the policy share rounded up, at least the minimum, never more than there are', () => {
    const share = THRESHOLDS.CASE_REVIEW_SAMPLE_SHARE.value; // 10 %
    const min = THRESHOLDS.CASE_REVIEW_SAMPLE_MIN.value; // 3
    expect(reviewSampleSize(0, share, min)).toBe(0);
    expect(reviewSampleSize(2, share, min)).toBe(2);
    expect(reviewSampleSize(12, share, min)).toBe(3);
    expect(reviewSampleSize(41, share, min)).toBe(5);
    expect(drawReviewSample('x', population.slice(0, 2), 3)).toEqual(population.slice(0, 2));
    expect(THRESHOLDS.CASE_REVIEW_SAMPLE_SHARE.confirmed).toBe(false);
  });

  it('periods are quarters in Beijing time by default, from the CASE_REVIEW_CYCLE row', () => {
    expect(DEADLINES.CASE_REVIEW_CYCLE).toMatchObject({ amount: 3, unit: 'MONTH', confirmed: false });
    // 2026-09-30 20:00 UTC is already 1 October in Beijing.
    expect(reviewPeriodOf('2026-09-30T20:00:00Z', 3)).toEqual({ key: '2026Q4', from: '2026-09-30T16:00:00.000Z', to: '2026-12-31T16:00:00.000Z' });
    expect(reviewPeriodOf('2026-09-30T15:59:59Z', 3).key).toBe('2026Q3');
    expect(previousReviewPeriod('2027-01-05T00:00:00Z', 3)).toEqual({ key: '2026Q4', from: '2026-09-30T16:00:00.000Z', to: '2026-12-31T16:00:00.000Z' });
    expect(reviewPeriodOf('2026-11-28T00:00:00Z', 1).key).toBe('2026M11');
    expect(() => reviewPeriodOf('2026-11-28T00:00:00Z', 5)).toThrow(/整除12/);
  });

  it('the checklist form wants every item scored and a reason for each failed one', () => {
    const pass = { pass: true };
    const all = { procedure: pass, evidence: pass, legalBasis: pass, discretion: pass, documents: pass, deadlines: pass };
    expect(reviewScoresSchema.safeParse(all).success).toBe(true);
    const noReason = reviewScoresSchema.safeParse({ ...all, evidence: { pass: false } });
    expect(noReason.success).toBe(false);
    expect(noReason.error!.issues[0].message).toMatch(/写明问题/);
    expect(reviewScoresSchema.safeParse({ ...all, evidence: { pass: false, comment: '询问笔录未经当事人签字' } }).success).toBe(true);
    expect(reviewScoresSchema.safeParse({ procedure: pass }).success).toBe(false);
  });
});
