import { Prisma, type PrismaClient } from '../generated/prisma/client.ts';
import type { Actor } from '../workflows/messages.ts';

// Who sees which org's records (DESIGN §1), decided here and nowhere else, by the org tree
// (Org.parentId): everyone sees their own org; the city supervisor and the discipline office
// (派驻纪检监察组) see the subtree of their own bureau — its counties, their townships and zones —
// and nothing of another city; a county's head and 队长 oversee their bureau and the townships
// under it (dashboard, 委托执法 考核). The tree of each organ follows its own line (prisma/seed-data/
// orgs.ts), so a city bureau's subtree never holds a police office or a department.

type Db = Pick<PrismaClient, '$queryRaw'>;
type CaseDb = Pick<PrismaClient, '$queryRaw' | 'caseJurisdiction'>;

const SUBTREE_ROLES = ['CITY_SUPERVISOR', 'DISCIPLINE'];
const OVERSIGHT_ROLES = ['CITY_SUPERVISOR', 'HEAD', 'SUPERVISOR'];

/** Reads beyond their own org: the city-level supervision roles. */
export function seesSubtree(actor: Actor): boolean {
  return actor.roles.some((r) => SUBTREE_ROLES.includes(r));
}

/** The org and every org below it, root first, by one recursive query (the tree is shallow: city → county → township). */
export async function orgSubtree(db: Db, rootId: string): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>(Prisma.sql`
    WITH RECURSIVE tree(id, depth) AS (
      SELECT id, 0 FROM "Org" WHERE id = ${rootId}
      UNION
      SELECT o.id, t.depth + 1 FROM "Org" o JOIN tree t ON o."parentId" = t.id WHERE t.depth < 8
    )
    SELECT id FROM tree ORDER BY depth, id`);
  return rows.map((r) => r.id);
}

// One answer per request: identify() builds a fresh Actor object for every request, so a
// changed tree or role is seen by the next request, and one request asks the database once.
const visibleCache = new WeakMap<Actor, Promise<string[]>>();
const overseenCache = new WeakMap<Actor, Promise<string[]>>();

/** The orgs whose records (cases, tasks, documents, evidence, referrals…) an actor may read. */
export function visibleOrgIds(db: Db, actor: Actor): Promise<string[]> {
  let p = visibleCache.get(actor);
  if (!p) {
    p = seesSubtree(actor) ? orgSubtree(db, actor.orgId) : Promise.resolve([actor.orgId]);
    visibleCache.set(actor, p);
  }
  return p;
}

/**
 * The orgs an actor oversees (oversight dashboard, 委托执法 考核): the city supervisor the city's
 * subtree, a county's head or 队长 the county and the townships under it; nobody else.
 */
export function overseenOrgIds(db: Db, actor: Actor): Promise<string[]> {
  let p = overseenCache.get(actor);
  if (!p) {
    p = actor.roles.some((r) => OVERSIGHT_ROLES.includes(r)) ? orgSubtree(db, actor.orgId) : Promise.resolve([]);
    overseenCache.set(actor, p);
  }
  return p;
}

/** A Prisma filter on an org id column: the orgs the actor may read. */
export async function orgFilter(db: Db, actor: Actor): Promise<{ in: string[] }> {
  return { in: await visibleOrgIds(db, actor) };
}

/** May the actor read a record of this org? (Callers answer 404 when not: a 403 would confirm it exists.) */
export async function canSeeOrg(db: Db, actor: Actor, orgId: string): Promise<boolean> {
  return (await visibleOrgIds(db, actor)).includes(orgId);
}

/**
 * May the actor read this case? Its bureau's readers may; so may the readers of a bureau that
 * handled it before a 提级管辖 / 指定管辖 moved it (issue 21): they did its earlier steps, issued its
 * first documents and answer for them, so they keep reading it as history. Acting on it is the new
 * bureau's alone: its open steps moved there and the workflow refuses anyone else.
 */
export async function canSeeCase(db: CaseDb, actor: Actor, c: { id: string; orgId: string }): Promise<boolean> {
  if (await canSeeOrg(db, actor, c.orgId)) return true;
  const former = await db.caseJurisdiction.findFirst({ where: { caseId: c.id, fromOrgId: { in: await visibleOrgIds(db, actor) } }, select: { id: true } });
  return !!former;
}

/** The cases that moved away from orgs the actor reads, for their case lists. */
export async function casesMovedAway(db: CaseDb, actor: Actor): Promise<string[]> {
  const rows = await db.caseJurisdiction.findMany({ where: { fromOrgId: { in: await visibleOrgIds(db, actor) } }, select: { caseId: true }, take: 1000 });
  return [...new Set(rows.map((r) => r.caseId))];
}
