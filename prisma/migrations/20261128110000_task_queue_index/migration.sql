-- Work queue (Zhifa, hand-written; Prisma's schema cannot express a partial covering index).
-- The queue and its overdue count read only open tasks of one org by due date; with the roles
-- and claimant in the index both counts and the page are answered from the index alone
-- (BENCHMARKS.md: the counts were 98 % of database time at 1M tasks).
CREATE INDEX "Task_open_queue_idx" ON "Task" ("orgId", "dueAt", "createdAt")
  INCLUDE ("candidateRoles", "claimedById") WHERE "status" = 'OPEN';
