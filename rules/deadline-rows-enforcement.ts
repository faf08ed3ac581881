// Inspection orders, 行政强制措施 and enforcement of the decision — deadlines.md §5 (执行) and §7.
// 行政强制法 Art 69: its periods "十日以内" are working days; its 15 and 30 days and three
// months are calendar periods.
import type { DeadlineRule } from './deadline-types.ts';
import { INSTRUMENT } from './legal-sources.ts';

const { AB25, COERCION_LAW: QZ, LITIGATION_INTERPRETATION: XSJ18 } = INSTRUMENT;

export const ENFORCEMENT_DEADLINES = {
  RECTIFICATION_EXTENSION_REQUEST: {
    id: 'RECTIFICATION_EXTENSION_REQUEST', amount: 10, unit: 'WORKING_DAY', onExpiry: 'LAPSE', confirmed: true,
    direction: 'BEFORE_EVENT',
    source: { instrument: AB25, article: '第27条第1款' },
    label: '因不可抗力申请延长整改期限（于期限届满前10日内书面提出）',
    note: '事件为整改期限届满日；只有在此窗口内提出的申请才需答复。',
  },
  RECTIFICATION_EXTENSION_ANSWER: {
    id: 'RECTIFICATION_EXTENSION_ANSWER', amount: 5, unit: 'WORKING_DAY', onExpiry: 'ESCALATE', confirmed: true,
    source: { instrument: AB25, article: '第27条第1款' },
    label: '书面答复是否准予延长整改期限（自收到申请之日起）',
  },
  REINSPECTION: {
    id: 'REINSPECTION', amount: 10, unit: 'WORKING_DAY', onExpiry: 'ESCALATE', confirmed: true,
    source: { instrument: AB25, article: '第27条第2款' },
    label: '复查（自收到复查申请或整改期限届满之日起）',
  },
  PRODUCTION_SUSPENSION_MAX: {
    id: 'PRODUCTION_SUSPENSION_MAX', amount: 6, unit: 'MONTH', onExpiry: 'REMIND', confirmed: true,
    source: { instrument: AB25, article: '第22条第3款' },
    label: '责令暂时停产停业、停止使用的期限（一般不超过6个月）',
  },
  LICENCE_SUSPENSION_MAX: {
    id: 'LICENCE_SUSPENSION_MAX', amount: 6, unit: 'MONTH', onExpiry: 'REMIND', confirmed: true,
    source: { instrument: AB25, article: '第7条第3款' },
    label: '暂扣许可证件、暂停执业资格的期限（一般不超过6个月）',
  },
  SEIZURE: {
    id: 'SEIZURE', amount: 30, unit: 'CALENDAR_DAY', onExpiry: 'ESCALATE', confirmed: true, excludesTesting: true,
    source: { instrument: AB25, article: '第23条第1款' },
    related: [{ instrument: QZ, article: '第25条、第27条' }],
    label: '查封、扣押期限（期限内须作出没收、销毁或解除决定）',
  },
  SEIZURE_EXTENSION: {
    id: 'SEIZURE_EXTENSION', amount: 30, unit: 'CALENDAR_DAY', onExpiry: 'ESCALATE', confirmed: true, excludesTesting: true,
    source: { instrument: AB25, article: '第23条第1款' },
    related: [{ instrument: QZ, article: '第25条第1款' }],
    label: '查封、扣押延长期限（情况复杂，经负责人批准，最多延长30日）',
    note: '自原30日期限届满之日起算；延长决定须及时书面告知当事人（AB25第25条第1款）。',
  },
  SEIZURE_URGENT_REPORT: {
    id: 'SEIZURE_URGENT_REPORT', amount: 24, unit: 'HOUR', onExpiry: 'ESCALATE', confirmed: true,
    source: { instrument: AB25, article: '第24条第2款' },
    related: [{ instrument: QZ, article: '第19条' }],
    label: '当场实施查封、扣押后向负责人报告并补办批准手续',
  },
  POWER_CUT_NOTICE: {
    id: 'POWER_CUT_NOTICE', amount: 24, unit: 'HOUR', onExpiry: 'ESCALATE', confirmed: true,
    direction: 'BEFORE_EVENT',
    source: { instrument: AB25, article: '第26条第2款' },
    label: '停止供电前通知生产经营单位（提前24小时，危及生产安全的紧急情形除外）',
  },
  LATE_FEE_BEFORE_ENFORCEMENT: {
    id: 'LATE_FEE_BEFORE_ENFORCEMENT', amount: 30, unit: 'CALENDAR_DAY', onExpiry: 'PROCEED', confirmed: true,
    source: { instrument: QZ, article: '第46条' },
    label: '加处罚款满30日（经催告仍不履行的，申请人民法院强制执行）',
  },
  COURT_ENFORCEMENT_REMINDER: {
    id: 'COURT_ENFORCEMENT_REMINDER', amount: 10, unit: 'WORKING_DAY', onExpiry: 'PROCEED', confirmed: true,
    source: { instrument: QZ, article: '第54条' },
    related: [{ instrument: QZ, article: '第35条' }],
    label: '催告书送达后当事人履行期（届满仍未履行的，可申请人民法院强制执行）',
  },
  COURT_ENFORCEMENT_APPLICATION: {
    id: 'COURT_ENFORCEMENT_APPLICATION', amount: 3, unit: 'MONTH', onExpiry: 'LAPSE', confirmed: true,
    source: { instrument: QZ, article: '第53条' },
    related: [{ instrument: XSJ18, article: '第156条' }, { instrument: AB25, article: '第77条第2款' }],
    label: '申请人民法院强制执行（自复议、起诉期限届满之日起3个月内）',
    note: '起算点为起诉期限（6个月）届满之日；批准延期、分期缴纳的，自暂缓或分期缴纳期限结束之日起算。',
  },
  COURT_ENFORCEMENT_ACCEPTANCE: {
    id: 'COURT_ENFORCEMENT_ACCEPTANCE', amount: 5, unit: 'WORKING_DAY', onExpiry: 'RECORD_ONLY', confirmed: true,
    source: { instrument: QZ, article: '第56条第1款' },
    label: '人民法院受理强制执行申请',
  },
  COURT_ENFORCEMENT_RULING: {
    id: 'COURT_ENFORCEMENT_RULING', amount: 7, unit: 'WORKING_DAY', onExpiry: 'RECORD_ONLY', confirmed: true,
    source: { instrument: QZ, article: '第57条' },
    label: '人民法院作出执行裁定（自受理之日起，书面审查）',
  },
  COURT_ENFORCEMENT_RULING_AFTER_HEARING: {
    id: 'COURT_ENFORCEMENT_RULING_AFTER_HEARING', amount: 30, unit: 'CALENDAR_DAY', onExpiry: 'RECORD_ONLY', confirmed: true,
    source: { instrument: QZ, article: '第58条第2款' },
    label: '人民法院听取意见后作出是否执行的裁定（自受理之日起）',
  },
  COURT_RULING_RECONSIDERATION: {
    id: 'COURT_RULING_RECONSIDERATION', amount: 15, unit: 'CALENDAR_DAY', onExpiry: 'LAPSE', confirmed: true,
    source: { instrument: QZ, article: '第56条第2款、第58条第3款' },
    label: '对不予受理、不予执行裁定向上一级人民法院申请复议',
  },
} as const satisfies Record<string, DeadlineRule>;
