import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../prisma/seed-data/catalog.ts';
import {
  CIRCUMSTANCES, DEFAULT_BANDS, bandEdges, checkProposal, fineRangeFromCatalog, formatYuan, recommend,
  type CircumstanceId, type FineRange,
} from '../../rules/discretion.ts';
import { INSTRUMENT } from '../../rules/legal-sources.ts';

const wan = (n: number) => n * 1_000_000; // 万元 in fen
const yuan = (n: number) => n * 100;
const IDS = Object.keys(CIRCUMSTANCES) as CircumstanceId[];
// WH-103-1: 五万元以上二十万元以下 (unit's range across the article's tiers)
const WH103: FineRange = { minFen: wan(5), maxFen: wan(20) };
// AQ-099-1: 二十万元以下
const AQ99: FineRange = { minFen: 0, maxFen: wan(20) };
const REASON10 = '当事人经营困难且已全部整改到位';

describe('the circumstances table', () => {
  it('gives every circumstance a label, an effect and a source', () => {
    for (const [id, c] of Object.entries(CIRCUMSTANCES)) {
      expect(c.id).toBe(id);
      expect(c.label.length).toBeGreaterThan(4);
      expect(['NO_PENALTY', 'MITIGATE_REDUCE', 'MITIGATE', 'AGGRAVATE']).toContain(c.effect);
      expect(c.source.article).not.toBe('');
    }
  });

  it('cites the 行政处罚法 for every statutory one and marks the rest as unverified benchmark items', () => {
    const statutory = IDS.filter((id) => CIRCUMSTANCES[id].source.instrument === INSTRUMENT.PENALTY_LAW);
    expect(statutory.sort()).toEqual([
      'COERCED_OR_DECEIVED', 'CONFESSED_UNKNOWN_VIOLATION', 'ELIMINATED_HARM', 'FIRST_OFFENCE_MINOR_HARM_CORRECTED',
      'INCAPABLE_AT_THE_TIME', 'MERITORIOUS_COOPERATION', 'MINOR_14_TO_18', 'MINOR_CORRECTED_NO_HARM', 'NO_FAULT',
      'PARTIALLY_INCAPABLE', 'UNDER_14',
    ]);
    for (const id of statutory) expect(CIRCUMSTANCES[id].confirmed, id).toBe(true);
    for (const c of Object.values(CIRCUMSTANCES).filter((x) => !x.confirmed)) expect(c.note, c.id).toContain('verify');
    expect(CIRCUMSTANCES.EMERGENCY_MEASURES_VIOLATION.source).toEqual({ instrument: INSTRUMENT.AB25, article: '第28条' });
  });

  it('follows the wording of CF 30–33: 应当 vs 可以', () => {
    expect(CIRCUMSTANCES.MINOR_CORRECTED_NO_HARM).toMatchObject({ effect: 'NO_PENALTY', mandatory: true, source: { article: '第33条第1款' } });
    expect(CIRCUMSTANCES.FIRST_OFFENCE_MINOR_HARM_CORRECTED).toMatchObject({ effect: 'NO_PENALTY', mandatory: false });
    expect(CIRCUMSTANCES.NO_FAULT).toMatchObject({ effect: 'NO_PENALTY', mandatory: true, source: { article: '第33条第2款' } });
    expect(CIRCUMSTANCES.ELIMINATED_HARM).toMatchObject({ effect: 'MITIGATE_REDUCE', mandatory: true, source: { article: '第32条第1项' } });
    expect(CIRCUMSTANCES.MERITORIOUS_COOPERATION.source.article).toBe('第32条第4项');
    expect(CIRCUMSTANCES.PARTIALLY_INCAPABLE).toMatchObject({ effect: 'MITIGATE_REDUCE', mandatory: false, source: { article: '第31条' } });
  });

  it('marks the 30/40/30 partition as an assumption', () => {
    expect(DEFAULT_BANDS).toMatchObject({ mitigatedBp: 3000, aggravatedBp: 3000, confirmed: false });
  });
});

describe('band edges (whole yuan, inside the range)', () => {
  it.each([
    ['0–20万元', 0, wan(20), wan(6), wan(14)],
    ['5万–20万元', wan(5), wan(20), yuan(95_000), yuan(155_000)],
    ['1000–5000元', yuan(1000), yuan(5000), yuan(2200), yuan(3800)],
    ['1000–30000元', yuan(1000), yuan(30_000), yuan(9700), yuan(21_300)],
    ['0–10.01元: 3.003 rounds down, 7.007 up', 0, 1001, 300, 800],
    ['a fixed fine', yuan(500), yuan(500), yuan(500), yuan(500)],
  ])('%s', (_, min, max, light, heavy) => {
    expect(bandEdges(min, max)).toEqual({ mitigatedMaxFen: light, aggravatedMinFen: heavy });
  });

  it('refuses a malformed range or bands', () => {
    expect(() => bandEdges(wan(2), wan(1))).toThrow(RangeError);
    expect(() => bandEdges(-1, 100)).toThrow(RangeError);
    expect(() => bandEdges(0, 1.5)).toThrow(RangeError);
    expect(() => bandEdges(0, 100, { ...DEFAULT_BANDS, mitigatedBp: 6000, aggravatedBp: 5000 })).toThrow(RangeError);
  });

  it('takes a configured partition', () => {
    expect(bandEdges(0, wan(10), { ...DEFAULT_BANDS, mitigatedBp: 2000, aggravatedBp: 4000 })).toEqual({ mitigatedMaxFen: wan(2), aggravatedMinFen: wan(6) });
  });
});

describe('recommend', () => {
  it('without circumstances: the middle band', () => {
    const r = recommend(AQ99, []);
    expect(r).toMatchObject({ effect: 'STANDARD', minFen: wan(6), maxFen: wan(14), noPenaltyPossible: false, unknownCircumstances: [] });
    expect(r.reasons.at(-1)).toContain('60000元至140000元');
  });

  it('从轻 only: the lower 30%', () => {
    expect(recommend(WH103, ['COOPERATED_WITH_EVIDENCE'])).toMatchObject({ effect: 'MITIGATED', minFen: wan(5), maxFen: yuan(95_000) });
  });

  it('从轻或者减轻 (CF 32): from 0 up to the 从轻 ceiling', () => {
    const r = recommend(WH103, ['ELIMINATED_HARM']);
    expect(r).toMatchObject({ effect: 'REDUCED', minFen: 0, maxFen: yuan(95_000) });
    expect(r.reasons[0]).toBe(`主动消除或者减轻违法行为危害后果：应当从轻或者减轻行政处罚（${INSTRUMENT.PENALTY_LAW}第32条第1项）`);
  });

  it('从重 only: the upper 30%', () => {
    const r = recommend(WH103, ['REPEAT_WITHIN_ONE_YEAR']);
    expect(r).toMatchObject({ effect: 'AGGRAVATED', minFen: yuan(155_000), maxFen: wan(20) });
    expect(r.reasons[0]).toContain('（依据待核实）');
  });

  it('从轻 and 从重 together: the middle band, both reasons given', () => {
    const r = recommend(WH103, ['ELIMINATED_HARM', 'REPEAT_WITHIN_ONE_YEAR']);
    expect(r).toMatchObject({ effect: 'STANDARD', minFen: yuan(95_000), maxFen: yuan(155_000) });
    expect(r.reasons.join('\n')).toContain('主动消除或者减轻违法行为危害后果');
    expect(r.reasons.join('\n')).toContain('一年内因同一性质的安全生产违法行为受过行政处罚');
    expect(r.reasons.at(-1)).toContain('同时具有从轻（减轻）和从重情节');
  });

  it('a mandatory 不予处罚 circumstance wins over everything, and the party is to be educated', () => {
    const r = recommend(WH103, ['MINOR_CORRECTED_NO_HARM', 'REPEAT_WITHIN_ONE_YEAR', 'ELIMINATED_HARM']);
    expect(r).toMatchObject({ effect: 'NO_PENALTY', minFen: 0, maxFen: 0 });
    expect(r.reasons.at(-1)).toContain('应当对当事人进行教育');
  });

  it('a 可以不予处罚 circumstance counts as 从轻 and leaves the waiver to the head', () => {
    expect(recommend(WH103, ['FIRST_OFFENCE_MINOR_HARM_CORRECTED'])).toMatchObject({ effect: 'MITIGATED', noPenaltyPossible: true });
  });

  it('counts a repeated circumstance once', () => {
    expect(recommend(WH103, ['ELIMINATED_HARM', 'ELIMINATED_HARM']).reasons).toHaveLength(2);
  });

  it('lists unknown circumstances instead of throwing (it runs inside workflows)', () => {
    const r = recommend(WH103, ['MADE_UP']);
    expect(r.unknownCircumstances).toEqual(['MADE_UP']);
    expect(r.effect).toBe('STANDARD');
    expect(checkProposal(WH103, r, wan(10))).toEqual({ ok: false, message: '未识别的裁量情节：MADE_UP' });
  });

  it('an item without a fine range gets a 0–0 band; a null minimum is read as 0', () => {
    expect(recommend({ minFen: null, maxFen: null }, [])).toMatchObject({ effect: 'STANDARD', minFen: 0, maxFen: 0 });
    expect(recommend({ minFen: null, maxFen: wan(20) }, [])).toMatchObject({ minFen: wan(6), maxFen: wan(14) });
  });

  it('works for every catalog item', () => {
    for (const item of CATALOG) {
      const range = fineRangeFromCatalog(item);
      expect(range.maxFen === null, item.code).toBe(!item.penaltyTypes.includes('FINE'));
      for (const ids of [[], ['ELIMINATED_HARM'], ['REPEAT_WITHIN_ONE_YEAR']] as CircumstanceId[][]) {
        const r = recommend(range, ids);
        expect(r.minFen).toBeGreaterThanOrEqual(0);
        expect(r.maxFen).toBeLessThanOrEqual(range.maxFen ?? 0);
      }
    }
  });
});

describe('checkProposal', () => {
  const standard = recommend(WH103, []);
  const reduced = recommend(WH103, ['ELIMINATED_HARM']);

  it('accepts a fine inside the recommended band, both ends included', () => {
    expect(checkProposal(WH103, standard, yuan(95_000))).toEqual({ ok: true, departure: false });
    expect(checkProposal(WH103, standard, yuan(155_000))).toEqual({ ok: true, departure: false });
  });

  it('never accepts more than the statutory maximum, whatever the reason', () => {
    const aggravated = recommend(WH103, ['REPEAT_WITHIN_ONE_YEAR']);
    const r = checkProposal(WH103, aggravated, wan(20) + 1, REASON10);
    expect(r).toEqual({ ok: false, message: '拟罚款数额200000.01元超过法定最高额200000元，不得超出法定幅度' });
  });

  it('goes below the statutory minimum only with a 减轻 circumstance', () => {
    expect(checkProposal(WH103, standard, wan(3), REASON10)).toEqual({
      ok: false, message: '拟罚款数额30000元低于法定最低额50000元；只有具备依法减轻处罚的情节时，才可低于法定最低额',
    });
    expect(checkProposal(WH103, reduced, wan(3))).toEqual({ ok: true, departure: false });
    expect(checkProposal(WH103, reduced, 0)).toEqual({ ok: true, departure: false });
  });

  it('outside the band but within the law: needs a reason of at least 10 characters', () => {
    const r = checkProposal(WH103, standard, wan(18));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toBe('拟罚款数额180000元不在裁量基准建议幅度（95000元至155000元）内，须说明偏离理由（不少于10个字）');
    expect(checkProposal(WH103, standard, wan(18), '  情节较重需从重 ').ok).toBe(false); // 7 characters
    expect(checkProposal(WH103, standard, wan(18), '当事人经营困难且已全部整')).toEqual({ ok: true, departure: true }); // 12
    expect(checkProposal(WH103, standard, wan(18), '一二三四五六七八九十')).toEqual({ ok: true, departure: true }); // exactly 10
    expect(checkProposal(WH103, standard, wan(18), '一二三四五六七八九').ok).toBe(false); // 9
  });

  it('refuses any fine where the law says 不予处罚', () => {
    const none = recommend(WH103, ['NO_FAULT']);
    expect(checkProposal(WH103, none, 0)).toEqual({ ok: true, departure: false });
    expect(checkProposal(WH103, none, yuan(1), REASON10)).toEqual({ ok: false, message: '具有依法应当不予行政处罚的情形，不得处以罚款' });
  });

  it('refuses a fine for an item without a fine range, and malformed amounts', () => {
    const range: FineRange = { minFen: null, maxFen: null };
    expect(checkProposal(range, recommend(range, []), yuan(100), REASON10).ok).toBe(false);
    expect(checkProposal(WH103, standard, 100_000.5).ok).toBe(false);
    expect(checkProposal(WH103, standard, -1).ok).toBe(false);
  });
});

describe('helpers', () => {
  it('formats fen as yuan', () => {
    expect([formatYuan(0), formatYuan(5), formatYuan(20_000_00), formatYuan(12_345)]).toEqual(['0元', '0.05元', '20000元', '123.45元']);
  });

  it('converts the catalog bigint range', () => {
    expect(fineRangeFromCatalog({ fineMinFen: 5_000_000n, fineMaxFen: 20_000_000n })).toEqual({ minFen: wan(5), maxFen: wan(20) });
    expect(fineRangeFromCatalog({ fineMinFen: null, fineMaxFen: null })).toEqual({ minFen: null, maxFen: null });
    expect(() => fineRangeFromCatalog({ fineMinFen: 0n, fineMaxFen: 2n ** 60n })).toThrow(RangeError);
  });
});

describe('properties', () => {
  const rangeArb = fc
    .tuple(fc.integer({ min: 0, max: 1e12 }), fc.integer({ min: 0, max: 1e12 }))
    .map(([a, b]): { minFen: number; maxFen: number } => ({ minFen: Math.min(a, b), maxFen: Math.max(a, b) }));
  const idsArb = fc.subarray(IDS);

  it('a recommended range always lies within [0, max], and within [min, max] unless REDUCED', () => {
    fc.assert(
      fc.property(rangeArb, idsArb, (range, ids) => {
        const r = recommend(range, ids);
        expect(0).toBeLessThanOrEqual(r.minFen);
        expect(r.minFen).toBeLessThanOrEqual(r.maxFen);
        expect(r.maxFen).toBeLessThanOrEqual(range.maxFen);
        if (r.effect !== 'REDUCED' && r.effect !== 'NO_PENALTY') expect(r.minFen).toBeGreaterThanOrEqual(range.minFen);
      }),
    );
  });

  it('the bands are ordered: 从轻 ceiling ≤ 从重 floor, and they meet the range at its ends', () => {
    fc.assert(
      fc.property(rangeArb, ({ minFen, maxFen }) => {
        const e = bandEdges(minFen, maxFen);
        return minFen <= e.mitigatedMaxFen && e.mitigatedMaxFen <= e.aggravatedMinFen && e.aggravatedMinFen <= maxFen;
      }),
    );
  });

  it('the ends of the recommended band always pass without a reason; nothing above the maximum ever passes', () => {
    fc.assert(
      fc.property(rangeArb, idsArb, fc.integer({ min: 1, max: 1e6 }), (range, ids, over) => {
        const r = recommend(range, ids);
        expect(checkProposal(range, r, r.minFen).ok).toBe(true);
        expect(checkProposal(range, r, r.maxFen).ok).toBe(true);
        expect(checkProposal(range, r, range.maxFen + over, REASON10).ok).toBe(false);
      }),
    );
  });

  it('below the statutory minimum passes only for REDUCED', () => {
    fc.assert(
      fc.property(rangeArb, idsArb, fc.integer({ min: 1, max: 1e6 }), (range, ids, under) => {
        fc.pre(range.minFen >= under);
        const r = recommend(range, ids);
        const proposed = range.minFen - under;
        const verdict = checkProposal(range, r, proposed, REASON10);
        return verdict.ok === (r.effect === 'REDUCED' || (r.effect === 'NO_PENALTY' && proposed === 0));
      }),
    );
  });
});
