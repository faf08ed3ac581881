import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { WorkflowClientInterceptor } from '@temporalio/client';
import type { IncomingMessage, ServerResponse } from 'node:http';

// Ties an HTTP request's log line to the workflows it touched: the Temporal client notes
// every workflow id it starts, signals, queries or updates inside the request, and the
// request log carries them (and a request id the caller can quote).
interface RequestContext { workflowIds: Set<string>; req?: IncomingMessage & { actor?: { userId: string } } }

const store = new AsyncLocalStorage<RequestContext>();
const CONTEXT = Symbol('requestContext');
type WithContext = ServerResponse & { [CONTEXT]?: RequestContext };

/** Express middleware: runs the rest of the request inside its own context. */
export function requestContext() {
  return (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const ctx: RequestContext = { workflowIds: new Set(), req };
    (res as WithContext)[CONTEXT] = ctx;
    store.run(ctx, next);
  };
}

/** Runs `fn` in a fresh context and returns what it touched (for callers outside Express). */
export async function withRequestContext<T>(fn: () => Promise<T>): Promise<{ result: T; workflowIds: string[] }> {
  const ctx: RequestContext = { workflowIds: new Set() };
  const result = await store.run(ctx, fn);
  return { result, workflowIds: [...ctx.workflowIds] };
}

/**
 * The caller's Idempotency-Key with who sent it (read when asked: sign-in runs after this
 * middleware), so a retried request can name the same Temporal Update; undefined outside a request.
 */
export function requestIdempotency(): { key: string; userId: string } | undefined {
  const req = store.getStore()?.req;
  const key = req?.headers['idempotency-key'];
  return typeof key === 'string' && key && req?.actor ? { key, userId: req.actor.userId } : undefined;
}

const note = (workflowId: string | undefined) => { if (workflowId) store.getStore()?.workflowIds.add(workflowId); };

/** Client interceptor noting the workflow id of every call made within a request. */
export const workflowIdRecorder: WorkflowClientInterceptor = {
  async start(input, next) { note(input.options.workflowId); return next(input); },
  async signal(input, next) { note(input.workflowExecution.workflowId); return next(input); },
  async query(input, next) { note(input.workflowExecution.workflowId); return next(input); },
  async startUpdate(input, next) { note(input.workflowExecution.workflowId); return next(input); },
  async startUpdateWithStart(input, next) { note(input.workflowStartOptions.workflowId); return next(input); },
  async describe(input, next) { note(input.workflowExecution.workflowId); return next(input); },
};

/** pino-http options: a request id (the caller's X-Request-Id if sane) and the workflow ids. */
export const requestLogOptions = {
  genReqId(req: IncomingMessage, res: ServerResponse): string {
    const given = req.headers['x-request-id'];
    const id = typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    res.setHeader('X-Request-Id', id);
    return id;
  },
  customProps(_req: IncomingMessage, res: ServerResponse): Record<string, unknown> {
    const ids = (res as WithContext)[CONTEXT]?.workflowIds;
    return ids?.size ? { workflowIds: [...ids] } : {};
  },
};
