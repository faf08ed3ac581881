import { z } from 'zod';
import { isIsoDate } from '../iso-date.ts';

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
export const PENALTY_TYPES = ['WARNING', 'FINE', 'CONFISCATION', 'SUSPENSION', 'REVOCATION', 'CLOSURE'] as const;
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
