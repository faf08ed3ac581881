// 裁量基准 — where in the statutory fine range a case's circumstances put the fine.
//
// Law applied (行政处罚法 = CF, read in full):
// - CF 30, 31, 33: 不予行政处罚 — "应当" (mandatory) or "可以" (the bureau may);
// - CF 30, 31, 32: 从轻或者减轻 — 从轻 = the lower part of the range, 减轻 = below the
//   statutory minimum; CF 32 says "从轻或者减轻", so either is open to the bureau;
// - CF 34 and 《应急管理行政裁量权基准暂行规定》(应急管理部令第12号, CJ23): apply the published
//   裁量基准; CF 49 / AB25 28: violations of emergency-response measures are punished 从重;
// - CF 33 ③, AB25 52: where no penalty is given, the party must be educated.
//
// The partition (lower 30 % = 从轻, middle 40 % = 一般, upper 30 % = 从重) is the one spelled
// out in SAMR's 《关于规范市场监督管理行政处罚裁量权的指导意见》(2022-10-08) Art 10 (三)(四),
// read in full. The emergency-management benchmark (应急〔2024〕90号) and any Yunnan benchmark
// were NOT read: the partition is therefore an assumption, passed in as `bands` so a bureau
// can configure its own, and marked confirmed: false. Likewise the 从轻/从重 circumstances
// that are not in CF are marked 'per CJ23 benchmark; verify'.
//
// Amounts are integer fen (see thresholds.ts). Band edges are whole yuan: fines are decided in
// yuan, so the 从轻 ceiling is rounded down and the 从重 floor up — each band stays inside the
// statutory range and the middle band never inverts.
//
// Pure: bundled into workflows.
import type { LegalSource } from './legal-sources.ts';
import { INSTRUMENT } from './legal-sources.ts';
import type { Fen } from './thresholds.ts';

const CF = INSTRUMENT.PENALTY_LAW;
const AB25 = INSTRUMENT.AB25;
const CJ23 = '《应急管理行政裁量权基准暂行规定》（应急管理部令第12号，2023）';
const SAMR22 = '《关于规范市场监督管理行政处罚裁量权的指导意见》（市场监管总局，2022-10-08）';
const VERIFY = 'per CJ23 benchmark; verify — 应急〔2024〕90号《应急管理行政处罚裁量权基准》及云南省基准未核对';

export type CircumstanceEffect = 'NO_PENALTY' | 'MITIGATE_REDUCE' | 'MITIGATE' | 'AGGRAVATE';

export interface Circumstance {
  id: string;
  /** Chinese, as it appears in the 案件处理呈批表 */
  label: string;
  effect: CircumstanceEffect;
  /** true = the law says 应当 (the bureau must); false = 可以 (the bureau may) */
  mandatory: boolean;
  source: LegalSource;
  /** false = not found in a text we read; a configurable assumption, never presented as law */
  confirmed: boolean;
  note?: string;
}

const c = (
  id: string, label: string, effect: CircumstanceEffect, mandatory: boolean, source: LegalSource,
  confirmed = true, note?: string,
): Circumstance => ({ id, label, effect, mandatory, source, confirmed, ...(note ? { note } : {}) });

const cf = (article: string): LegalSource => ({ instrument: CF, article });
const benchmark: LegalSource = { instrument: CJ23, article: '裁量基准（条款未核实）' };

export const CIRCUMSTANCES = {
  // 不予行政处罚
  MINOR_CORRECTED_NO_HARM: c('MINOR_CORRECTED_NO_HARM', '违法行为轻微并及时改正，没有造成危害后果', 'NO_PENALTY', true, cf('第33条第1款')),
  FIRST_OFFENCE_MINOR_HARM_CORRECTED: c('FIRST_OFFENCE_MINOR_HARM_CORRECTED', '初次违法且危害后果轻微并及时改正', 'NO_PENALTY', false, cf('第33条第1款')),
  NO_FAULT: c('NO_FAULT', '当事人有证据足以证明没有主观过错', 'NO_PENALTY', true, cf('第33条第2款'), true,
    '法律、行政法规另有规定的，从其规定（CF 33②）。'),
  UNDER_14: c('UNDER_14', '不满十四周岁的未成年人有违法行为', 'NO_PENALTY', true, cf('第30条'), true, '责令监护人加以管教。'),
  INCAPABLE_AT_THE_TIME: c('INCAPABLE_AT_THE_TIME', '精神病人、智力残疾人在不能辨认或者不能控制自己行为时有违法行为', 'NO_PENALTY', true, cf('第31条'), true,
    '责令其监护人严加看管和治疗；间歇性精神病人在精神正常时有违法行为的，应当给予处罚。'),
  // 从轻或者减轻
  MINOR_14_TO_18: c('MINOR_14_TO_18', '已满十四周岁不满十八周岁的未成年人有违法行为', 'MITIGATE_REDUCE', true, cf('第30条')),
  PARTIALLY_INCAPABLE: c('PARTIALLY_INCAPABLE', '尚未完全丧失辨认或者控制自己行为能力的精神病人、智力残疾人有违法行为', 'MITIGATE_REDUCE', false, cf('第31条')),
  ELIMINATED_HARM: c('ELIMINATED_HARM', '主动消除或者减轻违法行为危害后果', 'MITIGATE_REDUCE', true, cf('第32条第1项')),
  COERCED_OR_DECEIVED: c('COERCED_OR_DECEIVED', '受他人胁迫或者诱骗实施违法行为', 'MITIGATE_REDUCE', true, cf('第32条第2项')),
  CONFESSED_UNKNOWN_VIOLATION: c('CONFESSED_UNKNOWN_VIOLATION', '主动供述行政机关尚未掌握的违法行为', 'MITIGATE_REDUCE', true, cf('第32条第3项')),
  MERITORIOUS_COOPERATION: c('MERITORIOUS_COOPERATION', '配合行政机关查处违法行为有立功表现', 'MITIGATE_REDUCE', true, cf('第32条第4项')),
  // 从轻 (not in CF)
  COOPERATED_WITH_EVIDENCE: c('COOPERATED_WITH_EVIDENCE', '积极配合调查，如实陈述违法事实并主动提供证据材料', 'MITIGATE', false, benchmark, false, VERIFY),
  SECONDARY_ROLE: c('SECONDARY_ROLE', '在共同违法行为中起次要或者辅助作用', 'MITIGATE', false, benchmark, false, VERIFY),
  // 从重
  EMERGENCY_MEASURES_VIOLATION: c('EMERGENCY_MEASURES_VIOLATION', '在重大生产安全事故等突发事件期间违反突发事件应对措施', 'AGGRAVATE', true,
    { instrument: AB25, article: '第28条' }, true, '行政处罚法第49条：依法快速、从重处罚。'),
  ENDANGERS_LIFE_OR_MAJOR_HAZARD: c('ENDANGERS_LIFE_OR_MAJOR_HAZARD', '危及人身安全或者构成重大事故隐患', 'AGGRAVATE', false, benchmark, false, VERIFY),
  REFUSED_RECTIFICATION: c('REFUSED_RECTIFICATION', '经责令改正拒不改正或者整改不到位', 'AGGRAVATE', false, benchmark, false,
    `${VERIFY}。法条已将“逾期未改正”规定为较重一档的，不得再作为从重情节重复评价。`),
  REPEAT_WITHIN_ONE_YEAR: c('REPEAT_WITHIN_ONE_YEAR', '一年内因同一性质的安全生产违法行为受过行政处罚', 'AGGRAVATE', false, benchmark, false, VERIFY),
  OBSTRUCTED_OR_DESTROYED_EVIDENCE: c('OBSTRUCTED_OR_DESTROYED_EVIDENCE', '阻碍、拒不配合执法，或者伪造、隐匿、毁灭证据', 'AGGRAVATE', false, benchmark, false, VERIFY),
} as const satisfies Record<string, Circumstance>;

export type CircumstanceId = keyof typeof CIRCUMSTANCES;

export function isCircumstanceId(id: string): id is CircumstanceId {
  return Object.prototype.hasOwnProperty.call(CIRCUMSTANCES, id);
}

/**
 * Statutory fine range of a catalog item, as the catalog stores it. maxFen null = the item has
 * no fine range (no fine, a coercive measure, or a fine in multiples of illegal income — none
 * of which the bands can place); minFen null = no statutory floor ("X万元以下"), read as 0.
 */
export interface FineRange {
  minFen: Fen | null;
  maxFen: Fen | null;
}

/** Shares of the range width, in basis points: 从轻 = the lowest `mitigatedBp`, 从重 = the highest `aggravatedBp`. */
export interface DiscretionBands {
  mitigatedBp: number;
  aggravatedBp: number;
  source: LegalSource;
  confirmed: boolean;
  note?: string;
}

export const DEFAULT_BANDS: DiscretionBands = {
  mitigatedBp: 3000,
  aggravatedBp: 3000,
  source: { instrument: SAMR22, article: '第10条第3项、第4项' },
  confirmed: false,
  note: `30%/40%/30% 三档划分借用市场监管总局指导意见；${VERIFY}`,
};

export type DiscretionEffect = 'NO_PENALTY' | 'REDUCED' | 'MITIGATED' | 'STANDARD' | 'AGGRAVATED';

export interface Recommendation {
  effect: DiscretionEffect;
  /** recommended fine, both ends inclusive */
  minFen: Fen;
  maxFen: Fen;
  /** Chinese, each with its legal basis — for the 案件处理呈批表 and the decision */
  reasons: string[];
  /** a 可以不予处罚 circumstance applies: the head may decide on no penalty (CF 33 ①, 57 ①(二)) */
  noPenaltyPossible: boolean;
  /** ids given that are not in CIRCUMSTANCES; `checkProposal` refuses while any remain */
  unknownCircumstances: string[];
}

export function formatYuan(fen: Fen): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100);
  const cents = abs % 100;
  return `${sign}${yuan}${cents === 0 ? '' : `.${String(cents).padStart(2, '0')}`}元`;
}

const cite = (s: LegalSource) => `${s.instrument}${s.article}`;

function checkFen(name: string, fen: number): void {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`${name}须为非负整数（分），收到 ${String(fen)}`);
}

/** The catalog (and Prisma) store fines as bigint; workflows carry numbers (JSON-safe). */
export function fineRangeFromCatalog(item: { fineMinFen: bigint | null; fineMaxFen: bigint | null }): FineRange {
  const toFen = (b: bigint | null): Fen | null => {
    if (b === null) return null;
    if (b < 0n || b > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`罚款数额超出范围：${b}`);
    return Number(b);
  };
  return { minFen: toFen(item.fineMinFen), maxFen: toFen(item.fineMaxFen) };
}

export interface BandEdges {
  /** top of 从轻 (bottom of 一般) */
  mitigatedMaxFen: Fen;
  /** bottom of 从重 (top of 一般) */
  aggravatedMinFen: Fen;
}

/** Where the 从轻 band ends and the 从重 band begins, in whole yuan, inside [min, max]. */
export function bandEdges(minFen: Fen, maxFen: Fen, bands: DiscretionBands = DEFAULT_BANDS): BandEdges {
  checkFen('最低罚款额', minFen);
  checkFen('最高罚款额', maxFen);
  if (minFen > maxFen) throw new RangeError(`罚款幅度下限 ${minFen} 高于上限 ${maxFen}`);
  const { mitigatedBp, aggravatedBp } = bands;
  if (!Number.isInteger(mitigatedBp) || !Number.isInteger(aggravatedBp) || mitigatedBp < 0 || aggravatedBp < 0 || mitigatedBp + aggravatedBp > 10_000) {
    throw new RangeError('裁量档次比例须为非负整数基点，且从轻与从重合计不超过10000');
  }
  const width = BigInt(maxFen - minFen);
  const lightCap = minFen + Number((width * BigInt(mitigatedBp)) / 10_000n); // floor
  const heavyShare = width * BigInt(10_000 - aggravatedBp);
  const heavyFloor = minFen + Number((heavyShare + 9_999n) / 10_000n); // ceil
  const floorYuan = (x: number) => x - (x % 100);
  const ceilYuan = (x: number) => (x % 100 === 0 ? x : x + 100 - (x % 100));
  return {
    mitigatedMaxFen: Math.max(minFen, floorYuan(lightCap)),
    aggravatedMinFen: Math.min(maxFen, ceilYuan(heavyFloor)),
  };
}

function describe(ci: Circumstance): string {
  const effect = {
    NO_PENALTY: ci.mandatory ? '不予行政处罚' : '可以不予行政处罚',
    MITIGATE_REDUCE: ci.mandatory ? '应当从轻或者减轻行政处罚' : '可以从轻或者减轻行政处罚',
    MITIGATE: '从轻处罚',
    AGGRAVATE: '从重处罚',
  }[ci.effect];
  const flag = ci.confirmed ? '' : '（依据待核实）';
  return `${ci.label}：${effect}（${cite(ci.source)}）${flag}`;
}

/**
 * The recommended fine for the circumstances found:
 * - any mandatory 不予处罚 circumstance → NO_PENALTY (0–0), whatever else applies;
 * - 从轻/减轻 and 从重 circumstances together → STANDARD, both listed (综合裁量);
 * - 从轻 or 减轻 circumstances only → REDUCED (0 up to the 从轻 ceiling) when any permits 减轻,
 *   else MITIGATED (minimum up to the 从轻 ceiling);
 * - 从重 only → AGGRAVATED (从重 floor up to the maximum);
 * - none → STANDARD (the middle band).
 * A 可以不予处罚 circumstance counts as 从轻 and sets `noPenaltyPossible`: whether to waive the
 * penalty is the head's decision (CF 57 ①(二)), not the benchmark's.
 * An item without a fine range (maxFen null) gets the effect with a 0–0 band. Unknown ids are
 * listed in `unknownCircumstances` rather than thrown: this runs inside workflow code, and
 * `checkProposal` is where the mistake is refused. A malformed range (negative, min > max,
 * not an integer) is a data error and throws RangeError.
 */
export function recommend(
  range: FineRange,
  circumstances: readonly string[],
  bands: DiscretionBands = DEFAULT_BANDS,
): Recommendation {
  const found: Circumstance[] = [];
  const unknownCircumstances: string[] = [];
  for (const id of new Set(circumstances)) {
    if (isCircumstanceId(id)) found.push(CIRCUMSTANCES[id]);
    else unknownCircumstances.push(id);
  }
  const noPenaltyPossible = found.some((x) => x.effect === 'NO_PENALTY' && !x.mandatory);
  const reasons = found.map(describe);
  for (const id of unknownCircumstances) reasons.push(`未识别的裁量情节“${id}”，未予考虑`);
  const result = (effect: DiscretionEffect, minFen: Fen, maxFen: Fen): Recommendation =>
    ({ effect, minFen, maxFen, reasons, noPenaltyPossible, unknownCircumstances });

  if (found.some((x) => x.effect === 'NO_PENALTY' && x.mandatory)) {
    reasons.push(`依法不予行政处罚的，应当对当事人进行教育（${CF}第33条第3款；${AB25}第52条）`);
    return result('NO_PENALTY', 0, 0);
  }

  const lighter = found.filter((x) => x.effect !== 'AGGRAVATE');
  const heavier = found.filter((x) => x.effect === 'AGGRAVATE');
  const reduce = lighter.some((x) => x.effect === 'MITIGATE_REDUCE');
  const effect: DiscretionEffect =
    lighter.length > 0 && heavier.length > 0 ? 'STANDARD'
    : reduce ? 'REDUCED'
    : lighter.length > 0 ? 'MITIGATED'
    : heavier.length > 0 ? 'AGGRAVATED'
    : 'STANDARD';

  const minFen = range.minFen ?? 0;
  checkFen('最低罚款额', minFen);
  if (range.maxFen === null) {
    reasons.push('该执法事项没有规定罚款幅度（或按倍数计罚），裁量基准不给出罚款数额');
    return result(effect, 0, 0);
  }
  const maxFen = range.maxFen;
  const { mitigatedMaxFen, aggravatedMinFen } = bandEdges(minFen, maxFen, bands);
  const pct = (bp: number) => `${bp / 100}%`;
  const band = (a: Fen, b: Fen) => `${formatYuan(a)}至${formatYuan(b)}`;
  const basis = `（档次划分：${cite(bands.source)}${bands.confirmed ? '' : '，待核实'}）`;

  switch (effect) {
    case 'REDUCED':
      reasons.push(`从轻或者减轻：减轻处罚可低于法定最低额${formatYuan(minFen)}，从轻处罚不超过法定幅度较低的${pct(bands.mitigatedBp)}：${band(0, mitigatedMaxFen)}${basis}`);
      return result(effect, 0, mitigatedMaxFen);
    case 'MITIGATED':
      reasons.push(`从轻处罚：法定幅度较低的${pct(bands.mitigatedBp)}：${band(minFen, mitigatedMaxFen)}${basis}`);
      return result(effect, minFen, mitigatedMaxFen);
    case 'AGGRAVATED':
      reasons.push(`从重处罚：法定幅度较高的${pct(bands.aggravatedBp)}：${band(aggravatedMinFen, maxFen)}${basis}`);
      return result(effect, aggravatedMinFen, maxFen);
    default:
      reasons.push(heavier.length > 0
        ? `同时具有从轻（减轻）和从重情节，综合裁量，按一般档次：${band(mitigatedMaxFen, aggravatedMinFen)}${basis}`
        : `无法定从轻、减轻或者从重情节，按一般档次：${band(mitigatedMaxFen, aggravatedMinFen)}${basis}`);
      return result('STANDARD', mitigatedMaxFen, aggravatedMinFen);
  }
}

/** Characters, not UTF-16 units: "理由不足十个字" counts Chinese characters. */
export const MIN_DEPARTURE_REASON_CHARS = 10;

export type ProposalCheck = { ok: true; departure: boolean } | { ok: false; message: string };

/**
 * Whether a proposed fine may go forward:
 * - never above the statutory maximum (CF 76 (二): 擅自改变处罚幅度);
 * - below the statutory minimum only when the recommendation is REDUCED (减轻, CF 30–32);
 * - no fine at all where the law says 不予处罚;
 * - outside the recommended band, only with a departure reason of at least 10 characters —
 *   `departure: true` tells the caller to record the reason with the proposal.
 */
export function checkProposal(
  range: FineRange,
  recommendation: Recommendation,
  proposedFen: Fen,
  departureReason?: string,
): ProposalCheck {
  if (!Number.isSafeInteger(proposedFen) || proposedFen < 0) {
    return { ok: false, message: '拟罚款数额须为非负整数（单位：分）' };
  }
  if (recommendation.unknownCircumstances.length > 0) {
    return { ok: false, message: `未识别的裁量情节：${recommendation.unknownCircumstances.join('、')}` };
  }
  if (recommendation.effect === 'NO_PENALTY') {
    return proposedFen === 0
      ? { ok: true, departure: false }
      : { ok: false, message: '具有依法应当不予行政处罚的情形，不得处以罚款' };
  }
  if (range.maxFen === null) {
    return proposedFen === 0
      ? { ok: true, departure: false }
      : { ok: false, message: '该执法事项没有规定罚款幅度，不能按幅度处以罚款' };
  }
  if (proposedFen > range.maxFen) {
    return { ok: false, message: `拟罚款数额${formatYuan(proposedFen)}超过法定最高额${formatYuan(range.maxFen)}，不得超出法定幅度` };
  }
  const minFen = range.minFen ?? 0;
  if (proposedFen < minFen && recommendation.effect !== 'REDUCED') {
    return {
      ok: false,
      message: `拟罚款数额${formatYuan(proposedFen)}低于法定最低额${formatYuan(minFen)}；只有具备依法减轻处罚的情节时，才可低于法定最低额`,
    };
  }
  if (proposedFen >= recommendation.minFen && proposedFen <= recommendation.maxFen) return { ok: true, departure: false };
  const reason = (departureReason ?? '').trim();
  if ([...reason].length < MIN_DEPARTURE_REASON_CHARS) {
    return {
      ok: false,
      message: `拟罚款数额${formatYuan(proposedFen)}不在裁量基准建议幅度（${formatYuan(recommendation.minFen)}至${formatYuan(recommendation.maxFen)}）内，须说明偏离理由（不少于${MIN_DEPARTURE_REASON_CHARS}个字）`,
    };
  }
  return { ok: true, departure: true };
}
