// 交叉执法 (issue 21 item 2; reform plan 主要任务（二）: the city 组织开展…交叉执法): the city draws
// officer teams of one county to inspect enterprises of another. Pure and seeded with the PRNG of
// rules/random-draw.ts, so a recorded draw is reproduced by anyone from its seed and inputs.
//
// Who may never inspect whom is data, not code scattered in the draw:
import { OFFICERS_PER_CHECK, pickWeighted, seededRandom, weightOf, type DrawEnterprise } from './random-draw.ts';

/**
 * Conflicts of interest (回避, 行政处罚法 Art 43; AB25 Art 16). SAME_COUNTY follows from the org of
 * the officer and the enterprise; REGISTERED are the ConflictOfInterest rows (an officer who worked
 * for the enterprise, or is related to it or its head), registered per pair with their reason.
 */
export const CROSS_CONFLICT_KINDS = {
  SAME_COUNTY: '执法人员所在县（市、区）监管该企业（交叉执法不查本县）',
  REGISTERED: '登记的利害关系（曾在该企业任职、与企业或其负责人有亲属关系等）',
} as const;
export type CrossConflictKind = keyof typeof CROSS_CONFLICT_KINDS;

export interface CrossCounty { orgId: string; officerIds: string[] }
export interface CrossEnterprise extends DrawEnterprise { orgId: string }

export interface CrossDrawInputs {
  seed: string;
  /** The counties taking part: each inspects others' enterprises and is inspected by others. */
  counties: CrossCounty[];
  /** The register of the participating counties; `perCounty` of each are drawn (weighted by credit). */
  enterprises: CrossEnterprise[];
  perCounty: number;
  /** Registered pairs that may not meet (REGISTERED). */
  conflicts: { officerId: string; enterpriseId: string }[];
  weights?: { BASE: number; PENALISED: number; BLACKLISTED: number };
}

export interface CrossCheck {
  enterpriseId: string;
  /** The competent county bureau: the enterprise's own; the findings go to it. */
  homeOrgId: string;
  /** The county whose officers inspect. Never homeOrgId. */
  teamOrgId: string;
  officerIds: string[];
}

export interface CrossDrawResult { checks: CrossCheck[]; unstaffed: string[] }

const sortBy = <T>(xs: readonly T[], key: (x: T) => string) => [...xs].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

/** Why an officer of `teamOrgId` may not inspect the enterprise, if they may not. */
export function crossConflict(officerId: string, teamOrgId: string, e: { id: string; orgId: string }, registered: ReadonlySet<string>): CrossConflictKind | undefined {
  if (teamOrgId === e.orgId) return 'SAME_COUNTY';
  if (registered.has(`${officerId}\u0000${e.id}`)) return 'REGISTERED';
  return undefined;
}

/**
 * The draw: per county, `perCounty` enterprises of its register (weighted as in the 双随机 draw), then
 * for each a team of OFFICERS_PER_CHECK from one other county, chosen at random among those with
 * enough officers free of any conflict with it; none such → unstaffed.
 */
export function drawCross(inputs: CrossDrawInputs): CrossDrawResult {
  const rand = seededRandom(inputs.seed);
  const counties = sortBy(inputs.counties, (c) => c.orgId).map((c) => ({ orgId: c.orgId, officerIds: [...c.officerIds].sort() }));
  const taking = new Set(counties.map((c) => c.orgId));
  const registered = new Set(inputs.conflicts.map((c) => `${c.officerId}\u0000${c.enterpriseId}`));
  const drawn: CrossEnterprise[] = [];
  for (const county of counties) {
    const pool = sortBy(inputs.enterprises.filter((e) => e.orgId === county.orgId), (e) => e.id);
    const weights = pool.map((e) => weightOf(e, inputs.weights));
    const n = Math.min(Math.max(0, Math.floor(inputs.perCounty)), pool.length);
    for (let k = 0; k < n; k++) {
      const i = pickWeighted(rand, weights);
      drawn.push(pool[i]!);
      pool.splice(i, 1);
      weights.splice(i, 1);
    }
  }
  const checks: CrossCheck[] = [];
  const unstaffed: string[] = [];
  for (const e of drawn) {
    if (!taking.has(e.orgId)) continue;
    const teams = counties
      .map((c) => ({ orgId: c.orgId, free: c.officerIds.filter((o) => !crossConflict(o, c.orgId, e, registered)) }))
      .filter((t) => t.orgId !== e.orgId && t.free.length >= OFFICERS_PER_CHECK);
    if (!teams.length) { unstaffed.push(e.id); continue; }
    const team = teams[Math.floor(rand() * teams.length)]!;
    const free = [...team.free];
    const officerIds: string[] = [];
    for (let k = 0; k < OFFICERS_PER_CHECK; k++) officerIds.push(free.splice(Math.floor(rand() * free.length), 1)[0]!);
    checks.push({ enterpriseId: e.id, homeOrgId: e.orgId, teamOrgId: team.orgId, officerIds });
  }
  return { checks, unstaffed };
}
