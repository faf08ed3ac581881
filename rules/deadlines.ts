// Every time limit a procedure uses, with its legal source, unit and effect on expiry
// (DESIGN §5; ../shared/law/deadlines.md). Pure data plus lookups: it is bundled into
// Temporal workflows, so it imports nothing with side effects.
import type { DeadlineRule, DeadlineUnit } from './deadline-types.ts';
import { ENFORCEMENT_DEADLINES } from './deadline-rows-enforcement.ts';
import { PENALTY_DEADLINES } from './deadline-rows-penalty.ts';
import { REMEDY_DEADLINES } from './deadline-rows-remedies.ts';
import { TRANSFER_DEADLINES } from './deadline-rows-transfer.ts';
import { DELEGATION_DEADLINES } from './deadline-rows-delegation.ts';
import { CREDIT_DEADLINES } from './deadline-rows-credit.ts';
import { WORKFORCE_DEADLINES } from './deadline-rows-workforce.ts';
import { REVIEW_DEADLINES } from './deadline-rows-review.ts';
import { ESCALATION_DEADLINES } from './deadline-rows-escalation.ts';
import { JURISDICTION_DEADLINES } from './deadline-rows-jurisdiction.ts';
import { CAMPAIGN_DEADLINES } from './deadline-rows-campaign.ts';
import { VISIT_DEADLINES } from './deadline-rows-visits.ts';

export type { DeadlineRule, DeadlineSpan, DeadlineUnit, LegalSource, OnExpiry } from './deadline-types.ts';

export const DEADLINES = {
  ...PENALTY_DEADLINES,
  ...ENFORCEMENT_DEADLINES,
  ...TRANSFER_DEADLINES,
  ...REMEDY_DEADLINES,
  ...DELEGATION_DEADLINES,
  ...CREDIT_DEADLINES,
  ...REVIEW_DEADLINES,
  ...WORKFORCE_DEADLINES,
  ...ESCALATION_DEADLINES,
  ...JURISDICTION_DEADLINES,
  ...CAMPAIGN_DEADLINES,
  ...VISIT_DEADLINES,
} as const satisfies Record<string, DeadlineRule>;

export type DeadlineId = keyof typeof DEADLINES;
export type DeadlineTable = Readonly<Record<DeadlineId, DeadlineRule>>;

/** Only rows with confirmed:false (UNCONFIRMED assumptions) may be overridden. */
export type DeadlineOverrides = Partial<Record<DeadlineId, { amount: number; unit: DeadlineUnit }>>;

export const DEADLINE_IDS = Object.keys(DEADLINES) as DeadlineId[];

const UNITS: readonly DeadlineUnit[] = ['CALENDAR_DAY', 'WORKING_DAY', 'HOUR', 'MONTH'];

export function isDeadlineId(id: string): id is DeadlineId {
  return Object.prototype.hasOwnProperty.call(DEADLINES, id);
}

/**
 * The table with configured values for the unconfirmed rows. A confirmed row is law and
 * cannot be changed by configuration: trying to is an error, as is an unknown id or a
 * non-positive or fractional amount.
 */
export function withOverrides(overrides: DeadlineOverrides): DeadlineTable {
  const table: Record<string, DeadlineRule> = { ...DEADLINES };
  for (const [id, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    if (!isDeadlineId(id)) throw new Error(`未知的期限编号 ${id}`);
    const row: DeadlineRule = DEADLINES[id];
    if (row.confirmed) {
      throw new Error(`期限 ${id}（${row.label}）有明确法律依据（${row.source.instrument}${row.source.article}），不能通过配置修改`);
    }
    if (!Number.isInteger(value.amount) || value.amount <= 0) {
      throw new Error(`期限 ${id} 的配置值必须是正整数，收到 ${String(value.amount)}`);
    }
    if (!UNITS.includes(value.unit)) throw new Error(`期限 ${id} 的单位无效：${String(value.unit)}`);
    table[id] = { ...row, amount: value.amount, unit: value.unit };
  }
  return Object.freeze(table) as DeadlineTable;
}

export function deadlineRule(id: DeadlineId, overrides: DeadlineOverrides = {}): DeadlineRule {
  const table = Object.keys(overrides).length === 0 ? (DEADLINES as DeadlineTable) : withOverrides(overrides);
  const row = table[id];
  if (!row) throw new Error(`未知的期限编号 ${String(id)}`);
  return row;
}
