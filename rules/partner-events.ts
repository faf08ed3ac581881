// Events partner systems receive (issue 24): which steps of a procedure become an outbound
// event, by the action their audit event records. Data, not code: a new event type is a row
// here. Every event goes to the org whose record it is and to the orgs the step concerns (the
// department a referral is sent to, the police and procuratorate of a transfer, the bureau whose
// decision is challenged): each of them sees it in its own feed, numbered in its own sequence.

export const EVENT_TYPES = [
  'referral.sent', 'referral.overdue', 'referral.signed', 'referral.result_reported', 'referral.closed',
  'transfer.sent', 'transfer.materials_due', 'transfer.concluded',
  'reconsideration.answer_requested', 'reconsideration.decided',
  'decision.served',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Chinese names for the admin pages (api/labels.ts style). */
export const EVENT_TYPE_LABELS: Record<EventType, string> = {
  'referral.sent': '移交函已送达有关部门',
  'referral.overdue': '移交事项逾期催办、督办',
  'referral.signed': '有关部门已签收移交事项',
  'referral.result_reported': '有关部门已反馈办理结果',
  'referral.closed': '移交事项办结',
  'transfer.sent': '涉嫌犯罪案件已移送公安机关',
  'transfer.materials_due': '公安机关立案，涉案物品及材料须在3日内移交',
  'transfer.concluded': '移送案件办结',
  'reconsideration.answer_requested': '行政复议已受理，被申请人须提出书面答复',
  'reconsideration.decided': '行政复议决定已作出',
  'decision.served': '行政处罚决定书已送达',
};

/** Audit action → event type. */
export const EVENT_OF_ACTION: Readonly<Record<string, EventType>> = {
  'referral.sent': 'referral.sent',
  'referral.resent': 'referral.sent',
  'referral.reminded': 'referral.overdue',
  'referral.escalated': 'referral.overdue',
  'referral.signed': 'referral.signed',
  'referral.result_reported': 'referral.result_reported',
  'referral.closed': 'referral.closed',
  'transfer.delivered': 'transfer.sent',
  // 310号令 Art 12: once the police file, the materials follow within 3 days.
  'transfer.filed': 'transfer.materials_due',
  'transfer.concluded': 'transfer.concluded',
  // 行政复议法 Art 48: the respondent answers within 10 days of receiving the copy.
  'reconsideration.accepted': 'reconsideration.answer_requested',
  'reconsideration.decided': 'reconsideration.decided',
  'case.served': 'decision.served',
};

export const isEventType = (t: string): t is EventType => (EVENT_TYPES as readonly string[]).includes(t);
