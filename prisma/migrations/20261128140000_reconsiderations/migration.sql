-- CreateTable
CREATE TABLE "Reconsideration" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "organId" TEXT NOT NULL,
    "respondentOrgId" TEXT NOT NULL,
    "decisionNumber" TEXT NOT NULL,
    "applicantName" TEXT NOT NULL,
    "via" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "simplified" BOOLEAN NOT NULL DEFAULT false,
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "acceptedAt" TIMESTAMP(3),
    "answerDueAt" TIMESTAMP(3),
    "answeredAt" TIMESTAMP(3),
    "decisionDueAt" TIMESTAMP(3),
    "decidedAt" TIMESTAMP(3),
    "outcome" TEXT,
    "litigationDueAt" TIMESTAMP(3),
    "data" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Reconsideration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Refund" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "channel" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "requestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Refund_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Reconsideration_organId_status_idx" ON "Reconsideration"("organId", "status");

-- CreateIndex
CREATE INDEX "Reconsideration_respondentOrgId_status_idx" ON "Reconsideration"("respondentOrgId", "status");

-- CreateIndex
CREATE INDEX "Reconsideration_caseId_idx" ON "Reconsideration"("caseId");

-- CreateIndex
CREATE UNIQUE INDEX "Refund_key_key" ON "Refund"("key");

-- CreateIndex
CREATE INDEX "Refund_caseId_idx" ON "Refund"("caseId");
