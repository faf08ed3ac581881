import type { PrismaClient } from '../generated/prisma/client.ts';
import type { Role } from '../rules/roles.ts';
import type { Actor } from '../workflows/messages.ts';

const today = () => new Date(new Date().toISOString().slice(0, 10));

/** The acting user as workflows see them, with today's certificate status. */
export async function loadActor(prisma: PrismaClient, userId: string): Promise<Actor | null> {
  const user = await prisma.user.findUnique({
    where: { id: userId },
    select: {
      id: true, displayName: true, orgId: true, roles: true, active: true,
      certificates: { where: { revokedAt: null, validFrom: { lte: today() }, validUntil: { gte: today() } }, select: { id: true } },
    },
  });
  if (!user || !user.active) return null;
  return { userId: user.id, name: user.displayName, orgId: user.orgId, roles: user.roles as Role[], certified: user.certificates.length > 0 };
}
