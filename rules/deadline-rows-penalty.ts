// 行政处罚 (workflow 1): general procedure, summary procedure, hearing, service, closing,
// disclosure and 备案 — deadlines.md §2–§6. AB25 governs cases filed from 2026-02-01; where
// it restates the 行政处罚法, the law is listed under `related`. AB25 Art 89 and 行政处罚法
// Art 85 make every 2/5/7/10-day limit below a working-day limit.
import type { DeadlineRule } from './deadline-types.ts';
import { INSTRUMENT } from './legal-sources.ts';

const { AB25, PENALTY_LAW: CF, THREE_SYSTEMS_OPINION: OPINION_118 } = INSTRUMENT;

export const PENALTY_DEADLINES = {
  PENALTY_LIMITATION: {
    id: 'PENALTY_LIMITATION', amount: 24, unit: 'MONTH', onExpiry: 'LAPSE', confirmed: true,
    source: { instrument: CF, article: '第36条' },
    related: [{ instrument: AB25, article: '第35条第1款第4项' }],
    label: '行政处罚时效（违法行为2年内未被发现的，不再给予行政处罚）',
    note: '自违法行为发生之日起算；连续或继续状态的，自行为终了之日起算。',
  },
  PENALTY_LIMITATION_LIFE_HEALTH: {
    id: 'PENALTY_LIMITATION_LIFE_HEALTH', amount: 60, unit: 'MONTH', onExpiry: 'LAPSE', confirmed: true,
    source: { instrument: CF, article: '第36条' },
    label: '行政处罚时效（涉及公民生命健康安全且有危害后果的，5年）',
  },
  FILING_DECISION: {
    id: 'FILING_DECISION', amount: 5, unit: 'WORKING_DAY', onExpiry: 'ESCALATE', confirmed: true,
    source: { instrument: AB25, article: '第34条第1款' },
    label: '初步核查后决定是否立案',
  },
  FILING_DECISION_EXTENSION: {
    id: 'FILING_DECISION_EXTENSION', amount: 5, unit: 'WORKING_DAY', onExpiry: 'ESCALATE', confirmed: true,
    source: { instrument: AB25, article: '第34条第1款' },
    label: '立案决定延长期限（经负责人批准，可延长5日）',
    note: '自原5日期限届满之日起算。',
  },
  ACCIDENT_CASE_FILING: {
    id: 'ACCIDENT_CASE_FILING', amount: 5, unit: 'WORKING_DAY', onExpiry: 'ESCALATE', confirmed: true,
    source: { instrument: AB25, article: '第34条第2款' },
    label: '事故类行政处罚立案（自收到事故调查报告批复之日起）',
  },
  PRESERVATION_URGENT_REPORT: {
    id: 'PRESERVATION_URGENT_REPORT', amount: 24, unit: 'HOUR', onExpiry: 'ESCALATE', confirmed: true,
    source: { instrument: AB25, article: '第42条第2款' },
    label: '当场先行登记保存后向负责人报告并补办批准手续',
  },
  PRESERVATION_DECISION: {
    id: 'PRESERVATION_DECISION', amount: 7, unit: 'WORKING_DAY', onExpiry: 'ESCALATE', confirmed: true,
    source: { instrument: AB25, article: '第44条' },
    related: [{ instrument: CF, article: '第56条' }],
    label: '先行登记保存证据的处理决定',
  },
  STATEMENT_AND_DEFENCE: {
    id: 'STATEMENT_AND_DEFENCE', amount: 5, unit: 'WORKING_DAY', onExpiry: 'WAIVE', confirmed: true,
    source: { instrument: AB25, article: '第18条第2款' },
    label: '陈述、申辩期限（自收到行政处罚告知书之日起，逾期视为放弃）',
  },
  HEARING_REQUEST: {
    id: 'HEARING_REQUEST', amount: 5, unit: 'WORKING_DAY', onExpiry: 'WAIVE', confirmed: true,
    source: { instrument: AB25, article: '第56条' },
    related: [{ instrument: CF, article: '第64条第1项' }, { instrument: AB25, article: '第18条第2款' }],
    label: '要求听证期限（告知后，逾期视为放弃）',
  },
  HEARING_HOLD: {
    id: 'HEARING_HOLD', amount: 15, unit: 'CALENDAR_DAY', onExpiry: 'ESCALATE', confirmed: true,
    source: { instrument: AB25, article: '第57条第1款' },
    label: '举行听证会（自收到听证申请之日起）',
  },
  HEARING_NOTICE: {
    id: 'HEARING_NOTICE', amount: 7, unit: 'WORKING_DAY', onExpiry: 'ESCALATE', confirmed: true,
    direction: 'BEFORE_EVENT',
    source: { instrument: AB25, article: '第57条第1款' },
    related: [{ instrument: CF, article: '第64条第2项' }],
    label: '听证通知（举行听证的7日前通知当事人及有关人员）',
  },
  DECISION: {
    id: 'DECISION', amount: 90, unit: 'CALENDAR_DAY', onExpiry: 'ESCALATE', confirmed: true, excludesTesting: true,
    source: { instrument: AB25, article: '第53条' },
    related: [{ instrument: CF, article: '第60条' }],
    label: '作出行政处罚决定（自立案之日起90日）',
  },
  DECISION_EXTENDED: {
    id: 'DECISION_EXTENDED', amount: 120, unit: 'CALENDAR_DAY', onExpiry: 'ESCALATE', confirmed: true, excludesTesting: true,
    source: { instrument: AB25, article: '第53条' },
    label: '作出行政处罚决定（经负责人批准延长至自立案之日起120日）',
  },
  DECISION_FURTHER_EXTENDED: {
    id: 'DECISION_FURTHER_EXTENDED', amount: 180, unit: 'CALENDAR_DAY', onExpiry: 'ESCALATE', confirmed: true, excludesTesting: true,
    source: { instrument: AB25, article: '第53条' },
    label: '作出行政处罚决定（经上一级应急管理部门批准延长至自立案之日起180日）',
  },
  DECISION_SERVICE: {
    id: 'DECISION_SERVICE', amount: 7, unit: 'WORKING_DAY', onExpiry: 'ESCALATE', confirmed: true,
    source: { instrument: AB25, article: '第66条第1款' },
    related: [{ instrument: CF, article: '第61条第1款' }],
    label: '当事人不在场时送达行政处罚决定书（宣告后）',
  },
  SERVICE_BY_PUBLIC_NOTICE: {
    id: 'SERVICE_BY_PUBLIC_NOTICE', amount: 30, unit: 'CALENDAR_DAY', onExpiry: 'PROCEED', confirmed: true,
    source: { instrument: AB25, article: '第66条第1款第5项' },
    label: '公告送达（自公告发出之日起经过30日视为送达）',
  },
  FINE_PAYMENT: {
    id: 'FINE_PAYMENT', amount: 15, unit: 'CALENDAR_DAY', onExpiry: 'PROCEED', confirmed: true,
    source: { instrument: CF, article: '第67条第3款' },
    label: '缴纳罚款（自收到行政处罚决定书之日起，逾期每日加处3%罚款）',
  },
  SUMMARY_FILING: {
    id: 'SUMMARY_FILING', amount: 5, unit: 'WORKING_DAY', onExpiry: 'ESCALATE', confirmed: true,
    source: { instrument: AB25, article: '第33条第3款' },
    related: [{ instrument: CF, article: '第52条第3款' }],
    label: '当场处罚决定报所属应急管理部门备案',
  },
  CASH_HANDOVER_TO_BUREAU: {
    id: 'CASH_HANDOVER_TO_BUREAU', amount: 2, unit: 'WORKING_DAY', onExpiry: 'ESCALATE', confirmed: true,
    source: { instrument: AB25, article: '第79条' },
    related: [{ instrument: CF, article: '第71条' }],
    label: '当场收缴的罚款交至所属应急管理部门（水上收缴自抵岸之日起）',
  },
  CASH_PAYMENT_TO_BANK: {
    id: 'CASH_PAYMENT_TO_BANK', amount: 2, unit: 'WORKING_DAY', onExpiry: 'ESCALATE', confirmed: true,
    source: { instrument: AB25, article: '第79条' },
    related: [{ instrument: CF, article: '第71条' }],
    label: '应急管理部门将当场收缴的罚款缴付指定银行',
  },
  CASE_CLOSING: {
    id: 'CASE_CLOSING', amount: 10, unit: 'WORKING_DAY', onExpiry: 'ESCALATE', confirmed: true,
    source: { instrument: AB25, article: '第54条' },
    label: '填写结案审批表（履行完毕、法院受理强制执行、不予处罚等情形出现后）',
  },
  DISCLOSURE: {
    id: 'DISCLOSURE', amount: 7, unit: 'WORKING_DAY', onExpiry: 'ESCALATE', confirmed: true,
    source: { instrument: OPINION_118, article: '二、全面推行行政执法公示制度（加强事后公开）' },
    label: '公开行政处罚决定信息（自决定作出之日起）',
    note: '118号文按新华社、新京报摘要引用，全文未核对；“工作日”为文件原文所用单位。',
  },
  DISCLOSURE_OTHER_DECISIONS: {
    id: 'DISCLOSURE_OTHER_DECISIONS', amount: 20, unit: 'WORKING_DAY', onExpiry: 'ESCALATE', confirmed: true,
    source: { instrument: OPINION_118, article: '二、全面推行行政执法公示制度（加强事后公开）' },
    label: '公开其他行政执法决定信息（自决定作出之日起）',
  },
  DISCLOSURE_WITHDRAWAL: {
    id: 'DISCLOSURE_WITHDRAWAL', amount: 3, unit: 'WORKING_DAY', onExpiry: 'ESCALATE', confirmed: true,
    source: { instrument: CF, article: '第48条第2款' },
    label: '撤回已公开但被变更、撤销、确认违法或无效的处罚决定信息并说明理由',
  },
  FILING_WITH_CITY: {
    id: 'FILING_WITH_CITY', amount: 10, unit: 'WORKING_DAY', onExpiry: 'ESCALATE', confirmed: true,
    source: { instrument: AB25, article: '第82条' },
    label: '县级部门重大处罚决定报设区的市级应急管理部门备案（自决定作出之日起）',
  },
  FILING_WITH_PROVINCE: {
    id: 'FILING_WITH_PROVINCE', amount: 10, unit: 'WORKING_DAY', onExpiry: 'ESCALATE', confirmed: true,
    source: { instrument: AB25, article: '第83条' },
    label: '市级部门重大处罚决定报省级应急管理部门备案（自决定作出之日起）',
  },
  ASSIGNED_CASE_FILING: {
    id: 'ASSIGNED_CASE_FILING', amount: 10, unit: 'WORKING_DAY', onExpiry: 'ESCALATE', confirmed: true,
    source: { instrument: AB25, article: '第85条' },
    label: '上级交办案件的处罚决定报上级应急管理部门备案（自决定作出之日起）',
  },
} as const satisfies Record<string, DeadlineRule>;
