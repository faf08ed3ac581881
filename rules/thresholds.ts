// Amounts and counts that switch a procedure (deadlines.md §3, §4, §5, §6, §8a, §10). Pure data.
//
// Money is an integer number of fen (分), as a JS number: exact up to 2^53 fen (≈ 9×10^13
// 元), far beyond any fine, and — unlike bigint — it survives JSON, which is how Temporal
// payloads and the API carry it; amounts are written 元_分 (3_000_00 = 3000元). Rates are
// integer basis points (1 bp = 0.01%).
//
// "以上""以下" include the stated figure (AB25 Art 88; 民法典 Art 1259), so a threshold is
// met at exactly its value.
import type { LegalSource } from './legal-sources.ts';
import { INSTRUMENT } from './legal-sources.ts';

export type Fen = number;
/** FLAG: a yes/no choice the law leaves open (1 = yes, 0 = no). */
export type ThresholdUnit = 'FEN' | 'COUNT' | 'BASIS_POINT' | 'FLAG';

export interface ThresholdRule {
  id: string;
  value: number;
  unit: ThresholdUnit;
  /** AT_MOST: applies when x ≤ value ("以下"); AT_LEAST: when x ≥ value ("以上"); RATE: a factor; CHOICE: a FLAG */
  applies: 'AT_MOST' | 'AT_LEAST' | 'RATE' | 'CHOICE';
  source: LegalSource;
  related?: readonly LegalSource[];
  label: string;
  /** false = UNCONFIRMED in deadlines.md: configurable, never presented as law */
  confirmed: boolean;
  note?: string;
}

const { AB25, PENALTY_LAW: CF, COERCION_LAW: QZ, RECONSIDERATION_LAW: FY } = INSTRUMENT;
const JS15 = INSTRUMENT.PRODUCTION_SAFETY_CRIMES_INTERPRETATION;
const HEARING_NOTE = '适用AB25第55条第2款的默认数额；云南省是否另有规定未经核实，可配置。';

export const THRESHOLDS = {
  SUMMARY_FINE_MAX_INDIVIDUAL: {
    id: 'SUMMARY_FINE_MAX_INDIVIDUAL', value: 200_00, unit: 'FEN', applies: 'AT_MOST', confirmed: true,
    source: { instrument: AB25, article: '第32条' }, related: [{ instrument: CF, article: '第51条' }],
    label: '简易程序（当场处罚）罚款上限：个人200元',
  },
  SUMMARY_FINE_MAX_ORGANISATION: {
    id: 'SUMMARY_FINE_MAX_ORGANISATION', value: 3_000_00, unit: 'FEN', applies: 'AT_MOST', confirmed: true,
    source: { instrument: AB25, article: '第32条' }, related: [{ instrument: CF, article: '第51条' }],
    label: '简易程序（当场处罚）罚款上限：生产经营单位3000元',
  },
  ON_THE_SPOT_COLLECTION_MAX: {
    id: 'ON_THE_SPOT_COLLECTION_MAX', value: 100_00, unit: 'FEN', applies: 'AT_MOST', confirmed: true,
    source: { instrument: CF, article: '第68条第1项' },
    label: '当场收缴罚款上限：100元（另有事后难以执行、边远地区等情形）',
  },
  HEARING_FINE_MIN_INDIVIDUAL: {
    id: 'HEARING_FINE_MIN_INDIVIDUAL', value: 20_000_00, unit: 'FEN', applies: 'AT_LEAST', confirmed: false,
    source: { instrument: AB25, article: '第55条第2款' },
    label: '听证“较大数额”：个人2万元以上', note: HEARING_NOTE,
  },
  HEARING_FINE_MIN_ORGANISATION: {
    id: 'HEARING_FINE_MIN_ORGANISATION', value: 100_000_00, unit: 'FEN', applies: 'AT_LEAST', confirmed: false,
    source: { instrument: AB25, article: '第55条第2款' },
    label: '听证“较大数额”：生产经营单位10万元以上', note: HEARING_NOTE,
  },
  LATE_FEE_DAILY_RATE: {
    id: 'LATE_FEE_DAILY_RATE', value: 300, unit: 'BASIS_POINT', applies: 'RATE', confirmed: true,
    source: { instrument: CF, article: '第72条第1款第1项' }, related: [{ instrument: AB25, article: '第77条第1款第1项' }],
    label: '加处罚款：每日按罚款数额的3%',
  },
  LATE_FEE_CAP: {
    id: 'LATE_FEE_CAP', value: 10_000, unit: 'BASIS_POINT', applies: 'RATE', confirmed: true,
    source: { instrument: CF, article: '第72条第1款第1项' }, related: [{ instrument: QZ, article: '第45条第2款' }],
    label: '加处罚款总额不得超出罚款数额（100%）',
  },
  FILING_WITH_CITY_FINE_MIN: {
    id: 'FILING_WITH_CITY_FINE_MIN', value: 100_000_00, unit: 'FEN', applies: 'AT_LEAST', confirmed: true,
    source: { instrument: AB25, article: '第82条' },
    label: '县级部门报市级备案：罚款、没收10万元以上',
  },
  FILING_WITH_PROVINCE_FINE_MIN: {
    id: 'FILING_WITH_PROVINCE_FINE_MIN', value: 200_000_00, unit: 'FEN', applies: 'AT_LEAST', confirmed: true,
    source: { instrument: AB25, article: '第83条' },
    label: '市级部门报省级备案：罚款、没收20万元以上',
  },
  CRIMINAL_DEATHS_MIN: {
    id: 'CRIMINAL_DEATHS_MIN', value: 1, unit: 'COUNT', applies: 'AT_LEAST', confirmed: true,
    source: { instrument: JS15, article: '第6条第1款第1项' },
    label: '涉嫌重大责任事故等犯罪：造成死亡1人以上',
  },
  CRIMINAL_SERIOUS_INJURIES_MIN: {
    id: 'CRIMINAL_SERIOUS_INJURIES_MIN', value: 3, unit: 'COUNT', applies: 'AT_LEAST', confirmed: true,
    source: { instrument: JS15, article: '第6条第1款第1项' },
    label: '涉嫌重大责任事故等犯罪：重伤3人以上',
  },
  CRIMINAL_DIRECT_LOSS_MIN: {
    id: 'CRIMINAL_DIRECT_LOSS_MIN', value: 1_000_000_00, unit: 'FEN', applies: 'AT_LEAST', confirmed: true,
    source: { instrument: JS15, article: '第6条第1款第2项' },
    label: '涉嫌重大责任事故等犯罪：直接经济损失100万元以上',
  },
  TRANSFER_PAUSES_DECISION_CLOCK: {
    id: 'TRANSFER_PAUSES_DECISION_CLOCK', value: 1, unit: 'FLAG', applies: 'CHOICE', confirmed: false,
    source: { instrument: AB25, article: '第53条第2款' },
    related: [{ instrument: INSTRUMENT.TRANSFER_REGULATION, article: '第11条第1款' }],
    label: '涉嫌犯罪案件移送公安机关立案后，行政处罚办案期限中止计算（1=中止，0=照常计算）',
    note: '移送期间是否中止办案期限无明确规定（AB25第53条第2款只扣除检测、检验、鉴定期间）；默认中止（公安机关审查期间不得以罚代刑，310号令第11条第1款），可配置。',
  },
  // 检测、检验、检疫、鉴定 time is not counted (AB25 Art 53 ②, under CF Art 60's 规章另有规定). The law
  // excludes the testing time itself, which runs from the commission; the approval only decides
  // that the pause stands. Counting from the head's approval instead is a stricter local policy.
  TESTING_PAUSE_FROM_COMMISSION: {
    id: 'TESTING_PAUSE_FROM_COMMISSION', value: 1, unit: 'FLAG', applies: 'CHOICE', confirmed: false,
    source: { instrument: AB25, article: '第53条第2款' }, related: [{ instrument: CF, article: '第60条' }],
    label: '检测、检验、检疫、鉴定期间自委托之日起中止办案期限（1=自委托日期，0=自负责人批准之日）',
    note: 'AB25第53条第2款只规定检测、检验、检疫、鉴定时间不计入期限，起算点未核实（条文未规定）；默认自委托日期（即检测时间本身），可配置。',
  },
  // Dates people enter may not lie ahead nor precede the act they follow (issue 17): a watch or
  // device a few minutes off the server's clock must not refuse a service recorded on the spot, so
  // a small allowance either way is policy, not law. A bare date is compared by the Beijing day.
  DATE_FUTURE_TOLERANCE_MINUTES: {
    id: 'DATE_FUTURE_TOLERANCE_MINUTES', value: 10, unit: 'COUNT', applies: 'AT_MOST', confirmed: false,
    source: { instrument: INSTRUMENT.THREE_SYSTEMS_OPINION, article: '执法全过程记录制度' },
    label: '录入的时间不得晚于当前时间、不得早于其前一环节，允许时钟误差10分钟（北京时间）',
    note: '执法全过程记录要求如实记录时间，未规定误差；10分钟为本局设定的时钟误差容许值（可配置，不是法定标准）。',
  },
  RECONSIDERATION_SIMPLIFIED_MAX: {
    id: 'RECONSIDERATION_SIMPLIFIED_MAX', value: 3_000_00, unit: 'FEN', applies: 'AT_MOST', confirmed: true,
    source: { instrument: FY, article: '第53条第1款第3项' },
    label: '行政复议简易程序：案件涉及款额3000元以下',
  },
  // 抽查 (issue 8): how many closed cases per county the city samples each period. The reform plan
  // asks for sampling (市应急管理部门……进行抽查和考核) with no share: the bureau's policy, configurable.
  CASE_REVIEW_SAMPLE_SHARE: {
    id: 'CASE_REVIEW_SAMPLE_SHARE', value: 1_000, unit: 'BASIS_POINT', applies: 'RATE', confirmed: false,
    source: { instrument: INSTRUMENT.REFORM_PLAN, article: '市应急管理部门职责' },
    label: '案卷抽查比例：每县每期结案案件的10%（向上取整）',
    note: '改革方案未规定抽查比例，按本局管理要求执行（可配置，不是法定标准）。',
  },
  CASE_REVIEW_SAMPLE_MIN: {
    id: 'CASE_REVIEW_SAMPLE_MIN', value: 3, unit: 'COUNT', applies: 'AT_LEAST', confirmed: false,
    source: { instrument: INSTRUMENT.REFORM_PLAN, article: '市应急管理部门职责' },
    label: '案卷抽查每县每期至少3件（结案不足3件的全部抽查）',
    note: '改革方案未规定抽查件数，按本局管理要求执行（可配置，不是法定标准）。',
  },
  // Visit frequency (issue 21 item 5): the window is the deadline row VISIT_FREQUENCY_WINDOW.
  VISIT_FREQUENCY_MAX: {
    id: 'VISIT_FREQUENCY_MAX', value: 4, unit: 'COUNT', applies: 'AT_MOST', confirmed: false,
    source: { instrument: INSTRUMENT.REFORM_PLAN, article: '主要任务（六）“减少不必要的执法，切实防止执法扰民”' },
    label: '同一企业统计期内各机关非投诉举报检查合计不超过4次（超出须说明理由，负责人批准）',
    note: '改革方案未规定次数，按本局管理要求执行（可配置，不是法定标准）。',
  },
  VISIT_FREQUENCY_SANCTIONED: {
    id: 'VISIT_FREQUENCY_SANCTIONED', value: 6, unit: 'COUNT', applies: 'AT_LEAST', confirmed: false,
    source: { instrument: INSTRUMENT.REFORM_PLAN, article: '主要任务（二）“对实施惩戒的企业，增加执法检查频次”' },
    label: '受惩戒企业（不良记录、黑名单）下一年度计划每年至少检查6次（不受检查频次上限限制）',
    note: '改革方案未规定次数，按本局管理要求执行（可配置，不是法定标准）。',
  },
} as const satisfies Record<string, ThresholdRule>;

export type ThresholdId = keyof typeof THRESHOLDS;
export type ThresholdTable = Readonly<Record<ThresholdId, ThresholdRule>>;
export type ThresholdOverrides = Partial<Record<ThresholdId, { value: number }>>;

export function yuanToFen(yuan: number): Fen {
  const fen = Math.round(yuan * 100);
  if (!Number.isSafeInteger(fen)) throw new RangeError(`金额超出范围：${yuan}`);
  return fen;
}

/** Whether x (in the threshold's unit) meets the threshold — both ends inclusive. */
export function meetsThreshold(rule: { value: number; applies: 'AT_MOST' | 'AT_LEAST' }, x: number): boolean {
  return rule.applies === 'AT_MOST' ? x <= rule.value : x >= rule.value;
}

/** Same policy as deadlines' `withOverrides`: only confirmed:false rows are configurable. */
export function withThresholdOverrides(overrides: ThresholdOverrides): ThresholdTable {
  const table: Record<string, ThresholdRule> = { ...THRESHOLDS };
  for (const [id, o] of Object.entries(overrides)) {
    if (o === undefined) continue;
    const row = (THRESHOLDS as Record<string, ThresholdRule>)[id];
    if (!row) throw new Error(`未知的阈值编号 ${id}`);
    if (row.confirmed) throw new Error(`阈值 ${id}（${row.label}）有明确法律依据，不能通过配置修改`);
    if (row.unit === 'FLAG') {
      if (o.value !== 0 && o.value !== 1) throw new Error(`阈值 ${id} 的配置值只能是 1（是）或 0（否）`);
    } else if (!Number.isSafeInteger(o.value) || o.value <= 0) throw new Error(`阈值 ${id} 的配置值必须是正整数`);
    table[id] = { ...row, value: o.value };
  }
  return Object.freeze(table) as ThresholdTable;
}
