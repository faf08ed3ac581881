// 2c. The oversight figures at the largest queue size (issue 18: `dashboard_p95_ms_1m`, target
// ≤ 500 ms at 1M tasks / 250k cases): the supervision dashboard's figures (every METRIC_SQL of
// api/services/dashboard.ts, in parallel as the page runs them) for a city over the bench's
// organisations and the default 90 days, and the 期限督办 list (api/services/supervision.ts) for
// one county's supervisor and for the city supervisor. Each is timed through the app's service.
import type { AppDeps } from '../api/deps.ts';
import { dashboardFigures } from '../api/services/dashboard.ts';
import { deadlinesAtRisk } from '../api/services/supervision.ts';
import type { Actor } from '../workflows/messages.ts';
import { deadline, type Ctx } from './context.ts';
import { BENCH_ORG_PREFIX } from './seed-queue.ts';
import { summarise, timed, type Latency } from './stats.ts';

export interface DashboardFigure { name: string; latency: Latency }
export interface DashboardResult {
  benchTasks: number;
  benchCases: number;
  figures: DashboardFigure[];
  /** The slowest figure's p95. */
  p95Ms: number | null;
}

const DAY = 86_400_000;

export async function measureDashboard(ctx: Ctx, benchTasks: number): Promise<DashboardResult> {
  const { sizes, log } = ctx;
  const deps = { prisma: ctx.prisma } as AppDeps; // both read only prisma
  const orgIds = Array.from({ length: sizes.queueOrgs }, (_, i) => `${BENCH_ORG_PREFIX}${i}`);
  const benchCases = Number((await ctx.pool.query(`/* bench: size */ SELECT count(*) AS n FROM "Case" WHERE "orgId" LIKE '${BENCH_ORG_PREFIX}%'`)).rows[0].n);
  const county: Actor = { userId: 'bench-user-0-0', name: '基准队长', orgId: `${BENCH_ORG_PREFIX}0`, roles: ['SUPERVISOR'], certified: true };
  const city: Actor = { ...county, name: '基准市局监督', roles: ['CITY_SUPERVISOR'] };
  const figures: [string, () => Promise<unknown>][] = [
    [`dashboard figures (${orgIds.length} orgs, 90 days)`, () => {
      const now = new Date();
      return dashboardFigures(deps, { orgIds, start: new Date(now.getTime() - 90 * DAY), end: now, now });
    }],
    ['期限督办, one county', () => deadlinesAtRisk(deps, county)],
    ['期限督办, city-wide', () => deadlinesAtRisk(deps, city)],
  ];
  const n = Math.max(10, Math.floor(sizes.queueQueries / 8));
  const out: DashboardFigure[] = [];
  for (const [name, run] of figures) {
    const ms: number[] = [];
    const until = deadline(ctx);
    for (let i = 0; i < sizes.queueWarmup + n && Date.now() < until; i++) {
      const t = await timed(run);
      if (i >= sizes.queueWarmup) ms.push(t);
    }
    out.push({ name, latency: summarise(ms) });
    log(`dashboard: ${name} p95 ${out.at(-1)!.latency.p95} ms at ${benchTasks.toLocaleString('en')} tasks / ${benchCases.toLocaleString('en')} cases`);
  }
  const p95s = out.filter((f) => f.latency.n > 0).map((f) => f.latency.p95);
  return { benchTasks, benchCases, figures: out, p95Ms: p95s.length ? Math.max(...p95s) : null };
}
