import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { taskForm } from '../rules/task-forms.ts';
import { ACTION_LABELS, EVIDENCE_KIND_LABELS, LABEL_SETS, labelOf, PENALTY_LABELS, rolesText, STATUS_LABELS, taskKindLabel } from './labels.ts';
import { navFor, PUBLIC_MODULES } from './page-access.ts';
import { mayOpen } from './action-pages.ts';

export const viewsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'views');

const hbs = Handlebars.create();
const BUILT_IN = new Set(Object.keys(hbs.helpers));
/** The helpers the pages register (not Handlebars' own), for the template check. */
export const pageHelperNames = (): string[] => Object.keys(hbs.helpers).filter((n) => !BUILT_IN.has(n));
const fmt = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
});

hbs.registerHelper('datetime', (d: unknown) => (d ? fmt.format(new Date(d as string)) : '—'));
hbs.registerHelper('statusLabel', (s: string) => STATUS_LABELS[s] ?? s);
hbs.registerHelper('actionLabel', (a: string) => ACTION_LABELS[a] ?? a);
hbs.registerHelper('outcomeLabel', (kind: string, outcome: string) => (outcome ? taskForm(kind)?.outcomes[outcome]?.label ?? outcome : ''));
const day = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' });
// Statutory periods end at 24:00 of their last day: show that rather than 00:00 of the next.
hbs.registerHelper('deadline', (d: unknown) => {
  if (!d) return '—';
  const t = new Date(d as string).getTime();
  const midnight = fmt.format(t).endsWith('00:00');
  return midnight ? `${day.format(t - 1)} 24:00` : fmt.format(t);
});
// A date as entered (a bare day stays that day) or an instant's day in Beijing time.
hbs.registerHelper('day', (d: unknown) => (!d ? '—' : /^\d{4}-\d{2}-\d{2}$/.test(String(d)) ? String(d) : day.format(new Date(d as string))));
hbs.registerHelper('evidenceKind', (k: string) => EVIDENCE_KIND_LABELS[k] ?? '其他');
const UNITS = ['字节', 'KB', 'MB', 'GB'];
hbs.registerHelper('fileSize', (n: unknown) => {
  let v = Number(n);
  if (!Number.isFinite(v) || v <= 0) return '';
  let u = 0;
  for (; v >= 1024 && u < UNITS.length - 1; u++) v /= 1024;
  return `${u ? v.toFixed(1) : v} ${UNITS[u]}`;
});
hbs.registerHelper('shortHash', (h: string) => (h ? `${h.slice(0, 12)}…` : ''));
hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
hbs.registerHelper('taskKindLabel', (k: string) => taskKindLabel(k));
hbs.registerHelper('roleLabel', (r: string) => labelOf(LABEL_SETS.role, r));
/** {{enumLabel "risk" riskLevel}}: any code the pages show, by the name of its label set in api/labels.ts. */
hbs.registerHelper('enumLabel', (set: keyof typeof LABEL_SETS, code: string) => {
  if (!LABEL_SETS[set]) throw new Error(`no label set ${String(set)}`);
  return labelOf(LABEL_SETS[set], code);
});
// Links to the action pages (api/person-action-pages.ts) show only to those their API route admits.
hbs.registerHelper('mayOpen', (me: { roles?: string[] } | undefined, path: string) => mayOpen(me, path));
hbs.registerHelper('json', (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x), 2));
hbs.registerHelper('yuan', (fen: unknown) => (typeof fen === 'number' ? `${(fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2 })}元` : '—'));
hbs.registerHelper('penaltyLabel', (p: { penaltyTypes?: string[]; fineFen?: number } | undefined) => {
  if (!p?.penaltyTypes) return '—';
  const fine = (fen: number) => `罚款${(fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2 })}元`;
  return p.penaltyTypes.map((t) => (t === 'FINE' && p.fineFen ? fine(p.fineFen) : PENALTY_LABELS[t] ?? t)).join('、');
});
hbs.registerHelper('daysLeft', (due: unknown) => {
  if (!due) return '';
  const days = Math.ceil((new Date(due as string).getTime() - Date.now()) / 86_400_000);
  return days < 0 ? `已超期 ${-days} 天` : `剩余 ${days} 天`;
});

for (const file of readdirSync(path.join(viewsDir, 'partials'))) {
  hbs.registerPartial(path.basename(file, '.hbs'), readFileSync(path.join(viewsDir, 'partials', file), 'utf8'));
}

const cache = new Map<string, Handlebars.TemplateDelegate>();
/** Express view engine: renders `<view>.hbs` inside the layout partial. */
export function renderView(file: string, options: object, cb: (e: unknown, html?: string) => void): void {
  try {
    let tpl = cache.get(file);
    if (!tpl) {
      tpl = hbs.compile(readFileSync(file, 'utf8'), { strict: false });
      cache.set(file, tpl);
    }
    // Every table scrolls sideways inside a box of its own, so a wide one never widens the page nor
    // squeezes its names into a character a line. Escaped text cannot contain "<table".
    const body = tpl(options).replace(/<table\b/g, '<div class="table-scroll"><table').replace(/<\/table>/g, '</table></div>');
    const layout = hbs.partials.layout as string;
    const o = options as { me?: { roles?: string[] }; navPath?: string };
    const roles = o.me?.roles ?? [];
    const nav = navFor(roles, o.navPath);
    // The queue's counts belong to whoever has the queue in their nav (not 纪检, not the administrator).
    const queueCounts = nav.some((m) => m.href === '/tasks') ? (options as { queueCounts?: unknown }).queueCounts : undefined;
    cb(null, hbs.compile(layout)({ ...options, body, nav, queueCounts, publicNav: PUBLIC_MODULES, myRoles: rolesText(roles) }));
  } catch (err) { cb(err); }
}
