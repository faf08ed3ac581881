import { DEADLINES, isDeadlineId } from '../../rules/deadlines.ts';
import { taskForm } from '../../rules/task-forms.ts';
import type { Actor } from '../../workflows/messages.ts';
import type { AppDeps } from '../deps.ts';
import { STATUS_LABELS, TRANSFER_STATUS_LABELS } from '../labels.ts';
import { STAGE_LABELS as STAGES } from '../labels.ts';
import { METRIC_SQL, type MetricName, type MetricParams } from './dashboard-queries.ts';
import { dashboardScope, type DashboardQuery, type DashboardScope, type ScopeOrg } from './dashboard-scope.ts';

export type Cell = string | number | null;
export type ColumnKind = 'text' | 'int' | 'hours' | 'rate' | 'yuan';
export interface Column { key: string; label: string; kind?: ColumnKind }
export interface Row { cells: Record<string, Cell>; href?: string }
export interface Table { key: TableKey; title: string; note?: string; columns: Column[]; rows: Row[] }

export const TABLE_KEYS = ['openCases', 'dueSteps', 'stepTimes', 'penalties', 'transfers', 'referrals', 'reconsiderations', 'delegationReviews', 'escalations', 'monthly'] as const;
export type TableKey = (typeof TABLE_KEYS)[number];

type Rows = Record<string, unknown>[];
const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** Runs every figure of the dashboard as SQL for the scope; rows come back already aggregated. */
export async function dashboardFigures(deps: Pick<AppDeps, 'prisma'>, p: MetricParams): Promise<Record<MetricName, Rows>> {
  const names = Object.keys(METRIC_SQL) as MetricName[];
  const results = await Promise.all(names.map((n) => deps.prisma.$queryRaw<Rows>(METRIC_SQL[n](p))));
  return Object.fromEntries(names.map((n, i) => [n, results[i]])) as Record<MetricName, Rows>;
}

function orgLabels(scope: DashboardScope) {
  const byId = new Map(scope.visible.map((o) => [o.id, o]));
  const name = (id: unknown) => (id === null ? '合计' : byId.get(String(id))?.shortName ?? String(id));
  const county = (id: unknown) => {
    const o = byId.get(String(id));
    const parent = o?.parentId ? byId.get(o.parentId) : undefined;
    return (o && (o.kind === 'TOWNSHIP' || o.kind === 'DEV_ZONE') && parent ? parent : o)?.shortName ?? '';
  };
  return { name, county };
}

const kindLabel = (k: unknown) => taskForm(String(k))?.label ?? String(k);

/** "5个工作日" and its source, from the deadline row the task was timed by. */
export function legalLimit(deadlineId: unknown): { limit: string; source: string } {
  if (typeof deadlineId !== 'string' || !isDeadlineId(deadlineId)) return { limit: '—', source: '' };
  const r = DEADLINES[deadlineId];
  const unit = { CALENDAR_DAY: '日', WORKING_DAY: '个工作日', HOUR: '小时', MONTH: '个月' }[r.unit];
  return { limit: `${r.amount}${unit}${r.confirmed ? '' : '（待确认）'}`, source: `${r.source.instrument}${r.source.article}` };
}

/** The dashboard's tables (what the page shows and the exports write) and its chart series. */
export async function dashboard(deps: Pick<AppDeps, 'prisma'>, actor: Actor, q: DashboardQuery, now = new Date()) {
  const scope = await dashboardScope(deps, actor, q, now);
  const f = await dashboardFigures(deps, { orgIds: scope.orgIds, start: scope.start, end: scope.end, now: scope.now });
  const { name, county } = orgLabels(scope);
  const period = new URLSearchParams({ from: scope.from, to: scope.to, ...(scope.org ? { org: scope.org } : {}) }).toString();
  const drill = (params: Record<string, string>) => `/dashboard/cases?${period}&${new URLSearchParams(params).toString()}`;
  const orgCols: Column[] = [{ key: 'county', label: '县（市、区）' }, { key: 'org', label: '机构' }];
  const orgCells = (id: unknown) => ({ county: county(id), org: name(id) });

  const months = monthsOf(scope.from, scope.to);
  const filed = new Map(f.filedByMonth.map((r) => [String(r.month), num(r.n)]));
  const decided = new Map(f.decidedByMonth.map((r) => [String(r.month), num(r.n)]));

  const tables: Table[] = [
    {
      key: 'openCases', title: '在办案件（按阶段）', note: '当前状态，不随统计期间变化',
      columns: [...orgCols, { key: 'stage', label: '阶段' }, { key: 'open', label: '在办案件数', kind: 'int' }],
      rows: f.openCases.map((r) => ({
        cells: { ...orgCells(r.orgId), stage: STAGES[String(r.stage)] ?? String(r.stage), open: num(r.open) },
        href: drill({ view: 'open', at: String(r.orgId), stage: String(r.stage) }),
      })),
    },
    {
      key: 'dueSteps', title: '超期和临近期限的环节', note: '当前状态；临近期限指两日内届满',
      columns: [...orgCols, { key: 'kind', label: '环节' }, { key: 'overdue', label: '已超期', kind: 'int' }, { key: 'nearDue', label: '两日内届满', kind: 'int' }],
      rows: f.dueSteps.map((r) => ({
        cells: { ...orgCells(r.orgId), kind: kindLabel(r.kind), overdue: num(r.overdue), nearDue: num(r.nearDue) },
        href: drill({ view: 'due', at: String(r.orgId), kind: String(r.kind) }),
      })),
    },
    {
      key: 'stepTimes', title: '各环节办理用时（期间内办结）', note: '自生成待办至办结；超期率按该环节计算出的届满时间',
      columns: [{ key: 'kind', label: '环节' }, { key: 'limit', label: '法定期限' }, { key: 'source', label: '依据' },
        { key: 'completed', label: '办结数', kind: 'int' }, { key: 'avgHours', label: '平均用时（小时）', kind: 'hours' },
        { key: 'p90Hours', label: '90%分位用时（小时）', kind: 'hours' }, { key: 'late', label: '超期办结', kind: 'int' }, { key: 'lateRate', label: '超期率', kind: 'rate' }],
      rows: f.stepTimes.map((r) => ({
        cells: { kind: kindLabel(r.kind), ...legalLimit(r.deadlineId), completed: num(r.completed), avgHours: numOrNull(r.avgHours),
          p90Hours: numOrNull(r.p90Hours), late: num(r.late), lateRate: numOrNull(r.lateRate) },
        href: drill({ view: 'completed', kind: String(r.kind) }),
      })),
    },
    {
      key: 'penalties', title: '行政处罚（按执法事项）', note: '罚款合计不含已撤销的决定',
      columns: [{ key: 'item', label: '事项编码' }, { key: 'name', label: '执法事项' }, { key: 'decisions', label: '处罚决定', kind: 'int' },
        { key: 'fines', label: '其中罚款', kind: 'int' }, { key: 'totalFen', label: '罚款合计（元）', kind: 'yuan' },
        { key: 'maxFen', label: '最高罚款（元）', kind: 'yuan' }, { key: 'withdrawn', label: '已撤销', kind: 'int' }],
      rows: await penaltyRows(deps, f.penalties, (item) => drill({ view: 'penalties', item })),
    },
    {
      key: 'transfers', title: '行刑衔接（期间内启动，按状态）',
      columns: [...orgCols, { key: 'status', label: '状态' }, { key: 'n', label: '件数', kind: 'int' }, { key: 'overdueSteps', label: '超期环节', kind: 'int' }],
      rows: f.transfers.map((r) => ({ cells: { ...orgCells(r.orgId), status: TRANSFER_STATUS_LABELS[String(r.status)] ?? String(r.status), n: num(r.n), overdueSteps: num(r.overdueSteps) }, href: '/transfers' })),
    },
    {
      key: 'referrals', title: '移交有关部门（期间内启动，按状态）',
      columns: [...orgCols, { key: 'status', label: '状态' }, { key: 'n', label: '件数', kind: 'int' }],
      rows: f.referrals.map((r) => ({ cells: { ...orgCells(r.orgId), status: STATUS_LABELS[String(r.status)] ?? String(r.status), n: num(r.n) }, href: '/referrals' })),
    },
    {
      key: 'reconsiderations', title: '行政复议结果（期间内作出复议决定）',
      columns: [{ key: 'org', label: '被申请人' }, { key: 'decided', label: '复议决定', kind: 'int' }, { key: 'upheld', label: '维持', kind: 'int' },
        { key: 'revoked', label: '撤销', kind: 'int' }, { key: 'changed', label: '变更', kind: 'int' }, { key: 'unlawful', label: '确认违法', kind: 'int' },
        { key: 'dismissed', label: '驳回', kind: 'int' }, { key: 'upheldRate', label: '维持率', kind: 'rate' }, { key: 'revokedRate', label: '撤销率', kind: 'rate' }],
      rows: f.reconsiderations.map((r) => ({
        cells: { org: name(r.orgId), decided: num(r.decided), upheld: num(r.upheld), revoked: num(r.revoked), changed: num(r.changed),
          unlawful: num(r.unlawful), dismissed: num(r.dismissed), upheldRate: numOrNull(r.upheldRate), revokedRate: numOrNull(r.revokedRate) },
        ...(r.orgId === null ? {} : { href: '/reconsiderations' }),
      })),
    },
    {
      key: 'delegationReviews', title: '委托执法抽查结果（期间内办结的委托事项）',
      columns: [{ key: 'org', label: '受委托乡镇（街道）' }, { key: 'closed', label: '办结', kind: 'int' }, { key: 'reviewed', label: '已抽查', kind: 'int' },
        { key: 'passed', label: '合格', kind: 'int' }, { key: 'failed', label: '不合格', kind: 'int' }, { key: 'corrected', label: '已整改', kind: 'int' },
        { key: 'overdue', label: '超期办理', kind: 'int' }, { key: 'passRate', label: '合格率', kind: 'rate' }],
      rows: f.delegationReviews.map((r) => ({
        cells: { org: name(r.orgId), closed: num(r.closed), reviewed: num(r.reviewed), passed: num(r.passed), failed: num(r.failed),
          corrected: num(r.corrected), overdue: num(r.overdue), passRate: numOrNull(r.passRate) },
        ...(r.orgId === null ? {} : { href: '/delegations' }),
      })),
    },
    {
      key: 'escalations', title: '逾期升级督办', note: '升级未办结的环节为当前状态；其余按期间内提出的升级统计',
      columns: [...orgCols, { key: 'openNow', label: '升级后仍未办结的环节', kind: 'int' }, { key: 'raised', label: '期间内升级', kind: 'int' },
        { key: 'unresolved', label: '督办未处理', kind: 'int' }, { key: 'handled', label: '已改派、延长、接手或提出意见', kind: 'int' },
        { key: 'passedUp', label: '上报上一级', kind: 'int' }, { key: 'overtaken', label: '环节已办结或终止', kind: 'int' }, { key: 'maxLevel', label: '最高层级', kind: 'int' }],
      rows: escalationRows(f.escalatedSteps, f.escalations).map((r) => ({
        cells: { ...orgCells(r.orgId), openNow: r.openNow, raised: r.raised, unresolved: r.unresolved, handled: r.handled,
          passedUp: r.passedUp, overtaken: r.overtaken, maxLevel: r.maxLevel },
        href: drill({ view: 'escalated', at: r.orgId }),
      })),
    },
    {
      key: 'monthly', title: '每月立案与处罚决定',
      columns: [{ key: 'month', label: '月份' }, { key: 'filed', label: '立案', kind: 'int' }, { key: 'decided', label: '处罚决定', kind: 'int' }],
      rows: months.map((m) => ({ cells: { month: m, filed: filed.get(m) ?? 0, decided: decided.get(m) ?? 0 } })),
    },
  ];

  return {
    from: scope.from, to: scope.to, org: scope.org ?? null,
    orgs: scope.visible.map((o) => ({ id: o.id, name: o.shortName, kind: o.kind, parentId: o.parentId })),
    tables,
    charts: charts(scope.orgs, f, months, filed, decided, name),
  };
}
export type Dashboard = Awaited<ReturnType<typeof dashboard>>;

/** One row per org from the open escalated steps (Task) and the escalation read model (Escalation). */
function escalationRows(steps: Rows, escalations: Rows) {
  const out = new Map<string, { orgId: string; openNow: number; raised: number; unresolved: number; handled: number; passedUp: number; overtaken: number; maxLevel: number }>();
  const row = (orgId: string) => out.get(orgId) ?? out.set(orgId, { orgId, openNow: 0, raised: 0, unresolved: 0, handled: 0, passedUp: 0, overtaken: 0, maxLevel: 0 }).get(orgId)!;
  for (const s of steps) Object.assign(row(String(s.orgId)), { openNow: num(s.openNow), maxLevel: Math.max(row(String(s.orgId)).maxLevel, num(s.maxLevel)) });
  for (const e of escalations) {
    const r = row(String(e.orgId));
    Object.assign(r, { raised: num(e.raised), unresolved: num(e.unresolved), handled: num(e.handled), passedUp: num(e.passedUp),
      overtaken: num(e.overtaken), maxLevel: Math.max(r.maxLevel, num(e.maxLevel)) });
  }
  return [...out.values()].sort((a, b) => a.orgId.localeCompare(b.orgId));
}

async function penaltyRows(deps: Pick<AppDeps, 'prisma'>, rows: Rows, href: (item: string) => string): Promise<Row[]> {
  const items = await deps.prisma.catalogItem.findMany({ where: { code: { in: rows.map((r) => String(r.catalogItemId)) } }, select: { code: true, name: true } });
  const names = new Map(items.map((i) => [i.code, i.name]));
  return rows.map((r) => ({
    cells: { item: String(r.catalogItemId), name: names.get(String(r.catalogItemId)) ?? '', decisions: num(r.decisions), fines: num(r.fines),
      totalFen: num(r.totalFen), maxFen: num(r.maxFen), withdrawn: num(r.withdrawn) },
    href: href(String(r.catalogItemId)),
  }));
}

/** Series for the three charts: open cases by org and stage (bar), filed/decided per month (line), overdue steps org × kind (heatmap). */
function charts(orgs: ScopeOrg[], f: Record<MetricName, Rows>, months: string[], filed: Map<string, number>, decided: Map<string, number>, name: (id: unknown) => string) {
  const caseOrgs = [...new Set(f.openCases.map((r) => String(r.orgId)))];
  const stages = [...new Set(f.openCases.map((r) => String(r.stage)))];
  const open = new Map(f.openCases.map((r) => [`${String(r.orgId)}|${String(r.stage)}`, num(r.open)]));
  const heatOrgs = orgs.filter((o) => f.dueSteps.some((r) => r.orgId === o.id)).map((o) => o.id);
  const kinds = [...new Set(f.dueSteps.map((r) => String(r.kind)))];
  return {
    openByStage: {
      orgs: caseOrgs.map(name),
      series: stages.map((s) => ({ name: STAGES[s] ?? s, data: caseOrgs.map((o) => open.get(`${o}|${s}`) ?? 0) })),
    },
    monthly: { months, filed: months.map((m) => filed.get(m) ?? 0), decided: months.map((m) => decided.get(m) ?? 0) },
    overdueHeat: {
      orgs: heatOrgs.map(name), kinds: kinds.map(kindLabel),
      cells: f.dueSteps.filter((r) => num(r.overdue) > 0)
        .map((r) => [kinds.indexOf(String(r.kind)), heatOrgs.indexOf(String(r.orgId)), num(r.overdue)]),
    },
  };
}

/** Every YYYY-MM from the month of `from` to the month of `to`. */
export function monthsOf(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.slice(0, 7).split('-').map(Number);
  const last = to.slice(0, 7);
  for (;;) {
    const cur = `${y}-${String(m).padStart(2, '0')}`;
    out.push(cur);
    if (cur >= last) return out;
    m += 1;
    if (m > 12) { m = 1; y += 1; }
  }
}
