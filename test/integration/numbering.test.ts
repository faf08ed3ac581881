import { afterAll, describe, expect, inject, it } from 'vitest';
import { createPrisma } from '../../infra/db.ts';
import type { Prisma } from '../../generated/prisma/client.ts';
import { nextNumber } from '../../store/numbering.ts';

// 文书 and case numbers (立案号, 罚字号 …) are gapless per org, series and year: a number is taken
// by one UPDATE … RETURNING on the counter row inside the caller's transaction.
describe('document and case numbering', () => {
  const prisma = createPrisma(inject('databaseUrl'), 10);
  afterAll(async () => prisma.$disconnect());
  const orgId = `numbering-test-${Date.now()}`;
  const tx = <T>(fn: (t: Prisma.TransactionClient) => Promise<T>) => prisma.$transaction(fn, { maxWait: 60_000, timeout: 60_000 });

  it('hands out 1..50 to 50 parallel transactions of a new year, each number once', async () => {
    const numbers = await Promise.all(Array.from({ length: 50 }, () => tx((t) => nextNumber(t, orgId, 'FILING', 2031))));
    expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(await prisma.counter.findUnique({ where: { orgId_series_year: { orgId, series: 'FILING', year: 2031 } } })).toMatchObject({ value: 50 });
  });

  it('gives a rolled-back transaction\'s number to the next one, so no number is skipped', async () => {
    await expect(tx(async (t) => {
      expect(await nextNumber(t, orgId, 'FILING', 2031)).toBe(51);
      throw new Error('the step failed after numbering');
    })).rejects.toThrow(/step failed/);
    expect(await tx((t) => nextNumber(t, orgId, 'FILING', 2031))).toBe(51);
  });

  it('counts each series and year apart', async () => {
    expect(await tx((t) => nextNumber(t, orgId, 'PENALTY', 2031))).toBe(1);
    expect(await tx((t) => nextNumber(t, orgId, 'FILING', 2032))).toBe(1);
    expect(await tx((t) => nextNumber(t, `${orgId}-other`, 'FILING', 2031))).toBe(1);
  });
});
