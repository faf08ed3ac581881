import type { Prisma } from '../generated/prisma/client.ts';
import type { Actor } from '../workflows/messages.ts';

// Who sees which org's records (DESIGN §1): everyone sees their own org; the city
// supervisor (and discipline roles) see every org under the city bureau.
const CITYWIDE_ROLES = ['CITY_SUPERVISOR', 'DISCIPLINE'];

export function seesCitywide(actor: Actor): boolean {
  return actor.roles.some((r) => CITYWIDE_ROLES.includes(r));
}

export function orgFilter(actor: Actor): Prisma.StringFilter | string {
  return seesCitywide(actor) ? { not: '' } : actor.orgId;
}

export function canSeeOrg(actor: Actor, orgId: string): boolean {
  return seesCitywide(actor) || actor.orgId === orgId;
}
