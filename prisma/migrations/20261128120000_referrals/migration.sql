-- CreateTable
CREATE TABLE "Referral" (
    "id" TEXT NOT NULL,
    "caseId" TEXT,
    "fromOrgId" TEXT NOT NULL,
    "toOrgId" TEXT NOT NULL,
    "enterpriseId" TEXT,
    "hazard" TEXT NOT NULL,
    "location" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "urgent" BOOLEAN NOT NULL DEFAULT false,
    "status" TEXT NOT NULL,
    "letterNumber" TEXT,
    "signDueAt" TIMESTAMP(3),
    "resultDueAt" TIMESTAMP(3),
    "signedAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "data" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Referral_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Referral_toOrgId_status_idx" ON "Referral"("toOrgId", "status");

-- CreateIndex
CREATE INDEX "Referral_fromOrgId_status_idx" ON "Referral"("fromOrgId", "status");

-- CreateIndex
CREATE INDEX "Referral_caseId_idx" ON "Referral"("caseId");
