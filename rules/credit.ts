// 安全生产信用 (issue 9; reform plan: 不良记录"黑名单"制度, 失信惩戒和守信激励). Pure.
//
// How long a record counts is in the deadline table (rules/deadline-rows-credit.ts): unconfirmed,
// configurable.
import { deadlineRule, type DeadlineOverrides } from './deadlines.ts';
import { addDays, addMonthsClamped, shanghaiDate } from './iso-date.ts';

export const CREDIT_KINDS = ['BAD', 'BLACKLIST', 'GOOD'] as const;
export type CreditKind = (typeof CREDIT_KINDS)[number];

export const CREDIT_KIND_LABELS: Record<CreditKind, string> = { BAD: '不良记录', BLACKLIST: '黑名单（严重失信）', GOOD: '良好记录' };

/** The deadline row that says how long a record of each kind counts. */
export const CREDIT_PERIOD: Record<CreditKind, 'CREDIT_BAD_RECORD' | 'CREDIT_BLACKLIST' | 'CREDIT_GOOD_RECORD'> = {
  BAD: 'CREDIT_BAD_RECORD', BLACKLIST: 'CREDIT_BLACKLIST', GOOD: 'CREDIT_GOOD_RECORD',
};

/** When a record of this kind made at `from` stops counting: 24:00 Beijing time of the day before the same date N months on. */
export function creditValidUntil(kind: CreditKind, from: Date | string, overrides: DeadlineOverrides = {}): string {
  const rule = deadlineRule(CREDIT_PERIOD[kind], overrides);
  if (rule.unit !== 'MONTH' && rule.unit !== 'CALENDAR_DAY') throw new Error(`期限 ${rule.id} 只能按月或自然日配置`);
  const day = shanghaiDate(from);
  const last = rule.unit === 'MONTH' ? addMonthsClamped(day, rule.amount) : addDays(day, rule.amount);
  return new Date(Date.parse(`${last}T00:00:00+08:00`)).toISOString();
}
