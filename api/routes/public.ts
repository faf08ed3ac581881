import { Router } from 'express';
import { z } from 'zod';
import type { Prisma } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../deps.ts';
import { defineRoute, type RouteDef } from '../route.ts';

// 行政执法公示: what the public may read without logging in. Withdrawn decisions disappear
// from the list (CF Art 48 ②); personal data was masked when the record was published.
const searchQuery = z.object({
  orgId: z.string().max(64).optional(),
  item: z.string().max(64).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
}).strict();

async function search(deps: AppDeps, q: z.infer<typeof searchQuery>) {
  const where: Prisma.DisclosureWhereInput = {
    withdrawnAt: null,
    ...(q.orgId ? { orgId: q.orgId } : {}),
    ...(q.item ? { catalogItemId: q.item } : {}),
    ...(q.from || q.to ? { decidedAt: { ...(q.from ? { gte: new Date(`${q.from}T00:00:00+08:00`) } : {}), ...(q.to ? { lt: new Date(new Date(`${q.to}T00:00:00+08:00`).getTime() + 86_400_000) } : {}) } } : {}),
  };
  const [items, total, orgs] = await Promise.all([
    deps.prisma.disclosure.findMany({ where, orderBy: { decidedAt: 'desc' }, skip: (q.page - 1) * 20, take: 20,
      select: { id: true, orgId: true, decisionNumber: true, partyName: true, catalogItemId: true, facts: true, penalty: true, basis: true, decidedAt: true, publishedAt: true } }),
    deps.prisma.disclosure.count({ where }),
    deps.prisma.org.findMany({ where: { kind: { in: ['CITY_BUREAU', 'COUNTY_BUREAU'] } }, select: { id: true, name: true }, orderBy: { regionCode: 'asc' } }),
  ]);
  const names = new Map(orgs.map((o) => [o.id, o.name]));
  return { items: items.map((d) => ({ ...d, orgName: names.get(d.orgId) ?? d.orgId })), total, page: q.page, orgs };
}

export const publicRoutes = (deps: AppDeps): RouteDef[] => [
  defineRoute({
    method: 'get', path: '/api/public/disclosures', tag: 'public', access: 'public', summary: '行政处罚决定公示（JSON）',
    query: searchQuery, handler: async ({ query }) => search(deps, query),
  }),
];

export function publicPageRoutes(deps: AppDeps): Router {
  const r = Router();
  r.get('/public/disclosures', async (req, res) => {
    const q = searchQuery.parse(req.query);
    res.render('disclosures', { title: '行政执法公示', result: await search(deps, q), q, me: req.actor });
  });
  return r;
}
