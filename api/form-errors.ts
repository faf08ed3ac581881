import { ZodError } from 'zod';
import { AppError } from './errors.ts';

/** What a page shows after a refused submit: the status, a summary and a message per field. */
export interface FormFailure {
  status: number;
  message: string;
  fields: Record<string, string>;
}

/**
 * Turns a refusal into messages beside the fields that caused it, so a page re-renders the form
 * with everything typed kept instead of sending the person to a generic error page. `rename`
 * maps a schema path (`party.name`) to the form's field name (`partyName`). Anything that is not
 * a person's mistake (a 5xx, an unknown error) is rethrown for the error middleware.
 */
export function formFailure(err: unknown, rename: Record<string, string> = {}): FormFailure {
  const name = (path: PropertyKey[] | string) => {
    const key = Array.isArray(path) ? path.map(String).join('.') : path;
    return rename[key] ?? key;
  };
  if (err instanceof ZodError) {
    const fields: Record<string, string> = {};
    for (const i of err.issues) fields[name(i.path)] ??= i.message;
    return { status: 400, message: '请按提示修改标出的内容后重新提交', fields };
  }
  if (err instanceof AppError && err.status < 500) {
    const { field, fields } = (err.details ?? {}) as { field?: unknown; fields?: unknown };
    // A task form refused by its schema (api/services/tasks.ts) names a problem per field.
    if (fields && typeof fields === 'object') {
      return { status: err.status, message: err.message, fields: Object.fromEntries(Object.entries(fields).map(([k, v]) => [name(k), String(v)])) };
    }
    return { status: err.status, message: err.message, fields: typeof field === 'string' ? { [name(field)]: err.message } : {} };
  }
  throw err;
}
