-- Inspections (issue 9): annual plans, 双随机 draws, inspections with hazards, credit records,
-- conflicts of interest and the expert pool. Read models of workflows/annual-plan.ts and
-- workflows/inspection.ts; the workflows write them only through activities/inspections.ts.

-- CreateTable
CREATE TABLE "InspectionPlan" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "keyEnterprises" JSONB NOT NULL DEFAULT '[]',
    "randomChecks" INTEGER NOT NULL,
    "focusIndustries" TEXT[],
    "withExpert" BOOLEAN NOT NULL DEFAULT false,
    "createdById" TEXT NOT NULL,
    "approvedById" TEXT,
    "publishedAt" TIMESTAMP(3),
    "data" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InspectionPlan_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "InspectionPlan_orgId_year_key" ON "InspectionPlan"("orgId", "year");

-- CreateTable
CREATE TABLE "InspectionDraw" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "planId" TEXT,
    "seed" TEXT NOT NULL,
    "inputs" JSONB NOT NULL,
    "result" JSONB NOT NULL,
    "drawnById" TEXT,
    "drawnAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InspectionDraw_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "InspectionDraw_orgId_drawnAt_idx" ON "InspectionDraw"("orgId", "drawnAt");

-- CreateTable
CREATE TABLE "Inspection" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "planId" TEXT,
    "drawId" TEXT,
    "enterpriseId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "scheduledFor" DATE NOT NULL,
    "status" TEXT NOT NULL,
    "officerIds" TEXT[],
    "expertId" TEXT,
    "noticeNumber" TEXT,
    "recordNumber" TEXT,
    "rectifyBy" TIMESTAMP(3),
    "reinspectDueAt" TIMESTAMP(3),
    "suspendedUntil" TIMESTAMP(3),
    "result" TEXT,
    "caseId" TEXT,
    "data" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "Inspection_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Inspection_orgId_status_idx" ON "Inspection"("orgId", "status");

-- CreateIndex
CREATE INDEX "Inspection_planId_idx" ON "Inspection"("planId");

-- CreateIndex
CREATE INDEX "Inspection_enterpriseId_idx" ON "Inspection"("enterpriseId");

-- CreateTable
CREATE TABLE "Hazard" (
    "id" TEXT NOT NULL,
    "inspectionId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "description" TEXT NOT NULL,
    "location" TEXT NOT NULL,
    "major" BOOLEAN NOT NULL DEFAULT false,
    "outsideRemit" BOOLEAN NOT NULL DEFAULT false,
    "toOrgId" TEXT,
    "photoSha256" TEXT[],
    "status" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Hazard_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Hazard_inspectionId_seq_key" ON "Hazard"("inspectionId", "seq");

-- CreateTable
CREATE TABLE "CreditRecord" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "enterpriseId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "sourceRef" TEXT,
    "validFrom" TIMESTAMP(3) NOT NULL,
    "validUntil" TIMESTAMP(3),
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CreditRecord_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CreditRecord_key_key" ON "CreditRecord"("key");

-- CreateIndex
CREATE INDEX "CreditRecord_enterpriseId_idx" ON "CreditRecord"("enterpriseId");

-- CreateTable
CREATE TABLE "ConflictOfInterest" (
    "id" TEXT NOT NULL,
    "officerId" TEXT NOT NULL,
    "enterpriseId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConflictOfInterest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ConflictOfInterest_officerId_enterpriseId_key" ON "ConflictOfInterest"("officerId", "enterpriseId");

-- CreateTable
CREATE TABLE "Expert" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "specialties" TEXT[],
    "active" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "Expert_pkey" PRIMARY KEY ("id")
);
