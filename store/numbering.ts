import type { Prisma } from '../generated/prisma/client.ts';

/** Year in Asia/Shanghai, which is what a document number's 〔年〕 means. */
export function shanghaiYear(at: Date): number {
  return Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(at));
}

const bump = (tx: Prisma.TransactionClient, orgId: string, series: string, year: number) => tx.$queryRaw<{ value: number }[]>`
  UPDATE "Counter" SET "value" = "value" + 1 WHERE "orgId" = ${orgId} AND "series" = ${series} AND "year" = ${year} RETURNING "value"`;

/**
 * Next number in an org's series for a year (立案号, 罚字号 …), gap-free: one UPDATE … RETURNING
 * on the counter row, whose lock is held to the caller's commit, so a rolled-back transaction
 * gives its number back and only writers of the same org, series and year wait. The year's row
 * is created once (ON CONFLICT DO NOTHING, so two first writers both go on to the UPDATE).
 */
export async function nextNumber(tx: Prisma.TransactionClient, orgId: string, series: string, year: number): Promise<number> {
  const [hit] = await bump(tx, orgId, series, year);
  if (hit) return hit.value;
  await tx.$executeRaw`INSERT INTO "Counter" ("orgId", "series", "year", "value") VALUES (${orgId}, ${series}, ${year}, 0) ON CONFLICT DO NOTHING`;
  const [row] = await bump(tx, orgId, series, year);
  return row!.value;
}
