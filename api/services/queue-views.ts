import { randomUUID } from 'node:crypto';
import { Prisma } from '../../generated/prisma/client.ts';
import type { Actor } from '../../workflows/messages.ts';
import type { AppDeps } from '../deps.ts';
import { conflict, invalid, notFound } from '../errors.ts';
import { queueFilters, savedFilters, type QueueFilters } from '../routes/schemas.ts';

/** Enough for any desk; a bound so a script cannot fill the table. */
const MAX_VIEWS = 50;

/** A saved view keeps only what was chosen: defaults and unset fields are left out. */
function normalise(f: QueueFilters): Record<string, string> {
  const out: Record<string, string> = {};
  const claim = f.claim ?? (f.mine ? 'mine' : undefined);
  const all = { ...f, mine: undefined, claim: claim === 'all' ? undefined : claim, status: f.status === 'OPEN' ? undefined : f.status, sort: f.sort === 'due' ? undefined : f.sort };
  for (const [k, v] of Object.entries(all)) {
    if (v === undefined || v === false) continue;
    out[k] = String(v);
  }
  return out;
}

const FILTER_ORDER = Object.keys(queueFilters.shape);

/** The queue's address for a view's filters (what the page links to), fields in the form's order. */
export const viewQuery = (filters: Record<string, string>) =>
  new URLSearchParams(FILTER_ORDER.filter((k) => filters[k] !== undefined).map((k) => [k, filters[k]!])).toString();

const present = (v: { id: string; name: string; filters: unknown; updatedAt: Date }) => {
  const filters = v.filters as Record<string, string>;
  return { id: v.id, name: v.name, filters, query: viewQuery(filters), updatedAt: v.updatedAt };
};

/** Mine only, in the org I am in now (a person moved to another bureau starts afresh there). */
const own = (actor: Actor) => ({ userId: actor.userId, orgId: actor.orgId });

export async function listQueueViews(deps: AppDeps, actor: Actor) {
  const rows = await deps.prisma.queueView.findMany({ where: own(actor), orderBy: [{ name: 'asc' }, { id: 'asc' }] });
  return rows.map(present);
}

export async function getQueueView(deps: AppDeps, actor: Actor, id: string) {
  const row = await deps.prisma.queueView.findFirst({ where: { id, ...own(actor) } });
  if (!row) throw notFound('视图');
  return present(row);
}

/**
 * Saves filters under a name; saving the same name again replaces its filters (a repeated
 * submit changes nothing further).
 */
export async function saveQueueView(deps: AppDeps, actor: Actor, name: string, filters: QueueFilters) {
  const data = normalise(savedFilters.parse(filters));
  const key = { userId_orgId_name: { ...own(actor), name } };
  const existing = await deps.prisma.queueView.findUnique({ where: key, select: { id: true } });
  if (!existing && await deps.prisma.queueView.count({ where: own(actor) }) >= MAX_VIEWS) {
    throw invalid(`最多保存 ${MAX_VIEWS} 个视图，请先删除不用的视图`);
  }
  const row = await deps.prisma.queueView.upsert({
    where: key,
    create: { id: randomUUID(), ...own(actor), name, filters: data },
    update: { filters: data, updatedAt: new Date() },
  });
  return present(row);
}

/** Renames a view or changes its filters. */
export async function updateQueueView(deps: AppDeps, actor: Actor, id: string, name: string, filters: QueueFilters) {
  await getQueueView(deps, actor, id);
  try {
    const row = await deps.prisma.queueView.update({ where: { id }, data: { name, filters: normalise(savedFilters.parse(filters)), updatedAt: new Date() } });
    return present(row);
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') throw conflict(`已有名为“${name}”的视图`);
    // Deleted between the read and the write (the fuzzer found it): as if it had not been there.
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2025') throw notFound('视图');
    throw err;
  }
}

/** Deleting twice, or a view that is not mine, deletes nothing and says so the same way. */
export async function deleteQueueView(deps: AppDeps, actor: Actor, id: string) {
  const { count } = await deps.prisma.queueView.deleteMany({ where: { id, ...own(actor) } });
  return { deleted: count > 0 };
}
