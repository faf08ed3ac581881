import { describe, expect, it } from 'vitest';
import { canonicalJson, countByKind, drawRevealed, slotRevealed, type DrawSlot } from '../../rules/draw-reveal.ts';
import type { DrawInputs } from '../../rules/random-draw.ts';
import { drawCommitment } from '../../store/inspection-draws.ts';

const today = '2026-12-07';
const slot = (o: Partial<DrawSlot> = {}): DrawSlot => ({ kind: 'RANDOM', date: '2026-12-09', started: false, ...o });

describe('revealing a 双随机 draw (commit–reveal)', () => {
  it('keeps a check hidden until its inspection has begun or its day is over', () => {
    expect(slotRevealed(slot(), today)).toBe(false);
    expect(slotRevealed(slot({ date: today }), today)).toBe(false);
    expect(slotRevealed(slot({ date: today, started: true }), today)).toBe(true);
    expect(slotRevealed(slot({ date: '2026-12-06' }), today)).toBe(true);
  });

  it('keeps a check that is not scheduled yet hidden whatever the day', () => {
    expect(slotRevealed(slot({ date: null }), '2099-01-01')).toBe(false);
    expect(slotRevealed(slot({ date: null, started: true }), today)).toBe(true);
  });

  it('reveals the seed only when every check is revealed', () => {
    const done = slot({ date: '2026-12-01' });
    expect(drawRevealed([done, slot({ kind: 'KEY', date: '2026-12-02' })], today)).toBe(true);
    expect(drawRevealed([done, slot({ kind: 'KEY' })], today)).toBe(false);
    expect(drawRevealed([done, slot({ date: null })], today)).toBe(false);
    // Nothing to inspect, nobody to tip off.
    expect(drawRevealed([], today)).toBe(true);
  });

  it('counts the checks by kind', () => {
    expect(countByKind([slot(), slot({ kind: 'KEY' }), slot()])).toEqual({ KEY: 1, RANDOM: 2 });
    expect(countByKind([])).toEqual({ KEY: 0, RANDOM: 0 });
  });

  it('writes the same canonical JSON whatever the key order, and keeps array order', () => {
    const a = { seed: 's', pool: [{ id: 'b', blacklisted: false }, { id: 'a', blacklisted: true }], weights: { BASE: 1, PENALISED: 2 } };
    const b = { weights: { PENALISED: 2, BASE: 1 }, pool: [{ blacklisted: false, id: 'b' }, { blacklisted: true, id: 'a' }], seed: 's' };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe('{"pool":[{"blacklisted":false,"id":"b"},{"blacklisted":true,"id":"a"}],"seed":"s","weights":{"BASE":1,"PENALISED":2}}');
    expect(canonicalJson({ ...a, pool: [...a.pool].reverse() })).not.toBe(canonicalJson(a));
  });
});

describe('the commitment published at draw time', () => {
  const inputs: DrawInputs = { seed: 'abc', pool: [{ id: 'e1', category: 'INDUSTRY_TRADE', blacklisted: false, penalised: true }], randomCount: 1, fixed: [],
    officers: [{ id: 'o1' }, { id: 'o2' }], conflicts: [], withExpert: false, experts: [], weights: { BASE: 1, PENALISED: 2, BLACKLISTED: 3 } };

  it('is the SHA-256 of the seed as text, which anyone can compute once the seed is out', () => {
    expect(drawCommitment(inputs).seedSha256).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('hashes the inputs the same after a trip through JSONB (keys reordered), and differently when the pool changes', () => {
    const reordered = JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(inputs).reverse()))) as DrawInputs;
    expect(drawCommitment(reordered)).toEqual(drawCommitment(inputs));
    expect(drawCommitment({ ...inputs, pool: [{ ...inputs.pool[0]!, penalised: false }] }).inputsSha256).not.toBe(drawCommitment(inputs).inputsSha256);
    expect(drawCommitment({ ...inputs, seed: 'abd' }).inputsSha256).not.toBe(drawCommitment(inputs).inputsSha256);
  });
});
