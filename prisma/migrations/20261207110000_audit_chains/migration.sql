-- 执法全过程记录 chained per org, without a global lock (issue 18 item 3), hand-written.
-- The design, and what each table is for: docs/audit-chain.md.
--
-- 1. One hash chain per org ("chain" = the event's orgId; events of no org form the system
--    chain, key ''), numbered without gaps ("seq"). The insert trigger locks that chain's head
--    row only (AuditChainHead, SELECT … FOR UPDATE, held to commit), so writers of different
--    orgs never wait on each other; any writer, raw SQL included, is chained.
-- 2. AuditAnchor: a periodic root over every chain's head (seq, hash), itself hash-chained, so
--    a chain deleted whole, or cut short at its tail, is still found by the verifier.
-- 3. AuditCheckpoint: where the last verification of each chain (and of the anchors) ended;
--    the next one starts there.
-- 4. The rows already written are checked against the old single chain, then re-chained per org.

-- The old global chain must be intact before it is replaced: a broken one stops the migration
-- here, naming the row, instead of being silently re-hashed into a valid-looking new chain.
DO $$
DECLARE e "AuditEvent"; prev TEXT := '';
BEGIN
  FOR e IN SELECT * FROM "AuditEvent" ORDER BY "id" LOOP
    IF e."prevHash" <> prev OR e."hash" <> audit_event_digest(prev, e) THEN
      RAISE EXCEPTION 'audit chain broken at event % before re-chaining per org: run npm run audit:verify on the old release and investigate', e."id";
    END IF;
    prev := e."hash";
  END LOOP;
END $$;

ALTER TABLE "AuditEvent" ADD COLUMN "chain" TEXT NOT NULL DEFAULT '', ADD COLUMN "seq" BIGINT NOT NULL DEFAULT 0;

CREATE TABLE "AuditChainHead" (
    "chain" TEXT NOT NULL,
    "seq" BIGINT NOT NULL DEFAULT 0,
    "hash" TEXT NOT NULL DEFAULT '',
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditChainHead_pkey" PRIMARY KEY ("chain")
);

CREATE TABLE "AuditAnchor" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heads" JSONB NOT NULL,
    "prevHash" TEXT NOT NULL DEFAULT '',
    "hash" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "AuditAnchor_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "AuditCheckpoint" (
    "kind" TEXT NOT NULL,
    "chain" TEXT NOT NULL,
    "seq" BIGINT NOT NULL,
    "hash" TEXT NOT NULL,
    "verifiedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditCheckpoint_pkey" PRIMARY KEY ("kind", "chain")
);

-- The chain and the place in it are part of what is hashed: a row moved to another chain, or
-- renumbered, no longer matches its hash.
CREATE OR REPLACE FUNCTION audit_event_digest(prev TEXT, e "AuditEvent") RETURNS TEXT
LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(sha256(convert_to(concat_ws(E'\x1f',
    prev, e."chain", e."seq"::text, e."id"::text, to_char(e."at", 'YYYY-MM-DD"T"HH24:MI:SS.MS'),
    coalesce(e."actorId", ''), e."actorKind", e."action", e."subjectType", e."subjectId",
    coalesce(e."caseId", ''), coalesce(e."orgId", ''), coalesce(e."ip", ''), e."data"::text
  ), 'UTF8')), 'hex')
$$;

CREATE OR REPLACE FUNCTION audit_event_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE head_seq BIGINT; head_hash TEXT;
BEGIN
  NEW."chain" := coalesce(NEW."orgId", '');
  -- This chain's head only, locked until commit: the chain's order is its commit order and its
  -- numbers have no gaps (a rolled-back writer's number is reused), and other chains never wait.
  SELECT "seq", "hash" INTO head_seq, head_hash FROM "AuditChainHead" WHERE "chain" = NEW."chain" FOR UPDATE;
  IF NOT FOUND THEN
    INSERT INTO "AuditChainHead" ("chain") VALUES (NEW."chain") ON CONFLICT DO NOTHING;
    SELECT "seq", "hash" INTO head_seq, head_hash FROM "AuditChainHead" WHERE "chain" = NEW."chain" FOR UPDATE;
  END IF;
  NEW."id" := nextval(pg_get_serial_sequence('"AuditEvent"', 'id'));
  NEW."seq" := head_seq + 1;
  NEW."prevHash" := head_hash;
  NEW."hash" := audit_event_digest(NEW."prevHash", NEW);
  UPDATE "AuditChainHead" SET "seq" = NEW."seq", "hash" = NEW."hash", "updatedAt" = CURRENT_TIMESTAMP WHERE "chain" = NEW."chain";
  RETURN NEW;
END $$;

-- Re-chain the existing rows per org, in their old (id) order.
ALTER TABLE "AuditEvent" DISABLE TRIGGER audit_event_append_only;
DO $$
DECLARE e "AuditEvent"; cur TEXT; prev TEXT; n BIGINT;
BEGIN
  FOR e IN SELECT * FROM "AuditEvent" ORDER BY coalesce("orgId", ''), "id" LOOP
    IF cur IS DISTINCT FROM coalesce(e."orgId", '') THEN
      IF cur IS NOT NULL THEN INSERT INTO "AuditChainHead" ("chain", "seq", "hash") VALUES (cur, n, prev); END IF;
      cur := coalesce(e."orgId", ''); prev := ''; n := 0;
    END IF;
    n := n + 1;
    e."chain" := cur; e."seq" := n; e."prevHash" := prev;
    e."hash" := audit_event_digest(prev, e);
    UPDATE "AuditEvent" SET "chain" = e."chain", "seq" = e."seq", "prevHash" = e."prevHash", "hash" = e."hash" WHERE "id" = e."id";
    prev := e."hash";
  END LOOP;
  IF cur IS NOT NULL THEN INSERT INTO "AuditChainHead" ("chain", "seq", "hash") VALUES (cur, n, prev); END IF;
END $$;
ALTER TABLE "AuditEvent" ENABLE TRIGGER audit_event_append_only;

CREATE UNIQUE INDEX "AuditEvent_chain_seq_key" ON "AuditEvent"("chain", "seq");

-- A head is only ever moved forward by the insert trigger.
CREATE TRIGGER audit_chain_head_kept BEFORE DELETE ON "AuditChainHead"
  FOR EACH ROW EXECUTE FUNCTION reject_change();
CREATE TRIGGER audit_chain_head_no_truncate BEFORE TRUNCATE ON "AuditChainHead"
  FOR EACH STATEMENT EXECUTE FUNCTION reject_change();

CREATE FUNCTION audit_anchor_digest(prev TEXT, a "AuditAnchor") RETURNS TEXT
LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(sha256(convert_to(concat_ws(E'\x1f',
    prev, a."id"::text, to_char(a."at", 'YYYY-MM-DD"T"HH24:MI:SS.MS'), a."heads"::text
  ), 'UTF8')), 'hex')
$$;

CREATE FUNCTION audit_anchor_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE last_hash TEXT;
BEGIN
  -- Only anchor writers (about one a day) wait here; audit writers never take this lock.
  PERFORM pg_advisory_xact_lock(hashtext('AuditAnchor'));
  SELECT "hash" INTO last_hash FROM "AuditAnchor" ORDER BY "id" DESC LIMIT 1;
  NEW."id" := nextval(pg_get_serial_sequence('"AuditAnchor"', 'id'));
  NEW."prevHash" := coalesce(last_hash, '');
  NEW."hash" := audit_anchor_digest(NEW."prevHash", NEW);
  RETURN NEW;
END $$;

CREATE TRIGGER audit_anchor_chain BEFORE INSERT ON "AuditAnchor"
  FOR EACH ROW EXECUTE FUNCTION audit_anchor_chain();
CREATE TRIGGER audit_anchor_append_only BEFORE UPDATE OR DELETE ON "AuditAnchor"
  FOR EACH ROW EXECUTE FUNCTION reject_change();
CREATE TRIGGER audit_anchor_no_truncate BEFORE TRUNCATE ON "AuditAnchor"
  FOR EACH STATEMENT EXECUTE FUNCTION reject_change();

-- Takes an anchor: every chain's committed head, as {"<chain>": {"seq": n, "hash": "…"}}.
-- Heads are read without locks; a writer in flight lands in the next anchor.
CREATE FUNCTION audit_anchor() RETURNS BIGINT LANGUAGE sql AS $$
  INSERT INTO "AuditAnchor" ("heads")
  SELECT coalesce(jsonb_object_agg("chain", jsonb_build_object('seq', "seq", 'hash', "hash")), '{}'::jsonb)
  FROM "AuditChainHead" WHERE "seq" > 0
  RETURNING "id"
$$;

SELECT audit_anchor();
