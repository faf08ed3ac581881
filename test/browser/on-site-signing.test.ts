import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { SHOTS, useBrowserSystem } from '../support/browser.ts';
import { beijingLocal, countyCaseAtInvestigation, drawSignature, type OnSiteCounty } from '../support/on-site.ts';

// 现场签名 on a phone (390×844, issue 23 item 3): the officers and the party sign a 现场检查记录 on
// the screen; the numbered record carries the signatures and its copy's 送达回证 is issued with it —
// signed for, or 留置送达 before a witness when the party refuses.
const env = useBrowserSystem();
let site: OnSiteCounty;
let caseId: string, h1: string, h2: string;
const local = beijingLocal;
const sign = drawSignature;

beforeAll(async () => {
  site = await countyCaseAtInvestigation(env.sys, 'sign', '签名', randomUUID().slice(0, 8));
  ({ caseId, h1, h2 } = site);
});

async function fillInspection(page: Page, confirmed: boolean) {
  await page.goto(`/cases/${caseId}`);
  await page.getByRole('link', { name: '制作现场检查记录' }).click();
  await page.getByLabel('检查开始时间').fill(local(3));
  await page.getByLabel('检查结束时间').fill(local(2));
  await page.getByLabel('检查地点').fill('储罐区');
  await page.getByLabel('现场负责人姓名').fill('孙志强');
  await page.getByLabel('现场负责人职务').fill('生产副总经理');
  await page.getByRole('checkbox', { name: '签名甲' }).check();
  await page.getByRole('checkbox', { name: '签名乙' }).check();
  await page.getByLabel('检查情况').fill('储罐区未设置明显的安全警示标志。');
  await page.getByLabel('现场处理措施').fill('无');
  if (confirmed) await page.getByLabel('已核对无误并签字').check();
  else {
    await page.getByLabel('拒绝签字', { exact: true }).check();
    await page.getByLabel('拒绝签字的理由').fill('称需请示总经理');
  }
  await page.getByLabel('执法人员签名（一）', { exact: true }).selectOption(h1);
  await page.getByLabel('执法人员签名（二）', { exact: true }).selectOption(h2);
  await sign(page.getByLabel('执法人员签名（一）签名区'));
  await sign(page.getByLabel('执法人员签名（二）签名区'));
  await page.getByLabel('记录副本送达地点').fill('公司办公室');
}

const issued = (kind: string) => env.sys.prisma.document.findMany({ where: { caseId, kind }, orderBy: { issuedAt: 'asc' } });

describe('signing a 现场检查记录 on the phone', () => {
  it('the party signs: the record holds three signatures and its 送达回证 is signed for', async () => {
    const page = await env.signIn(site.username);
    await page.setViewportSize({ width: 390, height: 844 });
    await fillInspection(page, true);
    await sign(page.getByLabel('现场负责人签名区'));
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'on-site-signing-390.png'), fullPage: true });
    await page.getByRole('button', { name: '制作并编号' }).click();
    await page.waitForURL((u) => u.pathname === `/cases/${caseId}`, { timeout: 15_000 }).catch(async (err) => {
      throw new Error(`${(err as Error).message}\n${await page.locator('#form-errors').textContent().catch(() => '')}`);
    });

    const [record] = await issued('INSPECTION_RECORD');
    expect(record.html.match(/<img src="data:image\/png;base64,/g)).toHaveLength(3);
    expect(record.html).toContain('孙志强（');
    const [receipt] = await issued('SERVICE_RECEIPT');
    expect(receipt.html).toContain('直接送达');
    expect(receipt.html).toContain(record.number);
  });

  it('the party refuses: a witness signs and the copy is served by 留置送达', async () => {
    const page = await env.signIn(site.username);
    await page.setViewportSize({ width: 390, height: 844 });
    await fillInspection(page, false);
    await page.getByLabel('签名人：见证人（拒绝签字时）').fill('村委会主任李某');
    await page.getByRole('button', { name: '制作并编号' }).click();
    // A witness named but not yet signed: refused, and the page says who still has to sign.
    await expect.poll(() => page.locator('#e-signing').textContent()).toContain('请见证人在屏幕上签名');
    await sign(page.getByLabel('执法人员签名（一）签名区'));
    await sign(page.getByLabel('执法人员签名（二）签名区'));
    await sign(page.getByLabel('见证人（拒绝签字时）签名区'));
    await page.getByRole('button', { name: '制作并编号' }).click();
    await page.waitForURL((u) => u.pathname === `/cases/${caseId}`, { timeout: 10_000 }).catch(async (err) => {
      throw new Error(`${(err as Error).message}\n${await page.locator('#form-errors').textContent().catch(() => '')}`);
    });
    const receipts = await issued('SERVICE_RECEIPT');
    expect(receipts).toHaveLength(2);
    const text = receipts[1].html.replace(/<[^>]+>/g, '');
    expect(text).toContain('留置送达');
    expect(text).toContain('村委会主任李某（');
    expect(text).toContain('称需请示总经理');
  });
});
