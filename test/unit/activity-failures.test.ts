import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { asActivityFailure, withTypedFailures } from '../../activities/failures.ts';
import { AppError } from '../../api/errors.ts';
import { Prisma } from '../../generated/prisma/client.ts';
import { FAILURE } from '../../workflows/messages.ts';

const prismaError = (code: string) => new Prisma.PrismaClientKnownRequestError(`Invalid call\n\nsomething about ${code}`, { code, clientVersion: 'test' });

describe('what an activity error becomes', () => {
  it.each([
    ['P2025', FAILURE.notFound], ['P2002', FAILURE.conflict], ['P2003', FAILURE.invalid], ['P2000', FAILURE.invalid],
  ])('Prisma %s → a final %s failure', (code, type) => {
    const f = asActivityFailure(prismaError(code));
    expect(f).toBeInstanceOf(ApplicationFailure);
    expect(f).toMatchObject({ type, nonRetryable: true });
    expect((f as ApplicationFailure).message).toContain(code);
  });

  it.each([
    [404, FAILURE.notFound], [409, FAILURE.conflict], [422, FAILURE.invalid], [403, FAILURE.forbidden],
  ])('a domain refusal (AppError %i) → a final %s failure with its Chinese message', (status, type) => {
    const f = asActivityFailure(new AppError('x', '案件不存在或无权查看', status));
    expect(f).toMatchObject({ type, nonRetryable: true, message: '案件不存在或无权查看' });
  });

  it('a validation error → a final Invalid failure naming the field', () => {
    const err = z.object({ year: z.number() }).safeParse({ year: 'x' }).error!;
    expect(asActivityFailure(err)).toMatchObject({ type: FAILURE.invalid, nonRetryable: true, message: expect.stringContaining('year') });
  });

  it('anything else (the database unreachable, a deadlock, P1001) is left to be retried', () => {
    const down = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(asActivityFailure(down)).toBe(down);
    const unreachable = prismaError('P1001');
    expect(asActivityFailure(unreachable)).toBe(unreachable);
    const already = ApplicationFailure.retryable('稍后再试', 'Busy');
    expect(asActivityFailure(already)).toBe(already);
  });

  it('wraps every activity by name, passing results through and typing what it throws', async () => {
    const acts = withTypedFailures({
      async ok(n: number) { return n + 1; },
      async missing() { throw prismaError('P2025'); },
    });
    expect(Object.keys(acts)).toEqual(['ok', 'missing']);
    expect(acts.missing.name).toBe('missing');
    expect(await acts.ok(1)).toBe(2);
    await expect(acts.missing()).rejects.toMatchObject({ type: FAILURE.notFound, nonRetryable: true });
  });
});
