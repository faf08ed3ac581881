import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crossConflict, drawCross, type CrossDrawInputs } from '../../rules/cross-draw.ts';

// 交叉执法 draws over random seeds and random counties, registers and conflicts (fast-check): a team
// never inspects its own county, never meets a registered conflict, always has two officers of its
// own county, and the same seed and inputs always give the same draw.
const inputs: fc.Arbitrary<CrossDrawInputs> = fc.record({
  seed: fc.string({ minLength: 1, maxLength: 40 }),
  counties: fc.integer({ min: 1, max: 5 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, c) =>
    fc.integer({ min: 0, max: 5 }).map((k) => ({ orgId: `county-${c}`, officerIds: Array.from({ length: k }, (_, o) => `o-${c}-${o}`) }))))),
  perCounty: fc.integer({ min: 0, max: 4 }),
}).chain(({ seed, counties, perCounty }) => fc.record({
  seed: fc.constant(seed),
  counties: fc.constant(counties),
  perCounty: fc.constant(perCounty),
  enterprises: fc.array(fc.record({
    county: fc.integer({ min: 0, max: counties.length }), // one past the last: a county not taking part
    blacklisted: fc.boolean(), penalised: fc.boolean(),
  }), { maxLength: 20 }).map((es) => es.map((e, i) => ({ id: `e-${i}`, orgId: `county-${e.county}`, category: 'INDUSTRY_TRADE', blacklisted: e.blacklisted, penalised: e.penalised }))),
  conflicts: fc.array(fc.record({ officerId: fc.constantFrom(...counties.flatMap((c) => c.officerIds), 'nobody'), enterpriseId: fc.constantFrom(...Array.from({ length: 20 }, (_, i) => `e-${i}`)) }), { maxLength: 15 }),
}));

describe('交叉执法 draw', () => {
  it('never assigns a county to itself nor a conflicted officer, over random seeds and registers', () => {
    fc.assert(fc.property(inputs, (i) => {
      const { checks, unstaffed } = drawCross(i);
      const registered = new Set(i.conflicts.map((c) => `${c.officerId}\u0000${c.enterpriseId}`));
      for (const c of checks) {
        const e = i.enterprises.find((x) => x.id === c.enterpriseId)!;
        expect(c.teamOrgId).not.toBe(c.homeOrgId);
        expect(c.homeOrgId).toBe(e.orgId);
        expect(c.officerIds).toHaveLength(2);
        expect(new Set(c.officerIds).size).toBe(2);
        const team = i.counties.find((x) => x.orgId === c.teamOrgId)!;
        for (const o of c.officerIds) {
          expect(team.officerIds).toContain(o);
          expect(crossConflict(o, c.teamOrgId, e, registered)).toBeUndefined();
        }
      }
      // Each participating county gets at most perCounty of its enterprises drawn; none is drawn twice.
      const all = [...checks.map((c) => c.enterpriseId), ...unstaffed];
      expect(new Set(all).size).toBe(all.length);
      for (const c of i.counties) expect(all.filter((id) => i.enterprises.find((e) => e.id === id)!.orgId === c.orgId).length).toBeLessThanOrEqual(i.perCounty);
      expect(drawCross(i)).toEqual(drawCross({ ...i, counties: [...i.counties].reverse(), enterprises: [...i.enterprises].reverse() }));
    }), { numRuns: 500 });
  });

  it('leaves an enterprise unstaffed when no other county has two officers free of conflict', () => {
    const r = drawCross({
      seed: 's', perCounty: 1, enterprises: [{ id: 'e1', orgId: 'a', category: 'X', blacklisted: false, penalised: false }],
      counties: [{ orgId: 'a', officerIds: ['a1', 'a2'] }, { orgId: 'b', officerIds: ['b1', 'b2'] }],
      conflicts: [{ officerId: 'b1', enterpriseId: 'e1' }],
    });
    expect(r).toEqual({ checks: [], unstaffed: ['e1'] });
  });
});
