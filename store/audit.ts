import type { Prisma } from '../generated/prisma/client.ts';

export interface AuditEntry {
  actorId?: string | null;
  actorKind: 'USER' | 'WORKFLOW' | 'SYSTEM';
  action: string;
  subjectType: string;
  subjectId: string;
  caseId?: string | null;
  orgId?: string | null;
  ip?: string | null;
  data?: Prisma.InputJsonValue;
}

const row = (e: AuditEntry) => ({
  actorId: e.actorId ?? null, actorKind: e.actorKind, action: e.action, subjectType: e.subjectType,
  subjectId: e.subjectId, caseId: e.caseId ?? null, orgId: e.orgId ?? null, ip: e.ip ?? null, data: e.data ?? {},
});

/**
 * Appends to the 执法全过程记录 inside the caller's transaction, so the event exists
 * exactly when the change it records does. The database trigger puts it on its org's chain
 * (chain, seq, prevHash, hash) under that chain's head lock only, whoever the writer is
 * (docs/audit-chain.md).
 */
export async function appendAudit(tx: Prisma.TransactionClient, e: AuditEntry): Promise<void> {
  await tx.auditEvent.create({ data: row(e) });
}

/**
 * All the events of one step in one multi-row INSERT, chained in the order given. Events of
 * several orgs in one transaction lock each org's head in first-appearance order; two
 * transactions that name the same two orgs in opposite orders can deadlock, which PostgreSQL
 * breaks by failing one of them (the activity retries), so a step lists its own org first.
 */
export async function appendAudits(tx: Prisma.TransactionClient, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.auditEvent.createMany({ data: entries.map(row) });
}

/**
 * A workflow step's events and, last, its record (StepCommit: the key a concurrent attempt of the
 * same step collides on) in one statement (activities/transition.ts): the events chained in the
 * order given, exactly as appendAudits chains them.
 */
export async function appendAuditsAndRecord(tx: Prisma.TransactionClient, entries: readonly AuditEntry[], record: { key: string; result: unknown }): Promise<void> {
  const at = new Date().toISOString();
  await tx.$executeRaw`
    WITH events AS (
      INSERT INTO "AuditEvent" ("at", "actorId", "actorKind", "action", "subjectType", "subjectId", "caseId", "orgId", "ip", "data")
      SELECT x."at", x."actorId", x."actorKind", x."action", x."subjectType", x."subjectId", x."caseId", x."orgId", x."ip", x."data"
      FROM ROWS FROM (jsonb_to_recordset(${JSON.stringify(entries.map((e) => ({ ...row(e), at })))}::jsonb)
        AS ("at" TIMESTAMP(3), "actorId" TEXT, "actorKind" TEXT, "action" TEXT, "subjectType" TEXT, "subjectId" TEXT, "caseId" TEXT, "orgId" TEXT, "ip" TEXT, "data" JSONB))
        WITH ORDINALITY AS x("at", "actorId", "actorKind", "action", "subjectType", "subjectId", "caseId", "orgId", "ip", "data", "ord")
      ORDER BY x."ord"
      RETURNING 1)
    INSERT INTO "StepCommit" ("key", "result") VALUES (${record.key}, ${JSON.stringify(record.result)}::jsonb)`;
}
