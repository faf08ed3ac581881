import type { PrismaClient } from '../../generated/prisma/client.ts';

/**
 * Row counts of every table of the public schema (from information_schema, so a table added
 * later is covered without editing a list), except the ones named in `except`.
 */
export async function rowCounts(prisma: PrismaClient, except: readonly string[] = []): Promise<Record<string, number>> {
  const tables = (await prisma.$queryRaw<{ name: string }[]>`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`)
    .map((t) => t.name).filter((n) => !except.includes(n));
  if (!tables.length) throw new Error('no tables in the public schema');
  const rows = await prisma.$queryRawUnsafe<{ name: string; n: bigint }[]>(
    tables.map((t) => `SELECT '${t}' AS name, count(*) AS n FROM "${t.replaceAll('"', '""')}"`).join(' UNION ALL '));
  return Object.fromEntries(rows.map((r) => [r.name, Number(r.n)]));
}
