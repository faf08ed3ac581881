import { randomUUID } from 'node:crypto';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { SHOTS, useBrowserSystem } from '../support/browser.ts';
import { beijingLocal, countyCaseAtInvestigation, drawSignature, type OnSiteCounty } from '../support/on-site.ts';
import { eventually } from '../support/system.ts';
import { makePng } from '../support/uploads.ts';

// An inspection on a phone at 390×844 with the network coming and going (issue 23 items 4–5): a
// form survives a reload, a record made without a network waits on the phone, is sent when the
// network returns and is numbered once however often it is sent; a hazard photo is taken with the
// phone's camera input; the pages pass axe.
const env = useBrowserSystem();
let site: OnSiteCounty;
let caseId: string, h1: string, h2: string;
const local = beijingLocal;
const sign = drawSignature;

beforeAll(async () => {
  site = await countyCaseAtInvestigation(env.sys, 'offl', '离线', randomUUID().slice(0, 8));
  ({ caseId, h1, h2 } = site);
});

const records = () => env.sys.prisma.document.count({ where: { caseId, kind: 'INSPECTION_RECORD' } });
const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
async function seriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('an inspection on the phone, offline and back', () => {
  it('keeps what was typed across a reload, waits offline, is sent once on reconnecting, and passes axe', async () => {
    const page = await env.signIn(site.username);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/tasks');
    expect(await seriousViolations(page)).toEqual([]);
    expect(await fitsWidth(page)).toBe(true);

    // The hazard photographed with the phone's camera (capture="environment"), sent by tus.
    await page.goto(`/cases/${caseId}`);
    await page.getByRole('link', { name: /收集证据/ }).click();
    await page.waitForURL((u) => u.pathname === `/cases/${caseId}/evidence/new`);
    await page.getByLabel('证据种类').selectOption({ label: '照片' });
    await page.locator('input[name="camera"]').setInputFiles({ name: '储罐区隐患.png', mimeType: 'image/png', buffer: makePng(39, 84, [20, 160, 60]) });
    await page.getByLabel(/证据说明/).fill('储罐区东侧未设置安全警示标志的现场照片');
    const steps = await page.getByLabel('所属环节').locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
    if (steps.length) await page.getByLabel('所属环节').selectOption(steps[0]);
    expect(await fitsWidth(page)).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: '上传并收集' }).click();
    await page.waitForURL((u) => u.pathname === `/cases/${caseId}`);
    await eventually(async () => (await env.sys.prisma.evidence.count({ where: { caseId } })) === 1, 30_000);

    const form = `/cases/${caseId}/records/new?kind=INSPECTION_RECORD`;
    await page.goto(form);
    // The service worker takes over, then keeps the form for offline use.
    await page.waitForFunction(() => navigator.serviceWorker.ready.then((r) => !!r.active), undefined, { timeout: 30_000 });
    await page.waitForFunction(() => !!navigator.serviceWorker.controller, undefined, { timeout: 30_000 });
    await page.getByLabel('检查地点').fill('储罐区');
    await page.getByLabel('现场负责人姓名').fill('孙志强');
    await page.reload();
    expect(await page.getByLabel('检查地点').inputValue()).toBe('储罐区');
    expect(await page.getByLabel('现场负责人姓名').inputValue()).toBe('孙志强');

    await page.getByLabel('检查开始时间').fill(local(3));
    await page.getByLabel('检查结束时间').fill(local(2));
    await page.getByLabel('现场负责人职务').fill('生产副总经理');
    await page.getByRole('checkbox', { name: '离线甲' }).check();
    await page.getByRole('checkbox', { name: '离线乙' }).check();
    await page.getByLabel('检查情况').fill('储罐区未设置明显的安全警示标志。');
    await page.getByLabel('现场处理措施').fill('无');
    await page.getByLabel('已核对无误并签字').check();
    await page.getByLabel('执法人员签名（一）', { exact: true }).selectOption(h1);
    await page.getByLabel('执法人员签名（二）', { exact: true }).selectOption(h2);
    await sign(page.getByLabel('执法人员签名（一）签名区'));
    await sign(page.getByLabel('执法人员签名（二）签名区'));
    await sign(page.getByLabel('现场负责人签名区'));
    await page.getByLabel('记录副本送达地点').fill('公司办公室');
    expect(await fitsWidth(page)).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);

    await page.context().setOffline(true);
    await page.getByRole('button', { name: '制作并编号' }).click();
    await expect.poll(() => page.locator('#outbox h2').textContent()).toContain('待发送（1）');
    await page.screenshot({ path: path.join(SHOTS, 'offline-outbox-390.png'), fullPage: false });
    // Offline, the page comes from the phone, with the record still waiting.
    await page.reload();
    await expect.poll(() => page.locator('#outbox h2').textContent()).toContain('待发送（1）');
    expect(await records()).toBe(0);

    const queued = await page.evaluate(() => localStorage.getItem('zhifa:outbox'));
    await page.context().setOffline(false);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await eventually(async () => (await records()) === 1, 30_000).catch(async (err) => {
      throw new Error(`${(err as Error).message}: ${await page.evaluate(() => localStorage.getItem('zhifa:outbox'))?.then?.((x: unknown) => x) ?? ''} ${await page.locator('#outbox').textContent()}`);
    });
    await expect.poll(() => page.locator('#outbox').isHidden()).toBe(true);

    // The same record sent again (a second phone tab, a retry after a lost answer): still one.
    await page.evaluate((q) => { localStorage.setItem('zhifa:outbox', q!); window.dispatchEvent(new Event('online')); }, queued);
    await expect.poll(() => page.evaluate(() => JSON.parse(localStorage.getItem('zhifa:outbox') ?? '[]').length), { timeout: 20_000 }).toBe(0);
    expect(await records()).toBe(1);
    expect(await env.sys.prisma.document.count({ where: { caseId, kind: 'SERVICE_RECEIPT' } })).toBe(1);

    // The party checks its copy from the QR code; the officer's 当场处罚 form is the next page at hand.
    const record = await env.sys.prisma.document.findFirstOrThrow({ where: { caseId, kind: 'INSPECTION_RECORD' } });
    for (const url of [`/verify/${record.id}`, '/cases/summary/new']) {
      await page.goto(url);
      expect(await fitsWidth(page), url).toBe(true);
      expect(await seriousViolations(page), url).toEqual([]);
    }
  });
});
