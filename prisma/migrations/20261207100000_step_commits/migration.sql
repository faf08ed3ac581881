-- One transition, one transaction (issue 18 items 1 and 8), hand-written.
--
-- 1. StepCommit: the record that a workflow step's effects committed, keyed by workflow id +
--    step (the Update id for a person's step). It is inserted in the same transaction as the
--    effects, so a retried activity either finds it (and answers with the stored result) or
--    finds nothing at all of its step.
-- 2. CaseAction: every step of a case, in order, for as long as the case exists (it used to be
--    the last 200 keys in Case.data.actions, rewritten by read-merge-write). One row per step;
--    the unique key makes a retried step a no-op without reading anything first.

CREATE TABLE "StepCommit" (
  "key"    TEXT NOT NULL,
  "result" JSONB NOT NULL DEFAULT '[]',
  "at"     TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "StepCommit_pkey" PRIMARY KEY ("key")
);

CREATE TABLE "CaseAction" (
  "id"     BIGSERIAL NOT NULL,
  "caseId" TEXT NOT NULL,
  "key"    TEXT NOT NULL,
  "action" TEXT NOT NULL,
  "stage"  TEXT,
  "data"   JSONB NOT NULL DEFAULT '{}',
  "at"     TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "CaseAction_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "CaseAction_caseId_key_key" ON "CaseAction"("caseId", "key");
CREATE INDEX "CaseAction_caseId_id_idx" ON "CaseAction"("caseId", "id");

-- The keys kept so far (at most the last 200 per case) carry over, so no step is recorded twice.
INSERT INTO "CaseAction" ("caseId", "key", "action", "stage")
SELECT c."id", k.key, split_part(k.key, '@', 1), c."stage"
FROM "Case" c, jsonb_array_elements_text(COALESCE(c."data"->'actions', '[]'::jsonb)) AS k(key)
ON CONFLICT DO NOTHING;
