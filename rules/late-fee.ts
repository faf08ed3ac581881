// 加处罚款 — the late-payment surcharge on an unpaid fine, and instalment schedules.
//
// CF 72 ①(一) (AB25 77 ①(一)): "到期不缴纳罚款的，每日按罚款数额的百分之三加处罚款，加处罚款的
// 数额不得超出罚款的数额"; QZ 45: the standard must be told to the party, the total may not
// exceed the money owed; CF 73 ③ (AB25 78 ②): "加处罚款的数额在行政复议或者行政诉讼期间不予计算".
// CF 66 ② (AB25 76 ②): an approved deferral or instalment plan sets new days to pay.
//
// Readings chosen (each the one least burdensome to the party where the text allows two):
// - Accrual: the due day is the last day to pay (a whole day — the period runs to 24:00), so
//   the first fee day is the day after it; one fee day per calendar day ("每日") to `asOf`
//   inclusive. A deferral or instalment moves `dueDay`; the caller passes the new one.
// - Base: "罚款数额" — the fine as decided, not the unpaid balance. A part payment does not
//   lower the daily amount; `paidFen` is accepted and checked but does not change the result.
//   To stop accrual at payment, pass the day of full payment as `asOf`.
// - Pauses (复议/诉讼 pending): both the day the application was lodged and the day the
//   outcome took effect are excluded — "期间" read to include both ends; an open pause runs to
//   `asOf`. Overlaps count once.
// - Rounding: the total is computed exactly (bigint) and rounded down to the fen once, not per
//   day; then capped at the fine (the rate and cap come from thresholds.ts).
//
// Pure: bundled into workflows.
import { rollToWorkingDay, type HolidayCalendar } from './calendar.ts';
import { addMonthsClamped, fromDayNumber, toDayNumber, type IsoDate } from './iso-date.ts';
import { THRESHOLDS, type Fen } from './thresholds.ts';

export interface LateFeePause {
  /** the day the 复议 application / 起诉 was lodged */
  from: IsoDate;
  /** the day the 复议决定 / judgment took effect; absent while still pending */
  to?: IsoDate;
}

export interface LateFeeInput {
  fineFen: Fen;
  /** fine paid so far; see the base reading above */
  paidFen?: Fen;
  /** last day to pay (FINE_PAYMENT's last day, or the deferred / instalment day) */
  dueDay: IsoDate;
  /** count up to and including this day */
  asOf: IsoDate;
  pauses: readonly LateFeePause[];
}

export interface LateFee {
  /** fee days counted: after dueDay, up to asOf, outside pauses (not limited by the cap) */
  days: number;
  feeFen: Fen;
  /** the fee has reached the cap (the fine): it grows no further */
  capped: boolean;
}

function checkFen(name: string, fen: number): void {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`${name}须为非负整数（分），收到 ${String(fen)}`);
}

/** Fee days in (dueDay, asOf] outside the pauses. */
export function lateFeeDays(dueDay: IsoDate, asOf: IsoDate, pauses: readonly LateFeePause[]): number {
  const first = toDayNumber(dueDay) + 1;
  const last = toDayNumber(asOf);
  const spans: [number, number][] = [];
  for (const p of pauses) {
    const a = toDayNumber(p.from);
    if (p.to !== undefined && toDayNumber(p.to) < a) throw new RangeError(`复议或诉讼期间的结束早于开始：${p.from} — ${p.to}`);
    const b = p.to === undefined ? last : toDayNumber(p.to);
    const lo = Math.max(a, first);
    const hi = Math.min(b, last);
    if (lo <= hi) spans.push([lo, hi]);
  }
  if (last < first) return 0;
  spans.sort((x, y) => x[0] - y[0]);
  let covered = 0;
  let end = first - 1; // last day already covered
  for (const [lo, hi] of spans) {
    const from = Math.max(lo, end + 1);
    if (hi >= from) {
      covered += hi - from + 1;
      end = hi;
    }
  }
  return last - first + 1 - covered;
}

export function lateFeeFen(input: LateFeeInput): LateFee {
  const { fineFen, paidFen = 0, dueDay, asOf, pauses } = input;
  checkFen('罚款数额', fineFen);
  checkFen('已缴罚款', paidFen);
  if (paidFen > fineFen) throw new RangeError(`已缴罚款 ${paidFen} 超过罚款数额 ${fineFen}`);
  const days = lateFeeDays(dueDay, asOf, pauses);
  const fine = BigInt(fineFen);
  const cap = (fine * BigInt(THRESHOLDS.LATE_FEE_CAP.value)) / 10_000n;
  const raw = (fine * BigInt(THRESHOLDS.LATE_FEE_DAILY_RATE.value) * BigInt(days)) / 10_000n;
  const fee = raw < cap ? raw : cap;
  return { days, feeFen: Number(fee), capped: cap > 0n && raw >= cap };
}

export interface Instalment {
  /** 1-based */
  part: number;
  dueDay: IsoDate;
  amountFen: Fen;
}

/**
 * An instalment plan (CF 66 ②; AB25 76 ②): `parts` payments `intervalMonths` apart, the first
 * on `firstDue`. Each later day is counted from `firstDue` (not from the previous one), so a
 * plan starting on the 31st stays on month-ends instead of drifting (民法典 Art 202's month
 * arithmetic, as in iso-date.ts). Amounts differ by at most 1 fen and sum exactly to the fine;
 * the extra fen go to the earliest parts. With a calendar, a due day on a 法定休假日 moves to
 * the next working day (民法典 Art 203 ①). parts = 1 is a plain deferral.
 */
export function instalmentSchedule(
  fineFen: Fen,
  parts: number,
  firstDue: IsoDate,
  intervalMonths: number,
  calendar?: HolidayCalendar,
): Instalment[] {
  checkFen('罚款数额', fineFen);
  if (fineFen === 0) throw new RangeError('罚款数额为0，无需分期');
  if (!Number.isSafeInteger(parts) || parts < 1) throw new RangeError(`分期数须为正整数，收到 ${String(parts)}`);
  if (parts > fineFen) throw new RangeError(`分期数 ${parts} 多于罚款的分数 ${fineFen}`);
  if (!Number.isSafeInteger(intervalMonths) || intervalMonths < 1) throw new RangeError(`分期间隔须为正整数个月，收到 ${String(intervalMonths)}`);
  const start = fromDayNumber(toDayNumber(firstDue)); // validates firstDue
  const base = Math.floor(fineFen / parts);
  const extra = fineFen - base * parts;
  return Array.from({ length: parts }, (_, i) => {
    const nominal = addMonthsClamped(start, i * intervalMonths);
    return {
      part: i + 1,
      dueDay: calendar ? rollToWorkingDay(nominal, calendar).day : nominal,
      amountFen: base + (i < extra ? 1 : 0),
    };
  });
}
