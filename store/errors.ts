// The one business error: thrown by the domain operations here and by the API's services,
// mapped to HTTP by one middleware (api/errors.ts) and to a typed Temporal failure when an
// activity throws it (activities/failures.ts).
/** A refusal with a machine code, a Chinese message and the HTTP status it means. */
export class AppError extends Error {
  constructor(readonly code: string, message: string, readonly status: number, readonly details?: unknown) {
    super(message);
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what}不存在或无权查看`, 404);
export const forbidden = (message: string) => new AppError('forbidden', message, 403);
export const conflict = (message: string) => new AppError('conflict', message, 409);
export const invalid = (message: string, details?: unknown) => new AppError('invalid', message, 422, details);
