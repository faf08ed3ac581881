// 2b. The work queue's other views at the largest size (issue 18): overdue only, by procedure,
// by enterprise, a party-name search — each through the app's listQueue (the filters the page
// and GET /api/tasks offer) against hand-written SQL returning the same rows (page of 20 and
// counts, in parallel, as listQueue does). The queue has no enterprise field of its own: a
// person finds one enterprise's tasks by searching its full name, so that is the variant; the
// party-name search is a fragment matching a handful of parties. The search's raw SQL finds the
// cases first (trigram index on Case.partyName), then their tasks by caseId.
import type { AppDeps } from '../api/deps.ts';
import { listQueue, NEAR_MS, type QueueFilter } from '../api/services/queue.ts';
import { PROCEDURE_KINDS } from '../rules/task-forms.ts';
import type { Actor } from '../workflows/messages.ts';
import { deadline, type Ctx } from './context.ts';
import { benchPartyName } from './seed-queue.ts';
import { ratio, summarise, timed, type Latency } from './stats.ts';

const PAGE_SIZE = 20;

export interface QueueVariant {
  name: string;
  /** The queue's query string for it (what GET /api/tasks is given). */
  filter: Record<string, string | boolean>;
  app: Latency;
  raw: Latency;
  p95Ratio: number | null;
  sameRows: boolean;
  /** Rows the checked actor sees under this view. */
  total: number;
  plan: string;
}

/** The raw statements for one extra condition on the open queue ($1 org, $2 roles, $3 user, $4 the variant's value; the counts' $5 now). */
function rawSql(extra: string) {
  const where = `"orgId" = $1 AND status = 'OPEN' AND ("candidateRoles" && $2::text[] OR "claimedById" = $3) AND ${extra}`;
  return {
    page: `/* bench: raw queue variant page */
SELECT t.id, c.number, c."partyName", u."displayName"
FROM (SELECT * FROM "Task" WHERE ${where} ORDER BY "effectiveDueAt" ASC NULLS LAST, "createdAt" ASC, id ASC LIMIT ${PAGE_SIZE}) t
LEFT JOIN "Case" c ON c.id = t."caseId" LEFT JOIN "User" u ON u.id = t."claimedById"
ORDER BY t."effectiveDueAt" ASC NULLS LAST, t."createdAt" ASC, t.id ASC`,
    counts: `/* bench: raw queue variant counts */
SELECT count(*)::int AS total, count(*) FILTER (WHERE "effectiveDueAt" <= $5)::int AS overdue,
  count(*) FILTER (WHERE "effectiveDueAt" > $5 AND ("effectiveDueAt" <= $5 + interval '${NEAR_MS / 3_600_000} hours' OR "warnedAt" IS NOT NULL))::int AS near
FROM "Task" WHERE ${where}`,
  };
}

interface Spec { name: string; filter: Partial<QueueFilter>; extra: string; value: (now: Date) => unknown; actor: Actor }

/** An actor (org and role) that sees open tasks of the cases whose party name matches `pattern`. */
async function actorFor(ctx: Ctx, pattern: string): Promise<Actor | undefined> {
  const { rows } = await ctx.pool.query<{ orgId: string; role: string }>(`/* bench: wait */
    SELECT t."orgId", t."candidateRoles"[1] AS role FROM "Case" c JOIN "Task" t ON t."caseId" = c.id
    WHERE c."partyName" LIKE $1 AND c."orgId" LIKE 'bench-org-%' AND t.status = 'OPEN' LIMIT 1`, [pattern]);
  const r = rows[0];
  return r && { userId: `${r.orgId.replace('bench-org-', 'bench-user-')}-0`, name: '基准用户', orgId: r.orgId, roles: [r.role as Actor['roles'][number]], certified: true };
}

export async function measureQueueVariants(ctx: Ctx, people: Actor[]): Promise<QueueVariant[]> {
  const { sizes, log } = ctx;
  const deps = { prisma: ctx.prisma } as AppDeps; // listQueue reads only prisma
  const base: QueueFilter = { status: 'OPEN', sort: 'due', page: 1, pageSize: PAGE_SIZE };
  const specs: Spec[] = [
    { name: 'overdue only', filter: { overdue: true }, extra: '"effectiveDueAt" <= $4::timestamptz', value: (now) => now, actor: people[1]! },
    { name: 'by procedure (案件办理)', filter: { procedure: 'CASE' }, extra: 'kind = ANY($4::text[])', value: () => [...PROCEDURE_KINDS.CASE], actor: people[2]! },
  ];
  // One enterprise: a case near the end of the table whose tasks are open, by its full name.
  const { rows: [one] } = await ctx.pool.query<{ n: number }>(`/* bench: wait */
    SELECT substring(c.id FROM 12)::int AS n FROM "Task" t JOIN "Case" c ON c.id = t."caseId"
    WHERE t."orgId" LIKE 'bench-org-%' AND t.status = 'OPEN' ORDER BY t.id DESC LIMIT 1`);
  const enterprise = one && benchPartyName(one.n);
  const entActor = enterprise && await actorFor(ctx, enterprise);
  if (enterprise && entActor) {
    specs.push({ name: 'by enterprise (its full name)', filter: { q: enterprise }, value: () => enterprise, actor: entActor,
      extra: `"caseId" IN (SELECT id FROM "Case" WHERE "partyName" = $4::text)` });
  }
  // A name fragment: the first digits of that case's number after the industry, so a few parties match.
  const fragment = enterprise?.replace(/-(\d{1,3})\d*号$/, '-$1');
  const fragActor = fragment && await actorFor(ctx, `${fragment}%`);
  if (fragment && fragActor) {
    specs.push({ name: 'party-name search (a fragment)', filter: { q: fragment }, value: () => `%${fragment}%`, actor: fragActor,
      extra: `"caseId" IN (SELECT id FROM "Case" WHERE "partyName" ILIKE $4::text)` });
  }
  if (specs.length < 4) log('queue variants: no open bench task with a case found — the search variants are not measured');

  const out: QueueVariant[] = [];
  for (const s of specs) {
    const f = { ...base, ...s.filter } as QueueFilter;
    const sql = rawSql(s.extra);
    const raw = (now: Date) => Promise.all([
      ctx.pool.query<{ id: string }>(sql.page, [s.actor.orgId, s.actor.roles, s.actor.userId, s.value(now)]),
      ctx.pool.query<{ total: number; overdue: number; near: number }>(sql.counts, [s.actor.orgId, s.actor.roles, s.actor.userId, s.value(now), now]),
    ]);
    const now = new Date();
    const [mine, [page, counts]] = await Promise.all([listQueue(deps, s.actor, f), raw(now)]);
    const c = counts.rows[0]!;
    const sameRows = mine.items.map((t) => t.id).join() === page.rows.map((t) => t.id).join()
      && mine.total === c.total && mine.overdue === c.overdue && mine.near === c.near;
    const appMs: number[] = [], rawMs: number[] = [];
    const until = deadline(ctx);
    const n = Math.max(10, Math.floor(sizes.queueQueries / 2));
    for (let i = 0; i < sizes.queueWarmup + n && Date.now() < until; i++) {
      const runApp = async () => { const t = await timed(() => listQueue(deps, s.actor, f)); if (i >= sizes.queueWarmup) appMs.push(t); };
      const runRaw = async () => { const t = await timed(() => raw(new Date())); if (i >= sizes.queueWarmup) rawMs.push(t); };
      if (i % 2) { await runApp(); await runRaw(); } else { await runRaw(); await runApp(); }
    }
    const at = new Date();
    const plan = (await ctx.pool.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql.counts}`, [s.actor.orgId, s.actor.roles, s.actor.userId, s.value(at), at])).rows
      .map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
    const app = summarise(appMs), rawLat = summarise(rawMs);
    out.push({ name: s.name, filter: s.filter as Record<string, string | boolean>, app, raw: rawLat, p95Ratio: ratio(app.p95, rawLat.p95), sameRows, total: mine.total, plan });
    log(`queue variant ${s.name}: listQueue p95 ${app.p95} ms, raw p95 ${rawLat.p95} ms, ${mine.total} rows, same rows: ${sameRows}`);
  }
  return out;
}
