// 行刑衔接 (workflow 3) and 移交有关部门 (workflow 4) — deadlines.md §8, §9.
//
// Neither 国务院令310号 nor 应急〔2019〕54号 says whether its "3日" are working or calendar
// days (deadlines.md §1, §13.3: UNCONFIRMED). They are scheduled as calendar days, the
// reading that never lets a transfer wait longer than the text allows, and marked
// confirmed:false so a bureau can switch them to working days by configuration.
// "24小时" is clock hours.
import type { DeadlineRule } from './deadline-types.ts';
import { INSTRUMENT } from './legal-sources.ts';

const { TRANSFER_REGULATION: R310, SAFETY_TRANSFER_MEASURES: XX19, AB25 } = INSTRUMENT;

const THREE_DAY_UNIT = '310号令、54号文未规定“3日”按工作日还是自然日计算；按自然日（较严）排期，可配置。';
const NO_STATUTE = '法律只要求“及时依法移送”，未规定接收部门签收、反馈的期限；本值为可配置的默认值，不是法定期限。';

export const TRANSFER_DEADLINES = {
  TRANSFER_APPROVAL: {
    id: 'TRANSFER_APPROVAL', amount: 3, unit: 'CALENDAR_DAY', onExpiry: 'ESCALATE', confirmed: false,
    source: { instrument: R310, article: '第5条第2款' },
    related: [{ instrument: XX19, article: '第7条' }],
    label: '正职负责人作出批准或不批准移送的决定（自接到移送报告之日起）',
    note: THREE_DAY_UNIT,
  },
  TRANSFER_DELIVERY: {
    id: 'TRANSFER_DELIVERY', amount: 24, unit: 'HOUR', onExpiry: 'ESCALATE', confirmed: true,
    source: { instrument: R310, article: '第5条第2款' },
    label: '批准移送后向同级公安机关移送（逾期将被责令限期移送并追责，第16条）',
  },
  POLICE_FORWARD: {
    id: 'POLICE_FORWARD', amount: 24, unit: 'HOUR', onExpiry: 'RECORD_ONLY', confirmed: true,
    source: { instrument: R310, article: '第7条' },
    label: '公安机关将不属本机关管辖的案件转送有管辖权的机关',
  },
  POLICE_FILING_REVIEW: {
    id: 'POLICE_FILING_REVIEW', amount: 3, unit: 'CALENDAR_DAY', onExpiry: 'ESCALATE', confirmed: false,
    source: { instrument: R310, article: '第8条' },
    related: [{ instrument: R310, article: '第17条' }],
    label: '公安机关审查并作出立案或不予立案决定（自接受移送之日起）',
    note: THREE_DAY_UNIT,
  },
  POLICE_REVIEW_VERIFICATION_EXTENSION: {
    id: 'POLICE_REVIEW_VERIFICATION_EXTENSION', amount: 7, unit: 'CALENDAR_DAY', onExpiry: 'ESCALATE', confirmed: false,
    source: { instrument: XX19, article: '条号未核实' },
    label: '公安机关审查期限（线索需要查证的，延长至7日）',
    note: '54号文全文未读到，7日延长审查期限未经核实。',
  },
  POLICE_REVIEW_MAJOR_EXTENSION: {
    id: 'POLICE_REVIEW_MAJOR_EXTENSION', amount: 30, unit: 'CALENDAR_DAY', onExpiry: 'ESCALATE', confirmed: false,
    source: { instrument: XX19, article: '条号未核实' },
    label: '公安机关审查期限（重大疑难复杂案件，延长至30日）',
    note: '54号文全文未读到，30日延长审查期限未经核实。',
  },
  POLICE_DECISION_NOTICE: {
    id: 'POLICE_DECISION_NOTICE', amount: 3, unit: 'CALENDAR_DAY', onExpiry: 'RECORD_ONLY', confirmed: false,
    source: { instrument: XX19, article: '条号未核实' },
    related: [{ instrument: R310, article: '第8条' }],
    label: '公安机关书面通知立案或不予立案决定（抄送同级人民检察院）',
    note: THREE_DAY_UNIT,
  },
  TRANSFER_MATERIALS_HANDOVER: {
    id: 'TRANSFER_MATERIALS_HANDOVER', amount: 3, unit: 'CALENDAR_DAY', onExpiry: 'ESCALATE', confirmed: false,
    source: { instrument: R310, article: '第12条' },
    label: '向公安机关移交涉案物品及有关材料（自接到立案通知书之日起）',
    note: THREE_DAY_UNIT,
  },
  TRANSFER_RECONSIDERATION_REQUEST: {
    id: 'TRANSFER_RECONSIDERATION_REQUEST', amount: 3, unit: 'CALENDAR_DAY', onExpiry: 'LAPSE', confirmed: false,
    source: { instrument: R310, article: '第9条第1款' },
    label: '提请公安机关复议不予立案决定（自接到不予立案通知书之日起）',
    note: THREE_DAY_UNIT,
  },
  POLICE_RECONSIDERATION_DECISION: {
    id: 'POLICE_RECONSIDERATION_DECISION', amount: 3, unit: 'CALENDAR_DAY', onExpiry: 'ESCALATE', confirmed: false,
    source: { instrument: R310, article: '第9条第2款' },
    label: '公安机关作出复议决定（自收到提请复议文件之日起）',
    note: THREE_DAY_UNIT,
  },
  PROCURATORATE_SUPERVISION_REQUEST: {
    id: 'PROCURATORATE_SUPERVISION_REQUEST', amount: 3, unit: 'CALENDAR_DAY', onExpiry: 'LAPSE', confirmed: false,
    source: { instrument: R310, article: '第9条第2款' },
    label: '建议人民检察院立案监督（自收到复议决定通知书之日起）',
    note: THREE_DAY_UNIT,
  },
  REFERRAL_SIGN: {
    id: 'REFERRAL_SIGN', amount: 3, unit: 'WORKING_DAY', onExpiry: 'ESCALATE', confirmed: false,
    source: { instrument: AB25, article: '第10条第1款' },
    label: '接收部门签收移交事项（默认值）',
    note: NO_STATUTE,
  },
  REFERRAL_SIGN_URGENT: {
    id: 'REFERRAL_SIGN_URGENT', amount: 1, unit: 'WORKING_DAY', onExpiry: 'ESCALATE', confirmed: false,
    source: { instrument: AB25, article: '第10条第1款' },
    label: '接收部门签收紧急移交事项（默认值）',
    note: NO_STATUTE,
  },
  REFERRAL_RESULT: {
    id: 'REFERRAL_RESULT', amount: 15, unit: 'WORKING_DAY', onExpiry: 'ESCALATE', confirmed: false,
    source: { instrument: AB25, article: '第10条第1款' },
    label: '接收部门反馈移交事项处理结果（默认值，自签收之日起）',
    note: NO_STATUTE,
  },
} as const satisfies Record<string, DeadlineRule>;
