-- 抽查 / 评议考核 and 干预留痕 (issue 8)

-- CreateTable
CREATE TABLE "CaseReviewDraw" (
    "id" TEXT NOT NULL,
    "cityOrgId" TEXT NOT NULL,
    "countyOrgId" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "periodFrom" TIMESTAMP(3) NOT NULL,
    "periodTo" TIMESTAMP(3) NOT NULL,
    "seed" TEXT NOT NULL,
    "population" TEXT[],
    "sampleSize" INTEGER NOT NULL,
    "chosen" TEXT[],
    "policy" JSONB NOT NULL,
    "workflowId" TEXT NOT NULL,
    "drawnAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CaseReviewDraw_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CaseReview" (
    "id" TEXT NOT NULL,
    "drawId" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "cityOrgId" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "officerIds" TEXT[],
    "status" TEXT NOT NULL,
    "scores" JSONB,
    "failedItems" TEXT[],
    "reviewedById" TEXT,
    "reviewedAt" TIMESTAMP(3),
    "correctedById" TEXT,
    "correctedAt" TIMESTAMP(3),
    "corrections" JSONB,
    "data" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CaseReview_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InterferenceRecord" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "recordedById" TEXT NOT NULL,
    "officialName" TEXT NOT NULL,
    "officialPosition" TEXT NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "channel" TEXT NOT NULL,
    "request" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InterferenceRecord_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CaseReviewDraw_cityOrgId_countyOrgId_period_key" ON "CaseReviewDraw"("cityOrgId", "countyOrgId", "period");

-- CreateIndex
CREATE UNIQUE INDEX "CaseReview_drawId_caseId_key" ON "CaseReview"("drawId", "caseId");

-- CreateIndex
CREATE INDEX "CaseReview_orgId_period_idx" ON "CaseReview"("orgId", "period");

-- CreateIndex
CREATE INDEX "CaseReview_period_status_idx" ON "CaseReview"("period", "status");

-- CreateIndex
CREATE INDEX "CaseReview_caseId_idx" ON "CaseReview"("caseId");

-- CreateIndex
CREATE INDEX "InterferenceRecord_orgId_recordedAt_idx" ON "InterferenceRecord"("orgId", "recordedAt");

-- CreateIndex
CREATE INDEX "InterferenceRecord_caseId_idx" ON "InterferenceRecord"("caseId");

-- 干预留痕 is a record of what happened: nobody — not the application, not a DBA's stray UPDATE —
-- may change or remove it (reject_change() is defined in the init migration).
CREATE TRIGGER interference_record_append_only BEFORE UPDATE OR DELETE ON "InterferenceRecord"
  FOR EACH ROW EXECUTE FUNCTION reject_change();
CREATE TRIGGER interference_record_no_truncate BEFORE TRUNCATE ON "InterferenceRecord"
  FOR EACH STATEMENT EXECUTE FUNCTION reject_change();

-- A recorded draw is the evidence that the sample was random: it never changes either.
CREATE TRIGGER case_review_draw_append_only BEFORE UPDATE OR DELETE ON "CaseReviewDraw"
  FOR EACH ROW EXECUTE FUNCTION reject_change();
