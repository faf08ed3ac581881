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

/**
 * Appends to the 执法全过程记录 inside the caller's transaction, so the event exists
 * exactly when the change it records does. The chain (prevHash, hash) is computed by the
 * database trigger under a lock, whoever the writer is.
 */
export async function appendAudit(tx: Prisma.TransactionClient, e: AuditEntry): Promise<void> {
  await tx.auditEvent.create({
    data: {
      actorId: e.actorId ?? null, actorKind: e.actorKind, action: e.action, subjectType: e.subjectType,
      subjectId: e.subjectId, caseId: e.caseId ?? null, orgId: e.orgId ?? null, ip: e.ip ?? null, data: e.data ?? {},
    },
  });
}
