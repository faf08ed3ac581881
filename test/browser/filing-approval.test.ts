import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { reloadUntil, SHOTS, useBrowserSystem } from '../support/browser.ts';
import { leadBody, openTaskOf, freshUscc } from '../support/cases.ts';
import { apiAs, eventually } from '../support/system.ts';

// 立案审批 as people do it: a real Chromium on the server-rendered Chinese pages, against the
// real app, worker, Temporal and PostgreSQL. Screenshots land in test-results/ (git-ignored).
const CASE_NUMBER = /红塔应急立〔\d{4}〕\d+号/;

const env = useBrowserSystem();

const signIn = env.signIn;


/** A calendar date some days ago, as an <input type=date> wants it, in Beijing time. */
const daysAgo = (n: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() - n * 86_400_000));

/** How the pages print a timestamp (api/views.ts `datetime`). */
// Statutory due dates end at 24:00 of their last day and are shown that way.
const shown = (d: Date) => `${new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date(d.getTime() - 1))} 24:00`;


const h1 = (page: Page) => page.getByRole('heading', { level: 1 });
const timeline = (page: Page) => page.locator('ol.timeline').getByRole('listitem');
/** The form of one outcome on a task page: the card headed by the outcome's label. */
const outcomeForm = (page: Page, label: string) => page.locator('form').filter({ has: page.getByRole('heading', { name: label, exact: true }) });

describe('立案审批 in a real browser', () => {
  it('a logged-out visit to /tasks is sent to the Chinese login page', async () => {
    const context = await env.browser.newContext({ baseURL: env.sys.baseUrl });
    try {
      const page = await context.newPage();
      await page.goto('/tasks');
      const url = new URL(page.url());
      expect(url.pathname).toBe('/login');
      expect(url.searchParams.get('next')).toBe('/tasks');
      expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
      await expect.poll(() => h1(page).textContent()).toBe('登录');
      expect(await page.getByLabel('用户名').isVisible()).toBe(true);
    } finally {
      await context.close();
    }
  });

  it('the handler registers a lead, the supervisor claims and approves it, the case gets its number', async () => {
    const partyName = `浏览器测试化工有限公司-${randomUUID().slice(0, 8)}`;
    const uscc = freshUscc();

    // ── the handler registers the lead ──────────────────────────────────────────────
    const handler = await signIn('hongta.handler1');
    expect(new URL(handler.url()).pathname).toBe('/tasks');
    expect(await handler.locator('html').getAttribute('lang')).toBe('zh-CN');
    await handler.getByRole('link', { name: '登记案件' }).click();
    await handler.waitForURL('**/cases/new');
    expect(await h1(handler).textContent()).toBe('登记案件线索');

    await handler.getByLabel('当事人类型').selectOption('ORG');
    await handler.getByLabel('当事人名称').fill(partyName);
    await handler.getByLabel('统一社会信用代码 / 身份证号').fill(uscc);
    await handler.getByLabel('执法事项').selectOption('AQ-099-1');
    await handler.getByLabel('案件来源').selectOption('INSPECTION');
    await handler.getByLabel('违法行为发生日期').fill(daysAgo(3));
    await handler.getByLabel('案情摘要').fill('监督检查发现该单位储罐区未设置明显的安全警示标志，现场拍照取证。');
    await handler.getByRole('button', { name: '提交立案审批' }).click();

    await handler.waitForURL((u) => /^\/cases\/(?!new$)[^/]+$/.test(u.pathname));
    const caseId = new URL(handler.url()).pathname.split('/').pop()!;
    // The page right after 提交 must be the case, not an error: a person would think the
    // registration failed. (Soft: the rest of the slice still runs and is reported.)
    const landing = (await h1(handler).textContent()) ?? '';
    await handler.screenshot({ path: path.join(SHOTS, 'after-register.png'), fullPage: true });
    expect.soft(landing, 'POST /cases redirects to /cases/:id before the workflow has written the case row').not.toMatch(/出错了/);
    await reloadUntil(handler, async () => !/出错了/.test((await h1(handler).textContent()) ?? ''));
    expect(await h1(handler).textContent()).toMatch(/案件（待立案）\s*立案审批/);
    await expect.poll(() => handler.getByText(partyName).count()).toBeGreaterThan(0);
    // the workflow opens the approval task: it shows in the case's 办理环节 table as OPEN
    const approvalRow = handler.getByRole('row').filter({ has: handler.getByRole('link', { name: '立案审批' }) });
    await reloadUntil(handler, async () => (await approvalRow.count()) === 1);
    expect(await approvalRow.getByRole('cell').nth(2).textContent()).toBe('待办');

    // ── the supervisor finds it in the queue ───────────────────────────────────────
    const task = await eventually(() => env.sys.prisma.task.findFirst({ where: { caseId, kind: 'FILING_APPROVAL' } }));
    expect(task.dueAt).not.toBeNull();
    const supervisor = await signIn('hongta.supervisor');
    expect(new URL(supervisor.url()).pathname).toBe('/tasks');
    expect(await h1(supervisor).textContent()).toMatch(/^我的待办/);
    // One page of 200 so tasks left open by other system test files cannot push ours off page 1.
    await supervisor.goto('/tasks?pageSize=200');
    const row = supervisor.getByRole('row').filter({ hasText: partyName });
    expect(await row.count()).toBe(1);
    // Columns (issue 17): 案号, 当事人, 程序 · 环节, 期限, 认领, and the claim button.
    expect(await row.getByRole('cell').nth(0).textContent()).toBe('待立案');
    expect(await row.getByRole('cell').nth(1).textContent()).toBe(partyName);
    const dueCell = row.getByRole('cell').nth(3);
    expect(await dueCell.textContent()).toContain(shown(task.dueAt!));
    // Counted as the case page counts this limit (working days for 立案审批).
    expect(await dueCell.textContent()).toMatch(/剩余 \d+个工作日/);
    expect(await row.getByRole('cell').nth(4).textContent()).toBe('未认领');
    await supervisor.screenshot({ path: path.join(SHOTS, 'queue.png'), fullPage: true });

    // ── opens, claims, approves ─────────────────────────────────────────────────────
    await row.getByRole('link', { name: '立案审批' }).click();
    await supervisor.waitForURL(`**/tasks/${task.id}`);
    expect(await h1(supervisor).textContent()).toBe('立案审批');
    expect(await supervisor.getByText(partyName).isVisible()).toBe(true);
    await supervisor.getByRole('button', { name: '认领', exact: true }).click();
    await supervisor.waitForURL(`**/tasks/${task.id}`);
    await reloadUntil(supervisor, async () => (await supervisor.getByText('待办（已认领）').count()) === 1);
    expect(await supervisor.getByRole('button', { name: '认领', exact: true }).count()).toBe(0);
    expect((await env.sys.prisma.task.findUniqueOrThrow({ where: { id: task.id } })).claimedById).toBe('u-hongta-supervisor');
    await supervisor.screenshot({ path: path.join(SHOTS, 'task.png'), fullPage: true });

    const approve = outcomeForm(supervisor, '批准立案');
    await approve.getByLabel(/意见/).fill('同意立案，请抓紧调查取证。');
    await approve.getByRole('button', { name: '批准立案' }).click();
    await supervisor.waitForURL(`**/cases/${caseId}`);

    // ── the case gets its number and a timeline ─────────────────────────────────────
    await reloadUntil(supervisor, async () => CASE_NUMBER.test((await h1(supervisor).textContent()) ?? ''));
    const heading = (await h1(supervisor).textContent())!;
    expect(heading).toMatch(/调查取证/);
    await reloadUntil(supervisor, async () => (await timeline(supervisor).filter({ hasText: /\d{2}:\d{2}\s+立案\s/ }).count()) >= 1);
    const entries = await timeline(supervisor).allTextContents();
    expect(entries.length).toBeGreaterThanOrEqual(4);
    for (const action of ['登记案件线索', '生成待办', '认领', '办结', '立案']) {
      expect(entries.some((e) => e.includes(action)), `timeline has ${action}: ${entries.join(' | ')}`).toBe(true);
    }
    expect(await supervisor.getByText('立案时间').isVisible()).toBe(true);
    await supervisor.screenshot({ path: path.join(SHOTS, 'case.png'), fullPage: true });

    // the handler sees the same number on reload
    await handler.reload();
    expect((await h1(handler).textContent())).toContain(heading.match(CASE_NUMBER)![0]);
  });

  it('不予立案 needs a reason: the page says so in Chinese and the task stays open', async () => {
    const api = await apiAs(env.sys.baseUrl, 'hongta.handler1');
    const partyName = `浏览器测试不予立案公司-${randomUUID().slice(0, 8)}`;
    const reg = await api.post('/api/cases', leadBody({ party: { kind: 'ORG', name: partyName, idNumber: freshUscc() } }));
    expect(reg.status).toBe(201);
    const supervisorApi = await apiAs(env.sys.baseUrl, 'hongta.supervisor');
    const { id: taskId } = await openTaskOf(supervisorApi, reg.body.caseId, 'FILING_APPROVAL');

    const page = await signIn('hongta.supervisor');
    await page.goto(`/tasks/${taskId}`);
    const reject = outcomeForm(page, '不予立案');
    const reason = reject.getByLabel('理由');
    const submit = reject.getByRole('button', { name: '不予立案' });

    // Empty: the browser's own check (required) stops the submit before it leaves the page.
    await submit.click();
    expect(new URL(page.url()).pathname).toBe(`/tasks/${taskId}`);
    expect(await reason.evaluate((el: HTMLTextAreaElement) => el.validity.valueMissing)).toBe(true);

    // Empty with the browser's check out of the way (as in a browser without constraint
    // validation, or a page that lost `required`): the server must answer, on the page, in Chinese.
    const completeResponse = () => page.waitForResponse((r) => r.url().endsWith(`/tasks/${taskId}/complete`) && r.request().method() === 'POST');
    await reject.evaluate((f: HTMLFormElement) => { f.noValidate = true; });
    const [emptyResponse] = await Promise.all([completeResponse(), submit.click()]);
    expect(emptyResponse.status()).toBe(422);
    await page.waitForLoadState();
    const emptyMessage = (await page.getByRole('alert').textContent()) ?? '';
    expect(emptyMessage).toMatch(/reason|理由/);
    expect.soft(emptyMessage, 'an empty 理由 is answered in English (zod default for a missing field)').toMatch(/请填写理由/);
    expect((await env.sys.prisma.task.findUniqueOrThrow({ where: { id: taskId } })).status).toBe('OPEN');

    // Blank (spaces pass `required`): the server's check answers on the page, in Chinese.
    await reason.fill('   ');
    const [response] = await Promise.all([completeResponse(), submit.click()]);
    expect(response.status()).toBe(422);
    await page.waitForLoadState();
    const alert = page.getByRole('alert');
    expect(await alert.textContent()).toMatch(/请填写理由（至少2个字）/);
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    // still open: the outcome forms are still offered, and the store agrees
    expect(await page.getByRole('button', { name: '批准立案' }).isVisible()).toBe(true);
    expect(await page.getByText(/^待办/).count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SHOTS, 'task-reject-error.png'), fullPage: true });
    expect((await env.sys.prisma.task.findUniqueOrThrow({ where: { id: taskId } })).status).toBe('OPEN');

    // With a reason, the rejection goes through and the case is closed as not filed.
    await outcomeForm(page, '不予立案').getByLabel('理由').fill('不属于本局管辖，移交属地乡镇处理。');
    await outcomeForm(page, '不予立案').getByRole('button', { name: '不予立案' }).click();
    await page.waitForURL(`**/cases/${reg.body.caseId}`);
    await reloadUntil(page, async () => /不予立案/.test((await h1(page).textContent()) ?? ''));
    expect(await h1(page).textContent()).not.toMatch(CASE_NUMBER);
  });
});
