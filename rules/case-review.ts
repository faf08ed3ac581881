// 抽查 / 评议考核 (issue 8): the pure part of the city's sampling review — periods aligned to
// the calendar year in Beijing time, the sample size from the policy rows, and the seeded draw.
// The draw uses the PRNG of the 双随机 draws (random-draw.ts), so anyone holding the recorded
// seed and population can reproduce the sample. Imported by workflows: no I/O.
import { seededRandom } from './random-draw.ts';

/** The checklist every sampled case is scored against (评查项目). */
export const REVIEW_ITEMS = ['procedure', 'evidence', 'legalBasis', 'discretion', 'documents', 'deadlines'] as const;
export type ReviewItem = (typeof REVIEW_ITEMS)[number];
export const REVIEW_ITEM_LABELS: Readonly<Record<ReviewItem, string>> = {
  procedure: '执法程序', evidence: '证据', legalBasis: '法律依据', discretion: '自由裁量', documents: '执法文书', deadlines: '办案期限',
};

const BEIJING_OFFSET_MS = 8 * 3_600_000;

export interface ReviewPeriod {
  /** e.g. 2026Q4 for quarters, 2026M11 for months, 2026H2 for half years, 2026Y for years */
  key: string;
  /** First instant of the period (00:00 Beijing time on its first day). */
  from: string;
  /** First instant of the next period: the period is [from, to). */
  to: string;
}

function checkMonths(months: number): void {
  if (!Number.isInteger(months) || months <= 0 || 12 % months !== 0) throw new Error(`抽查周期须为能整除12的月数，收到 ${months}`);
}

const startOf = (year: number, month0: number) => new Date(Date.UTC(year, month0, 1) - BEIJING_OFFSET_MS).toISOString();

function keyOf(year: number, index: number, months: number): string {
  if (months === 3) return `${year}Q${index + 1}`;
  if (months === 1) return `${year}M${String(index + 1).padStart(2, '0')}`;
  if (months === 6) return `${year}H${index + 1}`;
  if (months === 12) return `${year}Y`;
  return `${year}P${index + 1}of${12 / months}`;
}

/** The period of `months` months (aligned to 1 January, Beijing time) that contains the instant. */
export function reviewPeriodOf(at: string | number, months: number): ReviewPeriod {
  checkMonths(months);
  const local = new Date((typeof at === 'number' ? at : Date.parse(at)) + BEIJING_OFFSET_MS);
  const year = local.getUTCFullYear();
  const index = Math.floor(local.getUTCMonth() / months);
  return { key: keyOf(year, index, months), from: startOf(year, index * months), to: startOf(year, (index + 1) * months) };
}

/** The period just before the one that contains the instant. */
export function previousReviewPeriod(at: string | number, months: number): ReviewPeriod {
  return reviewPeriodOf(Date.parse(reviewPeriodOf(at, months).from) - 1, months);
}

/** How many of `population` cases to sample: share (basis points) rounded up, at least `min`, at most all. */
export function reviewSampleSize(population: number, shareBp: number, min: number): number {
  if (population <= 0) return 0;
  return Math.min(population, Math.max(min, Math.ceil((population * shareBp) / 10_000)));
}

/**
 * The recorded seed of one county's draw. The nonce is random (drawn when the period ends), so
 * a county cannot compute its sample in advance; county and period are part of it so that two
 * draws never share a sequence.
 */
export const reviewSeed = (nonce: string, countyOrgId: string, periodKey: string): string => `${periodKey}/${countyOrgId}/${nonce}`;

/** The sample: a partial Fisher–Yates shuffle of the ids sorted first, so row order never matters. */
export function drawReviewSample(seed: string, population: readonly string[], size: number): string[] {
  const pool = [...new Set(population)].sort();
  const rand = seededRandom(seed);
  const n = Math.min(Math.max(0, Math.floor(size)), pool.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(rand() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, n).sort();
}

/** The period a key names (the inverse of reviewPeriodOf's keys); undefined for a malformed key. */
export function parseReviewPeriod(key: string): ReviewPeriod | undefined {
  const m = /^(\d{4})(?:Q([1-4])|M(0[1-9]|1[0-2])|H([12])|(Y))$/.exec(key);
  if (!m) return undefined;
  const year = Number(m[1]);
  const [months, index] = m[2] ? [3, Number(m[2]) - 1] : m[3] ? [1, Number(m[3]) - 1] : m[4] ? [6, Number(m[4]) - 1] : [12, 0];
  return { key, from: startOf(year, index * months), to: startOf(year, (index + 1) * months) };
}
