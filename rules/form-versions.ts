// Versioned task forms (issue 20 item 3). A task is answered under the form it was opened with:
// its row keeps that version (Task.formVersion, stamped by the activity that opens it), and the
// API and the activity that writes the answer both check the answer against that version here.
// A step opened before a form gained a required field is still completed as it was shown.
//
// Version 1 is rules/task-forms.ts as of the first release. A later change to a form is not
// made there: it is a new entry below listing the outcomes whose schema it replaces or adds,
// so every version stays answerable for as long as tasks of it can be open.
import type { z } from 'zod';
import { signedInspectionRecord } from './forms/inspection-forms.ts';
import { outcome } from './forms/fields.ts';
import { taskForm, type OutcomeForm } from './task-forms.ts';

/** The outcomes one version changes, by task kind. */
export type FormChanges = Readonly<Record<string, Readonly<Record<string, OutcomeForm>>>>;

/** Version n + 2 is FORM_CHANGES[n] applied on top of version n + 1; version 1 changes nothing. */
export const FORM_CHANGES: FormChanges[] = [
  // 2: the 现场检查记录 may carry the on-site signatures and the person in charge's check (issue 23).
  { INSPECTION_RECORD: { RECORD: outcome('填写现场检查记录', () => signedInspectionRecord) } },
];
/** How many changes the released code holds (tests that add their own put the list back to this). */
export const RELEASED_FORM_CHANGES = FORM_CHANGES.length;

/** The version a task opened now is stamped with. */
export const currentFormVersion = (): number => FORM_CHANGES.length + 1;

/** An outcome's form as it stood in `version` (the newest change at or before it). */
export function outcomeForm(kind: string, outcome: string, version: number): OutcomeForm | undefined {
  for (let v = Math.min(version, currentFormVersion()); v >= 2; v--) {
    const changed = FORM_CHANGES[v - 2]![kind]?.[outcome];
    if (changed) return changed;
  }
  return taskForm(kind)?.outcomes[outcome];
}

/** Every outcome of a kind as it stood in `version` (a version may add an outcome). */
export function outcomeForms(kind: string, version: number): Record<string, OutcomeForm> {
  const names = new Set(Object.keys(taskForm(kind)?.outcomes ?? {}));
  for (const changes of FORM_CHANGES.slice(0, Math.max(0, version - 1))) for (const o of Object.keys(changes[kind] ?? {})) names.add(o);
  return Object.fromEntries([...names].map((o) => [o, outcomeForm(kind, o, version)!]));
}

export type AnswerCheck =
  | { ok: true; data: Record<string, unknown> }
  /** `message` reads "label：problem；…" (the field's own name first); `fields` maps each field's path to its problem. */
  | { ok: false; message: string; fields: Record<string, string>; unknownOutcome?: true };

/**
 * Checks an answer against its task's form version. The data that passes is what the schema
 * made of it (defaults applied, text trimmed and normalised): that is what gets stored.
 */
export function checkAnswer(kind: string, outcome: string, data: unknown, version: number): AnswerCheck {
  const form = outcomeForm(kind, outcome, version);
  if (!form) {
    return { ok: false, unknownOutcome: true, fields: {}, message: `办理结果“${outcome}”无效，可选：${Object.keys(outcomeForms(kind, version)).join('、')}` };
  }
  const parsed = form.schema.safeParse(data ?? {});
  if (parsed.success) return { ok: true, data: parsed.data };
  const shape = (form.schema as { shape?: Record<string, z.ZodType> }).shape ?? {};
  const label = (path: PropertyKey[]) => shape[String(path[0])]?.description ?? (path.join('.') || '表单');
  const fields: Record<string, string> = {};
  for (const i of parsed.error.issues) fields[i.path.map(String).join('.')] ??= i.message;
  return { ok: false, fields, message: parsed.error.issues.map((i) => `${label(i.path)}：${i.message}`).join('；') };
}
