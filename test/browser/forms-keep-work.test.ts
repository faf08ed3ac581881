import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SHOTS, useBrowserSystem } from '../support/browser.ts';
import { freshUscc } from '../support/cases.ts';

// Issue 17 item 7 in a real Chromium: a refused form stays on its page with what was typed and the
// message beside the field, and after a submit the page shows the new step without a reload.

const env = useBrowserSystem();
const daysAgo = (n: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() - n * 86_400_000));
/** The message shown inside a field's label. */
const besideField = (page: Page, label: string) => page.locator('label', { hasText: label }).locator('.field-error');
const stepRow = (page: Page, title: RegExp) => page.getByRole('row').filter({ has: page.getByRole('link', { name: title }) });

describe('forms keep work in the browser', () => {
  it('register (a short summary refused, then corrected) → 立案审批 shows; approve → 调查取证 shows, no reload', async () => {
    const partyName = `浏览器表单测试公司-${randomUUID().slice(0, 8)}`;
    const handler = await env.signIn('hongta.handler1');
    await handler.goto('/cases/new');
    // Nothing is preselected that the server would refuse: the person chooses the item.
    expect(await handler.getByLabel('执法事项').inputValue()).toBe('');
    await handler.getByLabel('当事人名称').fill(partyName);
    await handler.getByLabel('统一社会信用代码 / 身份证号').fill(freshUscc());
    await handler.getByLabel('执法事项').selectOption('AQ-099-1');
    await handler.getByLabel('违法行为发生日期').fill(daysAgo(2));
    await handler.getByLabel('案情摘要').fill('未设');
    await handler.getByRole('button', { name: '提交立案审批' }).click();
    await handler.waitForLoadState();

    expect(new URL(handler.url()).pathname).toBe('/cases');
    expect(await besideField(handler, '案情摘要').textContent()).toBe('案情摘要至少5个字');
    expect(await handler.getByLabel('当事人名称').inputValue()).toBe(partyName);
    expect(await handler.getByLabel('执法事项').inputValue()).toBe('AQ-099-1');
    await handler.screenshot({ path: path.join(SHOTS, 'case-new-refused.png'), fullPage: true });

    await handler.getByLabel('案情摘要').fill('监督检查发现储罐区未设置明显的安全警示标志。');
    await handler.getByRole('button', { name: '提交立案审批' }).click();
    await handler.waitForURL((u) => /^\/cases\/(?!new$)[^/]+$/.test(u.pathname));
    const caseId = new URL(handler.url()).pathname.split('/').pop()!;
    // First render, no reload: the step the workflow opened is there.
    expect(await stepRow(handler, /^立案审批$/).count()).toBe(1);

    const supervisor = await env.signIn('hongta.supervisor');
    const task = await env.sys.prisma.task.findFirstOrThrow({ where: { caseId, kind: 'FILING_APPROVAL' } });
    await supervisor.goto(`/tasks/${task.id}`);
    const reject = supervisor.locator('form#outcome-REJECT');
    await reject.getByLabel(/理由/).fill('否');
    await reject.getByRole('button', { name: '不予立案' }).click();
    await supervisor.waitForLoadState();
    const refused = supervisor.locator('form#outcome-REJECT');
    expect(await refused.locator('.field-error').textContent()).toBe('请填写理由（至少2个字）');
    expect(await refused.getByLabel(/理由/).inputValue()).toBe('否');

    await supervisor.locator('form#outcome-APPROVE').getByRole('button', { name: '批准立案' }).click();
    await supervisor.waitForURL(`**/cases/${caseId}`);
    expect(await stepRow(supervisor, /^调查取证/).count()).toBe(1);
    await supervisor.screenshot({ path: path.join(SHOTS, 'case-after-approval.png'), fullPage: true });

    // A case action refused on the case page: the actions stay open, the text stays, the message is beside it.
    await handler.goto(`/cases/${caseId}`);
    await handler.locator('#case-actions summary').click();
    const extension = handler.locator('form#action-extension');
    await extension.getByLabel('延期理由').fill('急');
    await extension.getByRole('button', { name: '申请延长办案期限' }).click();
    await handler.waitForLoadState();
    const again = handler.locator('form#action-extension');
    expect(await again.isVisible()).toBe(true);
    expect(await again.locator('.field-error').textContent()).toBe('请填写理由（至少2个字）');
    expect(await again.getByLabel('延期理由').inputValue()).toBe('急');
  });
});
