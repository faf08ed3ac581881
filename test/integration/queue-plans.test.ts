import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Prisma } from '../../generated/prisma/client.ts';
import { createPrisma, type PrismaClient } from '../../infra/db.ts';
import { migrate } from '../../infra/migrate.ts';
import { queueCountsSql, queuePageSql, type QueueFilter } from '../../api/services/queue.ts';
import { queueQuery } from '../../api/routes/schemas.ts';
import { insertQueueRows } from '../../bench/seed-queue.ts';
import type { Actor } from '../../workflows/messages.ts';

// The work queue stays index-backed as it gains filters and sorts (issue 17): every variant a
// person can choose is planned on an index, never a sequential scan of Task or Case, and the
// usual orders are read from an index in order (no sort of the whole queue before the page is cut).
// The rows are the bench's (bench/seed-queue.ts: 300,000 tasks of four bench orgs, a tenth open)
// plus their 75,000 cases, in a database of this file's own, migrated here and dropped after.
const TASKS = 300_000;
const ORGS = 4;

let admin: pg.Client;
let pool: pg.Client;
let prisma: PrismaClient;
let dbName: string;

interface PlanNode { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; Plans?: PlanNode[] }
const walk = (n: PlanNode, out: PlanNode[] = []): PlanNode[] => { out.push(n); for (const c of n.Plans ?? []) walk(c, out); return out; };

beforeAll(async () => {
  const url = new URL(inject('databaseUrl'));
  admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  dbName = `queue_plans_${randomUUID().slice(0, 8)}`;
  await admin.query(`CREATE DATABASE ${dbName}`);
  url.pathname = `/${dbName}`;
  await migrate(url.toString());
  pool = new pg.Client({ connectionString: url.toString() });
  await pool.connect();
  // Cases first, so each task's trigger finds its case's registration time.
  await pool.query(`
    INSERT INTO "Case" (id, "orgId", number, procedure, stage, status, "partyKind", "partyName", "partyIdNumber", "catalogItemId", source, facts,
      "occurredAt", "registeredById", "registeredAt", data)
    SELECT 'bench-case-' || g, 'bench-org-' || (g % ${ORGS}), '基准应急立〔2026〕' || g || '号', 'GENERAL', 'INVESTIGATION', 'OPEN', 'ORG',
      (ARRAY['化工', '矿业', '烟花爆竹', '危化品运输', '冶金'])[1 + g % 5] || '有限公司' || g, '91530400MA' || g, 'AQ-099-1', 'INSPECTION', '-',
      now(), 'plans', now() - (g % 525600) * interval '1 minute',
      jsonb_build_object('state', jsonb_build_object('decisionClock', jsonb_build_object('deadlineId', 'DECISION', 'provisional', false, 'paused', false,
        'dueAt', to_char((now() + (g % 90) * interval '1 day') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))))
    FROM generate_series(0, ${TASKS / 4}) AS g`);
  await insertQueueRows(pool, 1, TASKS, ORGS, () => undefined);
  await pool.query('VACUUM (ANALYZE) "Case"');
  prisma = createPrisma(url.toString(), 2);
}, 600_000);

afterAll(async () => {
  await prisma?.$disconnect();
  await pool?.end();
  if (dbName) await admin?.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin?.end();
});

const actor: Actor = { userId: 'bench-user-0-1', name: '基准', orgId: 'bench-org-0', roles: ['HANDLER'], certified: true };
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const VARIANTS: [string, Record<string, string>][] = [
  ['the usual view', {}],
  ['sort by registration', { sort: 'registered' }],
  ['sort by registration, newest first', { sort: 'registered_desc' }],
  ['procedure', { procedure: 'CASE' }],
  ['step kind', { kind: 'INVESTIGATION' }],
  ['due today', { due: 'today' }],
  ['due in 3 days', { due: '3d' }],
  ['due in 7 days, by registration', { due: '7d', sort: 'registered' }],
  ['custom due dates', { due: 'custom', dueFrom: today, dueTo: today }],
  ['overdue only', { overdue: 'true' }],
  ['near only', { near: 'true' }],
  ['claimed by me', { claim: 'mine' }],
  ['unclaimed', { claim: 'unclaimed' }],
  ['search by party name', { q: '烟花爆竹有限公司1234' }],
  ['search by case number', { q: '〔2026〕4321号' }],
  ['a later page', { page: '50' }],
];
const IN_ORDER = new Set(['the usual view', 'sort by registration', 'sort by registration, newest first', 'a later page']);

async function plan(sql: Prisma.Sql) {
  const rows = await prisma.$queryRaw<{ 'QUERY PLAN': [{ Plan: PlanNode }] }[]>(Prisma.sql`EXPLAIN (FORMAT JSON) ${sql}`);
  return rows[0]!['QUERY PLAN'][0].Plan;
}

describe(`work queue query plans at ${TASKS.toLocaleString('en')} tasks`, () => {
  it('has the data it claims', async () => {
    const { rows } = await pool.query(`SELECT count(*)::int AS tasks, count(*) FILTER (WHERE status = 'OPEN')::int AS open,
      count(*) FILTER (WHERE "effectiveDueAt" IS NOT NULL AND "dueAt" IS NULL)::int AS "fromCase" FROM "Task"`);
    expect(rows[0].tasks).toBe(TASKS);
    expect(rows[0].open).toBeGreaterThan(TASKS / 20);
    // Tasks without a limit of their own took the case's decision clock (the trigger at work on a bulk load).
    expect(rows[0].fromCase).toBeGreaterThan(0);
  });

  for (const [name, query] of VARIANTS) {
    it(`plans the page and the counts on indexes: ${name}`, async () => {
      const f = queueQuery.parse(query) as QueueFilter;
      for (const [what, sql] of [['page', queuePageSql(actor, f, new Date())], ['counts', queueCountsSql(actor, f, new Date())]] as const) {
        const root = await plan(sql);
        const nodes = walk(root);
        const shown = JSON.stringify(nodes.map((n) => [n['Node Type'], n['Relation Name'] ?? n['Index Name'] ?? '']));
        // (User is empty here: a sequential scan of nothing is the right plan for it.)
        const seq = nodes.filter((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] !== 'User').map((n) => n['Relation Name']);
        expect(seq, `${name} ${what}: sequential scans in ${shown}`).toEqual([]);
        expect(nodes.some((n) => n['Index Name']?.startsWith('Task_')), `${name} ${what}: uses a Task index: ${shown}`).toBe(true);
        if (what === 'page' && IN_ORDER.has(name)) {
          // The page is cut from an index read in order: the Limit sits on the scan, not on a sort.
          const limit = nodes.find((n) => n['Node Type'] === 'Limit')!;
          expect(limit.Plans![0]!['Node Type'], `${name}: ${shown}`).toMatch(/^Index/);
        }
        if (name.startsWith('search')) expect(nodes.some((n) => n['Index Name']?.includes('trgm')), `${name}: ${shown}`).toBe(true);
        else if (what === 'counts') {
          // Counts read every matching open task: from the covering index alone, never a heap page per
          // task (a column named outside WHERE and missing from the index made them 4.6x the raw query).
          const taskScans = nodes.filter((n) => n['Relation Name'] === 'Task').map((n) => n['Node Type']);
          expect(taskScans, `${name} counts: ${shown}`).toEqual(taskScans.map(() => 'Index Only Scan'));
          expect(taskScans.length, `${name} counts: ${shown}`).toBeGreaterThan(0);
        }
      }
    });
  }
});
