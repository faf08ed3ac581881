import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DRAW_WEIGHTS, drawChecks, seededRandom, withoutVisitLimited, type DrawEnterprise, type DrawInputs } from '../../rules/random-draw.ts';

const ent = (id: string, o: Partial<DrawEnterprise> = {}): DrawEnterprise => ({ id, category: 'INDUSTRY_TRADE', blacklisted: false, penalised: false, ...o });
const pool = Array.from({ length: 20 }, (_, i) => ent(`e${String(i).padStart(2, '0')}`));
const officers = ['o1', 'o2', 'o3', 'o4', 'o5'].map((id) => ({ id }));
const base = (over: Partial<DrawInputs> = {}): DrawInputs => ({
  seed: 'seed-1', pool, randomCount: 5, fixed: [], officers, conflicts: [], withExpert: false, experts: [], ...over,
});

describe('seeded PRNG', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const a = seededRandom('abc'), b = seededRandom('abc'), c = seededRandom('abd');
    const xs = Array.from({ length: 10 }, a), ys = Array.from({ length: 10 }, b), zs = Array.from({ length: 10 }, c);
    expect(xs).toEqual(ys);
    expect(xs).not.toEqual(zs);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });

  it('is roughly uniform', () => {
    const r = seededRandom('uniform');
    const buckets = new Array(10).fill(0);
    for (let i = 0; i < 20_000; i++) buckets[Math.floor(r() * 10)]++;
    for (const n of buckets) expect(n).toBeGreaterThan(1700), expect(n).toBeLessThan(2300);
  });
});

describe('双随机 draw', () => {
  it('is reproducible from the seed and inputs, whatever order the inputs come in', () => {
    const first = drawChecks(base());
    const again = drawChecks(base({ pool: [...pool].reverse(), officers: [...officers].reverse() }));
    expect(again).toEqual(first);
    expect(first.checks).toHaveLength(5);
    expect(drawChecks(base({ seed: 'seed-2' }))).not.toEqual(first);
  });

  it('draws distinct enterprises and two distinct officers per check', () => {
    const r = drawChecks(base({ randomCount: 20 }));
    expect(new Set(r.checks.map((c) => c.enterpriseId)).size).toBe(20);
    for (const c of r.checks) {
      expect(c.officerIds).toHaveLength(2);
      expect(new Set(c.officerIds).size).toBe(2);
      expect(c.kind).toBe('RANDOM');
    }
    expect(drawChecks(base({ randomCount: 50 })).checks).toHaveLength(20);
  });

  it('draws blacklisted and penalised enterprises more often, in proportion to their weight', () => {
    const weighted = pool.map((e, i) => (i === 0 ? { ...e, blacklisted: true } : i === 1 ? { ...e, penalised: true } : e));
    const hits = new Map<string, number>();
    const N = 4000;
    for (let s = 0; s < N; s++) {
      for (const c of drawChecks(base({ seed: `w${s}`, pool: weighted, randomCount: 1 })).checks) hits.set(c.enterpriseId, (hits.get(c.enterpriseId) ?? 0) + 1);
    }
    const total = DRAW_WEIGHTS.BLACKLISTED + DRAW_WEIGHTS.PENALISED + 18 * DRAW_WEIGHTS.BASE;
    const expect_ = (w: number) => (N * w) / total;
    expect(hits.get('e00')!).toBeGreaterThan(expect_(DRAW_WEIGHTS.BLACKLISTED) * 0.8);
    expect(hits.get('e00')!).toBeLessThan(expect_(DRAW_WEIGHTS.BLACKLISTED) * 1.2);
    expect(hits.get('e01')!).toBeGreaterThan(expect_(DRAW_WEIGHTS.PENALISED) * 0.8);
    const ordinary = [...hits].filter(([id]) => id !== 'e00' && id !== 'e01').map(([, n]) => n);
    const mean = ordinary.reduce((a, b) => a + b, 0) / 18;
    expect(hits.get('e00')! / mean).toBeGreaterThan(2.3);
    expect(hits.get('e01')! / mean).toBeGreaterThan(1.5);
  });

  it('never sends an officer to an enterprise he has a conflict of interest with', () => {
    const conflicts = [{ officerId: 'o1', enterpriseId: 'e00' }, { officerId: 'o2', enterpriseId: 'e00' }, { officerId: 'o3', enterpriseId: 'e00' }];
    for (let s = 0; s < 200; s++) {
      const r = drawChecks(base({ seed: `c${s}`, randomCount: 20, conflicts }));
      const c = r.checks.find((x) => x.enterpriseId === 'e00')!;
      expect(c.officerIds.sort()).toEqual(['o4', 'o5']);
    }
  });

  it('leaves an enterprise unstaffed when fewer than two officers are free of conflicts', () => {
    const conflicts = ['o1', 'o2', 'o3', 'o4'].map((officerId) => ({ officerId, enterpriseId: 'e00' }));
    const r = drawChecks(base({ randomCount: 20, conflicts }));
    expect(r.unstaffed).toEqual(['e00']);
    expect(r.checks.map((c) => c.enterpriseId)).not.toContain('e00');
  });

  it('staffs fixed (key-enterprise) checks and draws the random ones from the pool only', () => {
    const r = drawChecks(base({ fixed: [ent('key1'), ent('key2')], randomCount: 3 }));
    expect(r.checks.filter((c) => c.kind === 'KEY').map((c) => c.enterpriseId)).toEqual(['key1', 'key2']);
    expect(r.checks.filter((c) => c.kind === 'RANDOM')).toHaveLength(3);
  });

  it('draws an expert of the enterprise\'s industry when asked, any expert when none matches', () => {
    const experts = [{ id: 'x-chem', specialties: ['HAZARDOUS_CHEMICALS'] }, { id: 'x-mine', specialties: ['NON_COAL_MINES'] }];
    const chem = drawChecks(base({ pool: [ent('c1', { category: 'HAZARDOUS_CHEMICALS' })], randomCount: 1, withExpert: true, experts }));
    expect(chem.checks[0].expertId).toBe('x-chem');
    const trade = drawChecks(base({ pool: [ent('t1')], randomCount: 1, withExpert: true, experts }));
    expect(['x-chem', 'x-mine']).toContain(trade.checks[0].expertId);
    expect(drawChecks(base({ randomCount: 1, experts })).checks[0].expertId).toBeNull();
  });
});

describe('visit frequency in the random pool (检查频次)', () => {
  const policy = { limit: 4, windowMonths: 12 };

  it('leaves out the enterprises at or over the limit, with their count, and keeps the rest', () => {
    const counts = new Map([['e00', 4], ['e01', 7], ['e02', 3]]);
    const { pool: kept, excluded } = withoutVisitLimited(pool, counts, policy);
    expect(excluded).toEqual([
      { id: 'e00', reason: 'VISIT_LIMIT', count: 4, limit: 4, windowMonths: 12 },
      { id: 'e01', reason: 'VISIT_LIMIT', count: 7, limit: 4, windowMonths: 12 },
    ]);
    expect(kept.map((e) => e.id)).toEqual(pool.slice(2).map((e) => e.id));
  });

  it('never draws a left-out enterprise, the pool stored reproduces the draw, and nothing is lost or added', () => {
    const ids = fc.uniqueArray(fc.integer({ min: 0, max: 99 }), { minLength: 1, maxLength: 30 }).map((ns) => ns.map((n) => ent(`x${String(n).padStart(2, '0')}`)));
    fc.assert(fc.property(ids, fc.array(fc.nat({ max: 8 }), { minLength: 30, maxLength: 30 }), fc.nat({ max: 30 }), fc.string(), (candidates, ns, randomCount, seed) => {
      const counts = new Map(candidates.map((e, i) => [e.id, ns[i]!]));
      const { pool: kept, excluded } = withoutVisitLimited([...candidates].reverse(), counts, policy);
      expect([...kept.map((e) => e.id), ...excluded.map((e) => e.id)].sort()).toEqual(candidates.map((e) => e.id).sort());
      for (const e of kept) expect(counts.get(e.id)!).toBeLessThan(policy.limit);
      for (const x of excluded) expect(x.count).toBe(counts.get(x.id)), expect(x.count).toBeGreaterThanOrEqual(policy.limit);
      const inputs = base({ seed, pool: kept, randomCount, excluded });
      const drawn = drawChecks(inputs);
      const out = new Set(excluded.map((x) => x.id));
      expect(drawn.checks.filter((c) => out.has(c.enterpriseId))).toEqual([]);
      expect(drawn.checks).toHaveLength(Math.min(randomCount, kept.length));
      // What is stored (JSON) draws the same again.
      expect(drawChecks(JSON.parse(JSON.stringify(inputs)) as DrawInputs)).toEqual(drawn);
    }), { numRuns: 200 });
  });
});
