import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PENALTY_TYPES } from '../../prisma/seed-data/catalog.ts';
import { DEADLINES } from '../../rules/deadlines.ts';
import {
  KNOWN_PENALTY_TYPES, collectiveDiscussionRequired, filingWithHigherAuthority, hearingEligible, hearingGrounds,
  legalReviewRequired, onTheSpotCollectionAllowed, summaryProcedureAllowed, type PartyKind,
} from '../../rules/penalty-rules.ts';
import { withThresholdOverrides } from '../../rules/thresholds.ts';

const yuan = (n: number) => n * 100;
const wan = (n: number) => n * 1_000_000;
const fine = (partyKind: PartyKind, fineFen: number, penaltyTypes: string[] = ['FINE']) => ({ partyKind, fineFen, penaltyTypes });

it('knows exactly the catalog vocabulary of penalty types', () => {
  expect([...KNOWN_PENALTY_TYPES]).toEqual([...PENALTY_TYPES]);
});

describe('听证 (CF 63; AB25 55)', () => {
  it('较大数额罚款: 2万元 for a person, 10万元 for an organisation, the figure included (AB25 88)', () => {
    expect(hearingEligible(fine('PERSON', wan(2)))).toBe(true);
    expect(hearingEligible(fine('PERSON', wan(2) - 1))).toBe(false);
    expect(hearingEligible(fine('ORG', wan(10)))).toBe(true);
    expect(hearingEligible(fine('ORG', wan(10) - 1))).toBe(false);
    expect(hearingEligible(fine('ORG', wan(2)))).toBe(false);
  });

  it('says which figure applied and that Yunnan’s own figure is unconfirmed', () => {
    const [ground] = hearingGrounds(fine('ORG', wan(12)));
    expect(ground).toMatch(/^较大数额罚款：120000元，达到生产经营单位100000元以上（.*第63条第1款；.*第55条；云南省规定的数额未核实）$/);
  });

  it('停产停业, 吊销, 关闭 always qualify; a warning never does', () => {
    expect(hearingGrounds(fine('ORG', 0, ['SUSPENSION']))[0]).toContain('责令停产停业');
    expect(hearingGrounds(fine('ORG', 0, ['REVOCATION']))[0]).toContain('吊销许可证件');
    expect(hearingGrounds(fine('ORG', 0, ['CLOSURE']))[0]).toContain('责令关闭');
    expect(hearingEligible(fine('PERSON', 0, ['WARNING']))).toBe(false);
    expect(hearingEligible(fine('ORG', yuan(3000), ['WARNING', 'FINE']))).toBe(false);
  });

  it('没收: by value, and an unassessed value takes the stricter path', () => {
    expect(hearingEligible({ ...fine('ORG', 0, ['CONFISCATION']), confiscationFen: wan(5) })).toBe(false);
    expect(hearingEligible({ ...fine('ORG', 0, ['CONFISCATION']), confiscationFen: wan(10) })).toBe(true);
    expect(hearingEligible({ ...fine('PERSON', 0, ['CONFISCATION']), confiscationFen: wan(2) })).toBe(true);
    expect(hearingGrounds(fine('ORG', 0, ['CONFISCATION']))[0]).toContain('价值尚未确定');
  });

  it('a penalty type outside the vocabulary counts as 其他较重的行政处罚', () => {
    expect(hearingGrounds(fine('PERSON', 0, ['RESTRICTION']))[0]).toContain('第63条第1款第5项');
  });

  it('lists every ground that applies', () => {
    expect(hearingGrounds({ partyKind: 'ORG', fineFen: wan(50), confiscationFen: wan(10), penaltyTypes: ['FINE', 'CONFISCATION', 'SUSPENSION', 'REVOCATION'] })).toHaveLength(4);
  });

  it('uses a configured provincial figure', () => {
    const t = withThresholdOverrides({ HEARING_FINE_MIN_ORGANISATION: { value: wan(5) } });
    expect(hearingEligible(fine('ORG', wan(5)), t)).toBe(true);
    expect(hearingEligible(fine('ORG', wan(5)))).toBe(false);
  });

  it('refuses a malformed amount', () => {
    expect(() => hearingEligible(fine('ORG', 1.5))).toThrow(RangeError);
    expect(() => hearingEligible({ ...fine('ORG', 0), confiscationFen: -1 })).toThrow(RangeError);
  });

  it('is monotone in the fine', () => {
    fc.assert(
      fc.property(fc.constantFrom<PartyKind>('PERSON', 'ORG'), fc.nat(1e10), fc.nat(1e10), (kind, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        return !hearingEligible(fine(kind, lo)) || hearingEligible(fine(kind, hi));
      }),
    );
  });
});

describe('法制审核 (CF 58; AB25 47)', () => {
  it('is not required without a ground', () => {
    expect(legalReviewRequired({})).toEqual([]);
    expect(legalReviewRequired({ majorPublicInterest: false, hearingHeld: false, complex: false })).toEqual([]);
  });

  it('gives one reason per ground, with its article', () => {
    expect(legalReviewRequired({ majorPublicInterest: true })[0]).toContain('第58条第1款第1项');
    expect(legalReviewRequired({ hearingHeld: true })[0]).toContain('经过听证程序');
    expect(legalReviewRequired({ complex: true })[0]).toContain('涉及多个法律关系');
    expect(legalReviewRequired({ otherStatutoryBasis: '  ' })).toEqual([]);
    expect(legalReviewRequired({ otherStatutoryBasis: '某条例第10条' })[0]).toContain('某条例第10条');
    expect(legalReviewRequired({ majorSocialImpact: true })[0]).toContain('原文未核对');
    expect(legalReviewRequired({ majorPublicInterest: true, hearingHeld: true, complex: true })).toHaveLength(3);
  });

  it('accepts the flat facts a case carries (extra fields ignored)', () => {
    const facts = { partyKind: 'ORG' as const, fineFen: wan(12), penaltyTypes: ['FINE'], hearingHeld: true, complex: false, majorPublicInterest: false };
    expect(legalReviewRequired(facts)).toHaveLength(1);
  });
});

describe('集体讨论 (CF 57 ②; AB25 50)', () => {
  it('is required when the penalty meets the hearing conditions, requested or not', () => {
    expect(collectiveDiscussionRequired(fine('ORG', wan(10)))).toEqual([expect.stringContaining('符合听证条件')]);
    expect(collectiveDiscussionRequired(fine('ORG', 0, ['SUSPENSION']))).toHaveLength(1);
  });

  it('is not required for a small fine without other grounds', () => {
    expect(collectiveDiscussionRequired(fine('ORG', wan(2)))).toEqual([]);
  });

  it('reads the other AB25 50 ③ grounds', () => {
    const r = collectiveDiscussionRequired({ ...fine('ORG', wan(2)), complex: true, majorSafetyIssue: true, majorPublicInterest: true, headDecides: true });
    expect(r).toHaveLength(3);
    expect(r[0]).toContain('第50条第3款第1项');
    expect(r[1]).toContain('涉及重大安全问题、重大公共利益');
    expect(r[2]).toContain('第50条第3款第4项');
  });
});

describe('简易程序 (CF 51; AB25 32)', () => {
  it.each([
    ['PERSON', yuan(200), true],
    ['PERSON', yuan(200) + 1, false],
    ['ORG', yuan(3000), true],
    ['ORG', yuan(3000) + 1, false],
  ] as const)('%s fined %d fen → %s', (kind, fen, ok) => {
    expect(summaryProcedureAllowed(fine(kind, fen)).ok).toBe(ok);
  });

  it('explains itself in Chinese', () => {
    expect(summaryProcedureAllowed(fine('PERSON', yuan(500))).message).toMatch(/^对个人罚款500元，超过当场处罚限额200元，应当适用普通程序/);
    expect(summaryProcedureAllowed(fine('ORG', yuan(1000))).message).toMatch(/^对生产经营单位罚款1000元，未超过3000元，可以当场作出行政处罚决定/);
  });

  it('allows a warning, alone or with a small fine', () => {
    expect(summaryProcedureAllowed(fine('PERSON', 0, ['WARNING']))).toMatchObject({ ok: true, message: expect.stringMatching(/^警告/) });
    expect(summaryProcedureAllowed(fine('PERSON', yuan(100), ['WARNING', 'FINE'])).ok).toBe(true);
  });

  it('refuses any other penalty type and an empty proposal', () => {
    const r = summaryProcedureAllowed(fine('ORG', yuan(1000), ['FINE', 'CONFISCATION']));
    expect(r.ok).toBe(false);
    expect(r.message).toContain('CONFISCATION');
    expect(summaryProcedureAllowed(fine('ORG', 0, [])).ok).toBe(false);
  });

  it('never overlaps with a hearing right under the default figures', () => {
    fc.assert(
      fc.property(fc.constantFrom<PartyKind>('PERSON', 'ORG'), fc.nat(1e9), fc.subarray([...PENALTY_TYPES]), (kind, fen, types) => {
        const p = fine(kind, fen, types);
        return !(summaryProcedureAllowed(p).ok && hearingEligible(p));
      }),
    );
  });
});

describe('备案 with the higher bureau (AB25 82, 83)', () => {
  const p = (orgLevel: 'COUNTY' | 'CITY', fineFen: number, penaltyTypes: string[] = ['FINE'], confiscationFen?: number) =>
    ({ orgLevel, fineFen, penaltyTypes, ...(confiscationFen === undefined ? {} : { confiscationFen }) });

  it('county → city from 10万元, city → province from 20万元', () => {
    expect(filingWithHigherAuthority(p('COUNTY', wan(10)))).toEqual({ to: 'CITY', deadlineId: 'FILING_WITH_CITY' });
    expect(filingWithHigherAuthority(p('COUNTY', wan(10) - 1))).toBeNull();
    expect(filingWithHigherAuthority(p('CITY', wan(10)))).toBeNull();
    expect(filingWithHigherAuthority(p('CITY', wan(20)))).toEqual({ to: 'PROVINCE', deadlineId: 'FILING_WITH_PROVINCE' });
  });

  it('停产停业 and 吊销 are filed whatever the fine; 警告 and 关闭 are not', () => {
    expect(filingWithHigherAuthority(p('COUNTY', 0, ['SUSPENSION']))?.to).toBe('CITY');
    expect(filingWithHigherAuthority(p('CITY', 0, ['REVOCATION']))?.to).toBe('PROVINCE');
    expect(filingWithHigherAuthority(p('COUNTY', 0, ['WARNING']))).toBeNull();
    expect(filingWithHigherAuthority(p('COUNTY', 0, ['CLOSURE']))).toBeNull();
    expect(filingWithHigherAuthority(p('COUNTY', 0, ['RESTRICTION']))?.to).toBe('CITY');
  });

  it('没收 by value, unassessed → filed', () => {
    expect(filingWithHigherAuthority(p('COUNTY', 0, ['CONFISCATION'], wan(10)))?.to).toBe('CITY');
    expect(filingWithHigherAuthority(p('COUNTY', 0, ['CONFISCATION'], wan(9)))).toBeNull();
    expect(filingWithHigherAuthority(p('COUNTY', 0, ['CONFISCATION']))?.to).toBe('CITY');
  });

  it('points at rows of the deadline table (10 working days from the decision)', () => {
    for (const id of ['FILING_WITH_CITY', 'FILING_WITH_PROVINCE'] as const) {
      expect(DEADLINES[id]).toMatchObject({ amount: 10, unit: 'WORKING_DAY' });
    }
  });
});

describe('当场收缴 (CF 68–69)', () => {
  it('up to 100元, or on a CF 68 (二) / 69 ground', () => {
    expect(onTheSpotCollectionAllowed(yuan(100))).toBe(true);
    expect(onTheSpotCollectionAllowed(yuan(100) + 1)).toBe(false);
    expect(onTheSpotCollectionAllowed(yuan(150), { hardToCollectLater: true })).toBe(true);
    expect(onTheSpotCollectionAllowed(yuan(2000), { remoteAreaOnPartyRequest: true })).toBe(true);
    expect(onTheSpotCollectionAllowed(0)).toBe(false);
    expect(() => onTheSpotCollectionAllowed(-100)).toThrow(RangeError);
  });
});
