import type { ErrorRequestHandler } from 'express';
import {
  WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { z, ZodError } from 'zod';
import type { Logger } from 'pino';
import { FAILURE } from '../workflows/messages.ts';
import { AppError } from '../store/errors.ts';

/** Every refusal's body, as the error middleware below writes it (published in the OpenAPI). */
export const errorBody = z.object({
  error: z.string().describe('机器可读的错误代码'),
  message: z.string().describe('中文说明'),
  details: z.unknown().optional(),
});

// The refusals themselves live below the API (store/errors.ts): the domain operations that
// activities share throw them too, and activities/failures.ts types them for Temporal.
export { AppError, conflict, forbidden, invalid, notFound } from '../store/errors.ts';

const FAILURE_STATUS: Record<string, [string, number]> = {
  [FAILURE.notFound]: ['not_found', 404],
  [FAILURE.forbidden]: ['forbidden', 403],
  [FAILURE.conflict]: ['conflict', 409],
  [FAILURE.invalid]: ['invalid', 422],
};

/** Translates what a workflow said (a rejected update) into an AppError. */
export function fromTemporal(err: unknown): unknown {
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const [code, status] = FAILURE_STATUS[err.cause.type ?? ''] ?? ['rejected', 409];
    return new AppError(code, err.cause.message, status);
  }
  if (err instanceof WorkflowNotFoundError) return new AppError('not_found', '该流程已结束或不存在', 404);
  // The deadline passed before the workflow answered (no worker, a long queue): the Update keeps
  // its id, so the same request sent again joins it and gets its one result.
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
    return new AppError('unavailable', '流程引擎未在时限内答复，本次办理可能仍在进行，请稍后以同一请求重试', 503);
  }
  // ONCE_PER_KEY (api/workflow-calls.ts): the matter's workflow already ran and closed.
  if (err instanceof WorkflowExecutionAlreadyStartedError) return new AppError('already_closed', '该事项的流程已办结，不能重复启动', 409);
  return err;
}

function isDatabaseDown(err: unknown): boolean {
  const msg = String((err as Error)?.message ?? '');
  const code = (err as { code?: string })?.code;
  return code === 'ECONNREFUSED' || code === '57P01' || code === '57P03' || /ECONNREFUSED|Can't reach database|connection terminated/i.test(msg);
}

/** Seconds a client is asked to wait before sending a refused request again. */
const RETRY_AFTER_SECONDS = 5;

/** gRPC status codes (grpc/status.proto) that mean the server could not be reached in time. */
const GRPC_UNREACHABLE = new Set([4 /* DEADLINE_EXCEEDED */, 14 /* UNAVAILABLE */]);

/** Temporal unreachable (gRPC UNAVAILABLE, or the call timed out waiting for it). */
function isTemporalDown(err: unknown): boolean {
  for (let e = err as { code?: unknown; cause?: unknown; message?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'number' && GRPC_UNREACHABLE.has(e.code)) return true;
    if (/ECONNREFUSED|UNAVAILABLE|No connection established/i.test(String(e.message ?? ''))) return true;
  }
  return false;
}

/** Only rules across fields (rules/forms/fields.ts ruleIssue) make a well-formed body 422; anything else is malformed, 400. */
export const zodStatus = (err: ZodError): 400 | 422 =>
  err.issues.every((i) => i.code === 'custom' && (i as { params?: { rule?: boolean } }).params?.rule === true) ? 422 : 400;

export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  return (raw, req, res, _next) => {
    const err = fromTemporal(raw);
    let status = 500;
    let body: z.infer<typeof errorBody> = { error: 'internal', message: '服务器内部错误' };
    if (err instanceof AppError) {
      status = err.status;
      if (status === 503) res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
      body = { error: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) };
      // A partner system is refused, not told "not found" (issue 24): the same 403 for another org's record
      // and for one that does not exist, so the answer still reveals nothing.
      if (status === 404 && err.code === 'not_found' && req.apiClient) {
        status = 403;
        body = { error: 'forbidden', message: '本接入系统所属单位无权访问该记录（或该记录不存在）' };
      }
    } else if (err instanceof ZodError) {
      const rules = zodStatus(err) === 422;
      status = rules ? 422 : 400;
      body = { error: rules ? 'invalid' : 'bad_request', message: err.issues.map((i) => `${i.path.join('.') || '请求'}: ${i.message}`).join('；'),
        details: err.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) };
    } else if ((raw as { type?: string }).type === 'entity.too.large') {
      status = 413;
      body = { error: 'too_large', message: '请求体过大' };
    } else if ((raw as { type?: string }).type === 'entity.parse.failed') {
      status = 400;
      body = { error: 'bad_request', message: '请求体不是合法的 JSON' };
    } else if (isDatabaseDown(raw)) {
      status = 503;
      res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
      body = { error: 'unavailable', message: '数据库暂不可用，请稍后重试' };
    } else if (isTemporalDown(raw)) {
      status = 503;
      res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
      body = { error: 'unavailable', message: '流程引擎暂不可用，请稍后重试' };
      logger.warn({ err: raw, url: req.originalUrl }, 'temporal unavailable');
    } else {
      logger.error({ err: raw, url: req.originalUrl }, 'unhandled error');
    }
    if (req.accepts(['json', 'html']) === 'html' && !req.path.startsWith('/api/')) {
      res.status(status).render('error', { status, message: body.message, me: req.actor, title: '出错了' });
      return;
    }
    res.status(status).json(body);
  };
}
