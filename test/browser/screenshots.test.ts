import path from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { loginPage, SHOTS, useBrowserSystem } from '../support/browser.ts';
import { leadBody, openTaskOf } from '../support/cases.ts';
import { seedDashboardFixture, type DashboardFixture } from '../support/dashboard-fixture.ts';
import { apiAs } from '../support/system.ts';

// The main pages at a desktop (1366×900) and a phone (390×844) size, kept as test artefacts in
// test-results/screenshots/ (issue 17 item 9), with what makes them usable checked: the heading is
// on screen, Chinese text is drawn with a CJK font (fonts-noto-cjk), the nav is one row on the
// desktop and behind the 菜单 button on the phone, nothing but a table scroller is wider than the
// phone, no table cell stacks its words one character per line, and checkboxes are big enough to hit.
// Its own database: other files leave hostile text and test codes in the seeded counties.
const env = useBrowserSystem({ isolated: 'shots' });
const DIR = path.join(SHOTS, 'screenshots');
const SIZES = { desktop: { width: 1366, height: 900 }, phone: { width: 390, height: 844 } } as const;

let fx: DashboardFixture;
const pages: { name: string; who?: string; path: () => string }[] = [];
let caseId = '';
let taskId = '';

beforeAll(async () => {
  mkdirSync(DIR, { recursive: true });
  fx = await seedDashboardFixture(env.sys.prisma);
  const handler = await apiAs(env.sys.baseUrl, 'hongta.handler1');
  const supervisor = await apiAs(env.sys.baseUrl, 'hongta.supervisor');
  const reg = await handler.post('/api/cases', leadBody());
  expect(reg.status, JSON.stringify(reg.body)).toBe(201);
  caseId = reg.body.caseId;
  const filing = await openTaskOf(supervisor, caseId, 'FILING_APPROVAL');
  expect((await supervisor.post(`/api/tasks/${filing.id}/complete`, { outcome: 'APPROVE', data: { comment: '同意立案' } })).status).toBe(200);
  taskId = (await openTaskOf(handler, caseId, 'INVESTIGATION')).id;
}, 120_000);

pages.push(
  { name: 'login', path: () => '/login' },
  { name: 'queue', who: 'hongta.handler1', path: () => '/tasks' },
  { name: 'cases', who: 'hongta.handler1', path: () => '/cases' },
  { name: 'case', who: 'hongta.handler1', path: () => `/cases/${caseId}` },
  { name: 'task', who: 'hongta.handler1', path: () => `/tasks/${taskId}` },
  { name: 'case-new', who: 'hongta.handler1', path: () => '/cases/new' },
  { name: 'dashboard', who: 'fixture-head', path: () => `/dashboard?from=${fx.from}` },
  { name: 'supervision', who: 'fixture-head', path: () => '/supervision' },
  { name: 'workforce', who: 'city.supervisor', path: () => '/workforce' },
  { name: 'case-review-report', who: 'city.supervisor', path: () => '/case-reviews/report' },
  { name: 'public-disclosures', path: () => '/public/disclosures' },
);

async function open(browser: Browser, who: string | undefined, size: { width: number; height: number }): Promise<Page> {
  if (who) {
    const page = await loginPage(browser, env.sys.baseUrl, who === 'fixture-head' ? fx.headUsername : who);
    await page.setViewportSize(size);
    return page;
  }
  const context = await browser.newContext({ baseURL: env.sys.baseUrl, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: size });
  return context.newPage();
}

/** The fonts Chromium drew the main heading with (DevTools' own answer, not a guess from widths). */
async function headingFonts(page: Page): Promise<{ familyName: string; glyphCount: number }[]> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument');
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: 'main h1' });
  const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
  await cdp.detach();
  return fonts;
}

/** Whatever makes the page hard to use at this size, in words. */
async function problems(page: Page, phone: boolean): Promise<string[]> {
  return page.evaluate((isPhone) => {
    const found: string[] = [];
    const h1 = document.querySelector('main h1');
    const box = h1?.getBoundingClientRect();
    if (!h1 || !box || box.height === 0 || box.bottom > innerHeight) found.push('main heading not on the first screen');
    const vw = document.documentElement.clientWidth;
    if (isPhone) {
      // Only a table scroller may be wider than the phone; the page itself never scrolls sideways.
      if (document.documentElement.scrollWidth > vw + 1) found.push(`page is ${document.documentElement.scrollWidth}px wide at ${vw}px`);
      for (const el of document.querySelectorAll<HTMLInputElement>('input[type=checkbox]:not(.menu-toggle), input[type=radio]')) {
        const r = el.getBoundingClientRect();
        if (r.width > 0 && (r.width < 20 || r.height < 20)) found.push(`${el.type} ${el.name} is ${r.width}×${r.height}px`);
      }
    }
    // A cell whose words stack one or two characters a line (names, headers) is unreadable.
    for (const cell of document.querySelectorAll<HTMLElement>('main th, main td')) {
      const text = (cell.innerText ?? '').trim();
      if (text.length < 3 || cell.getBoundingClientRect().width === 0) continue;
      const range = document.createRange();
      range.selectNodeContents(cell);
      const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
      if (lines > 1 && lines >= Math.ceil(text.length / 2)) found.push(`cell "${text.slice(0, 12)}" is ${lines} lines`);
    }
    return [...new Set(found)];
  }, phone);
}

describe('screenshots of the main pages, desktop and phone', () => {
  for (const [size, viewport] of Object.entries(SIZES)) {
    it(`${size} ${viewport.width}×${viewport.height}`, { timeout: 240_000 }, async () => {
      const found: string[] = [];
      for (const p of pages) {
        const page = await open(env.browser, p.who, viewport);
        const res = await page.goto(p.path());
        expect(res?.status(), `${p.name} ${p.path()}`).toBe(200);
        await page.waitForLoadState('networkidle');
        await page.screenshot({ path: path.join(DIR, `${p.name}-${size}.png`), fullPage: true });
        for (const x of await problems(page, size === 'phone')) found.push(`${p.name}: ${x}`);
        // Chinese drawn in a CJK font, not as empty boxes: fonts-noto-cjk (.ci/run installs it).
        const fonts = await headingFonts(page);
        if (!fonts.some((f) => /CJK|Source Han|WenQuanYi|PingFang|YaHei/i.test(f.familyName) && f.glyphCount > 0)) {
          found.push(`${p.name}: heading drawn with ${fonts.map((f) => f.familyName).join(', ') || 'no font'}`);
        }
        const nav = page.locator('header nav');
        if (p.who) {
          if (size === 'phone') {
            // Collapsed: the first screen is the page, not the menu; 菜单 opens it.
            if (await nav.isVisible()) found.push(`${p.name}: nav not collapsed`);
            const header = await page.locator('header').boundingBox();
            if (header && header.height > 80) found.push(`${p.name}: header ${header.height}px high`);
            await page.getByText('菜单', { exact: true }).click();
            if (!(await nav.isVisible())) found.push(`${p.name}: 菜单 does not open the nav`);
            if (p.name === 'queue') await page.screenshot({ path: path.join(DIR, 'menu-open-phone.png') });
          } else {
            const tops = await nav.locator('a').evaluateAll((as) => as.map((a) => Math.round(a.getBoundingClientRect().top)));
            if (new Set(tops).size !== 1) found.push(`${p.name}: nav in ${new Set(tops).size} rows`);
          }
        }
        await page.context().close();
      }
      expect(found).toEqual([]);
    });
  }
});
