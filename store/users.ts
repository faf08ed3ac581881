import type { PrismaClient } from '../generated/prisma/client.ts';
import { shanghaiDate } from '../rules/iso-date.ts';
import type { Role } from '../rules/roles.ts';
import type { Actor } from '../workflows/messages.ts';

/**
 * Today's Beijing date as a date column holds it: a certificate stays valid through its last
 * Beijing day (the UTC date lagged eight hours and let an expired one act until 08:00).
 */
export const certificateDay = () => new Date(shanghaiDate(new Date()));

/** The acting user as workflows see them, with today's certificate status. */
export async function loadActor(prisma: PrismaClient, userId: string): Promise<Actor | null> {
  return (await loadSignedIn(prisma, userId)).actor ?? null;
}

/** The signed-in user: the actor, and whether they must first replace a printed password. */
export async function loadSignedIn(prisma: PrismaClient, userId: string): Promise<{ actor?: Actor; mustChangePassword?: boolean }> {
  // One statement: every API request signs its user in, so the certificate check rides along.
  const [user] = await prisma.$queryRaw<{ id: string; displayName: string; orgId: string; roles: string[]; active: boolean; mustChangePassword: boolean; certified: boolean }[]>`
    SELECT u."id", u."displayName", u."orgId", u."roles", u."active", u."mustChangePassword",
      EXISTS (SELECT 1 FROM "Certificate" c WHERE c."userId" = u."id" AND c."revokedAt" IS NULL
        AND c."validFrom" <= ${shanghaiDate(new Date())}::date AND c."validUntil" >= ${shanghaiDate(new Date())}::date) AS "certified"
    FROM "User" u WHERE u."id" = ${userId}`;
  if (!user || !user.active) return {};
  return {
    actor: { userId: user.id, name: user.displayName, orgId: user.orgId, roles: user.roles as Role[], certified: user.certified },
    mustChangePassword: user.mustChangePassword,
  };
}
