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
  const user = await prisma.user.findUnique({
    where: { id: userId },
    select: {
      id: true, displayName: true, orgId: true, roles: true, active: true, mustChangePassword: true,
      certificates: { where: { revokedAt: null, validFrom: { lte: certificateDay() }, validUntil: { gte: certificateDay() } }, select: { id: true } },
    },
  });
  if (!user || !user.active) return {};
  return {
    actor: { userId: user.id, name: user.displayName, orgId: user.orgId, roles: user.roles as Role[], certified: user.certificates.length > 0 },
    mustChangePassword: user.mustChangePassword,
  };
}
