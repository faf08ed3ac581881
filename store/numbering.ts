import type { Prisma } from '../generated/prisma/client.ts';

/** Year in Asia/Shanghai, which is what a document number's 〔年〕 means. */
export function shanghaiYear(at: Date): number {
  return Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(at));
}

/** One number wanted from an org's series for a year (立案号, 罚字号 …). */
export interface NumberRequest { orgId: string; series: string; year: number }

type Bumped = { orgId: string; series: string; year: number; value: number };

// The counter rows are locked in key order (the ordered FOR UPDATE runs before any row is
// changed), so two transactions that both take a 立案号 and a 立审 number never deadlock.
const bump = (tx: Prisma.TransactionClient, want: (NumberRequest & { n: number })[]) => tx.$queryRaw<Bumped[]>`
  UPDATE "Counter" c SET "value" = c."value" + w."n"
  FROM (SELECT k."orgId", k."series", k."year" FROM "Counter" k
          JOIN jsonb_to_recordset(${JSON.stringify(want)}::jsonb) AS x("orgId" TEXT, "series" TEXT, "year" INT)
            ON k."orgId" = x."orgId" AND k."series" = x."series" AND k."year" = x."year"
          ORDER BY 1, 2, 3 FOR UPDATE OF k) l,
       jsonb_to_recordset(${JSON.stringify(want)}::jsonb) AS w("orgId" TEXT, "series" TEXT, "year" INT, "n" INT)
  WHERE c."orgId" = l."orgId" AND c."series" = l."series" AND c."year" = l."year"
    AND w."orgId" = c."orgId" AND w."series" = c."series" AND w."year" = c."year"
  RETURNING c."orgId", c."series", c."year", c."value"`;

const keyOf = (r: NumberRequest) => `${r.orgId}\u0000${r.series}\u0000${r.year}`;

/**
 * Next numbers in org series for a year, gap-free, in the order asked (two of one series get
 * consecutive numbers): one UPDATE … RETURNING of the counter rows, whose locks are held to the
 * caller's commit, so a rolled-back transaction gives its numbers back and only writers of the
 * same org, series and year wait — which is why callers take numbers as late in their
 * transaction as they can. A year's row is created once (ON CONFLICT DO NOTHING, so two first
 * writers both go on to the UPDATE).
 */
export async function nextNumbers(tx: Prisma.TransactionClient, requests: readonly NumberRequest[]): Promise<number[]> {
  if (!requests.length) return [];
  const want = new Map<string, NumberRequest & { n: number }>();
  for (const r of requests) {
    const w = want.get(keyOf(r));
    if (w) w.n += 1; else want.set(keyOf(r), { orgId: r.orgId, series: r.series, year: r.year, n: 1 });
  }
  const top = new Map((await bump(tx, [...want.values()])).map((b) => [keyOf(b), b.value]));
  const missing = [...want.values()].filter((w) => !top.has(keyOf(w)));
  if (missing.length) {
    await tx.$executeRaw`INSERT INTO "Counter" ("orgId", "series", "year", "value")
      SELECT x."orgId", x."series", x."year", 0 FROM jsonb_to_recordset(${JSON.stringify(missing)}::jsonb) AS x("orgId" TEXT, "series" TEXT, "year" INT)
      ON CONFLICT DO NOTHING`;
    for (const b of await bump(tx, missing)) top.set(keyOf(b), b.value);
  }
  // The last of a key's n numbers is its new value; hand them out from the first.
  const next = new Map([...want].map(([k, w]) => [k, top.get(k)! - w.n + 1]));
  return requests.map((r) => { const n = next.get(keyOf(r))!; next.set(keyOf(r), n + 1); return n; });
}

/** One number (see nextNumbers). */
export async function nextNumber(tx: Prisma.TransactionClient, orgId: string, series: string, year: number): Promise<number> {
  const [n] = await nextNumbers(tx, [{ orgId, series, year }]);
  return n!;
}

/** Fills a transaction's number placeholders in a string (or in a value, through its JSON). */
export interface Fill { (s: string): string; json<T>(v: T): T }

const PLACEHOLDER = /\uE000(\d+)\uE001/g;

/**
 * The numbers of one transaction, taken together at its end (one UPDATE, nextNumbers): until
 * then each number is a placeholder (private-use characters, untouched by HTML escaping and
 * JSON), so the counter rows stay locked only for the writes that state the numbers and the
 * commit, not for the whole step.
 */
export class DeferredNumbers {
  private readonly requests: NumberRequest[] = [];
  placeholder(r: NumberRequest): string {
    this.requests.push(r);
    return `\uE000${this.requests.length - 1}\uE001`;
  }
  async take(tx: Prisma.TransactionClient): Promise<Fill> {
    const values = await nextNumbers(tx, this.requests);
    const fill = (s: string) => s.replace(PLACEHOLDER, (_, i: string) => String(values[Number(i)]));
    return Object.assign(fill, { json: <T>(v: T): T => (v === undefined ? v : JSON.parse(fill(JSON.stringify(v))) as T) });
  }
}
