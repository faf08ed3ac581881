// 执法+专家 (issue 9): a small demo expert pool. Names are invented. Specialties are the
// industry categories of rules/inspection-checklists.ts, matched when an expert is drawn.
import type { IndustryCategory } from '../../rules/inspection-checklists.ts';

export interface SeedExpert { id: string; name: string; orgId: string; specialties: IndustryCategory[] }

export const EXPERTS: readonly SeedExpert[] = [
  { id: 'exp-city-chem-1', name: '赵立群（注册安全工程师，化工）', orgId: 'yx-city', specialties: ['HAZARDOUS_CHEMICALS'] },
  { id: 'exp-city-chem-2', name: '钱慧（高级工程师，危化品储运）', orgId: 'yx-city', specialties: ['HAZARDOUS_CHEMICALS', 'FIREWORKS'] },
  { id: 'exp-city-mine-1', name: '孙建华（采矿工程，高级工程师）', orgId: 'yx-city', specialties: ['NON_COAL_MINES'] },
  { id: 'exp-city-trade-1', name: '李晓燕（粉尘防爆、涉氨制冷）', orgId: 'yx-city', specialties: ['INDUSTRY_TRADE'] },
  { id: 'exp-hongta-1', name: '周明（注册安全工程师，综合）', orgId: 'yx-hongta', specialties: ['INDUSTRY_TRADE', 'HAZARDOUS_CHEMICALS'] },
];
