-- 交叉执法 (issue 21 item 2), hand-written.
--
-- A cross inspection is done by a team of one county (Inspection.orgId) at an enterprise of another,
-- the competent bureau (crossHomeOrgId). Its findings go to that bureau as a CrossFinding, which the
-- bureau closes only with a case (naming the team) or a reason the city accepts.
ALTER TABLE "Inspection" ADD COLUMN "crossHomeOrgId" TEXT;
CREATE INDEX "Inspection_crossHomeOrgId_idx" ON "Inspection"("crossHomeOrgId");

CREATE TABLE "CrossFinding" (
  "id"           TEXT NOT NULL,
  "inspectionId" TEXT NOT NULL,
  "homeOrgId"    TEXT NOT NULL,
  "teamOrgId"    TEXT NOT NULL,
  "officerIds"   TEXT[],
  "enterpriseId" TEXT NOT NULL,
  "recordNumber" TEXT,
  "status"       TEXT NOT NULL,
  "caseId"       TEXT,
  "closeReason"  TEXT,
  "data"         JSONB NOT NULL DEFAULT '{}',
  "createdAt"    TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "closedAt"     TIMESTAMP(3),
  CONSTRAINT "CrossFinding_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "CrossFinding_homeOrgId_status_idx" ON "CrossFinding"("homeOrgId", "status");
CREATE INDEX "CrossFinding_teamOrgId_idx" ON "CrossFinding"("teamOrgId");
