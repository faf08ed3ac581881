// 行政复议 rules that need no I/O (行政复议法 2023, "FY"): is an application in time, may the
// simplified procedure apply, which outcomes may the organ choose. Pure: bundled into workflows
// and used by the API.
import type { Fen } from './thresholds.ts';

/** The application's limits, computed from the deadline rows by the caller (an activity). */
export interface TimelinessInput {
  /** when the application reached the organ or, for an on-the-spot penalty, the bureau (FY 32) */
  appliedAt: string;
  /** RECONSIDERATION_APPLICATION from the day the party knew the decision (FY 20 ①) */
  applicationDueAt: string;
  /** RECONSIDERATION_APPLICATION_UNINFORMED from the same day (FY 20 ③) */
  uninformedDueAt: string;
  /** RECONSIDERATION_ABSOLUTE_BAR from the day the decision was made (FY 21) */
  absoluteBarAt: string;
  /** The decision told the party the right, the organ and the period (CF 44, 59 ②(五)). */
  rightStated: boolean;
}

export type Timeliness = { inTime: true } | { inTime: false; reason: string };

/**
 * FY 20 ①: 60 days from knowing; FY 20 ③: where the decision did not state the right, the
 * period runs from being told, but at most one year from knowing the decision's content — we
 * do not know when the party was told, so the year is the limit; FY 21: never beyond 5 years
 * from the decision.
 */
export function timeliness(i: TimelinessInput): Timeliness {
  const at = Date.parse(i.appliedAt);
  if (at >= Date.parse(i.absoluteBarAt)) {
    return { inTime: false, reason: '申请超过最长保护期限：自行政行为作出之日起超过五年（《行政复议法》第二十一条）' };
  }
  if (i.rightStated && at >= Date.parse(i.applicationDueAt)) {
    return { inTime: false, reason: '申请超过法定期限：自知道该行政行为之日起超过六十日（《行政复议法》第二十条第一款）' };
  }
  if (!i.rightStated && at >= Date.parse(i.uninformedDueAt)) {
    return { inTime: false, reason: '申请超过法定期限：行政机关未告知复议权利，但自知道行政行为内容之日起已超过一年（《行政复议法》第二十条第三款）' };
  }
  return { inTime: true };
}

/** FY 53 (三): 案件涉及款额三千元以下. */
export const SIMPLIFIED_AMOUNT_MAX_FEN: Fen = 300_000;

export interface SimplifiedInput {
  onTheSpot: boolean;
  penaltyTypes: readonly string[];
  fineFen: number;
  /** 当事各方同意适用简易程序 (FY 53 ②). */
  allAgree: boolean;
}

/**
 * FY 53: the simplified procedure applies to 当场作出 acts, 警告或者通报批评, amounts of 3,000
 * yuan or less, or when all parties agree. Reading chosen: the amount ground covers only a
 * penalty that is money (and a warning) — a suspension or a revoked licence is not "an amount".
 */
export function simplifiedGround(i: SimplifiedInput): string | undefined {
  if (i.onTheSpot) return '被申请行政复议的行政行为是当场作出的';
  if (i.penaltyTypes.length > 0 && i.penaltyTypes.every((t) => t === 'WARNING')) return '被申请行政复议的行政行为是警告';
  if (i.penaltyTypes.every((t) => t === 'WARNING' || t === 'FINE') && i.fineFen <= SIMPLIFIED_AMOUNT_MAX_FEN) return '案件涉及款额三千元以下';
  if (i.allAgree) return '当事各方同意适用简易程序';
  return undefined;
}

export const RECONSIDERATION_OUTCOMES = ['UPHOLD', 'REVOKE', 'CHANGE', 'DECLARE_UNLAWFUL', 'DISMISS'] as const;
export type ReconsiderationOutcome = (typeof RECONSIDERATION_OUTCOMES)[number];

export const OUTCOME_LABELS: Record<ReconsiderationOutcome, string> = {
  UPHOLD: '维持', REVOKE: '撤销', CHANGE: '变更', DECLARE_UNLAWFUL: '确认违法', DISMISS: '驳回复议申请',
};

export interface OutcomeCheck {
  outcome: string;
  /** the respondent's answer arrived */
  answered: boolean;
  /** the answer period has run out */
  answerPeriodOver: boolean;
  original: { penaltyTypes: readonly string[]; fineFen: number };
  changed?: { penaltyTypes: readonly string[]; fineFen: number };
}

/**
 * Whether the organ may decide this now; returns the refusal, if any.
 * - The respondent has the answer period to give its evidence (FY 48); deciding before it ends
 *   would deny that, unless the answer is already in.
 * - Without an answer there is no evidence (FY 70): the act cannot be upheld or the application
 *   dismissed on the merits.
 * - 变更 may not leave the applicant worse off (FY 63 ②: 不得作出对申请人更为不利的变更决定).
 */
export function checkOutcome(c: OutcomeCheck): string | undefined {
  if (!(RECONSIDERATION_OUTCOMES as readonly string[]).includes(c.outcome)) {
    return `复议决定“${c.outcome}”不在法定范围内，可选：${RECONSIDERATION_OUTCOMES.map((o) => OUTCOME_LABELS[o]).join('、')}`;
  }
  if (!c.answered && !c.answerPeriodOver) return '被申请人答复期限届满前且尚未答复，不能作出复议决定（《行政复议法》第四十八条）';
  if (!c.answered && c.outcome === 'UPHOLD') return '被申请人未提交答复和证据，视为没有证据、依据，不能维持（《行政复议法》第七十条）';
  if (c.outcome === 'CHANGE') {
    if (!c.changed) return '变更决定须写明变更后的处罚';
    const worse = c.changed.fineFen > c.original.fineFen
      || c.changed.penaltyTypes.some((t) => !c.original.penaltyTypes.includes(t));
    if (worse) return '变更决定不得对申请人更为不利（《行政复议法》第六十三条第二款）';
    if (c.changed.fineFen === c.original.fineFen && c.changed.penaltyTypes.length === c.original.penaltyTypes.length) {
      return '变更后的处罚与原处罚相同，请选择“维持”';
    }
  }
  return undefined;
}

/** Evidence the respondent gives must predate its decision (FY 46 ①: 不得自行向申请人和其他有关单位或者个人收集证据). */
export function lateEvidence(evidence: readonly { description: string; collectedAt: string }[], decidedAt: string): string | undefined {
  const late = evidence.filter((e) => Date.parse(e.collectedAt) > Date.parse(decidedAt));
  if (!late.length) return undefined;
  return `以下证据在作出行政处罚决定之后收集，复议期间不得作为证据提交（《行政复议法》第四十六条）：${late.map((e) => e.description).join('、')}`;
}

/** Who ended the penalty: a reconsideration decision or a court judgment. */
export type RemedyBody = 'RECONSIDERATION' | 'COURT';

/**
 * CF 48 ②: a published decision that is changed, revoked, declared unlawful or void is withdrawn
 * from the disclosure within 3 working days with the reason stated. The reason, or undefined when
 * the outcome leaves the decision standing. Outcomes in the reconsideration's terms (the court's
 * REVOKED/CHANGED are mapped to REVOKE/CHANGE by the caller).
 */
export function withdrawalReason(outcome: string, by: RemedyBody): string | undefined {
  const body = by === 'COURT' ? '人民法院生效裁判' : '行政复议决定';
  const verb = ({ REVOKE: '撤销', CHANGE: '变更', DECLARE_UNLAWFUL: '确认违法' } as Record<string, string>)[outcome];
  return verb && `行政处罚决定已被${body}${verb}`;
}
