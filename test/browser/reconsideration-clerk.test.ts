import { createHash, randomUUID } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { leadBody, signedReceipt, validUscc } from '../support/cases.ts';
import { reloadUntil, SHOTS, useBrowserSystem } from '../support/browser.ts';
import { apiAs, eventually } from '../support/system.ts';
import { makePng } from '../support/uploads.ts';

// The reconsideration clerk decides an application in a real Chromium: the queue, the
// application page, the bureau's answer with its evidence file from the page (opened by the
// clerk), the decision form; the case page then shows the challenge and its outcome.
const env = useBrowserSystem();

describe('reconsideration clerk (行政复议)', () => {
  it('the clerk finds the application in the queue, the bureau answers with evidence from the page, the clerk opens it and revokes the penalty, and the case page shows it', async () => {
    const handler = await apiAs(env.sys.baseUrl, 'hongta.handler1');
    const clerkApi = await apiAs(env.sys.baseUrl, 'hongta.recon.clerk');
    const party = `复议浏览器测试商贸有限公司-${randomUUID().slice(0, 6)}`;
    const summary = await handler.post('/api/cases/summary', {
      ...leadBody({ party: { kind: 'ORG', name: party, idNumber: validUscc('91530402MA6K0001X') } }),
      officerIds: ['u-hongta-handler2'], penalty: { penaltyTypes: ['WARNING', 'FINE'], fineFen: 200_00 }, receipt: signedReceipt(),
    });
    expect(summary.status).toBe(201);
    const caseId = summary.body.caseId as string;
    await eventually(async () => (await handler.get(`/api/cases/${caseId}/state`)).body?.paymentDueDay);
    await eventually(async () => env.sys.prisma.disclosure.findUnique({ where: { caseId } }));
    const filed = await clerkApi.post('/api/reconsiderations', { caseId, requests: '请求撤销处罚决定', grounds: '违法事实不存在。' });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const id = filed.body.id as string;

    const page = await env.signIn('hongta.recon.clerk');
    await page.getByRole('link', { name: '行政复议' }).first().click();
    await page.waitForURL((u) => u.pathname === '/reconsiderations');
    await reloadUntil(page, async () => (await page.getByRole('link', { name: party }).count()) > 0);
    await page.getByRole('link', { name: party }).click();
    await reloadUntil(page, async () => page.getByRole('button', { name: '受理', exact: true }).isVisible());
    await page.getByRole('button', { name: '受理', exact: true }).click();
    await page.waitForURL((u) => u.pathname === `/reconsiderations/${id}`);
    await reloadUntil(page, async () => page.getByRole('button', { name: '作出复议决定' }).isVisible());

    // Before the bureau's answer (and within its period) the decision is refused, with the reason on the page.
    await page.getByLabel('复议决定', { exact: true }).selectOption('REVOKE');
    await page.getByLabel('决定理由').fill('违法事实不清。');
    await page.getByRole('button', { name: '作出复议决定' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/答复期限届满前/);

    // The bureau answers from the page with an evidence file; one collected after the decision is refused first (FY 46).
    const decidedAt = (await handler.get(`/api/cases/${caseId}/state`)).body.decision.decidedAt as string;
    const beijing = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16);
    const png = makePng(32, 24, [20, 120, 200]);
    const bureau = await env.signIn('hongta.legal');
    await bureau.goto(`/reconsiderations/${id}`);
    await reloadUntil(bureau, async () => bureau.getByRole('button', { name: '提交答复' }).isVisible());
    expect(await bureau.locator('.recon-answer').textContent()).not.toMatch(/系统管理员/);
    await bureau.getByLabel('答复意见').fill('认定事实清楚，证据确凿。');
    await bureau.getByLabel('证据文件').setInputFiles({ name: '现场照片.png', mimeType: 'image/png', buffer: png });
    await bureau.getByLabel('收集时间').fill(beijing(Date.parse(decidedAt) + 2 * 3_600_000));
    await bureau.getByRole('button', { name: '提交答复' }).click();
    await expect.poll(() => bureau.locator('#answer-error').textContent()).toMatch(/请填写证据名称/);
    await bureau.getByLabel('证据名称').fill('现场照片');
    await bureau.getByRole('button', { name: '提交答复' }).click();
    await expect.poll(() => bureau.locator('#answer-error').textContent()).toMatch(/第四十六条/);
    expect(await env.sys.prisma.evidence.count({ where: { caseId: `reconsideration:${id}` } })).toBe(0);
    await bureau.getByLabel('收集时间').fill(beijing(Date.parse(decidedAt)));
    await bureau.getByRole('button', { name: '提交答复' }).click();
    await reloadUntil(bureau, async () => ((await bureau.locator('ul.recon-evidence').textContent()) ?? '').includes('现场照片'));
    const sha = createHash('sha256').update(png).digest('hex');
    const stored = await env.sys.prisma.evidence.findMany({ where: { caseId: `reconsideration:${id}` } });
    expect(stored).toEqual([expect.objectContaining({ description: '现场照片', fileName: '现场照片.png', mimeType: 'image/png', sha256: sha, content: null })]);
    await bureau.context().close();

    await page.goto(`/reconsiderations/${id}`); // not reload(): that would resubmit the refused form
    // The organ's clerk opens the respondent's evidence from the page: the exact bytes.
    const link = page.getByRole('link', { name: '现场照片' });
    expect(await link.getAttribute('href')).toBe(`/evidence/${stored[0]!.id}`);
    expect(await page.locator('ul.recon-evidence').textContent()).toContain(`SHA-256 ${sha.slice(0, 12)}`);
    const file = await page.request.get(`/evidence/${stored[0]!.id}`);
    expect(file.status()).toBe(200);
    expect(createHash('sha256').update(await file.body()).digest('hex')).toBe(sha);
    await reloadUntil(page, async () => ((await page.locator('h1').textContent()) ?? '').includes('审理中'));
    await page.getByLabel('复议决定', { exact: true }).selectOption('REVOKE');
    await page.getByLabel('决定理由').fill('现有证据不足以证明违法事实，予以撤销。');
    await page.getByRole('button', { name: '作出复议决定' }).click();
    await page.waitForURL((u) => u.pathname === `/reconsiderations/${id}`);
    await reloadUntil(page, async () => ((await page.locator('.recon-outcome').textContent()) ?? '').includes('撤销'));
    expect(await page.getByRole('link', { name: /行政复议决定书/ }).count()).toBe(1);
    await page.screenshot({ path: path.join(SHOTS, 'reconsideration-decided.png'), fullPage: true });

    const disclosure = await eventually(async () => { const d = await env.sys.prisma.disclosure.findUnique({ where: { caseId } }); return d?.withdrawnAt && d; });
    expect(disclosure.withdrawReason).toMatch(/撤销/);
    await page.context().close();

    const officer = await env.signIn('hongta.handler1');
    await officer.goto(`/cases/${caseId}`);
    await reloadUntil(officer, async () => ((await officer.locator('.reconsideration-panel').textContent()) ?? '').includes('撤销'));
    expect(await officer.locator('.reconsideration-panel').textContent()).toMatch(/复议结果：撤销/);
    await officer.context().close();
  });
});
