-- 提级管辖 / 指定管辖 (issue 21 item 4), hand-written.
--
-- A running case can change its handling bureau: the city takes a county's case up (安全生产违法行为
-- 行政处罚办法 Art 11 ①), a county asks it to (Art 11 ②), or the common superior assigns a case
-- to one county (行政处罚法 Art 25 ②; the 办法 Art 8 ②). "Case"."orgId" is the bureau that handles
-- it now; each move is one row here, so the bureaus that handled it before still find it (read
-- only) and the case page tells the story. The id is the workflow's key of the move: written once.
CREATE TABLE "CaseJurisdiction" (
  "id"           TEXT NOT NULL,
  "caseId"       TEXT NOT NULL,
  "kind"         TEXT NOT NULL,
  "fromOrgId"    TEXT NOT NULL,
  "toOrgId"      TEXT NOT NULL,
  "reason"       TEXT NOT NULL,
  "decidedById"  TEXT NOT NULL,
  "requestedById" TEXT,
  "at"           TIMESTAMP(3) NOT NULL,
  CONSTRAINT "CaseJurisdiction_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "CaseJurisdiction_caseId_idx" ON "CaseJurisdiction" ("caseId");
CREATE INDEX "CaseJurisdiction_fromOrgId_idx" ON "CaseJurisdiction" ("fromOrgId");
