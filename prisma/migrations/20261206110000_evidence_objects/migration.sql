-- Evidence in an object store (issue 22): the row keeps the key, size, type and SHA-256;
-- sizes beyond 2 GB need bigint. `content` stays until existing files are copied and verified.
ALTER TABLE "Evidence" ALTER COLUMN "size" TYPE BIGINT;
ALTER TABLE "Evidence" ADD COLUMN "objectKey" TEXT;
ALTER TABLE "Evidence" ADD COLUMN "uploadId" TEXT;
ALTER TABLE "Evidence" ADD COLUMN "taskId" TEXT;
ALTER TABLE "Evidence" ADD COLUMN "capturedAt" TIMESTAMP(3);
ALTER TABLE "Evidence" ADD COLUMN "deviceId" TEXT;
ALTER TABLE "Evidence" ADD COLUMN "keptAt" TEXT;
ALTER TABLE "Evidence" ADD COLUMN "custodian" TEXT;
ALTER TABLE "Evidence" ADD COLUMN "recordId" TEXT;
CREATE UNIQUE INDEX "Evidence_uploadId_key" ON "Evidence"("uploadId");

CREATE TABLE "EvidenceUpload" (
    "id" TEXT NOT NULL,
    "uploadedById" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "objectKey" TEXT NOT NULL,
    "size" BIGINT NOT NULL,
    "sha256" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "fileName" TEXT,
    "deviceId" TEXT,
    "finishedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "EvidenceUpload_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "EvidenceUpload_objectKey_key" ON "EvidenceUpload"("objectKey");
CREATE INDEX "EvidenceUpload_uploadedById_idx" ON "EvidenceUpload"("uploadedById");
