// Bulk work-queue rows for the work-queue measurement, generated in SQL (INSERT … SELECT
// generate_series): going through the workflows would take hours for a million tasks.
// They live in their own organisations ('bench-org-N'; Task.orgId has no foreign key), so the
// app's own data and queues are untouched, and are deterministic (hashint4 of the row number).
// Mix per row, like a bureau's table after some years: 10% OPEN, 85% COMPLETED, 3% EXPIRED,
// 2% CANCELLED; one candidate role of four (10% escalated to HEAD as well); 10% of open tasks
// claimed by a person. Time (assumed, for the oversight figures to read a realistic period): every
// task's moment `t` is spread evenly over the last year. An open task was created at `t`, due from
// 30 days ago to 60 days ahead. A finished task (completed, expired, cancelled) finished at `t`
// after its own step time — skewed to short steps, 0 to ~10 days (median ~2.5 days) — so it was
// created that long before, and was due 3 to 14 days after its creation; 5% have no due date.
// So completions run at the same even rate as creations: ~2,500 a day at 1M tasks, ~220k in a
// 90-day period (not every finished task crammed into the last ~69 days).
import type pg from 'pg';

export const BENCH_ORG_PREFIX = 'bench-org-';

const INSERT = `
INSERT INTO "Task" (id, "workflowId", "caseId", step, kind, title, "orgId", "candidateRoles", "claimedById", status,
  "dueAt", "dueProvisional", "escalationLevel", "deadlineId", "allowedOutcomes", payload, outcome, "completedById",
  "completedAt", "createdAt")
SELECT 'bench-task-' || g, 'case-bench-' || (g / 4), 'bench-case-' || (g / 4), k.step, k.kind, k.title,
  '${BENCH_ORG_PREFIX}' || (g % $3),
  CASE WHEN r2 % 10 = 0 THEN ARRAY[k.role, 'HEAD'] ELSE ARRAY[k.role] END,
  CASE WHEN st = 'OPEN' AND r2 % 10 = 1 THEN 'bench-user-' || (g % $3) || '-' || (r3 % 5)
       WHEN st = 'COMPLETED' THEN 'bench-user-' || (g % $3) || '-' || (r3 % 5) END,
  st,
  CASE WHEN r3 % 20 = 0 THEN NULL WHEN st = 'OPEN' THEN now() + ((r3 % 129600) - 43200) * interval '1 minute'
    ELSE t.at - t.took + (3 + r3 % 12) * interval '1 day' END,
  r2 % 7 = 0, CASE WHEN r2 % 10 = 0 THEN 1 ELSE 0 END, k.deadline, k.outcomes,
  jsonb_build_object('partyName', '基准测试化工有限公司-' || (g / 4), 'catalogItemId', 'AQ-099-1',
    'catalogName', '未在有较大危险因素的生产经营场所设置明显的安全警示标志', 'facts', '检查发现储罐区未设置明显的安全警示标志。'),
  CASE WHEN st = 'COMPLETED' THEN k.outcomes[1] END,
  CASE WHEN st = 'COMPLETED' THEN 'bench-user-' || (g % $3) || '-' || (r3 % 5) END,
  CASE WHEN st <> 'OPEN' THEN t.at END,
  CASE WHEN st = 'OPEN' THEN t.at ELSE t.at - t.took END
FROM generate_series($1::int, $2::int) AS g
CROSS JOIN LATERAL (SELECT abs(hashint4(g)::bigint) AS r1, abs(hashint4(g # 1431655765)::bigint) AS r2,
  abs(hashint4(g # 858993459)::bigint) AS r3) r
CROSS JOIN LATERAL (SELECT CASE WHEN r1 % 100 < 10 THEN 'OPEN' WHEN r1 % 100 < 95 THEN 'COMPLETED'
  WHEN r1 % 100 < 98 THEN 'EXPIRED' ELSE 'CANCELLED' END AS st) s
CROSS JOIN LATERAL (SELECT now() - (r2 % 525600) * interval '1 minute' AS at, ((r1 / 100) % 120) ^ 2 * interval '1 minute' AS took) t
JOIN (VALUES
  (0, 'filing-approval', 'FILING_APPROVAL', '立案审批', 'SUPERVISOR', 'FILING_DECISION', ARRAY['APPROVE', 'REJECT']),
  (1, 'investigation-0', 'INVESTIGATION', '调查取证与处罚建议', 'HANDLER', NULL, ARRAY['PROPOSE', 'NO_PENALTY']),
  (2, 'legal-review-0', 'LEGAL_REVIEW', '法制审核', 'LEGAL_REVIEWER', NULL, ARRAY['PASS', 'RETURN']),
  (3, 'decision-0', 'DECISION', '作出行政处罚决定', 'HEAD', NULL, ARRAY['DECIDE', 'RETURN'])
) AS k(n, step, kind, title, role, deadline, outcomes) ON k.n = (r2 / 10) % 4`;

/** Adds rows `from`..`to` (1-based), in chunks; returns the time it took in ms. */
/** `pool`: a pool or a single client (the queue plan test loads through one client). */
export async function insertQueueRows(pool: pg.Pool | pg.Client, from: number, to: number, orgs: number, log: (s: string) => void): Promise<number> {
  const t0 = Date.now();
  const CHUNK = 100_000;
  for (let a = from; a <= to; a += CHUNK) {
    const b = Math.min(to, a + CHUNK - 1);
    await pool.query(INSERT, [a, b, orgs]);
    if (to - from >= CHUNK) log(`queue: inserted bench tasks up to ${b.toLocaleString('en')}`);
  }
  // Autovacuum would get there on its own; the measurement wants the steady state at once.
  await pool.query('VACUUM (ANALYZE) "Task"');
  return Date.now() - t0;
}

export async function deleteQueueRows(pool: pg.Pool): Promise<void> {
  await pool.query(`DELETE FROM "Task" WHERE "orgId" LIKE '${BENCH_ORG_PREFIX}%'`);
  await pool.query(`DELETE FROM "Case" WHERE "orgId" LIKE '${BENCH_ORG_PREFIX}%'`);
}

/** The party name of bench case `n` (unique as a substring: the number is closed by 号). */
export const BENCH_INDUSTRIES = ['化工', '矿业', '烟花爆竹', '危化品运输', '冶金'];
export const benchPartyName = (n: number) => `${BENCH_INDUSTRIES[n % BENCH_INDUSTRIES.length]}有限公司-${n}号`;

// Three years of registrations; open when registered in the last 120 days, else closed; 95% filed;
// a penalty amount in the decision for the dashboard's sums. Org: that of the case's first task.
const CASES = `
INSERT INTO "Case" (id, "orgId", number, procedure, stage, status, "partyKind", "partyName", "partyIdNumber", "catalogItemId", source, facts,
  "occurredAt", "registeredById", "registeredAt", "filedAt", "closedAt", data)
SELECT 'bench-case-' || n, '${BENCH_ORG_PREFIX}' || ((4 * n) % $3), '基准应急立〔2026〕' || n || '号', 'GENERAL',
  CASE WHEN c.reg > now() - interval '120 days' THEN (ARRAY['FILING', 'INVESTIGATION', 'NOTICE', 'DECISION', 'EXECUTION'])[1 + r2 % 5] ELSE 'CLOSED' END,
  CASE WHEN c.reg > now() - interval '120 days' THEN 'OPEN' ELSE 'CLOSED' END,
  'ORG', (ARRAY['${BENCH_INDUSTRIES.join("', '")}'])[1 + n % ${BENCH_INDUSTRIES.length}] || '有限公司-' || n || '号', '91530400MA' || n, 'AQ-099-1', 'INSPECTION', '-',
  c.reg, 'bench', c.reg, CASE WHEN r3 % 20 <> 0 THEN c.reg + interval '1 day' END,
  CASE WHEN c.reg <= now() - interval '120 days' THEN c.reg + (60 + r3 % 60) * interval '1 day' END,
  jsonb_build_object('state', jsonb_build_object('decision', jsonb_build_object('fineFen', (r2 % 100) * 10000)))
FROM generate_series($1::int, $2::int) AS n
CROSS JOIN LATERAL (SELECT abs(hashint4(n)::bigint) AS r1, abs(hashint4(n # 1431655765)::bigint) AS r2, abs(hashint4(n # 858993459)::bigint) AS r3) r
CROSS JOIN LATERAL (SELECT now() - (r1 % (3 * 365 * 1440)) * interval '1 minute' AS reg) c
ON CONFLICT (id) DO NOTHING`;

/**
 * The cases of task rows `from`..`to` (task g belongs to case g/4), before their tasks, so the
 * tasks' trigger finds each case's registration time: what the queue's search and the
 * dashboard read. 1,000,000 tasks make 250,000 cases.
 */
export async function insertQueueCases(pool: pg.Pool, from: number, to: number, orgs: number): Promise<void> {
  const CHUNK = 50_000;
  for (let a = Math.floor(from / 4); a <= Math.floor(to / 4); a += CHUNK) {
    await pool.query(CASES, [a, Math.min(Math.floor(to / 4), a + CHUNK - 1), orgs]);
  }
  await pool.query('VACUUM (ANALYZE) "Case"');
}
