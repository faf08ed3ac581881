// 统一社会信用代码 (unified social credit code), GB 32100-2015.
//
//   pos 1     登记管理部门码 (9 = 市场监管/工商, 5 = 民政, 1 = 机构编制, Y = 其他 …)
//   pos 2     机构类别码 (for 9: 1 企业, 2 个体工商户, 3 农民专业合作社)
//   pos 3-8   登记管理机关行政区划码 (GB/T 2260, e.g. 530402 红塔区)
//   pos 9-17  主体标识码 = 组织机构代码 (GB 11714: 8 characters + its own check character)
//   pos 18    校验码 over pos 1-17 (mod 31)
//
// Pure: no imports, shared by the API (party validation) and the seed.

/** The 31 characters GB 32100 allows — no I, O, S, V, Z (they read like 1, 0, 5, U, 2). */
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** W_i = 3^(i-1) mod 31, as tabulated in GB 32100-2015 §4.2. */
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

const FIRST17 = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{9}$/;

/** The 18th character for a 17-character prefix; throws on a malformed prefix. */
export function usccCheckDigit(first17: string): string {
  if (!FIRST17.test(first17)) throw new Error(`not a USCC prefix: ${JSON.stringify(first17)}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CHARSET.indexOf(first17[i]) * WEIGHTS[i];
  return CHARSET[(31 - (sum % 31)) % 31];
}

/**
 * True when `code` is 18 characters of the GB 32100 alphabet (upper case, region
 * digits in 3-8) and its 18th character is the computed check digit. The embedded
 * GB 11714 organisation-code check (pos 17) is not enforced: the standard's
 * validity rule is the 18th character, and registries do not all re-check it.
 */
export function isValidUscc(code: string): boolean {
  if (typeof code !== 'string' || code.length !== 18) return false;
  const first17 = code.slice(0, 17);
  if (!FIRST17.test(first17)) return false;
  return usccCheckDigit(first17) === code[17];
}

/**
 * GB 11714-1997 organisation-code check character for the 8-character body
 * (digits and capital letters, A = 10 … Z = 35): 11 − Σ(c·w) mod 11, 10 → 'X', 11 → '0'.
 * Used to build plausible positions 9-17 for seed data.
 */
export function orgCodeCheckDigit(body8: string): string {
  if (!/^[0-9A-Z]{8}$/.test(body8)) throw new Error(`not an organisation-code body: ${JSON.stringify(body8)}`);
  const w = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += parseInt(body8[i], 36) * w[i];
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}
