import { describe, expect, it } from 'vitest';
import { drawSample, itemRefusals, matterRefusal, overlapRefusal, sampleSize, termEndsAt, termRefusal, termStartsAt } from '../../rules/delegation-rules.ts';

const items = [
  { code: 'AQ-099-1', name: '未设置安全警示标志', delegable: true, coercive: false },
  { code: 'AQ-101-3', name: '危险作业无专人管理', delegable: false, coercive: false },
  { code: 'QZ-SEAL', name: '查封', delegable: false, coercive: true },
];
const inForce = { status: 'IN_FORCE', townshipOrgId: 't1', itemCodes: ['AQ-099-1'], officerIds: ['o1', 'o2'], startDate: '2026-12-01', endDate: '2027-05-31' };

describe('what may be delegated (CF 20-21; 行政强制法 Art 17)', () => {
  it('accepts delegable items and names every item that is not', () => {
    expect(itemRefusals(['AQ-099-1'], items)).toEqual([]);
    const out = itemRefusals(['AQ-101-3', 'QZ-SEAL', 'NOPE'], items);
    expect(out).toHaveLength(3);
    expect(out[0]).toMatch(/不属于可委托/);
    expect(out[1]).toMatch(/行政强制措施.*第17条不得委托/);
    expect(out[2]).toMatch(/不在执法事项清单/);
    expect(itemRefusals([], items)).toEqual(['请至少选择一项委托的执法事项']);
  });

  it('needs a term that starts today or later, ends after it starts and is at most three years', () => {
    expect(termRefusal({ startDate: '2026-12-01', endDate: '2027-11-30' }, '2026-11-28')).toBeUndefined();
    expect(termRefusal({ startDate: '2026-11-01', endDate: '2027-11-30' }, '2026-11-28')).toMatch(/不能早于今天/);
    expect(termRefusal({ startDate: '2026-12-01', endDate: '2026-11-30' }, '2026-11-28')).toMatch(/不能早于起始日期/);
    expect(termRefusal({ startDate: '2026-12-01', endDate: '2030-12-01' }, '2026-11-28')).toMatch(/不能超过3年/);
    expect(termRefusal({ startDate: '2026-02-30', endDate: '2027-01-01' }, '2026-11-28')).toMatch(/有效日期/);
  });

  it('refuses an overlapping live delegation of the same item to the same township, not an ended one', () => {
    const draft = { startDate: '2027-01-01', endDate: '2027-12-31', itemCodes: ['AQ-099-1', 'AQ-097-4'] };
    const live = { id: 'd1', startDate: '2026-12-01', endDate: '2027-05-31', itemCodes: ['AQ-099-1'], status: 'IN_FORCE', letterNumber: '红塔应急委托〔2026〕1号' };
    expect(overlapRefusal(draft, [live])).toMatch(/AQ-099-1.*红塔应急委托〔2026〕1号.*不能重叠/);
    expect(overlapRefusal(draft, [{ ...live, status: 'REVOKED' }])).toBeUndefined();
    expect(overlapRefusal(draft, [{ ...live, itemCodes: ['AQ-105-2'] }])).toBeUndefined();
    expect(overlapRefusal({ ...draft, startDate: '2027-06-01' }, [live])).toBeUndefined();
  });

  it('runs the term from 24:00 Beijing before the first day to 24:00 of the last', () => {
    expect(termStartsAt(inForce)).toBe('2026-11-30T16:00:00.000Z');
    expect(termEndsAt(inForce)).toBe('2027-05-31T16:00:00.000Z');
  });
});

describe('which matters a township may handle', () => {
  it('in force, in its area, an item in the 委托书, by named officers', () => {
    const m = { itemCode: 'AQ-099-1', townshipOrgId: 't1', officerIds: ['o1'] };
    expect(matterRefusal(inForce, m, '2027-01-10T02:00:00Z')).toBeUndefined();
    expect(matterRefusal(inForce, { ...m, itemCode: 'AQ-101-3' }, '2027-01-10T02:00:00Z')).toMatch(/不在委托范围内/);
    expect(matterRefusal(inForce, { ...m, townshipOrgId: 't2' }, '2027-01-10T02:00:00Z')).toMatch(/辖区/);
    expect(matterRefusal(inForce, { ...m, officerIds: ['o3'] }, '2027-01-10T02:00:00Z')).toMatch(/不是委托书列明/);
    expect(matterRefusal(inForce, m, '2027-05-31T15:59:00Z')).toBeUndefined();
    expect(matterRefusal(inForce, m, '2027-05-31T16:00:00Z')).toMatch(/期满/);
    expect(matterRefusal({ ...inForce, status: 'REVOKED' }, m, '2027-01-10T02:00:00Z')).toMatch(/撤销/);
    expect(matterRefusal({ ...inForce, status: 'SIGNED' }, m, '2026-11-29T02:00:00Z')).toMatch(/尚未生效/);
  });
});

describe('sampling', () => {
  it('takes the configured share, at least one of any closed matters, never more than there are', () => {
    expect(sampleSize(0, 20)).toBe(0);
    expect(sampleSize(3, 20)).toBe(1);
    expect(sampleSize(10, 20)).toBe(2);
    expect(sampleSize(11, 20)).toBe(3);
    expect(sampleSize(4, 100)).toBe(4);
  });

  it('draws reproducibly from the seed, whatever order the ids come in', () => {
    const ids = Array.from({ length: 30 }, (_, i) => `m${i}`);
    const a = drawSample(ids, 20, 'seed-1');
    expect(a).toHaveLength(6);
    expect(drawSample([...ids].reverse(), 20, 'seed-1')).toEqual(a);
    expect(new Set(a).size).toBe(6);
    for (const x of a) expect(ids).toContain(x);
    expect(drawSample(ids, 20, 'seed-2')).not.toEqual(a);
  });
});
