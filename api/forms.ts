import { z } from 'zod';
import { currentFormVersion, outcomeForms } from '../rules/form-versions.ts';

export type FieldType = 'text' | 'textarea' | 'number' | 'money' | 'checkbox' | 'select' | 'multiselect' | 'datetime';
export interface FieldView { name: string; label: string; type: FieldType; required: boolean; options?: { value: string; label: string }[] }
export interface OutcomeView { value: string; label: string; fields: FieldView[] }

interface JsonProp {
  type?: string; description?: string; enum?: string[]; format?: string; maxLength?: number;
  anyOf?: JsonProp[]; items?: JsonProp;
}

const LABELS: Record<string, string> = {
  WARNING: '警告', FINE: '罚款', CONFISCATION: '没收违法所得、非法财物', SUSPENSION: '责令停产停业', REVOCATION: '暂扣或吊销许可证件', CLOSURE: '责令关闭',
  DIRECT: '直接送达', LEFT: '留置送达', MAIL: '邮寄送达', ELECTRONIC: '电子送达', ENTRUSTED: '委托送达',
};
const option = (v: string) => ({ value: v, label: LABELS[v] ?? v });

const nested = (p: JsonProp) => p.type === 'object' || (p.type === 'array' && p.items?.type === 'object');

function fieldType(name: string, p: JsonProp): FieldType {
  if (name.endsWith('Fen')) return 'money';
  if (p.anyOf?.some((x) => x.format === 'date-time' || x.format === 'date')) return 'datetime';
  if (p.type === 'array') return 'multiselect';
  if (p.enum) return 'select';
  if (p.type === 'number' || p.type === 'integer') return 'number';
  if (p.type === 'boolean') return 'checkbox';
  return (p.maxLength ?? 10_000) > 200 ? 'textarea' : 'text';
}

/**
 * Form fields for each outcome of a task kind, derived from the zod schema of the task's form
 * version (rules/form-versions.ts) that the API and the activity check. `choices` supplies
 * options the schema cannot know (e.g. the bureau's officers).
 */
export function outcomeViews(kind: string, choices: Record<string, { value: string; label: string }[]> = {}, version = currentFormVersion()): OutcomeView[] {
  const schemas = Object.entries(outcomeForms(kind, version)).map(([value, o]) => ({
    value, label: o.label, json: z.toJSONSchema(o.schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, JsonProp>; required?: string[] },
  }));
  // A checklist per item or a list of hazards or files does not fit a flat form: such tasks are
  // answered on their own page (inspection, review, referral, reconsideration), linked from the task.
  if (schemas.some(({ json }) => Object.values(json.properties ?? {}).some(nested))) return [];
  return schemas.map(({ value, label, json }) => {
    const fields = Object.entries(json.properties ?? {}).map(([name, p]): FieldView => {
      const type = fieldType(name, p);
      const options = choices[name] ?? (p.items?.enum ?? p.enum)?.map(option);
      return { name, label: p.description ?? name, required: json.required?.includes(name) ?? false, type, options };
    });
    return { value, label, fields };
  });
}

/** Turns posted form strings into the typed data object the outcome schema expects. */
export function formData(kind: string, outcome: string, body: Record<string, unknown>, version = currentFormVersion()): Record<string, unknown> {
  const fields = outcomeViews(kind, {}, version).find((o) => o.value === outcome)?.fields ?? [];
  const data: Record<string, unknown> = {};
  for (const f of fields) {
    const raw = body[`${outcome}.${f.name}`];
    if (f.type === 'checkbox') data[f.name] = raw === 'on' || raw === 'true';
    else if (f.type === 'multiselect') data[f.name] = raw === undefined ? [] : ([] as unknown[]).concat(raw).map(String);
    else if (raw === undefined || raw === '') continue;
    else if (f.type === 'money') data[f.name] = Math.round(Number(raw) * 100);
    else if (f.type === 'number') data[f.name] = Number(raw);
    // datetime-local sends local Beijing time without a zone
    else if (f.type === 'datetime') data[f.name] = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(String(raw)) ? `${raw}:00+08:00` : String(raw);
    else data[f.name] = String(raw);
  }
  return data;
}
