// 双随机 (issue 9): enterprises drawn at random from the register, inspectors at random from
// the bureau's certified officers. Pure and seeded: the same seed and inputs give the same
// draw anywhere, so a recorded draw can be reproduced by anyone (一公开). Inputs are sorted
// by id before drawing, so the order the database returns rows in does not matter.
//
// The PRNG is sfc32 (Chris Doty-Humphrey's Small Fast Counter, PractRand-tested), seeded
// through cyrb128, a 128-bit string hash; both are public-domain and a few lines long, which
// keeps this file free of dependencies and importable by workflows.

/**
 * How much more often an enterprise with a bad credit record is drawn (credit-based
 * supervision: 黑名单 raises inspection frequency — the reform plan gives no number, so these
 * are the bureau's policy, stated here and recorded with every draw).
 */
export const DRAW_WEIGHTS = { BASE: 1, PENALISED: 2, BLACKLISTED: 3 } as const;
/** Two officers per check (行政处罚法 Art 42; AB25 Art 16). */
export const OFFICERS_PER_CHECK = 2;

export interface DrawEnterprise { id: string; category: string; blacklisted: boolean; penalised: boolean }
export interface DrawOfficer { id: string }
export interface DrawExpert { id: string; specialties: string[] }

export interface DrawInputs {
  seed: string;
  /** The pool for random checks (key enterprises are inspected on their fixed cycle instead). */
  pool: DrawEnterprise[];
  randomCount: number;
  /** Enterprises inspected anyway (key enterprises' scheduled checks): inspectors are drawn for them too. */
  fixed: DrawEnterprise[];
  /** Certified officers of the bureau. */
  officers: DrawOfficer[];
  /** 回避: pairs that may not meet. */
  conflicts: { officerId: string; enterpriseId: string }[];
  withExpert: boolean;
  experts: DrawExpert[];
  weights?: { BASE: number; PENALISED: number; BLACKLISTED: number };
  /** Left out of the pool before the draw, with why (recorded so the public sees the pool was not chosen). */
  excluded?: ExcludedEnterprise[];
}

/** An enterprise left out of a random pool: its rolling visit count already reaches the policy's limit. */
export interface ExcludedEnterprise { id: string; reason: 'VISIT_LIMIT'; count: number; limit: number; windowMonths: number }

/**
 * Reform plan (六) "减少检查频次": a random check is not sent to an enterprise whose visits in the
 * window already reach the limit (another visit would need a reason and the head's approval, which
 * a random check cannot give). Enterprises inspected anyway (the plan's key enterprises) are not
 * in the pool and are not touched here: they go through the reason path of the plan.
 */
export function withoutVisitLimited(pool: readonly DrawEnterprise[], counts: ReadonlyMap<string, number>, policy: { limit: number; windowMonths: number }) {
  const kept: DrawEnterprise[] = [];
  const excluded: ExcludedEnterprise[] = [];
  for (const e of byId(pool)) {
    const count = counts.get(e.id) ?? 0;
    if (count >= policy.limit) excluded.push({ id: e.id, reason: 'VISIT_LIMIT', count, limit: policy.limit, windowMonths: policy.windowMonths });
    else kept.push(e);
  }
  return { pool: kept, excluded };
}

export interface DrawnCheck {
  enterpriseId: string;
  kind: 'KEY' | 'RANDOM';
  officerIds: string[];
  expertId: string | null;
  /** The weight the enterprise carried in the draw (1 for fixed checks). */
  weight: number;
}

export interface DrawResult {
  checks: DrawnCheck[];
  /** Enterprises for which fewer than two officers are free of conflicts: no check drawn. */
  unstaffed: string[];
}

function cyrb128(str: string): [number, number, number, number] {
  let h1 = 1779033703, h2 = 3144134277, h3 = 1013904242, h4 = 2773480762;
  for (let i = 0; i < str.length; i++) {
    const k = str.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4; h2 ^= h1; h3 ^= h1; h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** A generator of floats in [0, 1) from a seed string. */
export function seededRandom(seed: string): () => number {
  let [a, b, c, d] = cyrb128(seed);
  const next = () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 15; i++) next(); // discard the first outputs, as the author advises
  return next;
}

export function weightOf(e: DrawEnterprise, w: DrawInputs['weights'] = DRAW_WEIGHTS): number {
  const weights = w ?? DRAW_WEIGHTS;
  if (e.blacklisted) return weights.BLACKLISTED;
  if (e.penalised) return weights.PENALISED;
  return weights.BASE;
}

const byId = <T extends { id: string }>(xs: readonly T[]) => [...xs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/** Picks one index of `weights` with probability proportional to its weight. */
export function pickWeighted(rand: () => number, weights: readonly number[]): number {
  const total = weights.reduce((s, w) => s + w, 0);
  let r = rand() * total;
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i];
    if (r < 0) return i;
  }
  return weights.length - 1;
}

/** The draw: enterprises (weighted, without replacement), then two officers and an optional expert per check. */
export function drawChecks(inputs: DrawInputs): DrawResult {
  const rand = seededRandom(inputs.seed);
  const pool = byId(inputs.pool);
  const weights = pool.map((e) => weightOf(e, inputs.weights));
  const drawn: { e: DrawEnterprise; kind: 'KEY' | 'RANDOM'; weight: number }[] = byId(inputs.fixed).map((e) => ({ e, kind: 'KEY' as const, weight: 1 }));
  const n = Math.min(Math.max(0, Math.floor(inputs.randomCount)), pool.length);
  for (let k = 0; k < n; k++) {
    const i = pickWeighted(rand, weights);
    drawn.push({ e: pool[i], kind: 'RANDOM', weight: weights[i] });
    pool.splice(i, 1);
    weights.splice(i, 1);
  }
  const officers = byId(inputs.officers);
  const experts = byId(inputs.experts);
  const conflicted = new Set(inputs.conflicts.map((c) => `${c.officerId}\u0000${c.enterpriseId}`));
  const checks: DrawnCheck[] = [];
  const unstaffed: string[] = [];
  for (const { e, kind, weight } of drawn) {
    const free = officers.filter((o) => !conflicted.has(`${o.id}\u0000${e.id}`));
    if (free.length < OFFICERS_PER_CHECK) { unstaffed.push(e.id); continue; }
    const officerIds: string[] = [];
    for (let k = 0; k < OFFICERS_PER_CHECK; k++) officerIds.push(free.splice(Math.floor(rand() * free.length), 1)[0].id);
    let expertId: string | null = null;
    if (inputs.withExpert && experts.length) {
      const matching = experts.filter((x) => x.specialties.includes(e.category));
      const from = matching.length ? matching : experts;
      expertId = from[Math.floor(rand() * from.length)].id;
    }
    checks.push({ enterpriseId: e.id, kind, officerIds, expertId, weight });
  }
  return { checks, unstaffed };
}
