import { createHash } from 'node:crypto';
import type { Prisma } from '../generated/prisma/client.ts';
import { EVENT_OF_ACTION } from '../rules/partner-events.ts';
import type { AuditEntry } from './audit.ts';
import { nextNumbers } from './numbering.ts';

/** The org event sequence: a "Counter" row per org, series EVENT, no year (0). */
const SERIES = { series: 'EVENT', year: 0 } as const;

/**
 * An event's id from the transition's idempotency key: a retry of the same transition names the
 * same event, so it can never be sent twice under two ids (and the primary key refuses a second row).
 */
export const eventId = (key: string, action: string, orgId: string, n: number): string =>
  `evt_${createHash('sha256').update(`${key}\u0000${action}\u0000${orgId}\u0000${n}`).digest('base64url').slice(0, 32)}`;

/**
 * The outbound events of a transition's audit entries (rules/partner-events.ts), appended to the
 * outbox inside the transition's own transaction: an event exists exactly when the step that
 * caused it committed. `related` names the other orgs the step concerns; each org gets the event
 * in its own gap-free sequence (store/numbering.ts: the counter row stays locked to commit, so an
 * org's events commit in sequence order). Called last in the transaction, after the step's rows.
 */
export async function appendEvents(tx: Prisma.TransactionClient, key: string, entries: readonly AuditEntry[], related: readonly (string | null | undefined)[] = []): Promise<number> {
  const rows: { id: string; orgId: string; type: string; subjectType: string; subjectId: string; data: unknown }[] = [];
  entries.forEach((e, n) => {
    const type = EVENT_OF_ACTION[e.action];
    if (!type || !e.orgId) return;
    for (const orgId of new Set([e.orgId, ...related.filter((o): o is string => !!o)])) {
      rows.push({ id: eventId(key, e.action, orgId, n), orgId, type, subjectType: e.subjectType, subjectId: e.subjectId,
        data: { action: e.action, caseId: e.caseId ?? null, ...(e.data && typeof e.data === 'object' && !Array.isArray(e.data) ? e.data : {}) } });
    }
  });
  if (!rows.length) return 0;
  // A step recorded once writes its events once; should one come again, it is left out before
  // it takes a number, so the sequence keeps no hole.
  const seen = new Set((await tx.outboxEvent.findMany({ where: { id: { in: rows.map((r) => r.id) } }, select: { id: true } })).map((r) => r.id));
  const fresh = rows.filter((r) => !seen.has(r.id));
  if (!fresh.length) return 0;
  const seqs = await nextNumbers(tx, fresh.map((r) => ({ orgId: r.orgId, ...SERIES })));
  await tx.outboxEvent.createMany({
    data: fresh.map((r, i) => ({ ...r, seq: seqs[i]!, data: r.data as Prisma.InputJsonValue })),
  });
  return fresh.length;
}

/** The org's last event number (0 before its first): where a new subscription starts. */
export async function lastEventSeq(tx: Prisma.TransactionClient, orgId: string): Promise<number> {
  const c = await tx.counter.findUnique({ where: { orgId_series_year: { orgId, ...SERIES } } });
  return c?.value ?? 0;
}
