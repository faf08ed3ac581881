import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addDays, shanghaiDate } from '../../rules/iso-date.ts';
import { usccCheckDigit } from '../../rules/uscc.ts';
import { loginPage, reloadUntil, SHOTS, useBrowserSystem } from '../support/browser.ts';
import { drawSignature } from '../support/on-site.ts';
import { apiAs, eventually } from '../support/system.ts';

// 委托执法: a township officer finishes a delegated matter with a 当场处罚 in the county bureau's name, in a real Chromium.
const env = useBrowserSystem();
const TOWNSHIP = 'yx-hongta-dayingjie-st';

describe('township queue of delegated matters (委托事项)', () => {
  it('a township officer opens a matter routed by the county and decides it on the spot in the county bureau\'s name', async () => {
    const [head, legal, handler] = await Promise.all(['hongta.head', 'hongta.legal', 'hongta.handler1'].map((u) => apiAs(env.sys.baseUrl, u)));
    const today = shanghaiDate(new Date());
    const created = await head.post('/api/delegations', {
      townshipOrgId: TOWNSHIP, itemCodes: ['AQ-099-1'], officerIds: ['u-hongta-dayingjie-officer1', 'u-hongta-dayingjie-officer2'],
      startDate: today, endDate: addDays(today, 180),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    await eventually(async () => (await legal.post(`/api/delegations/${id}/review`, { outcome: 'APPROVE' })).status === 200);
    await eventually(async () => (await head.post(`/api/delegations/${id}/sign`, { outcome: 'SIGN' })).status === 200);
    await eventually(async () => (await head.get(`/api/delegations/${id}`)).body?.status === 'IN_FORCE');
    const party = `大营街某商店-${randomUUID().slice(0, 6)}`;
    const routed = await handler.post('/api/delegated-matters', { townshipOrgId: TOWNSHIP, itemCode: 'AQ-099-1', partyName: party, location: '大营街街道振兴路', facts: '店内燃气瓶存放处未设置安全警示标志。' });
    expect(routed.status, JSON.stringify(routed.body)).toBe(201);
    const matterId = routed.body.id as string;

    const page = await loginPage(env.browser, env.sys.baseUrl, 'hongta.dayingjie.officer1');
    await page.goto('/delegations');
    expect(await page.getByRole('link', { name: '委托执法' }).count()).toBe(1);
    await reloadUntil(page, async () => (await page.getByText(party).count()) > 0);
    await page.getByRole('link', { name: party }).click();
    await reloadUntil(page, async () => page.getByRole('button', { name: '当场处罚' }).isVisible());
    expect(await page.locator('table.facts').textContent()).toContain('红塔区应急管理局');
    const f = '91530402MA6K12345';
    await page.getByLabel('统一社会信用代码／身份证号').fill(f + usccCheckDigit(f));
    await page.getByLabel('另一名执法人员').selectOption('u-hongta-dayingjie-officer2');
    await page.getByLabel('罚款（元，0 为警告）').fill('500');
    // 行政处罚法 Art 52: the party signs for the decision on the phone.
    await drawSignature(page.locator('.sign-pad[data-prefix="receipt.party"] canvas'));
    await page.getByRole('button', { name: '当场处罚' }).click();
    await page.waitForURL((u) => u.pathname === `/delegated-matters/${matterId}`);
    await reloadUntil(page, async () => ((await page.locator('h1').textContent()) ?? '').includes('已办结'));
    expect(await page.getByRole('button', { name: '当场处罚' }).count()).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, 'delegation-township-decided.png'), fullPage: true });

    const m = await env.sys.prisma.delegatedMatter.findUniqueOrThrow({ where: { id: matterId } });
    expect(m).toMatchObject({ status: 'CLOSED', outcome: 'PENALTY', townshipOrgId: TOWNSHIP });
    const c = await env.sys.prisma.case.findUniqueOrThrow({ where: { id: m.caseId! } });
    expect(c.orgId).toBe('yx-hongta');
    expect(c.procedure).toBe('SUMMARY');
    const decision = await env.sys.prisma.document.findFirstOrThrow({ where: { caseId: c.id, kind: 'SUMMARY_DECISION' } });
    expect(decision.html).toMatch(/当事人（签收）：<span class="signature"><img src="data:image\/png;base64,/);
    await page.context().close();
  });
});
