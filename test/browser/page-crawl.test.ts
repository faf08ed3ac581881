import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../rules/roles.ts';
import { shanghaiDate } from '../../rules/iso-date.ts';
import { useBrowserSystem } from '../support/browser.ts';
import { leadBody, openTaskOf, validUscc } from '../support/cases.ts';
import { apiAs, eventually } from '../support/system.ts';
import { brokenText } from '../support/page-text.ts';

// Words, not codes (issue 17 item 5): every page a person can reach from the nav, and from links
// on those pages, is read as that person sees it (innerText in a real Chromium) and must show no
// enum code, API path, raw id or broken value. One seeded user per role, and the public pages.
// Its own database: other files leave hostile text and test codes in the seeded counties.
const env = useBrowserSystem({ isolated: 'crawl' });

/** One seeded user for each role (prisma/seed-data/users.ts); a new role without one fails below. */
const CRAWLERS: Record<Role, string> = {
  HANDLER: 'hongta.handler1', ASSISTANT: 'hongta.assistant', LEGAL_REVIEWER: 'hongta.legal', SUPERVISOR: 'hongta.supervisor',
  HEAD: 'hongta.head', TOWNSHIP_OFFICER: 'hongta.yuxing.officer1', CITY_SUPERVISOR: 'city.supervisor',
  DEPT_RECEIVER: 'hongta.samr.receiver', PSB_RECEIVER: 'hongta.psb.receiver', PROCURATOR: 'hongta.procurator',
  RECON_CLERK: 'hongta.recon.clerk', DISCIPLINE: 'city.discipline', ADMIN: 'admin',
};
const PAGES_PER_ROLE = 45;
/** Pages of one shape (/cases/:id) visited per role: the second instance rarely shows anything new. */
const PER_SHAPE = 2;

/** /cases/8f0c…/x?page=2 → /cases/:id/x?page: an id is a segment with a digit or a long one. */
const shape = (u: URL) => u.pathname.split('/').map((s) => (/\d/.test(s) || s.length > 24 ? ':id' : s)).join('/')
  + ([...u.searchParams.keys()].sort().join('&') ? `?${[...u.searchParams.keys()].sort().join('&')}` : '');

/** Not pages: downloads, files, the JSON API, feeds, and leaving. */
const skipped = (u: URL) => /^\/(api|evidence|logout)(\/|$)/.test(u.pathname) || /\/attachments\//.test(u.pathname)
  || /\.(json|rss|csv|pdf|png|jpe?g|zip|js|css)$/.test(u.pathname);

interface Finding { who: string; path: string; problem: string }

async function crawl(page: Page, who: string, start: string[], findings: Finding[]) {
  const origin = new URL(page.url()).origin;
  const queue = [...start];
  const seen = new Set<string>();
  const shapes = new Map<string, number>();
  let visited = 0;
  while (queue.length && visited < PAGES_PER_ROLE) {
    const url = new URL(queue.shift()!, origin);
    url.hash = '';
    const key = url.pathname + url.search;
    if (seen.has(key) || url.origin !== origin || skipped(url)) continue;
    seen.add(key);
    const s = shape(url);
    if ((shapes.get(s) ?? 0) >= PER_SHAPE) continue;
    shapes.set(s, (shapes.get(s) ?? 0) + 1);
    const res = await page.goto(key).catch((e: Error) => e);
    if (res instanceof Error) { if (!/Download is starting/.test(res.message)) findings.push({ who, path: key, problem: res.message }); continue; }
    visited++;
    if (!res || !/text\/html/.test(res.headers()['content-type'] ?? '')) continue;
    if (res.status() >= 500) findings.push({ who, path: key, problem: `HTTP ${res.status()}` });
    const text = await page.locator('body').innerText();
    for (const problem of brokenText(text)) findings.push({ who, path: key, problem });
    // Official documents are read, not navigated: their links are not the app's.
    if (url.pathname.startsWith('/documents/')) continue;
    const links = await page.locator('a[href]:not([download])').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    queue.push(...links);
  }
  return visited;
}

/** The nav's links as the person sees them, and whether each answers with a page (not a refusal). */
async function checkNav(page: Page, role: string, findings: Finding[]) {
  const hrefs = await page.locator('header nav a[href]').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname + (a as HTMLAnchorElement).search));
  for (const href of hrefs) {
    const res = await page.request.get(href, { maxRedirects: 0 });
    if (res.status() !== 200) findings.push({ who: role, path: href, problem: `nav link answers ${res.status()}` });
  }
  // Who is signed in reads 李俊 · 执法人员（承办人）, not 李俊（执法人员（承办人））.
  const who = (await page.locator('header .who').innerText()).trim();
  if (/（[^）]*（/.test(who)) findings.push({ who: role, path: page.url(), problem: `nested parentheses in "${who}"` });
  // At 1366 px the nav is one row: every link's top is the first one's.
  const tops = await page.locator('header nav a').evaluateAll((as) => as.map((a) => Math.round(a.getBoundingClientRect().top)));
  if (new Set(tops).size > 1) findings.push({ who: role, path: page.url(), problem: `nav wraps into ${new Set(tops).size} rows at 1366px` });
  return hrefs;
}

beforeAll(async () => {
  // Something to find: cases at three stages in 红塔区 (a lead, an investigation, a proposal with its
  // notice), an inspection drawn, and a plan drafted in 峨山 (whose draft lists enterprises by risk).
  const handler = await apiAs(env.sys.baseUrl, 'hongta.handler1');
  const supervisor = await apiAs(env.sys.baseUrl, 'hongta.supervisor');
  const lead = (name: string) => leadBody({ party: { kind: 'ORG', name: `${name}-${randomUUID().slice(0, 6)}`, idNumber: validUscc('91530402MA6K0000X'), address: '玉溪市红塔区玉兴路1号' } });
  const ids: string[] = [];
  for (const name of ['巡查线索化工有限公司', '调查取证化工有限公司', '处罚告知化工有限公司']) {
    const r = await handler.post('/api/cases', lead(name));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    ids.push(r.body.caseId);
  }
  for (const id of ids.slice(1)) {
    const t = await openTaskOf(supervisor, id, 'FILING_APPROVAL');
    expect((await supervisor.post(`/api/tasks/${t.id}/complete`, { outcome: 'APPROVE', data: { comment: '同意立案' } })).status).toBe(200);
  }
  const investigation = await openTaskOf(handler, ids[2]!, 'INVESTIGATION');
  const proposed = await handler.post(`/api/tasks/${investigation.id}/complete`, { outcome: 'PROPOSE', data: {
    findings: '经查，当事人储罐区未设置明显的安全警示标志，违反《安全生产法》第三十五条。', penaltyTypes: ['FINE'], fineFen: 10_000_000,
    officerIds: ['u-hongta-handler1', 'u-hongta-handler2'],
  } });
  expect(proposed.status, JSON.stringify(proposed.body)).toBe(200);
  await openTaskOf(handler, ids[2]!, 'NOTICE_SERVICE');
  expect((await supervisor.post('/api/draws', { count: 1 }, { 'idempotency-key': randomUUID() })).status).toBe(201);
  const eshan = await apiAs(env.sys.baseUrl, 'eshan.handler1');
  const plan = await eshan.post('/api/plans', { year: Number(shanghaiDate(new Date()).slice(0, 4)), randomChecks: 1, keyEnterprises: [{ enterpriseId: 'ent-eshan-explosive', perYear: 2 }] });
  // Its own fresh database (isolated), whose seed drafts no plan: the year's plan is new here,
  // so 201 (409 would mean a plan already existed — something else wrote one).
  expect(plan.status, JSON.stringify(plan.body)).toBe(201);
  await eventually(() => env.sys.prisma.task.findFirst({ where: { caseId: ids[2], kind: 'NOTICE_SERVICE', status: 'OPEN' } }));
}, 180_000);

describe('every page shows words, not codes (page crawl)', () => {
  it('every role has a seeded user to crawl as', () => {
    expect(Object.keys(CRAWLERS).sort()).toEqual([...ROLES].sort());
  });

  it('the public pages, signed out', { timeout: 120_000 }, async () => {
    const context = await env.browser.newContext({ baseURL: env.sys.baseUrl, locale: 'zh-CN', viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await page.goto('/login');
    const findings: Finding[] = [];
    const nav = await checkNav(page, 'anonymous', findings);
    const visited = await crawl(page, 'anonymous', ['/login', ...nav], findings);
    await context.close();
    expect(visited).toBeGreaterThanOrEqual(4);
    expect(findings.map((f) => `${f.who} ${f.path}: ${f.problem}`)).toEqual([]);
  });

  for (const [role, username] of Object.entries(CRAWLERS)) {
    it(`${role} (${username})`, { timeout: 240_000 }, async () => {
      const page = await env.signIn(username);
      await page.setViewportSize({ width: 1366, height: 900 });
      await page.goto('/tasks');
      const findings: Finding[] = [];
      const nav = await checkNav(page, role, findings);
      const visited = await crawl(page, role, ['/tasks', ...nav], findings);
      await page.context().close();
      expect(visited).toBeGreaterThanOrEqual(nav.length);
      expect(findings.map((f) => `${f.who} ${f.path}: ${f.problem}`)).toEqual([]);
    });
  }
});
