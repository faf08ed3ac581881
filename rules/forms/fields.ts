import { z } from 'zod';
import { isIsoDate } from '../iso-date.ts';
import { PENALTY_TYPES } from '../penalty-types.ts';

// Workflows validate task completions with these schemas inside Temporal's sandbox;
// zod's JIT compiles with `new Function`, which the sandbox need not allow.
z.config({ jitless: true });

export const reason = z.string({ error: '请填写理由' }).trim().min(2, '请填写理由（至少2个字）').max(2000).describe('理由');
export const comment = z.string().trim().max(2000).optional().describe('意见');
export const text = (label: string, min = 2) => z.string({ error: `请填写${label}` }).trim().min(min, `请填写${label}`).max(10_000).describe(label);
/** Money in integer fen (分) on the wire; pages enter it in 元. */
export const fen = (label: string) => z.number({ error: `请填写${label}` }).int('金额以分为单位的整数').min(0).max(1_000_000_000_00).describe(label);
/**
 * A calendar date (YYYY-MM-DD). Not z.iso.date: bundled into the workflow sandbox it refused
 * every string ("expected date"), so a date-only answer passed the API and failed the workflow.
 */
export const day = (label: string) => z.string({ error: `请填写${label}` }).refine(isIsoDate, `${label}格式应为 YYYY-MM-DD`).describe(label);
/** An instant or a calendar date, as people enter them. */
export const when = (label: string) => z.union([z.iso.datetime({ offset: true }), day(label)], { error: `请填写${label}（日期或时间）` }).describe(label);
export { PENALTY_TYPES };
export const penaltyTypes = z.array(z.enum(PENALTY_TYPES)).min(1, '至少选择一种处罚种类').describe('处罚种类');

/**
 * One outcome of a task form, its schema built on first use. Temporal evaluates the workflow
 * modules afresh for every workflow run it loads (a start, a replay after eviction): building
 * all ~120 form schemas there took a quarter of the workflow thread's CPU in the bench profile,
 * and ~1 MB of each cached workflow's memory (npm run bench:memory).
 */
export function outcome<S extends z.ZodType>(label: string, build: () => S): { readonly label: string; readonly schema: S } {
  let schema: S | undefined;
  return { label, get schema() { return (schema ??= build()); } };
}

// Text a person types into an official record: stored, printed and hashed as written, so it
// must be one canonical form (NFC: "é" typed two ways is one string) and nothing that prints as
// "�" or hides in the page (lone surrogates, control characters, bidi overrides that reorder
// what a signer reads). Browsers send textarea line breaks as CRLF: kept as LF.
const LONE_SURROGATE = /\p{Cs}/u;
const CONTROL = /[\p{Cc}\u202A-\u202E\u2066-\u2069\uFFFE\uFFFF]/u;
const hasControl = (s: string, multiline: boolean) => CONTROL.test(multiline ? s.replace(/[\n\t]/g, '') : s);

/**
 * A person-entered text: NFC-normalised and trimmed; refuses unpaired surrogates and control
 * characters (a multiline text keeps \n and \t) with a message naming the field.
 */
/**
 * A rule across fields (the end after the start, two different officers, an ID's check digit):
 * the body is well-formed but its content breaks a rule no JSON Schema states, so it is refused
 * 422 like any other rule of the case, not 400 like a malformed body (api/errors.ts).
 */
export const ruleIssue = (ctx: z.RefinementCtx, path: PropertyKey[], message: string) =>
  ctx.addIssue({ code: 'custom', path, message, params: { rule: true } });

export function cleanText(label: string, o: { min?: number; max?: number; multiline?: boolean } = {}) {
  const { min = 1, max = o.multiline ? 10_000 : 200, multiline = false } = o;
  return z.string({ error: `请填写${label}` })
    .refine((s) => !LONE_SURROGATE.test(s), { message: `${label}含有无法识别的字符（不成对的代理项），请重新输入`, abort: true })
    .overwrite((s) => s.replace(/\r\n?/g, '\n').normalize('NFC').trim())
    .refine((s) => !hasControl(s, multiline), { message: `${label}含有控制字符${multiline ? '（换行、制表符以外）' : ''}，请删除`, abort: true })
    .min(min, { message: min <= 1 ? `请填写${label}` : `请填写${label}（至少${min}个字）`, abort: true })
    .max(max, `${label}不能超过${max}个字`)
    .describe(label);
}
