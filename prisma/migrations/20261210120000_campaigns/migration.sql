-- 专项执法 campaigns (issue 21 item 1), hand-written.
--
-- A campaign is drafted by the city (or a county for its own townships), approved by its head and
-- shared out to the counties; its workflow (`campaign-<id>`) writes these rows. Inspections done for
-- it carry its id, which is what its progress and its summary count.
CREATE TABLE "Campaign" (
  "id"           TEXT NOT NULL,
  "orgId"        TEXT NOT NULL,
  "name"         TEXT NOT NULL,
  "legalBasis"   TEXT NOT NULL,
  "industries"   TEXT[] DEFAULT ARRAY[]::TEXT[],
  "hazardTypes"  TEXT[] DEFAULT ARRAY[]::TEXT[],
  "startDate"    TEXT NOT NULL,
  "endDate"      TEXT NOT NULL,
  "checklist"    JSONB NOT NULL DEFAULT '[]',
  "status"       TEXT NOT NULL,
  "createdById"  TEXT NOT NULL,
  "approvedById" TEXT,
  "warnAt"       TIMESTAMP(3),
  "summaryNumber" TEXT,
  "summary"      JSONB,
  "data"         JSONB NOT NULL DEFAULT '{}',
  "createdAt"    TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "Campaign_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "Campaign_orgId_status_idx" ON "Campaign"("orgId", "status");

-- One county's (or township's) share: a target count or a list of enterprises.
CREATE TABLE "CampaignShare" (
  "campaignId"    TEXT NOT NULL,
  "orgId"         TEXT NOT NULL,
  "target"        INTEGER NOT NULL,
  "enterpriseIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
  "warnedAt"      TIMESTAMP(3),
  "escalatedAt"   TIMESTAMP(3),
  CONSTRAINT "CampaignShare_pkey" PRIMARY KEY ("campaignId", "orgId")
);
CREATE INDEX "CampaignShare_orgId_idx" ON "CampaignShare"("orgId");

ALTER TABLE "Inspection" ADD COLUMN "campaignId" TEXT;
CREATE INDEX "Inspection_campaignId_idx" ON "Inspection"("campaignId");
