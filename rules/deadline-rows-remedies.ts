// 行政复议 (workflow 5) and 行政诉讼 — deadlines.md §10, §11. 行政复议法 Art 88 ②: its
// 三日/五日/七日/十日 are working days (不含法定休假日); its other periods follow the 民事诉讼法
// rules on 期间 (Art 88 ①), as do the 行政诉讼法's (Art 101).
import type { DeadlineRule } from './deadline-types.ts';
import { INSTRUMENT } from './legal-sources.ts';

const { RECONSIDERATION_LAW: FY, LITIGATION_LAW: SS, LITIGATION_INTERPRETATION: XSJ18 } = INSTRUMENT;

export const REMEDY_DEADLINES = {
  RECONSIDERATION_APPLICATION: {
    id: 'RECONSIDERATION_APPLICATION', amount: 60, unit: 'CALENDAR_DAY', onExpiry: 'LAPSE', confirmed: true,
    source: { instrument: FY, article: '第20条第1款' },
    label: '申请行政复议（自知道或应当知道行政行为之日起）',
  },
  RECONSIDERATION_APPLICATION_UNINFORMED: {
    id: 'RECONSIDERATION_APPLICATION_UNINFORMED', amount: 12, unit: 'MONTH', onExpiry: 'LAPSE', confirmed: true,
    source: { instrument: FY, article: '第20条第3款' },
    label: '未告知复议权利、机关和期限时的最长申请期限（自知道行政行为内容之日起1年）',
  },
  RECONSIDERATION_ABSOLUTE_BAR: {
    id: 'RECONSIDERATION_ABSOLUTE_BAR', amount: 60, unit: 'MONTH', onExpiry: 'LAPSE', confirmed: true,
    source: { instrument: FY, article: '第21条' },
    label: '行政复议最长保护期限（自行政行为作出之日起5年，不动产20年）',
  },
  RECONSIDERATION_FORWARDING: {
    id: 'RECONSIDERATION_FORWARDING', amount: 5, unit: 'WORKING_DAY', onExpiry: 'ESCALATE', confirmed: true,
    source: { instrument: FY, article: '第32条第2款' },
    label: '维持当场处罚决定的，将经本机关提交的复议申请转送复议机关',
  },
  RECONSIDERATION_ACCEPTANCE_REVIEW: {
    id: 'RECONSIDERATION_ACCEPTANCE_REVIEW', amount: 5, unit: 'WORKING_DAY', onExpiry: 'DEEMED_ACCEPTED', confirmed: true,
    source: { instrument: FY, article: '第30条' },
    label: '复议机关受理审查（届满未决定不予受理的，视为受理）',
  },
  RECONSIDERATION_CORRECTION_NOTICE: {
    id: 'RECONSIDERATION_CORRECTION_NOTICE', amount: 5, unit: 'WORKING_DAY', onExpiry: 'RECORD_ONLY', confirmed: true,
    source: { instrument: FY, article: '第31条第1款' },
    label: '复议机关书面通知申请人补正（自收到申请之日起）',
  },
  RECONSIDERATION_CORRECTION: {
    id: 'RECONSIDERATION_CORRECTION', amount: 10, unit: 'WORKING_DAY', onExpiry: 'DEEMED_WITHDRAWN', confirmed: true,
    source: { instrument: FY, article: '第31条第2款' },
    label: '申请人提交补正材料（无正当理由逾期不补正的，视为放弃复议申请）',
  },
  RECONSIDERATION_COPY_TO_RESPONDENT: {
    id: 'RECONSIDERATION_COPY_TO_RESPONDENT', amount: 7, unit: 'WORKING_DAY', onExpiry: 'RECORD_ONLY', confirmed: true,
    source: { instrument: FY, article: '第48条' },
    label: '复议机构向被申请人发送申请书副本（普通程序，自受理之日起）',
  },
  RECONSIDERATION_COPY_TO_RESPONDENT_SIMPLIFIED: {
    id: 'RECONSIDERATION_COPY_TO_RESPONDENT_SIMPLIFIED', amount: 3, unit: 'WORKING_DAY', onExpiry: 'RECORD_ONLY', confirmed: true,
    source: { instrument: FY, article: '第54条第1款' },
    label: '复议机构向被申请人发送申请书副本（简易程序，自受理之日起）',
  },
  RECONSIDERATION_ANSWER: {
    id: 'RECONSIDERATION_ANSWER', amount: 10, unit: 'WORKING_DAY', onExpiry: 'REVOKE', confirmed: true,
    source: { instrument: FY, article: '第48条' },
    related: [{ instrument: FY, article: '第70条' }],
    label: '被申请人提出书面答复并提交证据、依据（普通程序；逾期视为没有证据、依据）',
  },
  RECONSIDERATION_ANSWER_SIMPLIFIED: {
    id: 'RECONSIDERATION_ANSWER_SIMPLIFIED', amount: 5, unit: 'WORKING_DAY', onExpiry: 'REVOKE', confirmed: true,
    source: { instrument: FY, article: '第54条第1款' },
    related: [{ instrument: FY, article: '第70条' }],
    label: '被申请人提出书面答复并提交证据、依据（简易程序；逾期视为没有证据、依据）',
  },
  RECONSIDERATION_HEARING_NOTICE: {
    id: 'RECONSIDERATION_HEARING_NOTICE', amount: 5, unit: 'WORKING_DAY', onExpiry: 'RECORD_ONLY', confirmed: true,
    direction: 'BEFORE_EVENT',
    source: { instrument: FY, article: '第51条第1款' },
    label: '复议听证通知（举行听证的5日前书面通知当事人）',
  },
  RECONSIDERATION_DECISION: {
    id: 'RECONSIDERATION_DECISION', amount: 60, unit: 'CALENDAR_DAY', onExpiry: 'PROCEED', confirmed: true,
    source: { instrument: FY, article: '第62条第1款' },
    label: '作出行政复议决定（普通程序，自受理之日起；逾期可起诉）',
  },
  RECONSIDERATION_DECISION_EXTENSION: {
    id: 'RECONSIDERATION_DECISION_EXTENSION', amount: 30, unit: 'CALENDAR_DAY', onExpiry: 'PROCEED', confirmed: true,
    source: { instrument: FY, article: '第62条第1款' },
    label: '行政复议决定延长期限（经复议机构负责人批准，最多30日）',
    note: '自原60日期限届满之日起算。',
  },
  RECONSIDERATION_DECISION_SIMPLIFIED: {
    id: 'RECONSIDERATION_DECISION_SIMPLIFIED', amount: 30, unit: 'CALENDAR_DAY', onExpiry: 'PROCEED', confirmed: true,
    source: { instrument: FY, article: '第62条第2款' },
    label: '作出行政复议决定（简易程序，自受理之日起）',
  },
  RECONSIDERATION_SUSPENSION_TERMINATION: {
    id: 'RECONSIDERATION_SUSPENSION_TERMINATION', amount: 60, unit: 'CALENDAR_DAY', onExpiry: 'LAPSE', confirmed: true,
    source: { instrument: FY, article: '第41条第5项' },
    label: '因申请人死亡、丧失行为能力、终止中止复议满60日原因仍未消除的，终止复议',
  },
  RECONSIDERATION_OPINION_REPORT: {
    id: 'RECONSIDERATION_OPINION_REPORT', amount: 60, unit: 'CALENDAR_DAY', onExpiry: 'ESCALATE', confirmed: true,
    source: { instrument: FY, article: '第76条' },
    label: '向复议机关报送行政复议意见书的纠正情况（自收到意见书之日起）',
  },
  RECONSIDERATION_MANDATORY_SUIT: {
    id: 'RECONSIDERATION_MANDATORY_SUIT', amount: 15, unit: 'CALENDAR_DAY', onExpiry: 'LAPSE', confirmed: true,
    source: { instrument: FY, article: '第34条' },
    label: '复议前置案件不予受理、驳回或逾期不答复后起诉（自收到决定书或复议期限届满之日起）',
  },
  LITIGATION_AFTER_RECONSIDERATION: {
    id: 'LITIGATION_AFTER_RECONSIDERATION', amount: 15, unit: 'CALENDAR_DAY', onExpiry: 'LAPSE', confirmed: true,
    source: { instrument: SS, article: '第45条' },
    label: '不服复议决定起诉（自收到复议决定书或复议期满之日起）',
  },
  LITIGATION_DIRECT: {
    id: 'LITIGATION_DIRECT', amount: 6, unit: 'MONTH', onExpiry: 'LAPSE', confirmed: true,
    source: { instrument: SS, article: '第46条第1款' },
    label: '直接提起行政诉讼（自知道或应当知道作出行政行为之日起）',
  },
  LITIGATION_ABSOLUTE_BAR: {
    id: 'LITIGATION_ABSOLUTE_BAR', amount: 60, unit: 'MONTH', onExpiry: 'LAPSE', confirmed: true,
    source: { instrument: SS, article: '第46条第2款' },
    label: '行政诉讼最长起诉期限（自行政行为作出之日起5年，不动产20年）',
  },
  LITIGATION_UNINFORMED: {
    id: 'LITIGATION_UNINFORMED', amount: 12, unit: 'MONTH', onExpiry: 'LAPSE', confirmed: true,
    source: { instrument: XSJ18, article: '第64条' },
    label: '未告知起诉期限时的最长起诉期限（自知道行政行为内容之日起1年）',
  },
  LITIGATION_DEFENCE: {
    id: 'LITIGATION_DEFENCE', amount: 15, unit: 'CALENDAR_DAY', onExpiry: 'REVOKE', confirmed: true,
    source: { instrument: SS, article: '第67条第1款' },
    related: [{ instrument: SS, article: '第34条第2款' }],
    label: '被告提交证据、规范性文件和答辩状（自收到起诉状副本之日起；逾期视为没有证据）',
  },
  APPEAL_JUDGMENT: {
    id: 'APPEAL_JUDGMENT', amount: 15, unit: 'CALENDAR_DAY', onExpiry: 'LAPSE', confirmed: true,
    source: { instrument: SS, article: '第85条' },
    label: '不服一审判决上诉（自判决书送达之日起）',
  },
  APPEAL_RULING: {
    id: 'APPEAL_RULING', amount: 10, unit: 'CALENDAR_DAY', onExpiry: 'LAPSE', confirmed: true,
    source: { instrument: SS, article: '第85条' },
    label: '不服一审裁定上诉（自裁定书送达之日起）',
  },
} as const satisfies Record<string, DeadlineRule>;
