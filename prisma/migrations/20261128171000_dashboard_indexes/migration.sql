-- Oversight dashboard (issue 8; hand-written: Prisma's schema cannot express partial covering indexes).
-- Each dashboard figure reads one org set over one period; these indexes let PostgreSQL answer
-- them from the index (test/integration/dashboard-plans.test.ts checks the plans at 1M tasks).

-- Time per step: completed tasks of the orgs by completion time, with everything the
-- average / 90th percentile / lateness need, so the scan never touches the heap.
CREATE INDEX "Task_completed_dashboard_idx" ON "Task" ("orgId", "completedAt")
  INCLUDE ("kind", "deadlineId", "createdAt", "dueAt") WHERE "status" = 'COMPLETED';

-- Escalations: the few escalated tasks of the orgs, open now or escalated in the period.
CREATE INDEX "Task_escalated_dashboard_idx" ON "Task" ("orgId", "escalatedAt")
  INCLUDE ("status", "escalationLevel", "kind") WHERE "escalationLevel" > 0;

-- Cases filed per month.
CREATE INDEX "Case_orgId_filedAt_idx" ON "Case" ("orgId", "filedAt");

-- Penalty decisions per month and by catalog item, answered from the index (the fine is looked up per decision).
CREATE INDEX "Disclosure_dashboard_idx" ON "Disclosure" ("orgId", "decidedAt")
  INCLUDE ("catalogItemId", "caseId", "withdrawnAt");

-- Reconsideration outcomes by decision date; transfers and referrals by when they began.
CREATE INDEX "Reconsideration_respondentOrgId_decidedAt_idx" ON "Reconsideration" ("respondentOrgId", "decidedAt");
CREATE INDEX "Transfer_fromOrgId_createdAt_idx" ON "Transfer" ("fromOrgId", "createdAt");
CREATE INDEX "Referral_fromOrgId_createdAt_idx" ON "Referral" ("fromOrgId", "createdAt");

-- Delegation review results by when the matter was closed.
CREATE INDEX "DelegatedMatter_townshipOrgId_closedAt_idx" ON "DelegatedMatter" ("townshipOrgId", "closedAt");
CREATE INDEX "DelegatedMatter_countyOrgId_closedAt_idx" ON "DelegatedMatter" ("countyOrgId", "closedAt");

-- Escalations (read model of migration 20261128170000): those still unresolved, and those raised in
-- the period, each an index arm of the dashboard's OR.
CREATE INDEX "Escalation_unresolved_dashboard_idx" ON "Escalation" ("orgId") INCLUDE ("level") WHERE "resolvedAt" IS NULL;
CREATE INDEX "Escalation_raisedAt_idx" ON "Escalation" ("raisedAt");
