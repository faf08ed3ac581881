import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ENTERPRISES } from '../../prisma/seed-data/enterprises.ts';
import { isValidUscc, orgCodeCheckDigit, usccCheckDigit } from '../../rules/uscc.ts';

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const char = fc.constantFrom(...CHARSET);
const digit = fc.constantFrom(...'0123456789');
const first17 = fc
  .tuple(fc.array(char, { minLength: 2, maxLength: 2 }), fc.array(digit, { minLength: 6, maxLength: 6 }), fc.array(char, { minLength: 9, maxLength: 9 }))
  .map(([a, b, c]) => [...a, ...b, ...c].join(''));

describe('统一社会信用代码 (GB 32100-2015)', () => {
  // Widely cited valid codes, independent of the seed data.
  it.each(['91350100M000100Y43', '91110000600037341L'])('accepts the known valid code %s', (code) => {
    expect(isValidUscc(code)).toBe(true);
    expect(usccCheckDigit(code.slice(0, 17))).toBe(code[17]);
  });

  it('accepts every seeded enterprise', () => {
    for (const e of ENTERPRISES) expect(isValidUscc(e.uscc), `${e.name} ${e.uscc}`).toBe(true);
  });

  it('seeded enterprises are registered in Yuxi (region 5304xx) and carry a valid embedded organisation code', () => {
    for (const e of ENTERPRISES) {
      expect(e.uscc.slice(2, 6)).toBe('5304');
      expect(orgCodeCheckDigit(e.uscc.slice(8, 16))).toBe(e.uscc[16]);
    }
  });

  it('rejects a code with one character changed', () => {
    expect(isValidUscc('91350100M000100Y44')).toBe(false);
    expect(isValidUscc('91350100M000101Y43')).toBe(false);
  });

  it('rejects wrong length, lower case, letters outside the alphabet and non-digit region codes', () => {
    for (const bad of ['', '91350100M000100Y4', '91350100M000100Y433', '91350100m000100y43', '91350100M000100I43', '913501A0M000100Y43']) {
      expect(isValidUscc(bad), bad).toBe(false);
    }
    expect(isValidUscc(null as unknown as string)).toBe(false);
  });

  it('computes the organisation-code check of the known codes (GB 11714)', () => {
    expect(orgCodeCheckDigit('M000100Y')).toBe('4');
    expect(orgCodeCheckDigit('60003734')).toBe('1');
  });

  it('a computed check digit always validates', () => {
    fc.assert(fc.property(first17, (p) => isValidUscc(p + usccCheckDigit(p))));
  });

  it('any other final character is rejected', () => {
    fc.assert(
      fc.property(first17, char, (p, c) => {
        fc.pre(c !== usccCheckDigit(p));
        return !isValidUscc(p + c);
      }),
    );
  });

  it('a single substitution in the first 17 characters is always detected', () => {
    fc.assert(
      fc.property(first17, fc.nat(16), char, (p, i, c) => {
        const region = i >= 2 && i <= 7;
        const replacement = region ? String(CHARSET.indexOf(c) % 10) : c;
        fc.pre(replacement !== p[i]);
        const tampered = p.slice(0, i) + replacement + p.slice(i + 1);
        return !isValidUscc(tampered + usccCheckDigit(p));
      }),
    );
  });
});
