-- CreateTable
CREATE TABLE "Delegation" (
    "id" TEXT NOT NULL,
    "countyOrgId" TEXT NOT NULL,
    "townshipOrgId" TEXT NOT NULL,
    "itemCodes" TEXT[],
    "officerIds" TEXT[],
    "startDate" TEXT NOT NULL,
    "endDate" TEXT NOT NULL,
    "samplePercent" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "renewsId" TEXT,
    "letterNumber" TEXT,
    "disclosedAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),
    "data" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Delegation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DelegatedMatter" (
    "id" TEXT NOT NULL,
    "delegationId" TEXT NOT NULL,
    "countyOrgId" TEXT NOT NULL,
    "townshipOrgId" TEXT NOT NULL,
    "catalogItemCode" TEXT NOT NULL,
    "partyName" TEXT NOT NULL,
    "location" TEXT NOT NULL,
    "facts" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "outcome" TEXT,
    "caseId" TEXT,
    "dueAt" TIMESTAMP(3),
    "overdue" BOOLEAN NOT NULL DEFAULT false,
    "reviewResult" TEXT,
    "correctedAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "data" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DelegatedMatter_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Delegation_countyOrgId_status_idx" ON "Delegation"("countyOrgId", "status");

-- CreateIndex
CREATE INDEX "Delegation_townshipOrgId_status_idx" ON "Delegation"("townshipOrgId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "DelegatedMatter_caseId_key" ON "DelegatedMatter"("caseId");

-- CreateIndex
CREATE INDEX "DelegatedMatter_delegationId_status_idx" ON "DelegatedMatter"("delegationId", "status");

-- CreateIndex
CREATE INDEX "DelegatedMatter_townshipOrgId_status_idx" ON "DelegatedMatter"("townshipOrgId", "status");

-- CreateIndex
CREATE INDEX "DelegatedMatter_countyOrgId_status_idx" ON "DelegatedMatter"("countyOrgId", "status");
