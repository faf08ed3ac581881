// The event feed (issue 24 item 5): an org's outbox events in sequence order, for partner
// systems that pull. The cursor is the org sequence, opaque to the caller (base64url of `e1:<seq>`),
// so it can change form later without breaking clients that only pass it back.
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { AppError } from '../../store/errors.ts';
import type { Actor } from '../../workflows/messages.ts';

export const encodeCursor = (seq: number) => Buffer.from(`e1:${seq}`).toString('base64url');

export function decodeCursor(cursor: string | undefined): number {
  if (cursor === undefined || cursor === '') return 0;
  const m = /^e1:(\d{1,10})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m) // Well-formed for the schema but not a cursor this feed gave: a rule no JSON Schema states, so 422.
  if (!m) throw new AppError('invalid', 'after: 不是本接口给出的游标（请使用上次返回的 next）', 422);
  return Number(m[1]);
}

/**
 * Whose events the caller reads: its own org's. A partner system's token acts as its org's system
 * (api/auth.ts) and needs the events:read scope (the route's `scopes`); a signed-in person of the org may read too.
 */
export const feedOrg = (actor: Actor): string => actor.orgId;

export async function eventFeed(prisma: PrismaClient, orgId: string, after: string | undefined, limit: number) {
  const from = decodeCursor(after);
  const rows = await prisma.outboxEvent.findMany({
    where: { orgId, seq: { gt: from } }, orderBy: { seq: 'asc' }, take: limit + 1,
    select: { id: true, seq: true, type: true, at: true, subjectType: true, subjectId: true, data: true },
  });
  const items = rows.slice(0, limit);
  const last = items.length ? items[items.length - 1]!.seq : from;
  return {
    items: items.map(({ seq, ...e }) => ({ ...e, cursor: encodeCursor(seq) })),
    next: encodeCursor(last), hasMore: rows.length > limit,
  };
}
