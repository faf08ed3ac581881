-- 联合执法 (issue 21 item 3): the other internal units and departments that take part in an
-- inspection, and each one's signature of the 现场检查记录 (on site or in its portal).
CREATE TABLE "InspectionParticipant" (
    "id" TEXT NOT NULL,
    "inspectionId" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "unit" TEXT,
    "officerIds" TEXT[],
    "signedById" TEXT,
    "signedAt" TIMESTAMP(3),
    "signedVia" TEXT,
    "signatureSha256" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "InspectionParticipant_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "InspectionParticipant_inspectionId_orgId_key" ON "InspectionParticipant"("inspectionId", "orgId");
CREATE INDEX "InspectionParticipant_orgId_idx" ON "InspectionParticipant"("orgId");

-- A plan's scheduled check that a joint inspection already made (one visit serves every
-- participating plan): the plan does not send a second visit. One check per inspection and plan.
CREATE TABLE "PlanCheckCover" (
    "planId" TEXT NOT NULL,
    "ref" TEXT NOT NULL,
    "inspectionId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PlanCheckCover_pkey" PRIMARY KEY ("planId", "ref")
);
CREATE UNIQUE INDEX "PlanCheckCover_planId_inspectionId_key" ON "PlanCheckCover"("planId", "inspectionId");

-- Visit frequency (issue 21 item 5): the rolling count per enterprise reads every org's inspections.
CREATE INDEX "Inspection_enterpriseId_scheduledFor_idx" ON "Inspection"("enterpriseId", "scheduledFor");
