// Dates that fit the case (issue 17 item 10): every date or time a person enters follows an act
// the case already knows of, and has happened. A 告知书 served before it was issued would start
// the 5-working-day 陈述申辩 period (AB25 Art 18 ②) in the past, and the party would be deemed to
// have waived statement and hearing at once; a payment before service, a preservation before
// the lead was found or a lawsuit tomorrow are the same kind of error. Pure: the workflow validators (which hold
// the case's state and Temporal's deterministic time) and the API both use this table.
//
// Beijing time throughout: an instant must carry its offset (the forms' zod schemas refuse one
// without; the pages append +08:00 to a datetime-local value), and a bare date is a calendar day
// in Asia/Shanghai, compared day by day with what it follows.
import { isIsoDate, shanghaiDate } from './iso-date.ts';
import { withThresholdOverrides, type ThresholdOverrides } from './thresholds.ts';

/** The configured allowance for clocks (THRESHOLDS.DATE_FUTURE_TOLERANCE_MINUTES, policy). */
export const dateTolerance = (overrides?: ThresholdOverrides): number =>
  withThresholdOverrides(overrides ?? {}).DATE_FUTURE_TOLERANCE_MINUTES.value;

/** Acts of the case's timeline that a date may have to follow. */
export const FACTS = {
  occurredAt: '违法行为发生时间',
  receivedAt: '发现线索或收到材料的时间',
  registeredAt: '案件登记时间',
  filedAt: '立案时间',
  noticeIssuedAt: '行政处罚告知书制发时间',
  noticeServedAt: '行政处罚告知书送达时间',
  hearingRequestedAt: '听证申请时间',
  hearingAt: '原定听证时间',
  decidedAt: '行政处罚决定作出时间',
  decisionServedAt: '行政处罚决定书送达时间',
  paymentDueDay: '原缴款期限',
  reminderIssuedAt: '催告书制发时间',
  reminderServedAt: '催告书送达时间',
  courtFiledAt: '申请人民法院强制执行的日期',
  clockPausedFrom: '办案期限中止的起始日期',
} as const;
export type Fact = keyof typeof FACTS;
export type DateFacts = Partial<Record<Fact, string>>;

export interface DateBound {
  /** the field's name as the person sees it */
  label: string;
  /** acts the date may not precede (those the case does not know yet are skipped) */
  after: readonly Fact[];
  /** a date that is planned, not recorded (a hearing to be held), may lie ahead */
  future?: 'ALLOWED';
  /** strictly after, as for a new payment deadline (CF Art 66 ② 延期) */
  strict?: true;
}

/**
 * Every date field a person fills in, keyed `TASK_KIND.OUTCOME.field` for task forms and
 * `action.field` for case actions. test/unit/date-bounds.test.ts fails on a date field of a
 * task form that is missing here.
 */
export const DATE_FIELDS = {
  // 告知 (CF Art 44; AB25 Art 18)
  'NOTICE_SERVICE.SERVED.servedAt': { label: '送达时间', after: ['filedAt', 'noticeIssuedAt'] },
  'PARTY_RESPONSE.HEARING_REQUEST.requestedAt': { label: '听证申请时间', after: ['noticeServedAt'] },
  'HEARING_SCHEDULE.SCHEDULED.hearingAt': { label: '听证时间', after: ['hearingRequestedAt'], future: 'ALLOWED' },
  'HEARING.POSTPONED.hearingAt': { label: '新的听证时间', after: ['hearingAt'], future: 'ALLOWED' },
  // 送达 and 执行 (CF Art 61, 66–73; QZ Art 35, 53–54)
  'DECISION_SERVICE.SERVED.servedAt': { label: '送达时间', after: ['decidedAt'] },
  'DECISION_SERVICE.PUBLIC_NOTICE.publishedAt': { label: '公告日期', after: ['decidedAt'] },
  'HIGHER_FILING.FILED.filedAt': { label: '报送日期', after: ['decidedAt'] },
  'REMINDER_SERVICE.SERVED.servedAt': { label: '送达时间', after: ['reminderIssuedAt'] },
  'COURT_APPLICATION.FILED.filedAt': { label: '申请日期', after: ['reminderServedAt'] },
  'COURT_ACCEPTANCE.ACCEPTED.acceptedAt': { label: '受理日期', after: ['courtFiledAt'] },
  // Procedures beside the case: their own workflows check order; here what may not lie ahead.
  'RECON_ANSWER.ANSWER.evidence[].collectedAt': { label: '证据收集时间', after: [] },
  'RECON_DECISION.SCHEDULE_HEARING.hearingAt': { label: '听证时间', after: [], future: 'ALLOWED' },
  'RECON_LITIGATION.SUED.filedAt': { label: '起诉日期', after: ['decidedAt'] },
  'TRANSFER_FILING_REVIEW.FILE.decidedAt': { label: '作出立案决定的时间', after: [] },
  'TRANSFER_FILING_REVIEW.NOT_FILE.decidedAt': { label: '作出不予立案决定的时间', after: [] },
  'INSPECTION_RECORD.RECORD.startedAt': { label: '检查开始时间', after: [] },
  'INSPECTION_RECORD.RECORD.rectifyBy': { label: '整改期限', after: [], future: 'ALLOWED' },
  'RECTIFICATION_EXTENSION.GRANT.newDeadline': { label: '延长后的整改期限', after: [], future: 'ALLOWED' },
  'CERTIFICATE_RENEWAL.RENEWED.validFrom': { label: '有效期起', after: [], future: 'ALLOWED' },
  'CERTIFICATE_RENEWAL.RENEWED.validUntil': { label: '有效期至', after: [], future: 'ALLOWED' },
  // What the API checks where it holds the facts (api/services/cases.ts, reconsiderations.ts, interference.ts)
  'registration.occurredAt': { label: '违法行为发生时间', after: [] },
  // 立案审批's 5 working days run from when the lead was found or received (AB25 Art 34 ①).
  'registration.receivedAt': { label: '发现线索或收到材料的时间', after: ['occurredAt'] },
  // A party cannot have known of a decision before it existed (行政复议法 Art 20 ①).
  'reconsideration.knownAt': { label: '知道该行政行为的日期', after: ['decidedAt'] },
  // Interference may come before the lead is registered (asking that it not be): only not ahead of now.
  'interference.occurredAt': { label: '干预发生的时间', after: [] },
  // Case actions through the API (api/routes/case-actions.ts)
  // Urgent preservation is done on site (AB25 Art 42 ②), often at the inspection that found the
  // lead and before 立案: it may not precede the lead, not the filing.
  'preservation.performedAt': { label: '当场实施先行登记保存的时间', after: ['receivedAt'] },
  'lawsuit.filedAt': { label: '起诉日期', after: ['decisionServedAt'] },
  'payment.paidAt': { label: '缴款时间', after: ['decisionServedAt'] },
  'deferral.newDueDay': { label: '申请的缴款期限', after: ['paymentDueDay'], future: 'ALLOWED', strict: true },
  'clockPause.commissionedAt': { label: '委托日期', after: ['filedAt'] },
  'clockResume.resultAt': { label: '检测、检验、检疫、鉴定结果作出日期', after: ['clockPausedFrom'] },
} as const satisfies Record<string, DateBound>;
export type DateField = keyof typeof DATE_FIELDS;

const MINUTE = 60_000;
const pad = (n: number) => String(n).padStart(2, '0');

/** 2026-12-06 14:05 (Beijing time), or the bare date as entered. */
export function beijingText(x: string | number): string {
  if (typeof x === 'string' && isIsoDate(x)) return x;
  const d = new Date((typeof x === 'number' ? x : Date.parse(x)) + 8 * 60 * MINUTE);
  return `${d.toISOString().slice(0, 10)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/**
 * A bare date compared with anything, or anything compared with a bare date, goes by the Beijing
 * day. Two instants differ only beyond the allowance for clocks: the person's watch or device and
 * the server's may disagree by a few minutes either way, and the same allowance applies ahead of now.
 */
function compare(a: string, b: string, allowanceMs: number): number {
  if (isIsoDate(a) || isIsoDate(b)) {
    const [x, y] = [shanghaiDate(a), shanghaiDate(b)];
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const d = Date.parse(a) - Date.parse(b);
  return Math.abs(d) <= allowanceMs ? 0 : Math.sign(d);
}

/**
 * Why `value` does not fit, naming the field and the bound, or undefined. `now` is the caller's
 * clock (Temporal's in a workflow); `toleranceMinutes` allows for clocks that disagree a little.
 */
export function dateRefusal(
  value: string, bound: DateBound, facts: DateFacts, now: number, toleranceMinutes: number,
): string | undefined {
  if (!isIsoDate(value) && Number.isNaN(Date.parse(value))) return `${bound.label}不是有效的日期或时间`;
  for (const fact of bound.after) {
    const at = facts[fact];
    if (at === undefined) continue;
    const c = compare(value, at, bound.strict ? 0 : toleranceMinutes * MINUTE);
    if (c < 0 || (bound.strict && c === 0)) {
      return `${bound.label}（${beijingText(value)}）不能${bound.strict ? '早于或等于' : '早于'}${FACTS[fact]}（${beijingText(at)}）`;
    }
  }
  if (bound.future !== 'ALLOWED') {
    const limit = now + toleranceMinutes * MINUTE;
    if (isIsoDate(value) ? value > shanghaiDate(new Date(limit)) : Date.parse(value) > limit) {
      return `${bound.label}（${beijingText(value)}）不能晚于当前时间（北京时间 ${beijingText(now)}，允许误差${toleranceMinutes}分钟）`;
    }
  }
  return undefined;
}

/** The strings at `a.b` or `list[].b` (each item of a list). */
function valuesAt(data: unknown, path: string): string[] {
  const [head, ...rest] = path.split('.');
  const list = head.endsWith('[]');
  const v = (data as Record<string, unknown> | undefined)?.[list ? head.slice(0, -2) : head];
  const items = list ? (Array.isArray(v) ? v : []) : [v];
  return items.flatMap((x) => (rest.length ? valuesAt(x, rest.join('.')) : typeof x === 'string' ? [x] : []));
}

/** Checks every date field of a task form's answer that the table knows; the first refusal. */
export function formDateRefusal(
  kind: string, outcome: string, data: Record<string, unknown>, facts: DateFacts, now: number, toleranceMinutes: number,
): string | undefined {
  const prefix = `${kind}.${outcome}.`;
  for (const [key, bound] of Object.entries(DATE_FIELDS) as [string, DateBound][]) {
    if (!key.startsWith(prefix)) continue;
    for (const value of valuesAt(data, key.slice(prefix.length))) {
      const refusal = dateRefusal(value, bound, facts, now, toleranceMinutes);
      if (refusal) return refusal;
    }
  }
  return undefined;
}

/** One case action's date (`action.field` of the table). */
export const actionDateRefusal = (
  field: DateField, value: string, facts: DateFacts, now: number, toleranceMinutes: number,
) => dateRefusal(value, DATE_FIELDS[field], facts, now, toleranceMinutes);
