import { Prisma } from '../../generated/prisma/client.ts';

// The oversight dashboard's figures, each one SQL statement over the read model for one org set
// and one period; the database aggregates, the API only labels. Each statement has an index
// (migration 20261128171000_dashboard_indexes) and test/integration/dashboard-plans.test.ts
// checks the plans at a million tasks — keep the WHERE clauses index-shaped when editing.

export interface MetricParams {
  orgIds: string[];
  /** inclusive */
  start: Date;
  /** exclusive */
  end: Date;
  now: Date;
}

// "Near due" is the same window as the 期限督办 page (api/services/supervision.ts): two days.
export const NEAR_DUE_MS = 2 * 86_400_000;

/**
 * An instant as the read model stores it: Prisma keeps DateTime as timestamp(3) in UTC wall time. An
 * explicit timestamp literal keeps the comparison index-shaped and independent of the session time zone.
 */
export const ts = (d: Date) => Prisma.sql`${d.toISOString().slice(0, 23).replace('T', ' ')}::timestamp`;
const month = (col: Prisma.Sql) => Prisma.sql`to_char((${col} AT TIME ZONE 'UTC') AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')`;
const hours = (v: Prisma.Sql) => Prisma.sql`round((${v} / 3600)::numeric, 2)::float8`;
const rate = (part: Prisma.Sql, whole: Prisma.Sql) => Prisma.sql`round(${part}::numeric / nullif(${whole}, 0), 4)::float8`;
const fineFen = Prisma.sql`(c."data" #>> '{state,decision,fineFen}')::numeric`;

export const METRIC_SQL = {
  /** Cases open now, by org and stage (a snapshot: the read model keeps no stage history). */
  openCases: (p: MetricParams) => Prisma.sql`
    SELECT "orgId", "stage", count(*)::int AS "open"
    FROM "Case" WHERE "orgId" = ANY(${p.orgIds}::text[]) AND "status" = 'OPEN'
    GROUP BY 1, 2 ORDER BY 1, 2`,

  /** Open steps past their limit or within two days of it, by org and task kind. */
  dueSteps: (p: MetricParams) => Prisma.sql`
    SELECT "orgId", "kind", count(*) FILTER (WHERE "dueAt" < ${ts(p.now)})::int AS "overdue",
      count(*) FILTER (WHERE "dueAt" >= ${ts(p.now)})::int AS "nearDue"
    FROM "Task" WHERE "status" = 'OPEN' AND "orgId" = ANY(${p.orgIds}::text[])
      AND "dueAt" < ${ts(new Date(p.now.getTime() + NEAR_DUE_MS))}
    GROUP BY 1, 2 ORDER BY 1, 2`,

  /**
   * Steps completed in the period: count, mean and 90th percentile of created→completed, and how many after their due time.
   * Exact at any size, in one pass over the covering index: the groups are hashed (each collects its step times), and only
   * each group's own times are sorted for the percentile — a GROUP BY with percentile_cont would sort every row of the
   * period by kind first (an on-disk sort at 200k steps). date_part gives float8 seconds: extract() would give numeric,
   * several times slower to average and sort, and percentile_cont works in float8 anyway.
   */
  stepTimes: (p: MetricParams) => Prisma.sql`
    SELECT g."kind", g."deadlineId", g."completed", ${hours(Prisma.sql`g."avgSeconds"`)} AS "avgHours",
      ${hours(Prisma.sql`t."p90Seconds"`)} AS "p90Hours", g."late", ${rate(Prisma.sql`g."late"`, Prisma.sql`g."due"`)} AS "lateRate"
    FROM (
      SELECT "kind", "deadlineId", count(*)::int AS "completed", avg(date_part('epoch', "completedAt" - "createdAt")) AS "avgSeconds",
        array_agg(date_part('epoch', "completedAt" - "createdAt")) AS "seconds",
        count(*) FILTER (WHERE "completedAt" > "dueAt")::int AS "late", count(*) FILTER (WHERE "dueAt" IS NOT NULL)::int AS "due"
      FROM "Task" WHERE "status" = 'COMPLETED' AND "orgId" = ANY(${p.orgIds}::text[])
        AND "completedAt" >= ${ts(p.start)} AND "completedAt" < ${ts(p.end)}
      GROUP BY 1, 2) g
    CROSS JOIN LATERAL (SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY s) AS "p90Seconds" FROM unnest(g."seconds") s) t
    ORDER BY 1, 2`,

  /** Cases filed (立案) per Beijing month of the period. */
  filedByMonth: (p: MetricParams) => Prisma.sql`
    SELECT ${month(Prisma.sql`"filedAt"`)} AS "month", count(*)::int AS "n"
    FROM "Case" WHERE "orgId" = ANY(${p.orgIds}::text[]) AND "filedAt" >= ${ts(p.start)} AND "filedAt" < ${ts(p.end)}
    GROUP BY 1 ORDER BY 1`,

  /** Penalty decisions per Beijing month (every penalty decision is disclosed, 国办发〔2018〕118号). */
  decidedByMonth: (p: MetricParams) => Prisma.sql`
    SELECT ${month(Prisma.sql`"decidedAt"`)} AS "month", count(*)::int AS "n"
    FROM "Disclosure" WHERE "orgId" = ANY(${p.orgIds}::text[]) AND "decidedAt" >= ${ts(p.start)} AND "decidedAt" < ${ts(p.end)}
    GROUP BY 1 ORDER BY 1`,

  /**
   * Penalty decisions of the period by catalog item: how many, fines in force, and how many were withdrawn (revoked).
   * The fine lives in the case's state; the LIMIT keeps the lookup a per-decision primary-key probe
   * instead of a hash join over every case.
   */
  penalties: (p: MetricParams) => Prisma.sql`
    SELECT d."catalogItemId", count(*)::int AS "decisions",
      count(*) FILTER (WHERE d."withdrawnAt" IS NOT NULL)::int AS "withdrawn",
      count(*) FILTER (WHERE f."fen" > 0)::int AS "fines",
      coalesce(round(sum(f."fen") FILTER (WHERE d."withdrawnAt" IS NULL)), 0)::bigint AS "totalFen",
      coalesce(round(max(f."fen")), 0)::bigint AS "maxFen"
    FROM "Disclosure" d
    LEFT JOIN LATERAL (SELECT ${fineFen} AS "fen" FROM "Case" c WHERE c."id" = d."caseId" LIMIT 1) f ON true
    WHERE d."orgId" = ANY(${p.orgIds}::text[]) AND d."decidedAt" >= ${ts(p.start)} AND d."decidedAt" < ${ts(p.end)}
    GROUP BY 1 ORDER BY 2 DESC, 1`,

  /** 行刑衔接 started in the period, by org and state. */
  transfers: (p: MetricParams) => Prisma.sql`
    SELECT "fromOrgId" AS "orgId", "status", count(*)::int AS "n", sum("overdueSteps")::int AS "overdueSteps"
    FROM "Transfer" WHERE "fromOrgId" = ANY(${p.orgIds}::text[]) AND "createdAt" >= ${ts(p.start)} AND "createdAt" < ${ts(p.end)}
    GROUP BY 1, 2 ORDER BY 1, 2`,

  /** 移交有关部门 started in the period, by org and state. */
  referrals: (p: MetricParams) => Prisma.sql`
    SELECT "fromOrgId" AS "orgId", "status", count(*)::int AS "n"
    FROM "Referral" WHERE "fromOrgId" = ANY(${p.orgIds}::text[]) AND "createdAt" >= ${ts(p.start)} AND "createdAt" < ${ts(p.end)}
    GROUP BY 1, 2 ORDER BY 1, 2`,

  /** 行政复议 decided in the period against the orgs' decisions: outcomes and the upheld / revoked rates (orgId NULL = total). */
  reconsiderations: (p: MetricParams) => Prisma.sql`
    SELECT "respondentOrgId" AS "orgId", count(*)::int AS "decided",
      count(*) FILTER (WHERE "outcome" = 'UPHOLD')::int AS "upheld",
      count(*) FILTER (WHERE "outcome" = 'REVOKE')::int AS "revoked",
      count(*) FILTER (WHERE "outcome" = 'CHANGE')::int AS "changed",
      count(*) FILTER (WHERE "outcome" = 'DECLARE_UNLAWFUL')::int AS "unlawful",
      count(*) FILTER (WHERE "outcome" = 'DISMISS')::int AS "dismissed",
      ${rate(Prisma.sql`count(*) FILTER (WHERE "outcome" = 'UPHOLD')`, Prisma.sql`count(*)`)} AS "upheldRate",
      ${rate(Prisma.sql`count(*) FILTER (WHERE "outcome" = 'REVOKE')`, Prisma.sql`count(*)`)} AS "revokedRate"
    FROM "Reconsideration" WHERE "respondentOrgId" = ANY(${p.orgIds}::text[]) AND "outcome" IS NOT NULL
      AND "decidedAt" >= ${ts(p.start)} AND "decidedAt" < ${ts(p.end)}
    GROUP BY ROLLUP ("respondentOrgId") ORDER BY 1 NULLS LAST`,

  /** Delegated matters closed in the period, by township: the county's review results (townshipOrgId NULL = total). */
  delegationReviews: (p: MetricParams) => Prisma.sql`
    SELECT "townshipOrgId" AS "orgId", count(*)::int AS "closed",
      count(*) FILTER (WHERE "reviewResult" IS NOT NULL)::int AS "reviewed",
      count(*) FILTER (WHERE "reviewResult" = 'PASSED')::int AS "passed",
      count(*) FILTER (WHERE "reviewResult" = 'FAILED')::int AS "failed",
      count(*) FILTER (WHERE "reviewResult" = 'FAILED' AND "correctedAt" IS NOT NULL)::int AS "corrected",
      count(*) FILTER (WHERE "overdue")::int AS "overdue",
      ${rate(Prisma.sql`count(*) FILTER (WHERE "reviewResult" = 'PASSED')`, Prisma.sql`count(*) FILTER (WHERE "reviewResult" IS NOT NULL)`)} AS "passRate"
    FROM "DelegatedMatter"
    WHERE ("townshipOrgId" = ANY(${p.orgIds}::text[]) OR "countyOrgId" = ANY(${p.orgIds}::text[]))
      AND "closedAt" >= ${ts(p.start)} AND "closedAt" < ${ts(p.end)}
    GROUP BY ROLLUP ("townshipOrgId") ORDER BY 1 NULLS LAST`,

  /** Steps escalated and still open now, by org (Task.escalationLevel, as the 期限督办 page shows them). */
  escalatedSteps: (p: MetricParams) => Prisma.sql`
    SELECT "orgId", count(*)::int AS "openNow", max("escalationLevel")::int AS "maxLevel"
    FROM "Task" WHERE "escalationLevel" > 0 AND "status" = 'OPEN' AND "orgId" = ANY(${p.orgIds}::text[])
    GROUP BY 1 ORDER BY 1`,

  /** The escalation read model (one row per escalation): raised in the period, unresolved now, and how those of the period ended. */
  escalations: (p: MetricParams) => Prisma.sql`
    SELECT "orgId",
      count(*) FILTER (WHERE "raisedAt" >= ${ts(p.start)} AND "raisedAt" < ${ts(p.end)})::int AS "raised",
      count(*) FILTER (WHERE "resolvedAt" IS NULL)::int AS "unresolved",
      count(*) FILTER (WHERE "raisedAt" >= ${ts(p.start)} AND "raisedAt" < ${ts(p.end)} AND "outcome" IN ('REASSIGNED', 'EXTENDED', 'TAKEN_OVER', 'COMMENTED'))::int AS "handled",
      count(*) FILTER (WHERE "raisedAt" >= ${ts(p.start)} AND "raisedAt" < ${ts(p.end)} AND "outcome" = 'ESCALATED')::int AS "passedUp",
      count(*) FILTER (WHERE "raisedAt" >= ${ts(p.start)} AND "raisedAt" < ${ts(p.end)} AND "outcome" IN ('STEP_DONE', 'STEP_CLOSED'))::int AS "overtaken",
      max("level")::int AS "maxLevel"
    FROM "Escalation" WHERE "orgId" = ANY(${p.orgIds}::text[])
      AND ("resolvedAt" IS NULL OR ("raisedAt" >= ${ts(p.start)} AND "raisedAt" < ${ts(p.end)}))
    GROUP BY 1 ORDER BY 1`,
} as const;

export type MetricName = keyof typeof METRIC_SQL;
