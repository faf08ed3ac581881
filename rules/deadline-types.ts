import type { LegalSource } from './legal-sources.ts';

export type { LegalSource };

/**
 * How a period is counted. Which unit a number carries is itself law: the same "5日" is
 * working days in 行政处罚法 (Art 85), AB25 (Art 89), 行政复议法 (Art 88 ②) and, for
 * "十日以内", 行政强制法 (Art 69); every other 日 is a calendar day.
 */
export type DeadlineUnit = 'CALENDAR_DAY' | 'WORKING_DAY' | 'HOUR' | 'MONTH';

/**
 * What the procedure does when the period runs out.
 * - PROCEED: the next step opens (deemed served, late fee starts, court application allowed…)
 * - WAIVE: the party's right is deemed waived (逾期视为放弃)
 * - ESCALATE: an overdue duty of the bureau — goes up the escalation ladder
 * - REMIND: no legal effect; the responsible person is reminded to review
 * - LAPSE: the right or power can no longer be exercised (time bar)
 * - REVOKE: the act is treated as having no evidence (行政复议法 Art 70, 行政诉讼法 Art 34 ②)
 * - DEEMED_ACCEPTED / DEEMED_WITHDRAWN: statutory fictions (行政复议法 Art 30 ③, 31 ②)
 * - RECORD_ONLY: a limit binding another body (court, police, 复议机关): record the lateness
 */
export type OnExpiry =
  | 'PROCEED'
  | 'WAIVE'
  | 'ESCALATE'
  | 'REMIND'
  | 'LAPSE'
  | 'REVOKE'
  | 'DEEMED_ACCEPTED'
  | 'DEEMED_WITHDRAWN'
  | 'RECORD_ONLY';

export interface DeadlineRule {
  id: string;
  /** positive integer */
  amount: number;
  unit: DeadlineUnit;
  source: LegalSource;
  /** other provisions that state the same limit */
  related?: readonly LegalSource[];
  onExpiry: OnExpiry;
  /** Chinese, shown in the UI */
  label: string;
  /**
   * false = UNCONFIRMED in deadlines.md: a configurable assumption, never presented as law.
   * Only these rows may be overridden from configuration.
   */
  confirmed: boolean;
  /**
   * 'BEFORE_EVENT': a minimum lead time ("举行听证的七日前通知") — the act must happen at
   * least `amount` before an event; compute with `computeLatestBefore`, not `computeDue`.
   */
  direction?: 'BEFORE_EVENT';
  /** the instrument excludes 检测、检验、鉴定 time from this clock (AB25 Art 53 ②, QZ Art 25 ③) */
  excludesTesting?: true;
  /** why the row is an assumption, or how the period is anchored */
  note?: string;
}

export type DeadlineSpan = Pick<DeadlineRule, 'amount' | 'unit'>;
