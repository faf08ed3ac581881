// Which procedural path a proposed penalty takes: 听证, 法制审核, 集体讨论, 简易程序, 备案 to
// the higher bureau, 当场收缴. Each predicate cites its article; every amount comes from
// thresholds.ts (the 听证 "较大数额" rows are UNCONFIRMED for Yunnan and configurable, so the
// functions take the table as an optional last parameter).
//
// Penalty types are the catalog's vocabulary (rules/penalty-types.ts PENALTY_TYPES):
// WARNING 警告, FINE 罚款, CONFISCATION 没收违法所得/非法财物, SUSPENSION 责令停产停业(整顿)/
// 停止建设, REVOCATION 吊销许可证件, CLOSURE 责令关闭. They arrive as plain strings (forms,
// database); a string outside the vocabulary is treated as a heavier penalty (CF 63 (五)
// "其他较重的行政处罚"), never silently as a light one.
//
// Where a value the law turns on is unknown (a 没收 whose value is not yet assessed, a type not
// in the vocabulary), the predicates take the stricter path: telling a party of a hearing
// right that turns out not to exist costs nothing; a decision made without telling one that
// exists is unlawful (CF 44, 62, 63).
//
// Pure: bundled into workflows.
import type { PenaltyType } from './penalty-types.ts';
import type { DeadlineId } from './deadlines.ts';
import { formatYuan } from './discretion.ts';
import { INSTRUMENT } from './legal-sources.ts';
import { THRESHOLDS, type Fen, type ThresholdRule, type ThresholdTable } from './thresholds.ts';

const { AB25, PENALTY_LAW: CF, THREE_SYSTEMS_OPINION: OPINION_118 } = INSTRUMENT;

export type PartyKind = 'PERSON' | 'ORG';
export type OrgLevel = 'COUNTY' | 'CITY';

/** The catalog's penalty types that this module knows (kept equal to PENALTY_TYPES by a test). */
export const KNOWN_PENALTY_TYPES: readonly PenaltyType[] = ['WARNING', 'FINE', 'CONFISCATION', 'SUSPENSION', 'REVOCATION', 'CLOSURE'];
const isKnown = (t: string): t is PenaltyType => (KNOWN_PENALTY_TYPES as readonly string[]).includes(t);

export interface PenaltyOutline {
  /** PERSON = 公民/个人; ORG = 法人、其他组织、生产经营单位 (AB25 87 counts 个体工商户 as a 生产经营单位) */
  partyKind: PartyKind;
  fineFen: Fen;
  /** value of the 没收的违法所得/非法财物; undefined = not (yet) assessed */
  confiscationFen?: Fen;
  /** catalog vocabulary (PenaltyType); other strings count as heavier penalties */
  penaltyTypes: readonly string[];
}

function checkFen(name: string, fen: number | undefined): void {
  if (fen === undefined) return;
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`${name}须为非负整数（分），收到 ${String(fen)}`);
}

/** "以上""以下" include the figure (AB25 88). */
function meets(rule: ThresholdRule, x: number): boolean {
  if (rule.applies === 'RATE') throw new Error(`阈值 ${rule.id} 是比率，不能比较数额`);
  return rule.applies === 'AT_MOST' ? x <= rule.value : x >= rule.value;
}

const has = (types: readonly string[], t: PenaltyType) => types.includes(t);

/**
 * The grounds on which the party must be told of the right to a hearing (CF 63; AB25 55).
 * "较大数额/较大价值": the province's figure, or by default ≥ 2万元 for a person and ≥ 10万元 for
 * a 生产经营单位 (AB25 55 ②) — the same figure for fines and for 没收. Empty = no hearing right.
 */
export function hearingGrounds(p: PenaltyOutline, t: ThresholdTable = THRESHOLDS): string[] {
  checkFen('罚款数额', p.fineFen);
  checkFen('没收数额', p.confiscationFen);
  const rule = p.partyKind === 'PERSON' ? t.HEARING_FINE_MIN_INDIVIDUAL : t.HEARING_FINE_MIN_ORGANISATION;
  const who = p.partyKind === 'PERSON' ? '个人' : '生产经营单位';
  const limit = `${who}${formatYuan(rule.value)}以上`;
  const tail = `（${CF}第63条第1款；${AB25}第55条${rule.confirmed ? '' : '；云南省规定的数额未核实'}）`;
  const grounds: string[] = [];
  if (p.fineFen > 0 && meets(rule, p.fineFen)) grounds.push(`较大数额罚款：${formatYuan(p.fineFen)}，达到${limit}${tail}`);
  if (has(p.penaltyTypes, 'CONFISCATION')) {
    if (p.confiscationFen === undefined) grounds.push(`没收违法所得或者非法财物，价值尚未确定，按可能达到较大数额处理${tail}`);
    else if (meets(rule, p.confiscationFen)) grounds.push(`没收较大数额违法所得或者较大价值非法财物：${formatYuan(p.confiscationFen)}，达到${limit}${tail}`);
  }
  if (has(p.penaltyTypes, 'SUSPENSION')) grounds.push(`责令停产停业（整顿）或者责令停止建设（${CF}第63条第1款第4项；${AB25}第55条第1款）`);
  if (has(p.penaltyTypes, 'REVOCATION')) grounds.push(`吊销许可证件（${CF}第63条第1款第3项；${AB25}第55条第1款）`);
  if (has(p.penaltyTypes, 'CLOSURE')) grounds.push(`责令关闭（${CF}第63条第1款第4项）`);
  for (const other of p.penaltyTypes.filter((x) => !isKnown(x))) {
    grounds.push(`处罚种类“${other}”不在事项清单的种类中，按其他较重的行政处罚处理（${CF}第63条第1款第5项）`);
  }
  return grounds;
}

/** CF 63; AB25 55: the bureau must tell the party of the right to request a hearing. */
export function hearingEligible(p: PenaltyOutline, t: ThresholdTable = THRESHOLDS): boolean {
  return hearingGrounds(p, t).length > 0;
}

/**
 * The facts the review predicates read. One flat object serves both, so a case can pass its
 * whole finding; every flag defaults to false.
 */
export interface ReviewFacts {
  /** 涉及重大公共利益 — CF 58 ①(一); AB25 50 ③(二) */
  majorPublicInterest?: boolean;
  /**
   * 直接关系当事人或者第三人重大权益，经过听证程序 — CF 58 ①(二). A CF 63 hearing is held only
   * for a 较重 penalty, so a held hearing is taken to meet both limbs.
   */
  hearingHeld?: boolean;
  /** 案件情况疑难复杂、涉及多个法律关系 — CF 58 ①(三); AB25 50 ③(一) */
  complex?: boolean;
  /** 涉及重大安全问题 — AB25 50 ③(二) */
  majorSafetyIssue?: boolean;
  /** 有重大社会影响 (AB25 50 ③(二)); 可能造成重大社会影响或者引发社会风险 (118, for 法制审核) */
  majorSocialImpact?: boolean;
  /** a law or regulation requiring 法制审核, by name and article — CF 58 ①(四) */
  otherStatutoryBasis?: string;
  /** 负责人认为应当提交集体讨论 — AB25 50 ③(四) */
  headDecides?: boolean;
}

/**
 * 法制审核 before the head decides (CF 58; AB25 47): the reasons it is required; empty = not
 * required. Without a review that passed, the decision may not be made.
 */
export function legalReviewRequired(f: ReviewFacts): string[] {
  const reasons: string[] = [];
  if (f.majorPublicInterest) reasons.push(`涉及重大公共利益（${CF}第58条第1款第1项；${AB25}第47条第1款第1项）`);
  if (f.hearingHeld) reasons.push(`直接关系当事人或者第三人重大权益，经过听证程序（${CF}第58条第1款第2项；${AB25}第47条第1款第2项）`);
  if (f.complex) reasons.push(`案件情况疑难复杂、涉及多个法律关系（${CF}第58条第1款第3项；${AB25}第47条第1款第3项）`);
  const other = f.otherStatutoryBasis?.trim();
  if (other) reasons.push(`法律、法规规定应当进行法制审核的其他情形：${other}（${CF}第58条第1款第4项）`);
  if (f.majorSocialImpact) reasons.push(`可能造成重大社会影响或者引发社会风险（${OPINION_118}；据新华社等摘要，原文未核对）`);
  return reasons;
}

/**
 * 集体讨论 by the bureau's heads (CF 57 ②: 情节复杂或者重大违法行为; AB25 50 ③ lists what
 * counts). Meeting the hearing conditions is itself a ground (AB25 50 ③(三)), whether or not
 * the party asks for a hearing. Returns the reasons; empty = the head may decide alone.
 */
export function collectiveDiscussionRequired(f: PenaltyOutline & ReviewFacts, t: ThresholdTable = THRESHOLDS): string[] {
  const reasons: string[] = [];
  if (f.complex) reasons.push(`案情疑难复杂、涉及多个法律关系（${AB25}第50条第3款第1项）`);
  const major = [f.majorSafetyIssue && '重大安全问题', f.majorPublicInterest && '重大公共利益', f.majorSocialImpact && '重大社会影响'].filter(Boolean);
  if (major.length > 0) reasons.push(`涉及${major.join('、')}（${AB25}第50条第3款第2项）`);
  if (hearingEligible(f, t)) reasons.push(`符合听证条件（${AB25}第50条第3款第3项、第55条）`);
  if (f.headDecides) reasons.push(`应急管理部门负责人认为应当提交集体讨论（${AB25}第50条第3款第4项）`);
  return reasons;
}

export interface SummaryCheck {
  ok: boolean;
  message: string;
}

/**
 * 简易程序 (当场处罚) — CF 51; AB25 32: 警告, or a fine of ≤ 200元 for a person / ≤ 3000元 for
 * a 生产经营单位 — or both: "罚款或者警告" lists the types allowed, and a warning with a small
 * fine stays within them. Any other penalty type needs the general procedure.
 */
export function summaryProcedureAllowed(
  p: { partyKind: PartyKind; fineFen: Fen; penaltyTypes: readonly string[] },
  t: ThresholdTable = THRESHOLDS,
): SummaryCheck {
  checkFen('罚款数额', p.fineFen);
  const basis = `（${CF}第51条；${AB25}第32条）`;
  const other = p.penaltyTypes.filter((x) => x !== 'WARNING' && x !== 'FINE');
  if (other.length > 0) return { ok: false, message: `拟作出警告、罚款以外的行政处罚（${other.join('、')}），应当适用普通程序${basis}` };
  const fined = p.fineFen > 0 || has(p.penaltyTypes, 'FINE');
  if (!fined && !has(p.penaltyTypes, 'WARNING')) return { ok: false, message: '未拟定任何行政处罚，不适用简易程序' };
  if (!fined) return { ok: true, message: `警告，可以当场作出行政处罚决定${basis}` };
  const rule = p.partyKind === 'PERSON' ? t.SUMMARY_FINE_MAX_INDIVIDUAL : t.SUMMARY_FINE_MAX_ORGANISATION;
  const who = p.partyKind === 'PERSON' ? '个人' : '生产经营单位';
  if (!meets(rule, p.fineFen)) {
    return { ok: false, message: `对${who}罚款${formatYuan(p.fineFen)}，超过当场处罚限额${formatYuan(rule.value)}，应当适用普通程序${basis}` };
  }
  return { ok: true, message: `对${who}罚款${formatYuan(p.fineFen)}，未超过${formatYuan(rule.value)}，可以当场作出行政处罚决定${basis}` };
}

// Extract<> turns into never, and the return below stops compiling, if a row is renamed.
export type FilingTarget =
  | { to: 'CITY'; deadlineId: Extract<DeadlineId, 'FILING_WITH_CITY'> }
  | { to: 'PROVINCE'; deadlineId: Extract<DeadlineId, 'FILING_WITH_PROVINCE'> };

/**
 * 备案 with the higher bureau within 10 working days of the decision:
 * - AB25 82: a county-level bureau (县级人民政府应急管理部门 — in Yuxi the two districts, 澄江市
 *   and the six counties) → the city bureau, for a fine or 没收 ≥ 10万元, or 责令停产停业(整顿)/
 *   停止建设, 吊销许可证件 (and 限制从业, 降低资质, 撤销资格 — types outside the catalog's
 *   vocabulary, which are filed too);
 * - AB25 83: the city bureau (玉溪市应急管理局) → the provincial department, the same list at
 *   ≥ 20万元.
 * 警告 alone never; 责令关闭 is in neither list — it is decided by the people's government on the
 * bureau's request (AB25 7 ④), not imposed by the bureau. A 没收 of unassessed value is filed.
 */
export function filingWithHigherAuthority(
  p: { orgLevel: OrgLevel; fineFen: Fen; confiscationFen?: Fen; penaltyTypes: readonly string[] },
  t: ThresholdTable = THRESHOLDS,
): FilingTarget | null {
  checkFen('罚款数额', p.fineFen);
  checkFen('没收数额', p.confiscationFen);
  const rule = p.orgLevel === 'COUNTY' ? t.FILING_WITH_CITY_FINE_MIN : t.FILING_WITH_PROVINCE_FINE_MIN;
  const due =
    (p.fineFen > 0 && meets(rule, p.fineFen)) ||
    (has(p.penaltyTypes, 'CONFISCATION') && (p.confiscationFen === undefined || meets(rule, p.confiscationFen))) ||
    has(p.penaltyTypes, 'SUSPENSION') ||
    has(p.penaltyTypes, 'REVOCATION') ||
    p.penaltyTypes.some((x) => !isKnown(x));
  if (!due) return null;
  return p.orgLevel === 'COUNTY' ? { to: 'CITY', deadlineId: 'FILING_WITH_CITY' } : { to: 'PROVINCE', deadlineId: 'FILING_WITH_PROVINCE' };
}

/**
 * 当场收缴 by the officer (CF 68–69), for a decision made on the spot under CF 51:
 * (一) a fine of ≤ 100元, or (二) one that would be hard to collect afterwards; and, for any
 * decision, CF 69: in a remote, water-borne or poorly connected area when paying at a bank or
 * electronically is truly difficult and the party asks. A zero fine has nothing to collect.
 * Otherwise the party pays at the bank or electronically (罚缴分离, CF 67).
 */
export function onTheSpotCollectionAllowed(
  fineFen: Fen,
  grounds: { hardToCollectLater?: boolean; remoteAreaOnPartyRequest?: boolean } = {},
  t: ThresholdTable = THRESHOLDS,
): boolean {
  checkFen('罚款数额', fineFen);
  if (fineFen === 0) return false;
  return meets(t.ON_THE_SPOT_COLLECTION_MAX, fineFen) || grounds.hardToCollectLater === true || grounds.remoteAreaOnPartyRequest === true;
}
