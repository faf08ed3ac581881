-- CreateTable
CREATE TABLE "Transfer" (
    "id" TEXT NOT NULL,
    "caseId" TEXT,
    "fromOrgId" TEXT NOT NULL,
    "psbOrgId" TEXT NOT NULL,
    "procuratorateOrgId" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "partyName" TEXT NOT NULL,
    "letterNumber" TEXT,
    "stepDueAt" TIMESTAMP(3),
    "overdueSteps" INTEGER NOT NULL DEFAULT 0,
    "data" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "Transfer_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Transfer_fromOrgId_status_idx" ON "Transfer"("fromOrgId", "status");

-- CreateIndex
CREATE INDEX "Transfer_psbOrgId_status_idx" ON "Transfer"("psbOrgId", "status");

-- CreateIndex
CREATE INDEX "Transfer_procuratorateOrgId_idx" ON "Transfer"("procuratorateOrgId");

-- CreateIndex
CREATE INDEX "Transfer_caseId_idx" ON "Transfer"("caseId");
