-- 全过程音像记录 per step (issue 22): a recording uploaded for a step that has no case yet
-- (现场检查 of an inspection) names its step; a step whose recording could not be made carries
-- the reason, approved by the team leader. One exemption per step.
ALTER TABLE "EvidenceUpload" ADD COLUMN "taskId" TEXT;
CREATE INDEX "EvidenceUpload_taskId_idx" ON "EvidenceUpload"("taskId");

CREATE TABLE "RecordingExemption" (
    "id" TEXT NOT NULL,
    "taskId" TEXT NOT NULL,
    "caseId" TEXT,
    "orgId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "explanation" TEXT NOT NULL,
    "requestedById" TEXT NOT NULL,
    "requestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "approvedById" TEXT,
    "approvedAt" TIMESTAMP(3),
    CONSTRAINT "RecordingExemption_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "RecordingExemption_taskId_key" ON "RecordingExemption"("taskId");
CREATE INDEX "RecordingExemption_caseId_idx" ON "RecordingExemption"("caseId");
