import { ZodError } from 'zod';
import { AppError } from './errors.ts';

// The record forms post flat fields named by their path in the record's content
// ("interviewee.name", "qa.2.a", "officerIds" repeated). These turn them into the content object
// the schema checks, and a stored draft or a refused post back into what the form shows.

const CONTROL_FIELDS = new Set(['_csrf', 'action', 'kind', 'corrects', 'idempotencyKey']);
/** datetime-local sends Beijing wall time without a zone. */
const LOCAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;
const TIME_FIELDS = new Set(['startedAt', 'endedAt']);

function setPath(target: Record<string, unknown>, path: string[], value: unknown) {
  let node = target;
  for (const k of path.slice(0, -1)) node = (node[k] ??= {}) as Record<string, unknown>;
  node[path.at(-1)!] = value;
}

/** The signature pads post "signing.officers.0.image" …: numbered entries become lists, in order. */
function signingFromForm(s: Record<string, unknown>): Record<string, unknown> {
  const list = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.entries(v as Record<string, unknown>).filter(([k]) => /^\d{1,2}$/.test(k)).sort(([a], [b]) => Number(a) - Number(b)).map(([, x]) => x)
    : v);
  return { ...s, ...(s.officers ? { officers: list(s.officers) } : {}), ...(s.witnesses ? { witnesses: list(s.witnesses) } : {}) };
}

/** Posted form fields → record content (empty fields left out, so the schema names them). */
export function formToData(kind: string, body: Record<string, unknown>): Record<string, unknown> {
  // The nested parts start empty, so a blank form is told each missing field, not "填写被询问人".
  const data: Record<string, unknown> = kind === 'INTERVIEW_RECORD' ? { interviewee: {} } : { inspected: {} };
  const qa: Record<string, { q?: string; a?: string }> = {};
  for (const [name, raw] of Object.entries(body)) {
    if (CONTROL_FIELDS.has(name) || !/^[A-Za-z][\w.]{0,80}$/.test(name)) continue;
    if (name === 'officerIds') {
      data.officerIds = ([] as unknown[]).concat(raw).map(String).filter(Boolean);
      continue;
    }
    const value = Array.isArray(raw) ? String(raw.at(-1) ?? '') : String(raw ?? '');
    const qaField = /^qa\.(\d{1,3})\.(q|a)$/.exec(name);
    if (qaField) {
      (qa[qaField[1]] ??= {})[qaField[2] as 'q' | 'a'] = value;
      continue;
    }
    if (value.trim() === '') continue;
    if (name === 'rightsNotified') data.rightsNotified = value === 'on' || value === 'true';
    else if (name === 'interviewee.age') setPath(data, ['interviewee', 'age'], /^\d{1,3}$/.test(value.trim()) ? Number(value.trim()) : value);
    else if (TIME_FIELDS.has(name) && LOCAL_TIME.test(value)) data[name] = `${value.length === 16 ? `${value}:00` : value}+08:00`;
    else setPath(data, name.split('.'), value);
  }
  if (data.signing) data.signing = signingFromForm(data.signing as Record<string, unknown>);
  const rows = Object.entries(qa).sort(([a], [b]) => Number(a) - Number(b)).map(([, r]) => r)
    .filter((r) => (r.q ?? '').trim() || (r.a ?? '').trim());
  if (rows.length) data.qa = rows.map((r) => ({ q: r.q ?? '', a: r.a ?? '' }));
  return data;
}

const beijing = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
const localTime = (v: unknown) => {
  const t = Date.parse(String(v));
  return Number.isNaN(t) ? String(v) : beijing.format(t).replace(' ', 'T');
};

/** Record content → the flat values a form shows (times as Beijing wall time for datetime-local). */
export function dataToForm(data: Record<string, unknown>): { form: Record<string, string>; qa: { q: string; a: string }[]; officerIds: string[] } {
  const form: Record<string, string> = {};
  const walk = (v: unknown, path: string) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k);
    else if (!Array.isArray(v) && v !== undefined && v !== null) form[path] = TIME_FIELDS.has(path) ? localTime(v) : String(v);
  };
  walk({ ...data, qa: undefined, officerIds: undefined }, '');
  if (data.rightsNotified === true) form.rightsNotified = 'on';
  const qa = Array.isArray(data.qa) ? data.qa.map((r: { q?: unknown; a?: unknown }) => ({ q: String(r?.q ?? ''), a: String(r?.a ?? '') })) : [];
  const officerIds = Array.isArray(data.officerIds) ? data.officerIds.map(String) : [];
  return { form, qa, officerIds };
}

/** A refusal → messages by form field (the content's path without "data."), and those that belong to no field. */
export function fieldErrors(err: unknown): { errors: Record<string, string>; general: string[] } | undefined {
  const issues = err instanceof ZodError ? err.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))
    : err instanceof AppError && err.status < 500 ? (Array.isArray(err.details) ? err.details as { path: string; message: string }[] : [{ path: '', message: err.message }])
      : undefined;
  if (!issues) return undefined;
  const errors: Record<string, string> = {};
  const general: string[] = [];
  for (const i of issues) {
    const field = i.path.replace(/^data\.?/, '').replace(/^officerIds\.\d+$/, 'officerIds').replace(/^signing\..*$/, 'signing');
    if (field && !['kind', 'draft'].includes(field)) errors[field] = errors[field] ? `${errors[field]}；${i.message}` : i.message;
    else general.push(i.message);
  }
  return { errors, general };
}
