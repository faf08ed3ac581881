-- Work queue (issue 17 item 6), hand-written.
--
-- 1. The due date a person works to. A step without a limit of its own (调查取证) works to the
--    case's decision clock (行政处罚法 2021 第六十条, Case.data.state.decisionClock) until the
--    decision is made; while the clock is paused for 检测、检验、检疫、鉴定 nothing is due. The
--    queue filters and sorts on this date, so it is a column kept by triggers: a join to Case
--    could not be read in due order from an index at a million tasks.
-- 2. The case's registration time (登记), for "sort by registration"; tasks of no case use their own.
-- 3. Partial covering indexes for the open queue in both orders, and trigram indexes for the
--    search by case number or party name.
-- 4. Saved queue views per user (QueueView).

ALTER TABLE "Task" ADD COLUMN "effectiveDueAt" TIMESTAMP(3), ADD COLUMN "registeredAt" TIMESTAMP(3);

-- The decision limit the case page shows ("应于…前作出决定"), in Prisma's UTC timestamp(3).
CREATE FUNCTION case_decision_due(d JSONB) RETURNS TIMESTAMP(3) LANGUAGE sql STABLE AS $$
  SELECT CASE
    WHEN jsonb_typeof(d #> '{state,decision}') = 'object' THEN NULL
    WHEN (d #>> '{state,decisionClock,paused}') = 'true' THEN NULL
    WHEN jsonb_typeof(d #> '{state,decisionClock,dueAt}') = 'string'
      THEN ((d #>> '{state,decisionClock,dueAt}')::timestamptz AT TIME ZONE 'UTC')::timestamp(3)
  END
$$;

-- One primary-key read of the case per inserted task; updates read it only for a step without a limit.
CREATE FUNCTION task_queue_dates() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE case_data JSONB; case_registered TIMESTAMP(3);
BEGIN
  IF NEW."caseId" IS NOT NULL AND NEW."dueAt" IS NULL THEN
    -- Locked: a clock being written by another transaction right now is waited for and read,
    -- rather than missed by both this insert and that transaction's case_decision_due_changed.
    -- NO KEY UPDATE, the lock an UPDATE of the case takes: a step that opens this task and then
    -- moves the case in one transaction never upgrades a lock (an upgrade could deadlock).
    SELECT data, "registeredAt" INTO case_data, case_registered FROM "Case" WHERE id = NEW."caseId" FOR NO KEY UPDATE;
  ELSIF NEW."caseId" IS NOT NULL AND TG_OP = 'INSERT' THEN
    SELECT "registeredAt" INTO case_registered FROM "Case" WHERE id = NEW."caseId";
  END IF;
  NEW."effectiveDueAt" := COALESCE(NEW."dueAt", case_decision_due(case_data));
  IF TG_OP = 'INSERT' THEN
    NEW."registeredAt" := COALESCE(case_registered, NEW."createdAt", CURRENT_TIMESTAMP);
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER task_queue_dates BEFORE INSERT OR UPDATE OF "dueAt", "caseId" ON "Task"
  FOR EACH ROW EXECUTE FUNCTION task_queue_dates();

-- The clock moves (computed, paused, resumed, extended) or the decision is made: the case's
-- open steps without their own limit follow.
CREATE FUNCTION case_decision_due_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Task" SET "effectiveDueAt" = case_decision_due(NEW.data)
    WHERE "caseId" = NEW.id AND "dueAt" IS NULL AND "effectiveDueAt" IS DISTINCT FROM case_decision_due(NEW.data);
  RETURN NULL;
END $$;
CREATE TRIGGER case_decision_due_changed AFTER UPDATE OF data ON "Case"
  FOR EACH ROW WHEN (case_decision_due(OLD.data) IS DISTINCT FROM case_decision_due(NEW.data))
  EXECUTE FUNCTION case_decision_due_changed();

-- Rows written before this migration.
UPDATE "Task" t SET
  "effectiveDueAt" = COALESCE(t."dueAt", (SELECT case_decision_due(c.data) FROM "Case" c WHERE c.id = t."caseId")),
  "registeredAt" = COALESCE((SELECT c."registeredAt" FROM "Case" c WHERE c.id = t."caseId"), t."createdAt");

-- The open queue in due order (the usual view, its counts and the nav counts: index-only) and in
-- registration order. id last: a total order, so pages never repeat or skip a row.
CREATE INDEX "Task_open_due_idx" ON "Task" ("orgId", "effectiveDueAt", "createdAt", "id")
  INCLUDE ("candidateRoles", "claimedById", "kind", "warnedAt") WHERE "status" = 'OPEN';
CREATE INDEX "Task_open_registered_idx" ON "Task" ("orgId", "registeredAt", "id")
  INCLUDE ("candidateRoles", "claimedById", "kind", "warnedAt", "effectiveDueAt") WHERE "status" = 'OPEN';

-- Search by any part of a case number or party name (trigram; pg_trgm is a trusted extension).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX "Case_number_trgm_idx" ON "Case" USING gin ("number" gin_trgm_ops);
CREATE INDEX "Case_partyName_trgm_idx" ON "Case" USING gin ("partyName" gin_trgm_ops);

CREATE TABLE "QueueView" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "filters" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "QueueView_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "QueueView_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "QueueView_userId_orgId_name_key" ON "QueueView"("userId", "orgId", "name");
