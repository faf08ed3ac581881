import { Router, type Request } from 'express';
import { Feed } from 'feed';
import { z } from 'zod';
import { csrfToken } from '../auth.ts';
import type { AppDeps } from '../deps.ts';
import { defineRoute, type RouteDef } from '../route.ts';
import { enforcementCatalog, latestDisclosures, searchDisclosures } from '../services/public-disclosure.ts';
import { disclosurePage, enforcementCatalogBody } from './public-responses.ts';

// 行政执法公示: what the public may read without logging in. Withdrawn decisions leave the list
// and appear only as a notice of withdrawal with its reason (CF Art 48 ②); personal data was
// masked when the record was published (activities/disclosure.ts).
const empty = (v: unknown) => (v === '' ? undefined : v);
const searchFields = {
  orgId: z.string().max(64).optional(),
  item: z.string().max(64).optional(),
  from: z.iso.date({ error: '起始日期格式应为 YYYY-MM-DD' }).optional(),
  to: z.iso.date({ error: '截止日期格式应为 YYYY-MM-DD' }).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
};
// The JSON API refuses an empty value (`?to=`) as the spec says; the page's search form sends its
// empty fields, which mean "any".
const searchQuery = z.object(searchFields).strict();
const pageSearchQuery = z.object(Object.fromEntries(Object.entries(searchFields).map(([k, f]) => [k, k === 'page' ? f : z.preprocess(empty, f)])) as typeof searchFields).strict();

export const publicRoutes = (deps: AppDeps): RouteDef[] => [
  defineRoute({
    method: 'get', path: '/api/public/disclosures', tag: 'public', access: 'public', summary: '行政处罚决定公示（JSON；按执法部门、执法事项、决定日期查询）',
    query: searchQuery, refusals: [], response: disclosurePage, handler: async ({ query }) => searchDisclosures(deps, query),
  }),
  defineRoute({
    method: 'get', path: '/api/public/catalog', tag: 'public', access: 'public', summary: '事前公开：实施机关、执法事项及依据、执法程序、救济渠道（JSON）', refusals: [], response: enforcementCatalogBody,
    handler: async () => enforcementCatalog(deps),
  }),
];

// A signed-in reader gets the logout form's token; an anonymous one gets no session at all.
const csrfFor = (req: Request) => (req.actor ? { csrf: csrfToken(req) } : {});
const origin = (req: Request) => `${req.protocol}://${req.get('host')}`;

async function feedOf(deps: AppDeps, req: Request): Promise<Feed> {
  const base = origin(req);
  const items = await latestDisclosures(deps);
  const feed = new Feed({
    title: '玉溪市应急管理行政执法公示', description: '行政处罚决定信息（个人信息已按规定隐去）', id: `${base}/public/disclosures`,
    link: `${base}/public/disclosures`, language: 'zh-CN', copyright: '玉溪市应急管理局', updated: items[0]?.publishedAt ?? new Date(0),
    feedLinks: { rss: `${base}/public/disclosures.rss`, json: `${base}/public/disclosures.json` },
  });
  for (const d of items) {
    feed.addItem({
      title: `${d.decisionNumber} ${d.partyName}`, id: `${base}/public/disclosures#${d.id}`, link: `${base}/public/disclosures?orgId=${encodeURIComponent(d.orgId)}#${d.id}`,
      date: d.publishedAt, published: d.decidedAt,
      description: `${d.orgName}：${d.penalty}。违法事实：${d.facts} 处罚依据：${d.basis}`,
      author: [{ name: d.orgName }], category: [{ name: d.catalogItemId }],
    });
  }
  return feed;
}

export function publicPageRoutes(deps: AppDeps): Router {
  const r = Router();
  r.get('/public/disclosures', async (req, res) => {
    const q = pageSearchQuery.parse(req.query);
    res.render('disclosures', { title: '行政执法公示', result: await searchDisclosures(deps, q), q, me: req.actor, ...csrfFor(req) });
  });
  r.get('/public/disclosures.rss', async (req, res) => {
    res.type('application/rss+xml; charset=utf-8').send((await feedOf(deps, req)).rss2());
  });
  r.get('/public/disclosures.json', async (req, res) => {
    res.type('application/feed+json; charset=utf-8').send((await feedOf(deps, req)).json1());
  });
  r.get('/public/enforcement', async (req, res) => {
    res.render('enforcement-catalog', { title: '行政执法事前公开', result: await enforcementCatalog(deps), me: req.actor, ...csrfFor(req) });
  });
  return r;
}
