-- Events for partner systems (issue 24 items 2, 4, 5), hand-written.
--
-- OutboxEvent: what a transition tells partner systems, written in the transition's own
-- transaction (store/outbox.ts), numbered per org without gaps from the "Counter" row
-- (series 'EVENT', year 0) whose lock is held to commit, so an org's events commit in
-- sequence order and a reader that stops at the first missing number never skips one.
-- Append-only, like the audit log.
CREATE TABLE "OutboxEvent" (
  "id"          TEXT NOT NULL,
  "orgId"       TEXT NOT NULL,
  "seq"         INTEGER NOT NULL,
  "type"        TEXT NOT NULL,
  "subjectType" TEXT NOT NULL,
  "subjectId"   TEXT NOT NULL,
  "data"        JSONB NOT NULL DEFAULT '{}',
  "at"          TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "OutboxEvent_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "OutboxEvent_orgId_seq_key" ON "OutboxEvent" ("orgId", "seq");

CREATE FUNCTION outbox_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'OutboxEvent is append-only';
END $$;
CREATE TRIGGER outbox_event_append_only BEFORE UPDATE OR DELETE ON "OutboxEvent"
  FOR EACH ROW EXECUTE FUNCTION outbox_event_append_only();
CREATE TRIGGER outbox_event_no_truncate BEFORE TRUNCATE ON "OutboxEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION outbox_event_append_only();

-- A partner URL subscribed to event types of one org. "cursor" is the org sequence the
-- dispatcher has handed out up to; "secret" signs (Standard Webhooks, symmetric: it must be
-- readable to sign, so it is not hashed).
CREATE TABLE "WebhookSubscription" (
  "id"          TEXT NOT NULL,
  "orgId"       TEXT NOT NULL,
  "url"         TEXT NOT NULL,
  "eventTypes"  TEXT[],
  "secret"      TEXT NOT NULL,
  "cursor"      INTEGER NOT NULL DEFAULT 0,
  "active"      BOOLEAN NOT NULL DEFAULT true,
  "createdById" TEXT NOT NULL,
  "createdAt"   TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "WebhookSubscription_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "WebhookSubscription_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org"("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE INDEX "WebhookSubscription_orgId_idx" ON "WebhookSubscription" ("orgId");

-- One event for one subscription; status PENDING → DELIVERED | DEAD (dead letter). "startedAt":
-- when the dispatcher started its delivery workflow (one not yet started is started on the next round).
CREATE TABLE "WebhookDelivery" (
  "id"             TEXT NOT NULL,
  "subscriptionId" TEXT NOT NULL,
  "eventId"        TEXT NOT NULL,
  "status"         TEXT NOT NULL DEFAULT 'PENDING',
  "attempts"       INTEGER NOT NULL DEFAULT 0,
  "lastStatusCode" INTEGER,
  "lastError"      TEXT,
  "startedAt"      TIMESTAMP(3),
  "createdAt"      TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt"      TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "WebhookDelivery_subscriptionId_fkey" FOREIGN KEY ("subscriptionId") REFERENCES "WebhookSubscription"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  CONSTRAINT "WebhookDelivery_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "OutboxEvent"("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "WebhookDelivery_subscriptionId_eventId_key" ON "WebhookDelivery" ("subscriptionId", "eventId");
CREATE INDEX "WebhookDelivery_subscriptionId_status_idx" ON "WebhookDelivery" ("subscriptionId", "status");

-- Every attempt of a delivery with the receiver's answer (the delivery log).
CREATE TABLE "WebhookAttempt" (
  "id"         SERIAL NOT NULL,
  "deliveryId" TEXT NOT NULL,
  "key"        TEXT NOT NULL,
  "at"         TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "statusCode" INTEGER,
  "error"      TEXT,
  "durationMs" INTEGER NOT NULL,
  CONSTRAINT "WebhookAttempt_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "WebhookAttempt_deliveryId_fkey" FOREIGN KEY ("deliveryId") REFERENCES "WebhookDelivery"("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "WebhookAttempt_key_key" ON "WebhookAttempt" ("key");
CREATE INDEX "WebhookAttempt_deliveryId_idx" ON "WebhookAttempt" ("deliveryId");
