import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Prisma } from '../../generated/prisma/client.ts';
import { createPrisma, type PrismaClient } from '../../infra/db.ts';
import { migrate } from '../../infra/migrate.ts';
import { ORGS } from '../../prisma/seed-data/orgs.ts';
import { METRIC_SQL, type MetricParams } from '../../api/services/dashboard-queries.ts';
import { drillSql } from '../../api/services/dashboard-drill.ts';
import { dashboardScope } from '../../api/services/dashboard-scope.ts';
import type { Actor } from '../../workflows/messages.ts';

// The dashboard stays fast at a million tasks: every figure and drill-down is planned on an index,
// never a sequential scan of a big table. The rows live in a database of their own (migrated here,
// dropped after), generated in SQL — three years of a city's work: 1,000,000 tasks, 250,000 cases,
// 100,000 penalty decisions, and tens of thousands of transfers, referrals, reconsiderations,
// delegated matters and escalations over the 34 orgs of the enforcement line.
const TASKS = 1_000_000;
const CASES = TASKS / 4;
const YEARS_MIN = 3 * 365 * 1440;

let admin: pg.Client;
let db: pg.Client;
let prisma: PrismaClient;
let dbName: string;
let indexes: { before: { name: string; def: string }[]; after: { name: string; def: string }[] };
const now = new Date();

const FILLED = ['Task', 'Case', 'Disclosure', 'Transfer', 'Referral', 'Reconsideration', 'DelegatedMatter', 'Escalation'];
const INDEXES = `SELECT i.indexrelid::regclass::text AS name, t.relname AS "table", pg_get_indexdef(i.indexrelid) AS def,
    k.conname, pg_get_constraintdef(k.oid) AS "constraint"
  FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid LEFT JOIN pg_constraint k ON k.conindid = i.indexrelid AND k.conrelid = t.oid
  WHERE t.relname = ANY($1) ORDER BY 1`;
type IndexRow = { name: string; table: string; def: string; conname: string | null; constraint: string | null };

/**
 * Bulk load into a throwaway database: no WAL (UNLOGGED), and the indexes dropped and rebuilt afterwards
 * from their exact definitions (one sorted build is several times faster than a million insertions).
 * Returns the index definitions before and after, which must be the same.
 */
async function fill(c: pg.Client, orgs: string[], counties: string[], townships: string[]) {
  const before = (await c.query<IndexRow>(INDEXES, [FILLED])).rows;
  for (const t of FILLED) await c.query(`ALTER TABLE "${t}" SET UNLOGGED`);
  for (const ix of before) await c.query(ix.conname ? `ALTER TABLE "${ix.table}" DROP CONSTRAINT "${ix.conname}"` : `DROP INDEX ${ix.name}`);
  await c.query("SET synchronous_commit = off; SET maintenance_work_mem = '256MB'");
  const t0 = Date.now();
  await load(c, orgs, counties, townships);
  const t1 = Date.now();
  for (const ix of before) await c.query(ix.conname ? `ALTER TABLE "${ix.table}" ADD CONSTRAINT "${ix.conname}" ${ix.constraint}` : ix.def);
  // The visibility map lets the covering indexes answer without the heap, as autovacuum would in production.
  await c.query(`VACUUM (ANALYZE) ${FILLED.map((t) => `"${t}"`).join(', ')}`);
  console.log(`dashboard plans: rows loaded in ${Math.round((t1 - t0) / 1000)} s, indexes rebuilt and analysed in ${Math.round((Date.now() - t1) / 1000)} s`);
  return { before, after: (await c.query<IndexRow>(INDEXES, [FILLED])).rows };
}

async function load(c: pg.Client, orgs: string[], counties: string[], townships: string[]) {
  // r1..r3: deterministic pseudo-random numbers per row (hashint4), so every run plans the same data.
  const rnd = (g: string) => `CROSS JOIN LATERAL (SELECT abs(hashint4(${g})::bigint) AS r1, abs(hashint4(${g} # 1431655765)::bigint) AS r2,
    abs(hashint4(${g} # 858993459)::bigint) AS r3) r`;
  for (let a = 1; a <= TASKS; a += 250_000) {
    await c.query(`
      INSERT INTO "Task" (id, "workflowId", "caseId", step, kind, title, "orgId", "candidateRoles", status, "dueAt", "escalationLevel",
        "escalatedAt", "deadlineId", "allowedOutcomes", "completedAt", "createdAt")
      SELECT 'pt-' || g, 'case-pc-' || (g / 4), 'pc-' || (g / 4), k.kind, k.kind, k.kind, ($1::text[])[1 + r2 % array_length($1::text[], 1)], ARRAY['HANDLER'],
        s.st, s.created + (5 + r3 % 10) * interval '1 day',
        CASE WHEN r3 % 50 = 0 THEN 1 + r3 % 3 ELSE 0 END,
        CASE WHEN r3 % 50 = 0 THEN s.created + (5 + r3 % 10) * interval '1 day' END,
        k.deadline, ARRAY['OK'],
        CASE WHEN s.st <> 'OPEN' THEN s.created + (r3 % 28800) * interval '1 minute' END, s.created
      FROM generate_series($2::int, $3::int) AS g ${rnd('g')}
      CROSS JOIN LATERAL (SELECT (now() AT TIME ZONE 'UTC') - (r1 % ${YEARS_MIN}) * interval '1 minute' AS created) c
      CROSS JOIN LATERAL (SELECT CASE WHEN c.created > (now() AT TIME ZONE 'UTC') - interval '30 days' AND r2 % 10 < 4 THEN 'OPEN'
        WHEN r2 % 100 < 3 THEN 'EXPIRED' WHEN r2 % 100 < 5 THEN 'CANCELLED' ELSE 'COMPLETED' END AS st, c.created) s
      JOIN (VALUES (0, 'FILING_APPROVAL', 'FILING_DECISION'), (1, 'INVESTIGATION', NULL), (2, 'LEGAL_REVIEW', NULL), (3, 'DECISION', NULL),
        (4, 'SERVICE', NULL), (5, 'CLOSING_APPROVAL', NULL), (6, 'DELEGATED_MATTER', NULL), (7, 'REFERRAL_SIGN', NULL)) AS k(n, kind, deadline)
        ON k.n = (r3 / 7) % 8`, [orgs, a, Math.min(TASKS, a + 249_999)]);
  }
  await c.query(`
    INSERT INTO "Case" (id, "orgId", procedure, stage, status, "partyKind", "partyName", "partyIdNumber", "catalogItemId", source, facts,
      "occurredAt", "registeredById", "registeredAt", "filedAt", data)
    SELECT 'pc-' || g, ($1::text[])[1 + r1 % array_length($1::text[], 1)], 'GENERAL',
      (ARRAY['FILING', 'INVESTIGATION', 'NOTICE', 'DECISION', 'EXECUTION', 'CLOSED'])[1 + r2 % 6],
      CASE WHEN c.reg > (now() AT TIME ZONE 'UTC') - interval '120 days' THEN 'OPEN' ELSE 'CLOSED' END,
      'ORG', '企业' || g, '91530400MA' || g, 'AQ-' || (r3 % 40), 'INSPECTION', '-', c.reg, 'plans', c.reg,
      CASE WHEN r3 % 20 <> 0 THEN c.reg + interval '1 day' END,
      jsonb_build_object('state', jsonb_build_object('decision', jsonb_build_object('fineFen', (r2 % 100) * 10000)))
    FROM generate_series(0, $2::int - 1) AS g ${rnd('g')}
    CROSS JOIN LATERAL (SELECT (now() AT TIME ZONE 'UTC') - (r1 % ${YEARS_MIN}) * interval '1 minute' AS reg) c`, [counties, CASES]);
  await c.query(`
    INSERT INTO "Disclosure" (id, "caseId", "orgId", "decisionNumber", "partyName", "catalogItemId", facts, penalty, basis, "decidedAt", "publishedAt", "withdrawnAt")
    SELECT 'pd-' || id, id, "orgId", 'N' || id, "partyName", "catalogItemId", '-', '罚款', '-', "registeredAt" + interval '60 days',
      "registeredAt" + interval '60 days', CASE WHEN abs(hashint4(substr(id, 4)::int) / 5) % 20 = 0 THEN "registeredAt" + interval '90 days' END
    FROM "Case" WHERE abs(hashint4(substr(id, 4)::int)) % 5 < 2`);
  await c.query(`
    INSERT INTO "Transfer" (id, "fromOrgId", "psbOrgId", "procuratorateOrgId", category, status, "partyName", "createdAt")
    SELECT 'ptr-' || g, ($1::text[])[1 + r1 % array_length($1::text[], 1)], 'yx-psb', 'yx-procuratorate', 'C', (ARRAY['DELIVERED', 'FILED', 'RETURNED'])[1 + r2 % 3],
      '-', (now() AT TIME ZONE 'UTC') - (r3 % ${YEARS_MIN}) * interval '1 minute'
    FROM generate_series(1, 50000) AS g ${rnd('g')}`, [counties]);
  await c.query(`
    INSERT INTO "Referral" (id, "fromOrgId", "toOrgId", hazard, location, reason, status, "createdAt")
    SELECT 'prf-' || g, ($1::text[])[1 + r1 % array_length($1::text[], 1)], 'yx-dept-samr', '-', '-', '-', (ARRAY['SENT', 'SIGNED', 'CLOSED'])[1 + r2 % 3],
      (now() AT TIME ZONE 'UTC') - (r3 % ${YEARS_MIN}) * interval '1 minute'
    FROM generate_series(1, 50000) AS g ${rnd('g')}`, [counties]);
  await c.query(`
    INSERT INTO "Reconsideration" (id, "caseId", "organId", "respondentOrgId", "decisionNumber", "applicantName", via, status, "receivedAt", "decidedAt", outcome)
    SELECT 'prc-' || g, 'pc-' || g, 'yx-gov', ($1::text[])[1 + r1 % array_length($1::text[], 1)], '-', '-', 'ORGAN', 'DECIDED',
      (now() AT TIME ZONE 'UTC') - (r3 % ${YEARS_MIN}) * interval '1 minute', (now() AT TIME ZONE 'UTC') - (r3 % ${YEARS_MIN}) * interval '1 minute' + interval '60 days',
      (ARRAY['UPHOLD', 'UPHOLD', 'REVOKE', 'CHANGE', 'DISMISS'])[1 + r2 % 5]
    FROM generate_series(1, 30000) AS g ${rnd('g')}`, [counties]);
  await c.query(`
    INSERT INTO "DelegatedMatter" (id, "delegationId", "countyOrgId", "townshipOrgId", "catalogItemCode", "partyName", location, facts, status, "reviewResult", "closedAt")
    SELECT 'pdm-' || g, 'pdl', 'yx-hongta', ($1::text[])[1 + r1 % array_length($1::text[], 1)], 'AQ-1', '-', '-', '-', 'CLOSED',
      (ARRAY['PASSED', 'FAILED', NULL])[1 + r2 % 3], (now() AT TIME ZONE 'UTC') - (r3 % ${YEARS_MIN}) * interval '1 minute'
    FROM generate_series(1, 50000) AS g ${rnd('g')}`, [townships]);
  await c.query(`
    INSERT INTO "Escalation" (id, "taskId", "workflowId", "orgId", "toOrgId", "toRole", level, step, kind, "dueAt", "raisedAt", "resolvedAt", outcome)
    SELECT 'pe-' || id, id, "workflowId", "orgId", "orgId", 'HEAD', "escalationLevel", step, kind, "dueAt", "escalatedAt",
      CASE WHEN status <> 'OPEN' THEN "completedAt" END, CASE WHEN status <> 'OPEN' THEN 'STEP_DONE' END
    FROM "Task" WHERE "escalationLevel" > 0`);
}

interface PlanNode { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; Plans?: PlanNode[] }
function walk(n: PlanNode, out: PlanNode[] = []): PlanNode[] {
  out.push(n);
  for (const c of n.Plans ?? []) walk(c, out);
  return out;
}

beforeAll(async () => {
  const url = new URL(inject('databaseUrl'));
  admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  dbName = `dash_plans_${randomUUID().slice(0, 8)}`;
  await admin.query(`CREATE DATABASE ${dbName}`);
  url.pathname = `/${dbName}`;
  await migrate(url.toString());
  db = new pg.Client({ connectionString: url.toString() });
  await db.connect();
  for (const o of ORGS) {
    await db.query('INSERT INTO "Org" (id, name, "shortName", kind, "regionCode", "parentId") VALUES ($1, $2, $3, $4, $5, $6)',
      [o.id, o.name, o.shortName, o.kind, o.regionCode, o.parentId]);
  }
  const line = ORGS.filter((o) => ['CITY_BUREAU', 'COUNTY_BUREAU', 'TOWNSHIP', 'DEV_ZONE'].includes(o.kind));
  indexes = await fill(db, line.map((o) => o.id), line.filter((o) => o.kind !== 'TOWNSHIP').map((o) => o.id), line.filter((o) => o.kind === 'TOWNSHIP').map((o) => o.id));
  prisma = createPrisma(url.toString(), 2);
}, 600_000);

afterAll(async () => {
  await prisma?.$disconnect();
  await db?.end();
  if (dbName) await admin?.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin?.end();
});

const actor = (orgId: string, roles: Actor['roles']): Actor => ({ userId: 'plans', name: 'plans', orgId, roles, certified: true });
// Scopes as used: the city over the default quarter, a county over the default quarter, a county over a year.
const SCOPES = [
  { name: 'city supervisor, last quarter', actor: actor('yx-city', ['CITY_SUPERVISOR']), q: {} },
  { name: 'county head, last quarter', actor: actor('yx-hongta', ['HEAD']), q: {} },
  { name: 'county head, one township, last year', actor: actor('yx-hongta', ['HEAD']), q: { org: 'yx-hongta-yuxing-st', from: new Date(now.getTime() - 365 * 86_400_000).toISOString().slice(0, 10) } },
];

/** Figures that read many rows of the big tables and have a covering index for all they read. */
const INDEX_ONLY = new Set(['openCases', 'dueSteps', 'stepTimes']);

async function plan(sql: Prisma.Sql) {
  const rows = await prisma.$queryRaw<{ 'QUERY PLAN': [{ Plan: PlanNode }] }[]>(Prisma.sql`EXPLAIN (FORMAT JSON) ${sql}`);
  return walk(rows[0]['QUERY PLAN'][0].Plan);
}

describe('dashboard query plans at a million tasks', () => {
  it('has the data it claims', async () => {
    const { rows } = await db.query('SELECT (SELECT count(*) FROM "Task")::int AS tasks, (SELECT count(*) FROM "Case")::int AS cases');
    expect(rows[0]).toEqual({ tasks: TASKS, cases: CASES });
    // The indexes the plans are checked against are exactly the migrations' (rebuilt after the bulk load).
    expect(indexes.after.map((i) => i.def)).toEqual(indexes.before.map((i) => i.def));
    expect(indexes.after.map((i) => i.name)).toEqual(expect.arrayContaining(['"Task_completed_dashboard_idx"', '"Task_open_queue_idx"', '"Disclosure_dashboard_idx"']));
  });

  for (const s of SCOPES) {
    it(`plans every figure and drill-down on indexes: ${s.name}`, async () => {
      const scope = await dashboardScope({ prisma }, s.actor, s.q, now);
      const p: MetricParams = { orgIds: scope.orgIds, start: scope.start, end: scope.end, now };
      const queries: [string, Prisma.Sql][] = [
        ...Object.entries(METRIC_SQL).map(([n, f]) => [n, f(p)] as [string, Prisma.Sql]),
        ...(['open', 'due', 'completed', 'penalties', 'escalated'] as const).map((view) => [`drill ${view}`, drillSql({ view }, p)] as [string, Prisma.Sql]),
        ['drill open, one org', drillSql({ view: 'open', stage: 'INVESTIGATION' }, { ...p, orgIds: [scope.orgIds[0]] })],
      ];
      for (const [name, sql] of queries) {
        const nodes = await plan(sql);
        const seq = nodes.filter((n) => n['Node Type'] === 'Seq Scan').map((n) => n['Relation Name']);
        const shown = JSON.stringify(nodes.map((n) => [n['Node Type'], n['Relation Name'] ?? n['Index Name'] ?? '']));
        expect(seq, `${name}: sequential scans in ${shown}`).toEqual([]);
        expect(nodes.some((n) => n['Index Name']), `${name}: uses an index: ${shown}`).toBe(true);
        if (INDEX_ONLY.has(name)) {
          // Counted over tens of thousands of rows: from the covering index alone, not a heap page per row.
          const scans = nodes.filter((n) => n['Relation Name'] === 'Task' || n['Relation Name'] === 'Case').map((n) => n['Node Type']);
          expect(scans, `${name}: ${shown}`).toEqual(scans.map(() => 'Index Only Scan'));
        }
      }
    });
  }
});
