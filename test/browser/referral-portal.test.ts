import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loginPage, reloadUntil, SHOTS, useBrowserSystem } from '../support/browser.ts';
import { apiAs, eventually } from '../support/system.ts';

// 部门门户: the receiving department signs for a referral and reports the result in a real Chromium.
const env = useBrowserSystem();


describe('department portal (移交事项收件箱)', () => {
  it('a department receiver sees only its referrals, signs, then reports the result', async () => {
    const handler = await apiAs(env.sys.baseUrl, 'hongta.handler1');
    const supervisor = await apiAs(env.sys.baseUrl, 'hongta.supervisor');
    const hazard = `电梯超期未检验-${randomUUID().slice(0, 8)}`;
    const created = await handler.post('/api/referrals', {
      hazard, location: '红塔区玉兴街道东风南路112号', reason: '电梯属特种设备，由市场监管部门监管。', toOrgId: 'yx-dept-samr',
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    await eventually(async () => (await handler.get(`/api/referrals/${id}`)).body?.tasks?.some((t: { kind: string }) => t.kind === 'REFERRAL_APPROVAL'));
    expect((await supervisor.post(`/api/referrals/${id}/approval`, { outcome: 'APPROVE' })).status).toBe(200);

    const other = await loginPage(env.browser, env.sys.baseUrl, 'housing.receiver');
    await other.goto('/referrals');
    expect(await other.getByText(hazard).count()).toBe(0);
    await other.context().close();

    const page = await loginPage(env.browser, env.sys.baseUrl, 'samr.receiver');
    await page.goto('/referrals');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('移交事项收件箱');
    await reloadUntil(page, async () => (await page.getByText(hazard).count()) > 0);
    await page.locator('tr', { hasText: hazard }).getByRole('link').click();
    await reloadUntil(page, async () => page.getByRole('button', { name: '签收' }).isVisible());
    expect(await page.locator('h1').textContent()).toMatch(/红塔应急移交〔\d{4}〕\d+号/);
    await page.getByLabel('签收意见').fill('已签收，立即组织核查');
    await page.getByRole('button', { name: '签收' }).click();
    await page.waitForURL((u) => u.pathname === `/referrals/${id}`);
    await reloadUntil(page, async () => page.getByRole('button', { name: '提交反馈' }).isVisible());
    expect(await page.locator('h1').textContent()).toContain('已签收');
    await page.screenshot({ path: path.join(SHOTS, 'referral-portal-signed.png'), fullPage: true });

    await page.getByLabel('采取的措施及处理结果').fill('已责令停用电梯并完成定期检验，检验合格。');
    await page.getByRole('button', { name: '提交反馈' }).click();
    await page.waitForURL((u) => u.pathname === `/referrals/${id}`);
    await reloadUntil(page, async () => ((await page.locator('h1').textContent()) ?? '').includes('已反馈'));
    expect(await page.getByRole('button', { name: '签收' }).count()).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, 'referral-portal-reported.png'), fullPage: true });
    expect((await env.sys.prisma.referral.findUniqueOrThrow({ where: { id } })).status).toBe('RESULT_REPORTED');
    await page.context().close();
  });
});
