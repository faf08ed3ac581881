// What the demo shows: penalty cases at every stage that needs no statutory period to pass,
// with real enterprises of the seed (prisma/seed-data/enterprises.ts), plausible facts and
// fines inside each catalog item's discretion band and below the hearing (100,000 yuan) and 备案
// thresholds, so that no case waits on a step the demo does not take.

/** How far a case is taken: it stops with this step open (or, for ARCHIVED, closed). */
export type CaseStop =
  | 'FILING_APPROVAL' | 'INVESTIGATION' | 'PARTY_RESPONSE' | 'LEGAL_REVIEW' | 'DECISION' | 'DECISION_SERVICE' | 'PAYMENT' | 'ARCHIVED';

export interface CaseScenario {
  county: string; // the username prefix of the bureau's demo staff
  /** a seeded enterprise, or a party of its own (first 17 characters of its 统一社会信用代码) */
  enterpriseId?: string;
  party?: { name: string; first17: string; address: string };
  catalogItemId: string;
  source: 'INSPECTION' | 'COMPLAINT' | 'REFERRAL' | 'ACCIDENT' | 'OTHER';
  facts: string;
  occurredDaysAgo: number;
  /**
   * When the lead was found, days back (AB25 Art 34 ①: the 5 working days to decide on filing run
   * from it). A lead found well before it is registered has a 立案审批 already past its limit:
   * the demo's overdue and escalated steps.
   */
  receivedDaysAgo?: number;
  findings?: string;
  /** in the middle band of the discretion benchmark (rules/discretion.ts) unless circumstances move it */
  fineFen?: number;
  circumstances?: string[];
  /** 案情疑难复杂: needs 法制审核 and 集体讨论 (CF Art 57–58) */
  complex?: boolean;
  stop: CaseStop;
}

export const CASES: CaseScenario[] = [
  {
    county: 'hongta', enterpriseId: 'ent-hongta-chem', catalogItemId: 'AQ-099-1', source: 'INSPECTION', occurredDaysAgo: 60,
    facts: '2026年10月日常检查发现，该公司罐区3号甲醇储罐及装卸鹤位未设置明显的安全警示标志，职业危害告知牌缺失。',
    findings: '经查，当事人罐区3号甲醇储罐及装卸鹤位未设置明显的安全警示标志，违反《安全生产法》第三十五条，有现场检查记录、照片及询问笔录为证。',
    fineFen: 80_000_00, stop: 'ARCHIVED',
  },
  {
    county: 'hongta', enterpriseId: 'ent-hongta-hazstore', catalogItemId: 'AQ-097-4', source: 'INSPECTION', occurredDaysAgo: 45,
    facts: '检查发现该公司2026年度新入职的4名仓库保管员安全培训记录空白，培训档案与考勤记录不符。',
    findings: '经查，当事人未如实记录4名新入职仓库保管员的安全生产教育和培训情况，违反《安全生产法》第二十八条第四款。',
    fineFen: 30_000_00, circumstances: ['COOPERATED_WITH_EVIDENCE'], stop: 'PAYMENT',
  },
  {
    county: 'hongta', enterpriseId: 'ent-hongta-machine', catalogItemId: 'AQ-105-2', source: 'COMPLAINT', occurredDaysAgo: 30,
    facts: '群众投诉反映该公司装配车间东侧安全出口被成品货架封堵，经现场核实属实。',
    findings: '经查，当事人装配车间东侧安全出口被成品货架封堵，违反《安全生产法》第四十二条第二款，有现场照片、询问笔录为证。',
    fineFen: 20_000_00, stop: 'DECISION_SERVICE',
  },
  {
    county: 'hongta', enterpriseId: 'ent-hongta-paint', catalogItemId: 'AQ-101-3', source: 'INSPECTION', occurredDaysAgo: 25,
    facts: '检查发现该公司树脂车间反应釜检修动火作业时，未安排专门人员进行现场安全管理，动火作业票审批人不在现场。',
    findings: '经查，当事人在树脂车间进行动火作业时未安排专门人员进行现场安全管理；作业由外包单位实施，涉及发包方与承包方多个法律关系，案情较为复杂。',
    fineFen: 90_000_00, complex: true, stop: 'LEGAL_REVIEW',
  },
  {
    county: 'hongta', enterpriseId: 'ent-hongta-furniture', catalogItemId: 'AQ-102', source: 'INSPECTION', occurredDaysAgo: 20,
    facts: '检查发现该公司砂光工段除尘系统未设置锁气卸灰装置，积尘未及时清理，上次检查责令整改后仍未消除。',
    findings: '经查，当事人砂光工段粉尘涉爆隐患经责令整改后仍未采取措施消除，违反《安全生产法》第四十一条第二款。',
    fineFen: 30_000_00, stop: 'PARTY_RESPONSE',
  },
  {
    county: 'hongta', enterpriseId: 'ent-hongta-cold', catalogItemId: 'AQ-099-1', source: 'INSPECTION', occurredDaysAgo: 12,
    facts: '检查发现该公司液氨机房入口及氨泵间未设置有毒气体警示标志和风向标。',
    stop: 'INVESTIGATION',
  },
  {
    county: 'hongta', enterpriseId: 'ent-hongta-print', catalogItemId: 'AQ-097-4', source: 'OTHER', occurredDaysAgo: 5,
    facts: '上级转办材料反映该彩印厂新招用的3名印刷机操作工未经安全培训即上岗作业。',
    stop: 'FILING_APPROVAL',
  },
  {
    county: 'hongta', enterpriseId: 'ent-hongta-trade', catalogItemId: 'AQ-105-2', source: 'COMPLAINT', occurredDaysAgo: 30, receivedDaysAgo: 21,
    facts: '12345热线转来群众投诉：该公司东风南路仓库夜间锁闭唯一疏散通道，员工宿舍设在仓库内。',
    stop: 'FILING_APPROVAL',
  },
  {
    county: 'hongta', party: { name: '红塔区大营街兴旺烟花爆竹零售点', first17: '92530402MA6P7N2T4', address: '云南省玉溪市红塔区大营街街道大营街村58号' },
    catalogItemId: 'YHJY-035-2', source: 'COMPLAINT', occurredDaysAgo: 8, receivedDaysAgo: 5,
    facts: '群众举报该零售点店内存放烟花爆竹约60箱，超过零售许可证载明的限制存放量，经电话核实情况属实。',
    stop: 'FILING_APPROVAL',
  },
  {
    county: 'jiangchuan', enterpriseId: 'ent-jiangchuan-lpg', catalogItemId: 'AQ-099-1', source: 'INSPECTION', occurredDaysAgo: 40,
    facts: '检查发现该公司液化石油气充装区、残液罐区未设置“严禁烟火”等明显的安全警示标志。',
    findings: '经查，当事人充装区、残液罐区未设置明显的安全警示标志，违反《安全生产法》第三十五条。',
    fineFen: 70_000_00, stop: 'PAYMENT',
  },
  {
    county: 'jiangchuan', enterpriseId: 'ent-jiangchuan-feed', catalogItemId: 'AQ-102', source: 'INSPECTION', occurredDaysAgo: 15,
    facts: '检查发现该公司粉碎车间除尘器泄爆口朝向人员通道，且未设置隔爆装置，属粉尘涉爆事故隐患。',
    stop: 'INVESTIGATION',
  },
  {
    county: 'jiangchuan', enterpriseId: 'ent-jiangchuan-metal', catalogItemId: 'AQ-097-4', source: 'COMPLAINT', occurredDaysAgo: 25, receivedDaysAgo: 16,
    facts: '职工来信反映该公司冲压车间新员工未经安全培训即上岗，培训记录系事后补签。',
    stop: 'FILING_APPROVAL',
  },
];

/** 简易程序 (当场处罚): decided on the spot; the first is paid, filed and archived, the second goes to 行政复议. */
export const SUMMARY_CASES = [
  {
    county: 'hongta', party: { name: '红塔区玉兴路鑫源五金店', first17: '92530402MA6P2K7Q3', address: '云南省玉溪市红塔区玉兴路87号' },
    catalogItemId: 'AQ-099-1', facts: '检查发现该店二楼存放油漆、稀释剂的库房未设置安全警示标志，当场责令改正。',
    penalty: { penaltyTypes: ['WARNING', 'FINE'], fineFen: 1_000_00 }, paid: true, reconsideration: false,
  },
  {
    county: 'hongta', party: { name: '红塔区北城街道顺达汽修厂', first17: '92530402MA6P5L8R1', address: '云南省玉溪市红塔区北城街道文化路16号' },
    catalogItemId: 'AQ-105-2', facts: '检查发现该厂喷漆房疏散门被轮胎堆放封堵，当场责令清理。',
    penalty: { penaltyTypes: ['FINE'], fineFen: 2_000_00 }, paid: false, reconsideration: true,
  },
];

/** 行刑衔接: a fatal accident case, transferred to the police and signed for. */
export const TRANSFER_CASE = {
  county: 'hongta', party: { name: '玉溪宏达钢结构工程有限公司', first17: '91530402MA6N9D4F2', address: '云南省玉溪市红塔区研和街道工业园区17号' },
  catalogItemId: 'AQ-114-1', occurredDaysAgo: 18,
  facts: '2026年11月该公司在厂房钢结构吊装作业中，未落实吊装作业安全措施，吊件坠落致1名工人死亡。',
  report: {
    category: 'MAJOR_LIABILITY_ACCIDENT', harm: { deaths: 1, seriousInjuries: 0, directLossFen: 1_320_000_00, refusedStopOrder: false },
    facts: '该公司项目负责人违章指挥吊装作业，未设置警戒区域、未安排专人监护，吊件坠落致1人死亡，直接经济损失132万元。',
    report: '专案组认为当事人项目负责人涉嫌重大责任事故罪，依照《行政执法机关移送涉嫌犯罪案件的规定》应当移送公安机关。',
  },
};

/** 监督检查: an ad-hoc 双随机 draw of two enterprises; one rectified and re-inspected (复查), one still rectifying. */
export const INSPECTION_HAZARDS = [
  [
    { description: '配电室配电柜前堆放纸箱杂物，未铺设绝缘垫', location: '配电室' },
    { description: '2具手提式干粉灭火器压力不足，超过年检期限', location: '仓库门口' },
  ],
  [
    { description: '车间安全出口指示标志不亮，应急照明灯损坏', location: '生产车间' },
  ],
];

/** 移交: a pressure-vessel hazard found at a cold store, outside the bureau's remit (特种设备 → 市场监管). */
export const REFERRAL = {
  enterpriseId: 'ent-hongta-cold', location: '云南省玉溪市红塔区春和街道物流园7号 液氨机房',
  hazard: '液氨机房2台卧式储氨器（压力容器）超过定期检验有效期8个月仍在使用，安全阀未校验。',
  reason: '压力容器定期检验属特种设备安全监督管理部门职责（《特种设备安全法》第四十条），依法移交市场监督管理部门。',
};
