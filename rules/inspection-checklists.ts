// 检查表: what an inspection checks, per industry (issue 9). The items are the core duties of
// 安全生产法 (2021) a checker looks for in every enterprise of the category; a bureau's own
// detailed 检查表 may add to them. Pure data, used by the pages, the record form and workflows.

export const INDUSTRY_CATEGORIES = ['HAZARDOUS_CHEMICALS', 'FIREWORKS', 'NON_COAL_MINES', 'INDUSTRY_TRADE'] as const;
export type IndustryCategory = (typeof INDUSTRY_CATEGORIES)[number];

export const CATEGORY_LABELS: Record<IndustryCategory, string> = {
  HAZARDOUS_CHEMICALS: '危险化学品', FIREWORKS: '烟花爆竹', NON_COAL_MINES: '非煤矿山', INDUSTRY_TRADE: '工贸',
};

/** The category of an enterprise from its register industry text (prisma/seed-data/enterprises.ts). */
export function industryCategory(industry: string): IndustryCategory {
  if (/危险化学品|化工|燃气|液化石油气/.test(industry)) return 'HAZARDOUS_CHEMICALS';
  if (/烟花爆竹/.test(industry)) return 'FIREWORKS';
  if (/矿/.test(industry)) return 'NON_COAL_MINES';
  return 'INDUSTRY_TRADE';
}

export interface ChecklistItem { id: string; text: string; basis: string }

const COMMON: ChecklistItem[] = [
  { id: 'resp', text: '建立健全全员安全生产责任制和安全生产规章制度', basis: '安全生产法第四条、第二十一条' },
  { id: 'training', text: '从业人员经安全生产教育和培训合格后上岗', basis: '安全生产法第二十八条' },
  { id: 'equipment', text: '安全设备经常性维护、保养并定期检测', basis: '安全生产法第三十六条' },
  { id: 'hazard-system', text: '建立安全风险分级管控和隐患排查治理双重预防机制，如实记录隐患排查治理情况', basis: '安全生产法第四十一条' },
  { id: 'emergency', text: '制定生产安全事故应急救援预案并定期组织演练', basis: '安全生产法第八十一条' },
];

const BY_CATEGORY: Record<IndustryCategory, ChecklistItem[]> = {
  HAZARDOUS_CHEMICALS: [
    { id: 'hc-licence', text: '安全生产（经营）许可证在有效期内，经营范围与实际一致', basis: '危险化学品安全管理条例第十四条、第三十三条' },
    { id: 'hc-major-source', text: '重大危险源登记建档、监测监控，可燃有毒气体报警装置有效', basis: '安全生产法第四十条' },
    { id: 'hc-storage', text: '危险化学品储存在专用仓库，专人负责、双人收发双人保管', basis: '危险化学品安全管理条例第二十四条' },
  ],
  FIREWORKS: [
    { id: 'fw-licence', text: '烟花爆竹经营许可证在有效期内，不超范围、超量储存', basis: '烟花爆竹安全管理条例第十九条' },
    { id: 'fw-storage', text: '仓库防火、防雷、防静电设施完好，库存不超过核定量', basis: '烟花爆竹经营许可实施办法' },
  ],
  NON_COAL_MINES: [
    { id: 'mine-licence', text: '安全生产许可证在有效期内', basis: '安全生产许可证条例第二条' },
    { id: 'mine-ventilation', text: '通风、排水、提升等系统运行正常，安全出口畅通', basis: '金属非金属矿山安全规程' },
    { id: 'mine-leader', text: '矿领导带班下井制度落实', basis: '安全生产法第二十一条' },
  ],
  INDUSTRY_TRADE: [
    { id: 'it-dust', text: '粉尘涉爆场所除尘系统、防爆电气符合要求，按规定清扫', basis: '工贸企业粉尘防爆安全规定' },
    { id: 'it-confined', text: '有限空间作业执行先通风、再检测、后作业', basis: '工贸企业有限空间作业安全规定' },
    { id: 'it-ammonia', text: '涉氨制冷场所氨泄漏报警和应急处置设施有效', basis: '工贸企业重大事故隐患判定标准' },
  ],
};

export function checklistFor(industry: string): ChecklistItem[] {
  return [...COMMON, ...BY_CATEGORY[industryCategory(industry)]];
}

/** 重点企业 suggested for full coverage: higher risk, or a high-hazard industry (the plan's 重点行业领域). */
export function suggestedKeyEnterprise(e: { riskLevel: string; industry: string }): boolean {
  return e.riskLevel === 'HIGH' || e.riskLevel === 'MAJOR' || industryCategory(e.industry) !== 'INDUSTRY_TRADE' && e.riskLevel !== 'LOW';
}
