import type { Prisma } from '../generated/prisma/client.ts';

/** Year in Asia/Shanghai, which is what a document number's 〔年〕 means. */
export function shanghaiYear(at: Date): number {
  return Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(at));
}

/** Next number in an org's series for a year (立案号, 罚字号 …), gap-free within a transaction. */
export async function nextNumber(tx: Prisma.TransactionClient, orgId: string, series: string, year: number): Promise<number> {
  const row = await tx.counter.upsert({
    where: { orgId_series_year: { orgId, series, year } },
    create: { orgId, series, year, value: 1 },
    update: { value: { increment: 1 } },
  });
  return row.value;
}
