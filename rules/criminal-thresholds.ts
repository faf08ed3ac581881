// 行刑衔接 (deadlines.md §8, §8a): which crimes a safety bureau transfers, and the basic
// threshold at which Zhifa suggests a transfer. Pure: bundled into workflows and used by the API.
//
// The suggestion is deliberately the BASIC threshold of 法释〔2015〕22号 Art 6 (1 death, 3
// serious injuries, 100万元 direct loss) plus the 危险作业罪 trigger of 刑法 Art 134之一 (2)
// (refusing to carry out a stop-work order for a major hazard). It decides nothing: a
// supervisor must confirm or dismiss it with a reason (不得有案不移), and the handler may
// flag a crime that no number reaches (e.g. 不报、谎报, whose own criteria are not extracted).
import { meetsThreshold, THRESHOLDS, type ThresholdTable } from './thresholds.ts';

export interface CrimeCategory {
  label: string;
  /** 《中华人民共和国刑法》 article */
  article: string;
  /** false: article number not re-verified (deadlines.md §8a) */
  verified: boolean;
}

export const CRIME_CATEGORIES = {
  MAJOR_LIABILITY_ACCIDENT: { label: '重大责任事故罪', article: '第134条第1款', verified: true },
  FORCED_RISKY_OPERATION: { label: '强令、组织他人违章冒险作业罪', article: '第134条第2款', verified: true },
  DANGEROUS_OPERATION: { label: '危险作业罪', article: '第134条之一', verified: true },
  MAJOR_LABOUR_SAFETY_ACCIDENT: { label: '重大劳动安全事故罪', article: '第135条', verified: true },
  DANGEROUS_GOODS_ACCIDENT: { label: '危险物品肇事罪', article: '第136条', verified: true },
  FIRE_LIABILITY_ACCIDENT: { label: '消防责任事故罪', article: '第139条', verified: true },
  FAILURE_TO_REPORT_ACCIDENT: { label: '不报、谎报安全事故罪', article: '第139条之一', verified: true },
  NEGLIGENT_FIRE: { label: '失火罪', article: '第115条第2款', verified: false },
  ILLEGAL_MINING: { label: '非法采矿罪', article: '第343条', verified: false },
  ILLEGAL_EXPLOSIVES: { label: '非法制造、买卖、运输、储存爆炸物罪', article: '第125条', verified: false },
  ILLEGAL_BUSINESS: { label: '非法经营罪', article: '第225条', verified: false },
  FORGED_OFFICIAL_DOCUMENTS: { label: '伪造、变造、买卖国家机关公文、证件、印章罪', article: '第280条', verified: false },
  FALSE_CERTIFICATION: { label: '提供虚假证明文件罪（含安全评价）', article: '第229条', verified: false },
} as const satisfies Record<string, CrimeCategory>;

export type CrimeCategoryId = keyof typeof CRIME_CATEGORIES;
export const CRIME_CATEGORY_IDS = Object.keys(CRIME_CATEGORIES) as CrimeCategoryId[];

export const isCrimeCategory = (v: unknown): v is CrimeCategoryId =>
  typeof v === 'string' && Object.prototype.hasOwnProperty.call(CRIME_CATEGORIES, v);

/** 重大责任事故罪（刑法第134条第1款） */
export const crimeTitle = (id: CrimeCategoryId): string => `${CRIME_CATEGORIES[id].label}（刑法${CRIME_CATEGORIES[id].article}）`;

/** The consequences recorded on a case; money in fen. */
export interface HarmFacts {
  deaths: number;
  seriousInjuries: number;
  directLossFen: number;
  /** 拒不执行因重大事故隐患被依法责令停产停业、停止施工、停止使用有关设备、设施、场所或者立即采取整改措施 */
  refusedStopOrder: boolean;
}

export const NO_HARM: HarmFacts = { deaths: 0, seriousInjuries: 0, directLossFen: 0, refusedStopOrder: false };

/** Reasons (Chinese, with the source) the facts meet the basic threshold; empty = no suggestion. */
export function transferSuggestionReasons(f: HarmFacts, table: ThresholdTable = THRESHOLDS): string[] {
  const out: string[] = [];
  const { CRIMINAL_DEATHS_MIN: d, CRIMINAL_SERIOUS_INJURIES_MIN: i, CRIMINAL_DIRECT_LOSS_MIN: l } = table;
  if (meetsThreshold(d as { value: number; applies: 'AT_LEAST' }, f.deaths)) out.push(`死亡${f.deaths}人（${d.label}，${d.source.article}）`);
  if (meetsThreshold(i as { value: number; applies: 'AT_LEAST' }, f.seriousInjuries)) out.push(`重伤${f.seriousInjuries}人（${i.label}，${i.source.article}）`);
  if (meetsThreshold(l as { value: number; applies: 'AT_LEAST' }, f.directLossFen)) {
    out.push(`直接经济损失${(f.directLossFen / 100).toFixed(2)}元（${l.label}，${l.source.article}）`);
  }
  if (f.refusedStopOrder) out.push('拒不执行因重大事故隐患被责令停产停业、停止施工、停止使用或者立即整改的决定（涉嫌危险作业罪，刑法第134条之一第2项）');
  return out;
}

