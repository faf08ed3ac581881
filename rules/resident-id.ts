// 公民身份号码 (resident identity number), GB 11643-1999.
//
//   pos 1-6   address code (GB/T 2260 county where first registered; pos 1-2 = province)
//   pos 7-14  date of birth YYYYMMDD
//   pos 15-17 sequence code (pos 17 odd = male, even = female)
//   pos 18    check character over pos 1-17: ISO 7064 MOD 11-2, 10 → 'X'
//
// The 15-digit numbers belong to the first-generation cards, which stopped being usable on
// 2013-01-01 (the NPCSC's 2011 decision amending the 居民身份证法 — read through secondary
// quotations only), so `isValidResidentId` accepts only 18 characters; masking still
// recognises the 15-digit form, which turns up in old papers.
// 港澳台居民居住证 numbers (81/82/83xxxx) follow the same standard and are accepted.
//
// Pure: imports only iso-date (pure) — shared by the API (PERSON party validation) and masking.
import { isIsoDate } from './iso-date.ts';

/** W_i = 2^(18-i) mod 11 for i = 1 … 17 (GB 11643-1999 §7.2). */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
/** Check character for Σ(a_i·W_i) mod 11 = 0 … 10. */
const CHECK = '10X98765432';

/** GB/T 2260 province-level codes (first two digits), plus 83 (台湾居民居住证). */
const PROVINCES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
  '71', '81', '82', '83',
]);

const SHAPE_18 = /^\d{17}[\dX]$/;
const SHAPE_15 = /^\d{15}$/;

/** The 18th character for a 17-digit prefix; throws on a malformed prefix. */
export function residentIdCheckDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error(`not a resident-ID prefix: ${JSON.stringify(first17)}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

/** Trims, removes inner spaces and upper-cases a trailing x — what a form should store. */
export function normalizeResidentId(raw: string): string {
  return raw.replace(/\s+/g, '').toUpperCase();
}

/** The date of birth in an 18- or 15-digit number (15-digit: 19YYMMDD), or null if none. */
export function residentIdBirthDate(id: string): string | null {
  let ymd: string;
  if (SHAPE_18.test(id)) ymd = id.slice(6, 14);
  else if (SHAPE_15.test(id)) ymd = `19${id.slice(6, 12)}`;
  else return null;
  const date = `${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6, 8)}`;
  const year = Number(ymd.slice(0, 4));
  return year >= 1800 && isIsoDate(date) ? date : null;
}

/**
 * Shape, province code and date of birth — everything except the check character. Masking
 * uses this (a mistyped check digit still identifies a person); validation uses
 * `isValidResidentId`. Lower-case x is accepted here so that no form of a number slips past.
 */
export function looksLikeResidentId(s: string): boolean {
  const id = s.toUpperCase();
  if (!SHAPE_18.test(id) && !SHAPE_15.test(id)) return false;
  return PROVINCES.has(id.slice(0, 2)) && residentIdBirthDate(id) !== null;
}

/**
 * True for an 18-character GB 11643 number in canonical form (upper-case X; normalise input
 * with `normalizeResidentId` first): known province code, a real date of birth not after
 * `asOf` (when given), and the right check character.
 */
export function isValidResidentId(id: string, asOf?: string): boolean {
  if (typeof id !== 'string' || !SHAPE_18.test(id)) return false;
  if (!PROVINCES.has(id.slice(0, 2))) return false;
  const birth = residentIdBirthDate(id);
  if (birth === null) return false;
  if (asOf !== undefined && birth > asOf) return false;
  return residentIdCheckDigit(id.slice(0, 17)) === id[17];
}
