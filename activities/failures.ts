import { ApplicationFailure } from '@temporalio/activity';
import { ZodError } from 'zod';
import { AppError } from '../store/errors.ts';
import { FAILURE } from '../workflows/messages.ts';

// What an activity throws decides whether Temporal tries it again (workflows/activities-proxy.ts).
// A missing row, a conflicting key, a refused state or bad data fails the same way every time:
// they leave as typed, non-retryable ApplicationFailures that the workflow can decide on. Anything
// else (the database unreachable, a deadlock, a timeout) is thrown as it is and retried.

/** Prisma's known request errors (https://www.prisma.io/docs/orm/reference/error-reference) that retrying cannot fix. */
const PRISMA_CODES: Record<string, string> = {
  P2025: FAILURE.notFound, // record to update/delete not found
  P2001: FAILURE.notFound, // record searched for in the where condition does not exist
  P2018: FAILURE.notFound, // required connected records not found
  P2002: FAILURE.conflict, // unique constraint failed
  P2003: FAILURE.invalid, // foreign key constraint failed
  P2000: FAILURE.invalid, // value too long for the column
  P2006: FAILURE.invalid, // value not valid for the field
  P2011: FAILURE.invalid, // null constraint violation
  P2014: FAILURE.invalid, // the change would violate a required relation
};

const APP_STATUS: Record<number, string> = { 400: FAILURE.invalid, 403: FAILURE.forbidden, 404: FAILURE.notFound, 409: FAILURE.conflict, 422: FAILURE.invalid };

const typed = (type: string, message: string, cause: Error) => ApplicationFailure.create({ type, message, nonRetryable: true, cause });

/** The failure an activity's error becomes: typed and final, or the error itself to be retried. */
export function asActivityFailure(err: unknown): unknown {
  if (err instanceof ApplicationFailure) return err;
  const code = (err as { code?: unknown })?.code;
  if (err instanceof Error && err.name === 'PrismaClientKnownRequestError' && typeof code === 'string' && PRISMA_CODES[code]) {
    return typed(PRISMA_CODES[code], `数据库拒绝写入（${code}）：${err.message.split('\n').at(-1)}`, err);
  }
  if (err instanceof Error && err.name === 'PrismaClientValidationError') return typed(FAILURE.invalid, '数据库请求不合法', err);
  if (err instanceof AppError && APP_STATUS[err.status]) return typed(APP_STATUS[err.status]!, err.message, err);
  if (err instanceof ZodError) return typed(FAILURE.invalid, err.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('；'), err);
  return err;
}

type Activities = Record<string, (...args: never[]) => Promise<unknown>>;

/** Wraps every activity so its errors leave through asActivityFailure. */
export function withTypedFailures<T extends Activities>(activities: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(activities)) {
    // A named function: Temporal registers activities by their property name, logs show this one.
    wrapped[name] = { [name]: async (...args: never[]) => {
      try {
        return await fn(...args);
      } catch (err) {
        throw asActivityFailure(err);
      }
    } }[name];
  }
  return wrapped as T;
}
