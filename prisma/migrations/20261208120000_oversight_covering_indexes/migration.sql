-- Oversight figures answered from the index alone (issue 18, bench 6e; hand-written: Prisma's
-- schema cannot express partial covering indexes). EXPLAIN at 1M tasks / 250k cases showed both
-- as bitmap heap scans visiting one heap page per row (27,000 pages for 期限督办's 34,000 open
-- steps near their limit, 9,000 for the 27,000 open cases).

-- Open steps by due date: 超期和临近期限的环节 (dashboard dueSteps, grouped by kind) and the
-- 期限督办 list and counts (supervision.ts: due date, or already warned). Same keys as before,
-- with the step kind and warning time carried in the index.
DROP INDEX "Task_open_queue_idx";
CREATE INDEX "Task_open_queue_idx" ON "Task" ("orgId", "dueAt", "createdAt")
  INCLUDE ("candidateRoles", "claimedById", "kind", "warnedAt") WHERE "status" = 'OPEN';

-- Open cases by org and stage (在办案件（按阶段）).
CREATE INDEX "Case_open_stage_idx" ON "Case" ("orgId", "stage") WHERE "status" = 'OPEN';
