-- 执法培训 (issue 8, workforce)
CREATE TABLE "Training" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "course" TEXT NOT NULL,
    "hours" DECIMAL(6,1) NOT NULL,
    "date" DATE NOT NULL,
    "recordedById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Training_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Training_userId_course_date_key" ON "Training"("userId", "course", "date");

-- CreateIndex
CREATE INDEX "Training_orgId_date_idx" ON "Training"("orgId", "date");

-- 公示 deadline (DISCLOSURE row) recorded with each published decision
ALTER TABLE "Disclosure" ADD COLUMN "publishDueAt" TIMESTAMP(3);
