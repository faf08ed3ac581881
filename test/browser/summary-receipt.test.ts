import { randomUUID } from 'node:crypto';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SHOTS, useBrowserSystem } from '../support/browser.ts';
import { validUscc } from '../support/cases.ts';
import { drawSignature } from '../support/on-site.ts';
import { eventually } from '../support/system.ts';

// 当场处罚 on a phone (390×844, issue 23): the officer fills the decision, the party signs for it on
// the screen (行政处罚法 Art 52), and the numbered decision carries the signature.
const env = useBrowserSystem();
const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
async function seriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function fillDecision(page: Page, party: string) {
  await page.goto('/cases/summary/new');
  await page.getByLabel('当事人类型').selectOption('ORG');
  await page.getByLabel('当事人名称').fill(party);
  await page.getByLabel('统一社会信用代码 / 身份证号').fill(validUscc('91530402MA6K0004X'));
  await page.getByLabel('执法事项').selectOption('AQ-099-1');
  await page.getByLabel('案件来源').selectOption('INSPECTION');
  await page.getByLabel('违法行为发生日期').fill(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10));
  await page.getByLabel('违法事实').fill('检查发现仓库出口未设置明显的安全警示标志。');
  await page.locator('input[name="officerIds"][value="u-hongta-handler2"]').check();
  await page.getByRole('checkbox', { name: '警告' }).check();
  await page.getByLabel('罚款金额（元，警告填0）').fill('0');
}

describe('当场处罚决定书 signed for on the phone', () => {
  it('the party signs with the pad; the decision shows the signature; the page fits the screen and passes axe', async () => {
    const page = await env.signIn('hongta.handler1');
    await page.setViewportSize({ width: 390, height: 844 });
    const party = `手机签收商贸有限公司-${randomUUID().slice(0, 6)}`;
    await fillDecision(page, party);
    expect(await seriousViolations(page)).toEqual([]);

    // Submitted unsigned, the form comes back with the message beside the receipt and what was typed.
    await page.getByRole('button', { name: '当场作出处罚决定' }).click();
    await expect.poll(() => page.locator('#e-receipt').textContent()).toContain('请当事人在屏幕上签收');
    expect(await page.getByLabel('当事人名称').inputValue()).toBe(party);
    expect(await env.sys.prisma.case.count({ where: { partyName: party } })).toBe(0);

    await page.getByRole('checkbox', { name: '警告' }).check();
    await page.locator('input[name="officerIds"][value="u-hongta-handler2"]').check();
    // The choice shows what it needs: the party's pad for a receipt; the reason and the witness's pad for a refusal.
    const partyPad = page.getByLabel('当事人（签收人）签名区');
    const witnessPad = page.getByLabel('见证人（当事人拒绝签收时）签名区');
    const reason = page.getByLabel('拒绝签收的理由（拒绝签收时由执法人员注明）');
    expect([await partyPad.isVisible(), await witnessPad.isVisible(), await reason.isVisible()]).toEqual([true, false, false]);
    await page.getByLabel('当事人拒绝签收', { exact: true }).check();
    expect([await partyPad.isVisible(), await witnessPad.isVisible(), await reason.isVisible()]).toEqual([false, true, true]);
    await page.getByLabel('当事人签收', { exact: true }).check();
    await drawSignature(partyPad);
    expect(await fitsWidth(page)).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'summary-receipt-390.png'), fullPage: true });
    await page.getByRole('button', { name: '当场作出处罚决定' }).click();
    await page.waitForURL((u) => /^\/cases\/[^/]+$/.test(u.pathname) && !u.pathname.endsWith('/new'), { timeout: 20_000 });

    const c = await env.sys.prisma.case.findFirstOrThrow({ where: { partyName: party } });
    const doc = await eventually(() => env.sys.prisma.document.findFirst({ where: { caseId: c.id, kind: 'SUMMARY_DECISION' } }));
    await page.goto(`/documents/${doc.id}`);
    const img = page.getByRole('img', { name: `${party}的签名` });
    expect(await img.count()).toBe(1);
    expect(await img.evaluate((e) => (e as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    expect((await page.locator('.signs').textContent())?.replace(/\s+/g, '')).toContain(`当事人（签收）：${party}（`);
  });

  it('the party refuses: the officer notes the reason, the witness signs, and the decision says so', async () => {
    const page = await env.signIn('hongta.handler1');
    await page.setViewportSize({ width: 390, height: 844 });
    const party = `手机拒签商贸有限公司-${randomUUID().slice(0, 6)}`;
    await fillDecision(page, party);
    // A stroke on the party's pad before the choice changes is not sent with the refusal.
    await drawSignature(page.getByLabel('当事人（签收人）签名区'));
    await page.getByLabel('当事人拒绝签收', { exact: true }).check();
    await page.getByLabel('拒绝签收的理由（拒绝签收时由执法人员注明）').fill('称须请示公司总经理');
    await page.locator('input[name="receipt.refused.witness.name"]').fill('村委会主任李某');
    await drawSignature(page.getByLabel('见证人（当事人拒绝签收时）签名区'));
    await page.getByRole('button', { name: '当场作出处罚决定' }).click();
    await page.waitForURL((u) => /^\/cases\/[^/]+$/.test(u.pathname) && !u.pathname.endsWith('/new'), { timeout: 20_000 });

    const c = await env.sys.prisma.case.findFirstOrThrow({ where: { partyName: party } });
    const doc = await eventually(() => env.sys.prisma.document.findFirst({ where: { caseId: c.id, kind: 'SUMMARY_DECISION' } }));
    await page.goto(`/documents/${doc.id}`);
    expect(await page.getByRole('img', { name: '村委会主任李某的签名' }).count()).toBe(1);
    expect(await page.getByRole('img', { name: `${party}的签名` }).count()).toBe(0);
    expect((await page.locator('body').textContent())?.replace(/\s+/g, '')).toContain('当事人拒绝签收（理由：称须请示公司总经理），见证人村委会主任李某，执法人员已当场注明');
  });
});
