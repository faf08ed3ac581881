import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { leadBody } from '../support/cases.ts';
import { reloadUntil, SHOTS, useBrowserSystem } from '../support/browser.ts';
import { apiAs, eventually } from '../support/system.ts';
import { makePng } from '../support/uploads.ts';

// 收集证据 in a real Chromium (issue 17 item 1): a photo goes up by tus from the case's page,
// on a desk screen and on a phone; a refusal shows beside its field with what was typed kept.
const env = useBrowserSystem();

async function evidencePage(page: Page, caseId: string) {
  await page.goto(`/cases/${caseId}`);
  await page.getByRole('link', { name: /收集证据/ }).click();
  await page.waitForURL((u) => u.pathname === `/cases/${caseId}/evidence/new`);
}

describe('evidence page (收集证据)', () => {
  it.each([
    ['desk', 1366, 900, 'file'],
    ['phone', 390, 844, 'camera'],
  ] as const)('a handler uploads a photo from the %s (%i×%i)', async (name, width, height, input) => {
    const handler = await apiAs(env.sys.baseUrl, 'hongta.handler1');
    const caseId = (await handler.post('/api/cases', leadBody())).body.caseId as string;
    const png = makePng(width / 10, height / 10, name === 'desk' ? [30, 90, 200] : [20, 160, 60]);
    const page = await env.signIn('hongta.handler1');
    await page.setViewportSize({ width, height });
    await evidencePage(page, caseId);

    await page.getByLabel('证据种类').selectOption({ label: '物证' });
    expect(await page.getByLabel('保管人').isVisible()).toBe(true);
    await page.getByLabel('证据种类').selectOption({ label: '照片' });
    // Only the fields of the chosen kind show: a photo has no custodian and no 笔录.
    expect(await page.getByLabel('保管人').isVisible()).toBe(false);
    expect(await page.getByLabel('对应的询问笔录').isVisible()).toBe(false);
    await page.locator(`input[name="${input}"]`).setInputFiles({ name: `现场-${name}.png`, mimeType: 'image/png', buffer: png });
    await page.getByLabel(/证据说明/).fill('储罐区');
    await page.getByLabel('所属环节').selectOption({ label: '立案审批（待办）' });
    await page.getByRole('button', { name: '上传并收集' }).click();
    // Too short: refused beside the description, the upload done and everything typed still there.
    await expect.poll(() => page.locator('.field-error[data-for="description"]').textContent()).toMatch(/至少10个字/);
    expect(await page.getByLabel(/证据说明/).inputValue()).toBe('储罐区');
    expect(await page.locator('.upload-status').textContent()).toMatch(/上传完成/);
    expect(await env.sys.prisma.evidence.count({ where: { caseId } })).toBe(0);
    if (width < 500) {
      const box = await page.locator('#evidence-form').boundingBox();
      expect(box!.x + box!.width).toBeLessThanOrEqual(width);
    }
    await page.screenshot({ path: path.join(SHOTS, `evidence-upload-${name}-error.png`), fullPage: true });

    await page.getByLabel(/证据说明/).fill('储罐区东侧未设置安全警示标志的现场照片');
    await page.getByRole('button', { name: '上传并收集' }).click();
    await page.waitForURL((u) => u.pathname === `/cases/${caseId}`);
    await reloadUntil(page, async () => (await page.locator('#case-evidence li').count()) === 1);
    const item = await page.locator('#case-evidence li').textContent();
    expect(item).toContain('照片');
    expect(item).toContain(`现场-${name}.png`);
    expect(item).toContain('立案审批');
    await page.screenshot({ path: path.join(SHOTS, `evidence-upload-${name}.png`), fullPage: true });

    const row = await eventually(() => env.sys.prisma.evidence.findFirst({ where: { caseId } }));
    expect(row).toMatchObject({ kind: 'PHOTO', mimeType: 'image/png', sha256: createHash('sha256').update(png).digest('hex') });
    expect(row.capturedAt).not.toBeNull();
    await page.context().close();
  });
});
