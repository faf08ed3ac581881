// 委托乡镇（街道）执法 (issue 4): what may be delegated, to whom, for how long, and which matters
// fall in a delegation's scope. Pure: shared by the workflow (validators) and the API.
//
// - Only simple matters the catalog marks delegable (CF 20-21; reform plan: 乡镇有能力承担的
//   简易执法事项); never a 行政强制措施 (行政强制法 Art 17: 不得委托).
// - The township acts in the county bureau's name, by named officers holding a valid
//   行政执法证 (CF 21 ②), and may not pass the power on (CF 20 ③).
// - A written 委托书 states the matters, powers and term (CF 20 ②): no term, no delegation.
import { addDays, endOfShanghaiDay, isIsoDate, shanghaiDate, type IsoDate } from './iso-date.ts';
import { seededRandom } from './random-draw.ts';

export interface ScopeItem { code: string; name: string; delegable: boolean; coercive: boolean }
export interface Term { startDate: IsoDate; endDate: IsoDate }
export interface DelegationScope extends Term {
  status: string; townshipOrgId: string; itemCodes: readonly string[]; officerIds: readonly string[];
}

/** Default share of a township's closed matters drawn for review each period — policy, not law. */
export const DEFAULT_SAMPLE_PERCENT = 20;
/** Longest term accepted in one 委托书; a longer one is renewed through the same approval. Policy. */
export const MAX_TERM_YEARS = 3;

/** Why the requested items cannot be delegated (one message per item), or none. */
export function itemRefusals(requested: readonly string[], known: readonly ScopeItem[]): string[] {
  const out: string[] = [];
  if (requested.length === 0) out.push('请至少选择一项委托的执法事项');
  for (const code of new Set(requested)) {
    const item = known.find((i) => i.code === code);
    if (!item) out.push(`执法事项 ${code} 不在执法事项清单中`);
    else if (item.coercive) out.push(`执法事项 ${code}（${item.name}）是行政强制措施，依《行政强制法》第17条不得委托`);
    else if (!item.delegable) out.push(`执法事项 ${code}（${item.name}）不属于可委托乡镇（街道）的简易执法事项`);
  }
  return out;
}

/** Why the term is not acceptable, or undefined. `today` is the Beijing date. */
export function termRefusal(t: Term, today: IsoDate): string | undefined {
  if (!isIsoDate(t.startDate) || !isIsoDate(t.endDate)) return '委托期限的起止日期须为有效日期（YYYY-MM-DD）';
  if (t.startDate < today) return `委托期限的起始日期（${t.startDate}）不能早于今天（${today}）`;
  if (t.endDate < t.startDate) return `委托期限的截止日期（${t.endDate}）不能早于起始日期（${t.startDate}）`;
  if (t.endDate > addDays(t.startDate, 365 * MAX_TERM_YEARS)) return `委托期限不能超过${MAX_TERM_YEARS}年，期满可以续期`;
  return undefined;
}

export const termsOverlap = (a: Term, b: Term): boolean => a.startDate <= b.endDate && b.startDate <= a.endDate;

/** Delegations that still bind (drafts under approval count: two drafts cannot both pass). */
export const LIVE_STATUSES = ['AWAITING_REVIEW', 'AWAITING_SIGNATURE', 'SIGNED', 'IN_FORCE'] as const;

/** The first live delegation of the same township that shares an item and a day with the draft. */
export function overlapRefusal(draft: Term & { itemCodes: readonly string[] },
  existing: readonly (Term & { id: string; itemCodes: readonly string[]; status: string; letterNumber?: string | null })[]): string | undefined {
  for (const e of existing) {
    if (!(LIVE_STATUSES as readonly string[]).includes(e.status) || !termsOverlap(draft, e)) continue;
    const shared = draft.itemCodes.filter((c) => e.itemCodes.includes(c));
    if (shared.length) {
      return `执法事项 ${shared.join('、')} 已在${e.startDate}至${e.endDate}委托该乡镇（街道）${e.letterNumber ? `（${e.letterNumber}）` : '（审批中）'}，委托期限不能重叠`;
    }
  }
  return undefined;
}

/** 24:00 Beijing time at the start and end of the term. */
export const termStartsAt = (t: Term): string => endOfShanghaiDay(addDays(t.startDate, -1));
export const termEndsAt = (t: Term): string => endOfShanghaiDay(t.endDate);

/**
 * Why a matter may not be handled under this delegation at `now`, or undefined. Used by the
 * API before anything is written and again by the workflow's validator, which is the
 * authority: a revocation there stops routing at once.
 */
export function matterRefusal(d: DelegationScope, m: { itemCode: string; townshipOrgId: string; officerIds?: readonly string[] }, now: Date | string): string | undefined {
  const today = shanghaiDate(now);
  if (d.status === 'REVOKED') return '该委托已被撤销，乡镇（街道）不能再以委托名义办理，请由县局办理';
  if (d.status === 'EXPIRED' || today > d.endDate) return `该委托已于${d.endDate}期满，乡镇（街道）不能再以委托名义办理，请由县局办理`;
  if (d.status !== 'IN_FORCE' || today < d.startDate) return `该委托尚未生效（${d.startDate}起），请由县局办理`;
  if (m.townshipOrgId !== d.townshipOrgId) return '该事项不在受委托乡镇（街道）的辖区内，请由县局办理';
  if (!d.itemCodes.includes(m.itemCode)) return `执法事项 ${m.itemCode} 不在委托范围内，请由县局办理`;
  for (const id of m.officerIds ?? []) {
    if (!d.officerIds.includes(id)) return `执法人员 ${id} 不是委托书列明的受委托执法人员`;
  }
  return undefined;
}

/** How many of `count` closed matters a sample of `percent` % takes: at least one when any. */
export function sampleSize(count: number, percent: number): number {
  if (count <= 0 || percent <= 0) return 0;
  return Math.min(count, Math.max(1, Math.ceil((count * percent) / 100)));
}

/** A reproducible random sample: the same seed and ids give the same draw (ids sorted first). */
export function drawSample(ids: readonly string[], percent: number, seed: string): string[] {
  const pool = [...new Set(ids)].sort();
  const rnd = seededRandom(seed);
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, sampleSize(pool.length, percent)).sort();
}
