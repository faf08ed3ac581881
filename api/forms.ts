import { z } from 'zod';
import { taskForm } from '../rules/task-forms.ts';

export interface FieldView { name: string; label: string; type: 'text' | 'textarea' | 'number' | 'checkbox' | 'select' | 'date'; required: boolean; options?: string[] }
export interface OutcomeView { value: string; label: string; fields: FieldView[] }

interface JsonProp { type?: string; description?: string; enum?: string[]; format?: string; maxLength?: number }

/** Form fields for each outcome of a task kind, derived from the same zod schema the workflow checks. */
export function outcomeViews(kind: string): OutcomeView[] {
  const form = taskForm(kind);
  if (!form) return [];
  return Object.entries(form.outcomes).map(([value, o]) => {
    const json = z.toJSONSchema(o.schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, JsonProp>; required?: string[] };
    const fields = Object.entries(json.properties ?? {}).map(([name, p]): FieldView => ({
      name, label: p.description ?? name, required: json.required?.includes(name) ?? false,
      type: p.enum ? 'select' : p.type === 'number' || p.type === 'integer' ? 'number' : p.type === 'boolean' ? 'checkbox'
        : p.format === 'date' ? 'date' : (p.maxLength ?? 10_000) > 200 ? 'textarea' : 'text',
      options: p.enum,
    }));
    return { value, label: o.label, fields };
  });
}

/** Turns posted form strings into the typed data object the outcome schema expects. */
export function formData(kind: string, outcome: string, body: Record<string, unknown>): Record<string, unknown> {
  const fields = outcomeViews(kind).find((o) => o.value === outcome)?.fields ?? [];
  const data: Record<string, unknown> = {};
  for (const f of fields) {
    const raw = body[`${outcome}.${f.name}`];
    if (f.type === 'checkbox') data[f.name] = raw === 'on' || raw === 'true';
    else if (raw === undefined || raw === '') continue;
    else data[f.name] = f.type === 'number' ? Number(raw) : String(raw);
  }
  return data;
}
