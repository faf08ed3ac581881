import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { ROLE_LABELS } from '../rules/roles.ts';
import { taskForm } from '../rules/task-forms.ts';
import { mayOpen } from './action-pages.ts';
import { ACTION_LABELS, EVIDENCE_KIND_LABELS, STATUS_LABELS } from './labels.ts';

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
hbs.registerHelper('evidenceKind', (k: string) => EVIDENCE_KIND_LABELS[k] ?? '其他');
const UNITS = ['字节', 'KB', 'MB', 'GB'];
hbs.registerHelper('fileSize', (n: unknown) => {
  let v = Number(n);
  if (!Number.isFinite(v) || v <= 0) return '';
  let u = 0;
  for (; v >= 1024 && u < UNITS.length - 1; u++) v /= 1024;
  return `${u ? v.toFixed(1) : v} ${UNITS[u]}`;
});
// A date as entered (a bare day stays that day) or an instant's day in Beijing time.
hbs.registerHelper('day', (d: unknown) => (!d ? '—' : /^\d{4}-\d{2}-\d{2}$/.test(String(d)) ? String(d) : day.format(new Date(d as string))));
hbs.registerHelper('shortHash', (h: string) => (h ? `${h.slice(0, 12)}…` : ''));
hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
// Links to the action pages (api/person-action-pages.ts) show only to those their API route admits.
hbs.registerHelper('mayOpen', (me: { roles?: string[] } | undefined, path: string) => mayOpen(me, path));
hbs.registerHelper('roleLabel', (r: string) => (ROLE_LABELS as Record<string, string>)[r] ?? r);
hbs.registerHelper('json', (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x), 2));
hbs.registerHelper('yuan', (fen: unknown) => (typeof fen === 'number' ? `${(fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2 })}元` : '—'));
const PENALTY_LABELS: Record<string, string> = { WARNING: '警告', FINE: '罚款', CONFISCATION: '没收', SUSPENSION: '责令停产停业', REVOCATION: '暂扣或吊销许可证件', CLOSURE: '责令关闭' };
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
const BUREAU = ['HANDLER', 'SUPERVISOR', 'HEAD', 'CITY_SUPERVISOR'];
/** The navigation of a signed-in user: each link with the roles that see it (none listed: everyone). */
const NAV: { href: string; label: string; roles?: readonly string[] }[] = [
  { href: '/tasks', label: '我的待办' },
  { href: '/cases', label: '案件' },
  { href: '/cases/new', label: '登记案件' },
  { href: '/referrals', label: '移交事项' },
  // 委托乡镇执法 (issue 4): the county's staff, the township officers and the city supervisor.
  { href: '/delegations', label: '委托执法', roles: [...BUREAU, 'LEGAL_REVIEWER', 'TOWNSHIP_OFFICER'] },
  // 行政复议 (issue 7): the organ's clerks and the respondent bureaus.
  { href: '/reconsiderations', label: '行政复议', roles: [...BUREAU, 'LEGAL_REVIEWER', 'RECON_CLERK'] },
  // 行刑衔接 (issue 5): the bureau, the police, the procuratorate and the city.
  { href: '/transfers', label: '行刑衔接', roles: [...BUREAU, 'PSB_RECEIVER', 'PROCURATOR'] },
  // 监督检查 and 检查计划 (issue 9).
  { href: '/inspections', label: '监督检查', roles: BUREAU },
  { href: '/plans', label: '检查计划', roles: BUREAU },
  { href: '/supervision', label: '期限督办', roles: ['SUPERVISOR', 'HEAD', 'CITY_SUPERVISOR'] },
  // 逾期升级督办 (issue 8)
  { href: '/escalations', label: '升级督办', roles: ['SUPERVISOR', 'HEAD', 'CITY_SUPERVISOR'] },
  // 执法监督看板 (issue 8): the city supervisor for the city, a county's head and 队长 for the county.
  { href: '/dashboard', label: '监督看板', roles: ['SUPERVISOR', 'HEAD', 'CITY_SUPERVISOR'] },
  // 执法队伍 and 全过程记录校验 (issue 8).
  { href: '/workforce', label: '执法队伍', roles: ['HEAD', 'CITY_SUPERVISOR'] },
  { href: '/audit/verify', label: '记录校验', roles: ['CITY_SUPERVISOR', 'DISCIPLINE', 'ADMIN'] },
  // 抽查 / 评议考核 and 干预留痕 (issue 8): anyone may record interference; only these read the records.
  { href: '/case-reviews', label: '案卷抽查', roles: ['CITY_SUPERVISOR', 'DISCIPLINE', 'LEGAL_REVIEWER', 'HEAD', 'SUPERVISOR'] },
  { href: '/interference/new', label: '记录干预' },
  { href: '/interference', label: '干预记录', roles: ['CITY_SUPERVISOR', 'DISCIPLINE'] },
  { href: '/public/disclosures', label: '执法公示' },
  { href: '/admin/calendar', label: '节假日安排', roles: ['ADMIN'] },
];

/** Express view engine: renders `<view>.hbs` inside the layout partial. */
export function renderView(file: string, options: object, cb: (e: unknown, html?: string) => void): void {
  try {
    let tpl = cache.get(file);
    if (!tpl) {
      tpl = hbs.compile(readFileSync(file, 'utf8'), { strict: false });
      cache.set(file, tpl);
    }
    const body = tpl(options);
    const layout = hbs.partials.layout as string;
    const roles = (options as { me?: { roles?: string[] } }).me?.roles ?? [];
    const nav = NAV.filter((l) => !l.roles || roles.some((r) => l.roles!.includes(r)));
    const myRoles = roles.map((r) => (ROLE_LABELS as Record<string, string>)[r] ?? r).join('、');
    cb(null, hbs.compile(layout)({ ...options, body, nav, myRoles }));
  } catch (err) { cb(err); }
}
