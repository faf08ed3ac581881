import { afterAll, describe, expect, inject, it } from 'vitest';
import { createPrisma } from '../../infra/db.ts';
import type { Prisma } from '../../generated/prisma/client.ts';
import { DeferredNumbers, nextNumber, nextNumbers } from '../../store/numbering.ts';

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

  it('takes several numbers in one statement: two of a series are consecutive, given in the order asked', async () => {
    const org = `${orgId}-several`;
    expect(await tx((t) => nextNumbers(t, [
      { orgId: org, series: 'FILING', year: 2031 }, { orgId: org, series: '立审', year: 2031 }, { orgId: org, series: 'FILING', year: 2031 },
    ]))).toEqual([1, 1, 2]);
    expect(await tx((t) => nextNumbers(t, [{ orgId: org, series: '立审', year: 2031 }, { orgId: org, series: 'FILING', year: 2031 }]))).toEqual([2, 3]);
  });

  it('transactions that take the same two series in opposite orders neither deadlock nor skip a number', async () => {
    const org = `${orgId}-pairs`;
    const [a, b] = [{ orgId: org, series: 'FILING', year: 2031 }, { orgId: org, series: '立审', year: 2031 }];
    await tx((t) => nextNumbers(t, [a, b]));
    const got = await Promise.all(Array.from({ length: 20 }, (_, i) => tx((t) => nextNumbers(t, i % 2 ? [a, b] : [b, a]))));
    const filing = got.map((g, i) => g[i % 2 ? 0 : 1]!).sort((x, y) => x - y);
    const form = got.map((g, i) => g[i % 2 ? 1 : 0]!).sort((x, y) => x - y);
    expect(filing).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
    expect(form).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
  });

  it('a deferred number is a placeholder until taken, then filled in text and in values alike', async () => {
    const org = `${orgId}-deferred`;
    const numbers = new DeferredNumbers();
    const text = `红塔应急立〔2031〕${numbers.placeholder({ orgId: org, series: 'FILING', year: 2031 })}号`;
    const form = numbers.placeholder({ orgId: org, series: '立审', year: 2031 });
    const filled = await tx(async (t) => {
      const fill = await numbers.take(t);
      return { text: fill(text), value: fill.json({ payload: { caseNumber: text, form: `${form}` } }) };
    });
    expect(filled).toEqual({ text: '红塔应急立〔2031〕1号', value: { payload: { caseNumber: '红塔应急立〔2031〕1号', form: '1' } } });
  });
});
