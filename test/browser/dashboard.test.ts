import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHOTS, useBrowserSystem } from '../support/browser.ts';
import { seedDashboardFixture } from '../support/dashboard-fixture.ts';

// 执法监督看板 in a real Chromium: ECharts draws the bar, line and heatmap charts from the page's
// figures, a table drills down to the cases, and a table downloads as CSV.
const env = useBrowserSystem();

describe('oversight dashboard page (执法监督看板)', () => {
  it('the city supervisor filters to a county, sees three charts and the tables, drills down and downloads CSV', async () => {
    const fx = await seedDashboardFixture(env.sys.prisma);
    const page = await env.signIn('city.supervisor');
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });

    await page.getByRole('link', { name: '监督看板' }).click();
    await page.waitForURL((u) => u.pathname === '/dashboard');
    await page.getByLabel('开始日期').fill(fx.from);
    await page.getByLabel('机构').selectOption(fx.county);
    await page.getByRole('button', { name: '统计' }).click();
    await page.waitForURL((u) => u.searchParams.get('org') === fx.county);

    // Each chart is drawn by ECharts into a canvas of real size.
    for (const id of ['chart-stages', 'chart-monthly', 'chart-overdue']) {
      const canvas = page.locator(`#${id} canvas`);
      await expect.poll(() => canvas.count(), { message: id }).toBeGreaterThan(0);
      const box = await canvas.first().boundingBox();
      expect(box!.width, id).toBeGreaterThan(200);
      expect(box!.height, id).toBeGreaterThan(200);
    }
    expect(await page.evaluate(() => {
      const e = (window as unknown as { echarts: { getInstanceByDom(el: Element): { getOption(): { series: { type: string }[] } } } }).echarts;
      return ['chart-stages', 'chart-monthly', 'chart-overdue'].map((id) => e.getInstanceByDom(document.getElementById(id)!).getOption().series.map((s) => s.type));
    })).toEqual([['bar', 'bar'], ['line', 'line'], ['heatmap']]);
    await page.screenshot({ path: path.join(SHOTS, 'dashboard.png'), fullPage: true });

    const steps = page.locator('#table-stepTimes');
    const filing = steps.locator('tr', { hasText: '立案审批' });
    await expect.poll(() => filing.locator('td').allTextContents()).toEqual(
      ['立案审批', '5个工作日', expect.stringContaining('第34条第1款'), '10', '5.50', '9.10', '5', '50.0%', '明细']);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      steps.getByRole('link', { name: '导出 CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^执法监督看板-各环节办理用时.*\.csv$/);
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('\uFEFF环节,法定期限,依据,办结数,平均用时（小时）,90%分位用时（小时）,超期办结,超期率');
    expect(csv).toContain(',10,5.5,9.1,5,50.00%');

    // Drill down from the open-cases table to the cases, and on to a case page link.
    await page.locator('#table-openCases tr', { hasText: '调查取证' }).getByRole('link', { name: '明细' }).click();
    await page.waitForURL((u) => u.pathname === '/dashboard/cases');
    const links = page.locator('main table a[href^="/cases/"]');
    await expect.poll(() => links.count()).toBe(2);
    expect(await page.getByText('测试企业a').count()).toBe(1);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('refuses the page to a handler', async () => {
    const page = await env.signIn('hongta.handler1');
    expect(await page.getByRole('link', { name: '监督看板' }).count()).toBe(0);
    const res = await page.goto('/dashboard');
    expect(res!.status()).toBe(403);
    await page.context().close();
  });
});
