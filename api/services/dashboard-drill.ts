import { z } from 'zod';
import { Prisma } from '../../generated/prisma/client.ts';
import type { Actor } from '../../workflows/messages.ts';
import type { AppDeps } from '../deps.ts';
import { forbidden } from '../errors.ts';
import { STAGE_LABELS as STAGES, taskKindLabel } from '../labels.ts';
import { NEAR_DUE_MS, ts, type MetricParams } from './dashboard-queries.ts';
import { dashboardQuery, dashboardScope } from './dashboard-scope.ts';

// Drill-down from a dashboard cell to the cases (and steps) behind it, with the same WHERE shape
// (and so the same indexes) as the figure, limited to the first LIMIT rows.
const LIMIT = 200;
const id = z.string().trim().min(1).max(128);
export const drillQuery = dashboardQuery.extend({
  view: z.enum(['open', 'due', 'completed', 'penalties', 'escalated'], { error: '未知的明细类型' }).default('open'),
  at: id.optional(),
  stage: id.optional(),
  kind: id.optional(),
  item: id.optional(),
}).strict();
export type DrillQuery = z.infer<typeof drillQuery>;

export interface DrillRow {
  caseId: string | null; caseNumber: string | null; partyName: string | null; orgId: string;
  taskId: string | null; what: string; at: Date | null; hours: number | null;
}

const TITLES: Record<DrillQuery['view'], string> = {
  open: '在办案件', due: '超期和临近期限的环节', completed: '期间内办结的环节（用时最长的在前）', penalties: '期间内的处罚决定', escalated: '升级督办的环节',
};

/** The SQL behind one drill-down: the figure's WHERE clause for the given orgs and period, first LIMIT rows.
 * Every ORDER BY ends on the row's id so rows created in one statement (same timestamp) list in a stable order. */
export function drillSql(q: Pick<DrillQuery, 'view' | 'stage' | 'kind' | 'item'>, p: MetricParams): Prisma.Sql {
  const { orgIds } = p;
  const kind = q.kind ? Prisma.sql`AND t."kind" = ${q.kind}` : Prisma.empty;
  const period = (col: Prisma.Sql) => Prisma.sql`${col} >= ${ts(p.start)} AND ${col} < ${ts(p.end)}`;
  const taskCols = Prisma.sql`t."caseId", c."number" AS "caseNumber", c."partyName", t."orgId", t."id" AS "taskId", t."title" AS "what"`;
  return {
    open: Prisma.sql`SELECT c."id" AS "caseId", c."number" AS "caseNumber", c."partyName", c."orgId", NULL AS "taskId", c."stage" AS "what",
        c."registeredAt" AS "at", NULL::float8 AS "hours"
      FROM "Case" c WHERE c."orgId" = ANY(${orgIds}::text[]) AND c."status" = 'OPEN' ${q.stage ? Prisma.sql`AND c."stage" = ${q.stage}` : Prisma.empty}
      ORDER BY c."registeredAt", c."id" LIMIT ${LIMIT}`,
    due: Prisma.sql`SELECT ${taskCols}, t."dueAt" AS "at", NULL::float8 AS "hours"
      FROM "Task" t LEFT JOIN "Case" c ON c."id" = t."caseId"
      WHERE t."status" = 'OPEN' AND t."orgId" = ANY(${orgIds}::text[]) AND t."dueAt" < ${ts(new Date(p.now.getTime() + NEAR_DUE_MS))} ${kind}
      ORDER BY t."dueAt", t."id" LIMIT ${LIMIT}`,
    completed: Prisma.sql`SELECT ${taskCols}, t."completedAt" AS "at",
        round((extract(epoch FROM t."completedAt" - t."createdAt") / 3600)::numeric, 2)::float8 AS "hours"
      FROM "Task" t LEFT JOIN "Case" c ON c."id" = t."caseId"
      WHERE t."status" = 'COMPLETED' AND t."orgId" = ANY(${orgIds}::text[]) AND ${period(Prisma.sql`t."completedAt"`)} ${kind}
      ORDER BY 8 DESC, t."id" LIMIT ${LIMIT}`,
    // The newest decisions come from the covering index alone; only those LIMIT rows are read in full.
    penalties: Prisma.sql`SELECT c."id" AS "caseId", c."number" AS "caseNumber", c."partyName", d."orgId", NULL AS "taskId",
        d."decisionNumber" || '　' || d."penalty" AS "what", d."decidedAt" AS "at", NULL::float8 AS "hours"
      FROM (SELECT "caseId", "decidedAt" FROM "Disclosure"
        WHERE "orgId" = ANY(${orgIds}::text[]) AND ${period(Prisma.sql`"decidedAt"`)} ${q.item ? Prisma.sql`AND "catalogItemId" = ${q.item}` : Prisma.empty}
        ORDER BY "decidedAt" DESC, "caseId" LIMIT ${LIMIT}) top
      JOIN "Disclosure" d ON d."caseId" = top."caseId" JOIN "Case" c ON c."id" = top."caseId"
      ORDER BY top."decidedAt" DESC, top."caseId"`,
    escalated: Prisma.sql`SELECT ${taskCols}, t."escalatedAt" AS "at", NULL::float8 AS "hours"
      FROM "Task" t LEFT JOIN "Case" c ON c."id" = t."caseId"
      WHERE t."escalationLevel" > 0 AND t."orgId" = ANY(${orgIds}::text[])
        AND (t."status" = 'OPEN' OR (${period(Prisma.sql`t."escalatedAt"`)})) ${kind}
      ORDER BY t."escalatedAt" DESC NULLS LAST, t."id" LIMIT ${LIMIT}`,
  }[q.view];
}

export async function dashboardDrill(deps: Pick<AppDeps, 'prisma'>, actor: Actor, q: DrillQuery, now = new Date()) {
  const scope = await dashboardScope(deps, actor, { from: q.from, to: q.to, org: q.org }, now);
  if (q.at && !scope.orgIds.includes(q.at)) throw forbidden('无权查看该机构的数据');
  const sql = drillSql(q, { orgIds: q.at ? [q.at] : scope.orgIds, start: scope.start, end: scope.end, now: scope.now });
  const rows = await deps.prisma.$queryRaw<DrillRow[]>(sql);
  const names = new Map(scope.visible.map((o) => [o.id, o.shortName]));
  const label = q.view === 'open' ? (s: string) => STAGES[s] ?? s : (s: string) => s;
  return {
    title: TITLES[q.view], from: scope.from, to: scope.to, limit: LIMIT,
    filter: { org: q.org ?? null, at: q.at ? names.get(q.at) ?? q.at : null, stage: q.stage ? STAGES[q.stage] ?? q.stage : null,
      kind: q.kind ? taskKindLabel(q.kind) : null, item: q.item ?? null },
    items: rows.map((r) => ({ ...r, what: label(r.what), orgName: names.get(r.orgId) ?? r.orgId,
      href: r.caseId ? `/cases/${encodeURIComponent(r.caseId)}` : r.taskId ? `/tasks/${encodeURIComponent(r.taskId)}` : null })),
  };
}
