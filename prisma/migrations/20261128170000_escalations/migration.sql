-- 逾期升级 (issue 8): the near-due warning on a task, and one row per escalation of an
-- overdue step with its outcome (the read model the oversight dashboard and evaluation count).

-- AlterTable
ALTER TABLE "Task" ADD COLUMN "warnedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "Escalation" (
    "id" TEXT NOT NULL,
    "taskId" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "caseId" TEXT,
    "orgId" TEXT NOT NULL,
    "toOrgId" TEXT NOT NULL,
    "toRole" TEXT NOT NULL,
    "level" INTEGER NOT NULL,
    "step" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "raisedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMP(3),
    "outcome" TEXT,
    "actorId" TEXT,
    "comment" TEXT,

    CONSTRAINT "Escalation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Escalation_orgId_raisedAt_idx" ON "Escalation"("orgId", "raisedAt");

-- CreateIndex
CREATE INDEX "Escalation_toOrgId_resolvedAt_idx" ON "Escalation"("toOrgId", "resolvedAt");

-- CreateIndex
CREATE INDEX "Escalation_taskId_idx" ON "Escalation"("taskId");

-- CreateIndex
CREATE INDEX "Escalation_caseId_idx" ON "Escalation"("caseId");
