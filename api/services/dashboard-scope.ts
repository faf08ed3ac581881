import { z } from 'zod';
import { overseenOrgIds } from '../../store/visibility.ts';
import type { Actor } from '../../workflows/messages.ts';
import type { AppDeps } from '../deps.ts';
import { forbidden, invalid } from '../errors.ts';

/** Who may open the oversight dashboard: the city supervisor for the city, a county's head and 队长 for the county. */
export const DASHBOARD_ROLES = ['CITY_SUPERVISOR', 'HEAD', 'SUPERVISOR'] as const;

export interface ScopeOrg { id: string; name: string; shortName: string; kind: string; parentId: string | null }

/** The orgs one dashboard reads, the period (Beijing days, `to` inclusive) and the instant "now". */
export interface DashboardScope {
  orgIds: string[];
  orgs: ScopeOrg[];
  /** every org the user may pick in the filter */
  visible: ScopeOrg[];
  from: string;
  to: string;
  start: Date;
  /** exclusive: 24:00 Beijing of `to` */
  end: Date;
  now: Date;
  org?: string;
}

// Years before any record and far after: a rule the published format cannot state (422), never a date the database or the export cannot hold.
const date = (label: string) => z.iso.date({ error: `${label}格式应为 YYYY-MM-DD` })
  .refine((d) => d >= '2000-01-01' && d <= '2199-12-31', { message: `${label}须在2000年至2199年之间`, params: { rule: true } });
export const dashboardQuery = z.object({
  from: date('开始日期').optional(),
  to: date('结束日期').optional(),
  org: z.string().trim().min(1, '机构编号不能为空').max(128, '机构编号过长').optional(),
}).strict();
export type DashboardQuery = z.infer<typeof dashboardQuery>;

const DAY = 86_400_000;
// The default window: the last quarter, long enough for a p90 and short enough to stay a "recent" picture.
const DEFAULT_DAYS = 90;
// A longer period is an archive query, not oversight; it also bounds the scans.
const MAX_DAYS = 5 * 366;
const beijingDay = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' });
const startOf = (d: string) => new Date(`${d}T00:00:00+08:00`);

/** The org and every org below it (Org.parentId), in the order of `all`. */
function withDescendants(all: ScopeOrg[], rootId: string): ScopeOrg[] {
  const seen = new Set(all.some((o) => o.id === rootId) ? [rootId] : []);
  for (let grew = true; grew;) {
    grew = false;
    for (const o of all) if (o.parentId && seen.has(o.parentId) && !seen.has(o.id)) { seen.add(o.id); grew = true; }
  }
  return all.filter((o) => seen.has(o.id));
}

export async function dashboardScope(deps: Pick<AppDeps, 'prisma'>, actor: Actor, q: DashboardQuery, now = new Date()): Promise<DashboardScope> {
  const to = q.to ?? beijingDay.format(now);
  const from = q.from ?? beijingDay.format(startOf(to).getTime() - (DEFAULT_DAYS - 1) * DAY);
  const start = startOf(from);
  const end = new Date(startOf(to).getTime() + DAY);
  if (start >= end) throw invalid('开始日期不能晚于结束日期');
  if (end.getTime() - start.getTime() > MAX_DAYS * DAY) throw invalid('统计期间不能超过5年');

  // The org tree decides (store/visibility.ts): the city supervisor the city's subtree, a county's head or 队长 the county and its townships.
  const visible = await deps.prisma.org.findMany({
    where: { id: { in: await overseenOrgIds(deps.prisma, actor) } }, select: { id: true, name: true, shortName: true, kind: true, parentId: true }, orderBy: { id: 'asc' },
  });
  if (!visible.length) throw forbidden('只有市局执法监督人员和县级负责人可以查看执法监督看板');
  let orgs = visible;
  if (q.org) {
    // Another org's id is refused, never silently widened or narrowed: the answer would tell it exists.
    if (!visible.some((o) => o.id === q.org)) throw forbidden('无权查看该机构的数据');
    orgs = withDescendants(visible, q.org);
  }
  return { orgIds: orgs.map((o) => o.id), orgs, visible, from, to, start, end, now, ...(q.org ? { org: q.org } : {}) };
}
