// 2. Work queue: the 'my tasks' query (org + role filtered, due date order, first page of 20,
// total and overdue counts) through the app's own listQueue service, against hand-written SQL
// returning the same rows, at each table size. Queries alternate app/raw so both see the same
// background load; each actor is a synthetic person of a bench organisation.
// The HTTP + sign-in overhead of GET /api/tasks is measured separately on a seeded user.
import type { Role } from '../rules/roles.ts';
import type { AppDeps } from '../api/deps.ts';
import { listQueue } from '../api/services/queue.ts';
import type { Actor } from '../workflows/messages.ts';
import { deadline, type Ctx } from './context.ts';
import { measureDashboard, type DashboardResult } from './measure-dashboard.ts';
import { measureQueueVariants, type QueueVariant } from './measure-queue-variants.ts';
import { BENCH_ORG_PREFIX, deleteQueueRows, insertQueueCases, insertQueueRows } from './seed-queue.ts';
import { powerLawExponent, ratio, round, summarise, timed, type Latency } from './stats.ts';

const PAGE_SIZE = 20;

const ITEMS_SQL = `/* bench: raw work queue page */
SELECT t.id, t."caseId", t.kind, t.title, t.status, t."dueAt", t."effectiveDueAt", t."dueProvisional", t."claimedById", t."escalationLevel",
  t."createdAt", t."allowedOutcomes", t.payload, c.number, c."partyName", u."displayName"
FROM (SELECT * FROM "Task"
  WHERE "orgId" = $1 AND status = 'OPEN' AND ("candidateRoles" && $2::text[] OR "claimedById" = $3)
  ORDER BY "effectiveDueAt" ASC NULLS LAST, "createdAt" ASC, id ASC
  LIMIT $4 OFFSET $5) t
LEFT JOIN "Case" c ON c.id = t."caseId" LEFT JOIN "User" u ON u.id = t."claimedById"
ORDER BY t."effectiveDueAt" ASC NULLS LAST, t."createdAt" ASC, t.id ASC`;
const COUNT_SQL = `/* bench: raw work queue counts */
SELECT count(*)::int AS total, count(*) FILTER (WHERE "effectiveDueAt" <= $4)::int AS overdue,
  count(*) FILTER (WHERE "effectiveDueAt" > $4 AND ("effectiveDueAt" <= $4 + interval '2 days' OR "warnedAt" IS NOT NULL))::int AS near
FROM "Task"
WHERE "orgId" = $1 AND status = 'OPEN' AND ("candidateRoles" && $2::text[] OR "claimedById" = $3)`;

export interface QueueStep {
  benchTasks: number;
  tableTasks: number;
  /** Time to add this step's rows (bulk SQL) and VACUUM ANALYZE. */
  insertMs: number;
  tableMb: number;
  app: Latency;
  raw: Latency;
  p95Ratio: number | null;
  /** listQueue and the raw SQL returned the same page, total and overdue count for every checked actor. */
  sameRows: boolean;
  /** Open tasks the checked actors see (total) — how much work the counts do. */
  visibleTotals: number[];
  plans: { items: string; counts: string };
}

export interface QueueResult {
  steps: QueueStep[];
  /** y ∝ size^k of the p50 latency over the steps */
  exponent: { app: number; raw: number };
  /** GET /api/tasks over HTTP vs listQueue in-process, same user, small queue */
  httpOverhead: { api: Latency; service: Latency; p50Ms: number; p95Ms: number };
  /** The queue's other views at the largest size measured (empty when none was). */
  variants: QueueVariant[];
  variantsAt: number | null;
  /** The oversight figures at the largest size measured. */
  dashboard: DashboardResult | null;
}

const filter = { status: 'OPEN' as const, sort: 'due' as const, page: 1, pageSize: PAGE_SIZE };

/** The hand-written equivalent: page and counts in parallel, as listQueue does. */
const rawQueue = (ctx: Ctx, a: Actor, now: Date) => Promise.all([
  ctx.pool.query(ITEMS_SQL, [a.orgId, a.roles, a.userId, PAGE_SIZE, 0]),
  ctx.pool.query<{ total: number; overdue: number; near: number }>(COUNT_SQL, [a.orgId, a.roles, a.userId, now]),
]);

const ROLES: Role[] = ['SUPERVISOR', 'HANDLER', 'LEGAL_REVIEWER', 'HEAD'];

function actors(orgs: number): Actor[] {
  return Array.from({ length: 16 }, (_, i) => ({
    userId: `bench-user-${i % orgs}-${i % 5}`, name: `基准用户${i}`, orgId: `${BENCH_ORG_PREFIX}${i % orgs}`,
    roles: [ROLES[(i + Math.floor(i / ROLES.length)) % ROLES.length]!], certified: true,
  }));
}

export async function measureQueue(ctx: Ctx, opts: { cleanup: boolean }): Promise<QueueResult> {
  const { sizes, log } = ctx;
  const httpOverhead = await measureHttpOverhead(ctx);
  await deleteQueueRows(ctx.pool); // leftovers of an interrupted run
  const steps: QueueStep[] = [];
  const people = actors(sizes.queueOrgs);
  let inserted = 0;
  let variants: QueueVariant[] = [];
  let variantsAt: number | null = null;
  let dashboard: DashboardResult | null = null;
  try {
    for (const size of sizes.queueSizes) {
      if (Date.now() > ctx.until) { log(`queue: time budget spent, ${size.toLocaleString('en')} not measured`); break; }
      log(`queue: growing the bench queue to ${size.toLocaleString('en')} tasks`);
      const t0 = Date.now();
      await insertQueueCases(ctx.pool, inserted + 1, size, sizes.queueOrgs);
      const insertMs = await insertQueueRows(ctx.pool, inserted + 1, size, sizes.queueOrgs, log) + (Date.now() - t0);
      inserted = size;

      const step = await ctx.phase(`work queue at ${size.toLocaleString('en')}`, (s) => s.app.n + s.raw.n,
        () => measureStep(ctx, people, size, insertMs));
      steps.push(step);
      log(`queue: ${size.toLocaleString('en')} tasks — listQueue p95 ${step.app.p95} ms, raw SQL p95 ${step.raw.p95} ms, same rows: ${step.sameRows}`);
    }
    if (steps.length) {
      // The other views and the oversight figures, once, at the largest size reached.
      const at = steps.at(-1)!.benchTasks;
      const label = at.toLocaleString('en');
      variants = await ctx.phase(`queue variants at ${label}`, (v) => v.reduce((a, x) => a + x.app.n + x.raw.n, 0), () => measureQueueVariants(ctx, people));
      variantsAt = at;
      dashboard = await ctx.phase(`dashboard at ${label}`, (d) => d.figures.reduce((a, f) => a + f.latency.n, 0), () => measureDashboard(ctx, at));
    }
  } finally {
    if (opts.cleanup) await deleteQueueRows(ctx.pool);
  }
  const fit = (pick: (s: QueueStep) => number) => powerLawExponent(steps.map((s) => ({ x: s.benchTasks, y: pick(s) })));
  return { steps, exponent: { app: fit((s) => s.app.p50), raw: fit((s) => s.raw.p50) }, httpOverhead, variants, variantsAt, dashboard };
}

/** One size: same-rows check, then alternating timed queries, then the raw plans. */
async function measureStep(ctx: Ctx, people: Actor[], size: number, insertMs: number): Promise<QueueStep> {
  const { sizes } = ctx;
  const deps = { prisma: ctx.prisma } as AppDeps; // listQueue reads only prisma
  const raw = (a: Actor, now: Date) => rawQueue(ctx, a, now);

  // Same rows? Check one actor per role before timing anything.
  let sameRows = true;
  const visibleTotals: number[] = [];
  for (const a of people.slice(0, ROLES.length)) {
    const now = new Date();
    const [mine, [items, counts]] = await Promise.all([listQueue(deps, a, filter), raw(a, now)]);
    const c = counts.rows[0]!;
    visibleTotals.push(c.total);
    sameRows &&= mine.items.map((t) => t.id).join() === items.rows.map((t: { id: string }) => t.id).join()
      && mine.total === c.total && mine.overdue === c.overdue && mine.near === c.near;
  }

  const appMs: number[] = [];
  const rawMs: number[] = [];
  const until = deadline(ctx);
  for (let i = 0; i < sizes.queueWarmup + sizes.queueQueries && Date.now() < until; i++) {
    const a = people[i % people.length]!;
    const runApp = async () => { const t = await timed(() => listQueue(deps, a, filter)); if (i >= sizes.queueWarmup) appMs.push(t); };
    const runRaw = async () => { const t = await timed(() => raw(a, new Date())); if (i >= sizes.queueWarmup) rawMs.push(t); };
    if (i % 2) { await runApp(); await runRaw(); } else { await runRaw(); await runApp(); }
  }
  const [tableTasks, tableMb, plans] = await Promise.all([
    ctx.pool.query('/* bench: size */ SELECT count(*)::int AS n FROM "Task"').then((r) => r.rows[0].n as number),
    ctx.pool.query(`SELECT pg_total_relation_size('"Task"') AS b`).then((r) => round(Number(r.rows[0].b) / 1048576, 1)),
    explain(ctx, people[0]!),
  ]);
  const app = summarise(appMs), rawLat = summarise(rawMs);
  return { benchTasks: size, tableTasks, insertMs, tableMb, app, raw: rawLat, p95Ratio: ratio(app.p95, rawLat.p95), sameRows, visibleTotals, plans };
}

async function explain(ctx: Ctx, a: Actor) {
  const plan = async (sql: string, params: unknown[]) => (await ctx.pool.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params)).rows
    .map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
  return {
    items: await plan(ITEMS_SQL, [a.orgId, a.roles, a.userId, PAGE_SIZE, 0]),
    counts: await plan(COUNT_SQL, [a.orgId, a.roles, a.userId, new Date()]),
  };
}

async function measureHttpOverhead(ctx: Ctx) {
  const deps = { prisma: ctx.prisma } as AppDeps;
  const me = await ctx.supervisor.call<Actor>('GET', '/api/me');
  const api: number[] = [];
  const service: number[] = [];
  const n = Math.max(20, Math.floor(ctx.sizes.queueQueries / 2));
  for (let i = 0; i < ctx.sizes.queueWarmup + n; i++) {
    const t1 = await timed(() => ctx.supervisor.call('GET', `/api/tasks?pageSize=${PAGE_SIZE}`));
    const t2 = await timed(() => listQueue(deps, me, filter));
    if (i >= ctx.sizes.queueWarmup) { api.push(t1); service.push(t2); }
  }
  const a = summarise(api);
  const s = summarise(service);
  return { api: a, service: s, p50Ms: round(a.p50 - s.p50), p95Ms: round(a.p95 - s.p95) };
}
