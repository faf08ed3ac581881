import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { reloadUntil, SHOTS, useBrowserSystem } from '../support/browser.ts';
import { leadBody, openTaskOf } from '../support/cases.ts';
import { apiAs } from '../support/system.ts';

// The work queue as a supervisor uses it all day (issue 17): filter to one step and one party,
// save that as a view, come back to it, claim and unclaim from the list; and the same page on a
// phone. The lead is registered through the API (set-up); everything after is done in the page.
const env = useBrowserSystem();

const filterForm = (page: Page) => page.locator('form.queue-filter-form');
const rows = (page: Page) => page.locator('table.queue tbody tr');
const cellTexts = async (page: Page, row: ReturnType<typeof rows>) =>
  (await row.getByRole('cell').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());

describe('the work queue in a real browser', () => {
  it('filters, saves a view, reloads it, claims and unclaims from the list', async () => {
    const partyName = `队列浏览器测试化工-${randomUUID().slice(0, 8)}`;
    const handler = await apiAs(env.sys.baseUrl, 'hongta.handler1');
    const supervisorApi = await apiAs(env.sys.baseUrl, 'hongta.supervisor');
    const reg = await handler.post('/api/cases', leadBody({ party: { ...leadBody().party, name: partyName } }));
    expect(reg.status).toBe(201);
    const task = await openTaskOf(supervisorApi, reg.body.caseId, 'FILING_APPROVAL');
    const me = await env.sys.prisma.user.findUniqueOrThrow({ where: { username: 'hongta.supervisor' } });

    const page = await env.signIn('hongta.supervisor');
    await page.goto('/tasks');
    // The nav's counts sit on every page.
    expect(await page.locator('.queue-counts').textContent()).toMatch(/^我的待办 \(\d+\) · 临期 \(\d+\) · 超期 \(\d+\)$/);

    // ── filter: procedure, step, search ─────────────────────────────────────────────
    expect(await page.locator('details.queue-filters').getAttribute('open')).not.toBeNull(); // open on a desk
    await filterForm(page).getByLabel('程序').selectOption({ label: '行政处罚' });
    await filterForm(page).getByLabel('环节').selectOption({ label: '立案审批' });
    await filterForm(page).getByLabel('案号或当事人').fill(partyName);
    await filterForm(page).getByLabel('排序').selectOption({ label: '按登记时间（最新在前）' });
    await filterForm(page).getByRole('button', { name: '筛选' }).click();
    await page.waitForURL((u) => u.searchParams.get('q') === partyName);
    const url = new URL(page.url());
    expect(url.searchParams.get('procedure')).toBe('CASE');
    expect(url.searchParams.get('kind')).toBe('FILING_APPROVAL');
    expect(await rows(page).count()).toBe(1);
    const [number, party, step, due, claimedBy] = await cellTexts(page, rows(page).first());
    expect(number).toBe('待立案');
    expect(party).toBe(partyName);
    expect(step).toBe('行政处罚 立案审批');
    expect(due).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}.*剩余 \d+/);
    expect(claimedBy).toBe('未认领');

    // ── save the filters as a view, leave, come back through it ───────────────────────
    const viewName = `立案待审-${randomUUID().slice(0, 4)}`;
    await page.getByLabel('将当前筛选保存为视图').fill(viewName);
    await page.getByRole('button', { name: '保存视图' }).click();
    await page.waitForLoadState('load');
    const viewLink = page.getByRole('navigation', { name: '我的视图' }).getByRole('link', { name: viewName });
    expect(await viewLink.getAttribute('aria-current')).toBe('page');
    const saved = await env.sys.prisma.queueView.findFirstOrThrow({ where: { userId: me.id, name: viewName } });
    expect(saved.filters).toEqual({ kind: 'FILING_APPROVAL', procedure: 'CASE', q: partyName, sort: 'registered_desc' });

    await page.getByRole('link', { name: '清除筛选' }).click();
    await page.waitForURL((u) => u.search === '');
    await page.getByRole('navigation', { name: '我的视图' }).getByRole('link', { name: viewName }).click();
    await page.waitForURL((u) => u.searchParams.get('q') === partyName);
    expect(await filterForm(page).getByLabel('程序').inputValue()).toBe('CASE');
    expect(await filterForm(page).getByLabel('环节').inputValue()).toBe('FILING_APPROVAL');
    expect(await filterForm(page).getByLabel('排序').inputValue()).toBe('registered_desc');
    expect(await rows(page).count()).toBe(1);
    await page.screenshot({ path: path.join(SHOTS, 'queue-view.png'), fullPage: true });

    // ── claim from the list, then give it back ─────────────────────────────────────────
    const filtered = page.url();
    await rows(page).first().getByRole('button', { name: '认领' }).click();
    await page.waitForURL(filtered);
    await reloadUntil(page, async () => (await cellTexts(page, rows(page).first()))[4] === `${me.displayName}（我）`);
    expect((await env.sys.prisma.task.findUniqueOrThrow({ where: { id: task.id } })).claimedById).toBe(me.id);
    await rows(page).first().getByRole('button', { name: '退回认领' }).click();
    await page.waitForURL(filtered);
    await reloadUntil(page, async () => (await cellTexts(page, rows(page).first()))[4] === '未认领');
    expect((await env.sys.prisma.task.findUniqueOrThrow({ where: { id: task.id } })).claimedById).toBeNull();
    expect(await rows(page).first().getByRole('button', { name: '认领' }).count()).toBe(1);

    // ── delete the view ───────────────────────────────────────────────────────────────
    await page.getByRole('button', { name: `删除视图“${viewName}”` }).click();
    await page.waitForURL((u) => u.pathname === '/tasks' && u.search === '');
    expect(await page.getByRole('link', { name: viewName }).count()).toBe(0);
    expect(await env.sys.prisma.queueView.count({ where: { id: saved.id } })).toBe(0);
    await page.context().close();
  });

  it('on a phone the filters fold away and only the table scrolls sideways', async () => {
    const desk = await env.signIn('hongta.supervisor');
    const cookies = await desk.context().cookies();
    await desk.context().close();
    const context = await env.browser.newContext({ baseURL: env.sys.baseUrl, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await context.addCookies(cookies);
    const page = await context.newPage();
    await page.goto('/tasks');
    const details = page.locator('details.queue-filters');
    expect(await details.getAttribute('open')).toBeNull();
    expect(await filterForm(page).isVisible()).toBe(false);
    // The queue never widens the page; the table's wrapper scrolls sideways instead.
    expect(await page.locator('main').evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    expect(await page.locator('.queue-scroll').evaluate((el) => getComputedStyle(el).overflowX)).toBe('auto');
    await page.screenshot({ path: path.join(SHOTS, 'queue-phone.png'), fullPage: true });
    await page.locator('details.queue-filters > summary').click();
    expect(await filterForm(page).isVisible()).toBe(true);
    const box = await filterForm(page).getByLabel('仅看超期').boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(20); // a checkbox a thumb can hit
    await context.close();
  });
});
