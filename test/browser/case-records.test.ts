import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { residentIdCheckDigit } from '../../rules/resident-id.ts';
import { SHOTS, useBrowserSystem } from '../support/browser.ts';
import { leadBody } from '../support/cases.ts';
import { createCounty, createStaff } from '../support/own-county.ts';
import { apiAs, eventually } from '../support/system.ts';

// 询问笔录 and 现场检查记录 made from the pages in a real Chromium, at a desk (1366×900) and on a
// phone (390×844): a refused submit shows its message beside the field with everything typed kept.
const env = useBrowserSystem();
const tag = randomUUID().slice(0, 8);
const ORG = `recp-${tag}`;
const SHORT = `页记${tag}`;
const h1 = `u-${ORG}-h1`;
const h2 = `u-${ORG}-h2`;
let caseId: string;

const beijing = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
/** datetime-local value (Beijing wall time) `hours` ago. */
const local = (hours: number) => beijing.format(Date.now() - hours * 3_600_000).replace(' ', 'T');
const residentId = `53040219800101001${residentIdCheckDigit('53040219800101001')}`;

beforeAll(async () => {
  const { prisma, baseUrl } = env.sys;
  await createCounty(prisma, { id: ORG, name: `测试县应急管理局${tag}`, shortName: SHORT });
  await createStaff(prisma, [
    { id: h1, username: `recp.${tag}.h1`, displayName: '页面甲', orgId: ORG, roles: ['HANDLER'] },
    { id: h2, username: `recp.${tag}.h2`, displayName: '页面乙', orgId: ORG, roles: ['HANDLER'] },
    { id: `u-${ORG}-sup`, username: `recp.${tag}.sup`, displayName: '页面队长', orgId: ORG, roles: ['SUPERVISOR'] },
  ]);
  // Set-up only: a case at 调查取证, registered and approved as the case tests do.
  const [handler, supervisor] = await Promise.all([apiAs(baseUrl, `recp.${tag}.h1`), apiAs(baseUrl, `recp.${tag}.sup`)]);
  caseId = (await handler.post('/api/cases', leadBody())).body.caseId;
  const filing = await eventually(async () => (await supervisor.get(`/api/cases/${caseId}`)).body?.tasks?.find((t: { kind: string; status: string }) => t.kind === 'FILING_APPROVAL' && t.status === 'OPEN'));
  await supervisor.post(`/api/tasks/${filing.id}/complete`, { outcome: 'APPROVE', data: { comment: '同意立案' } });
  await eventually(async () => (await handler.get(`/api/cases/${caseId}`)).body?.case?.stage === 'INVESTIGATION');
});

const documents = (kind: string) => env.sys.prisma.document.count({ where: { caseId, kind } });
const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

async function openForm(page: Page, link: string) {
  await page.goto(`/cases/${caseId}`);
  await page.getByRole('link', { name: link }).click();
  await page.waitForURL((u) => u.pathname === `/cases/${caseId}/records/new`);
}

async function fillInspection(page: Page) {
  await page.getByLabel('检查开始时间').fill(local(3));
  await page.getByLabel('检查结束时间').fill(local(2));
  await page.getByLabel('检查地点').fill('储罐区及配电室');
  await page.getByLabel('现场负责人姓名').fill('孙志强');
  await page.getByLabel('现场负责人职务').fill('生产副总经理');
  await page.getByLabel('检查情况').fill('储罐区未设置明显的安全警示标志；\n配电室门前堆放杂物。');
  await page.getByLabel('现场处理措施').fill('责令立即清理配电室门前杂物。');
  await page.getByLabel('已核对无误并签字').check();
}

describe('records from the pages', () => {
  it('at 1366×900 a handler makes a 询问笔录: a wrong time is shown beside its field with the rest kept, then it is numbered', async () => {
    const page = await env.signIn(`recp.${tag}.h1`);
    await page.setViewportSize({ width: 1366, height: 900 });
    await openForm(page, '制作询问笔录');
    await page.getByLabel('询问开始时间').fill(local(2));
    await page.getByLabel('询问结束时间').fill(local(3)); // before the start: refused
    await page.getByLabel('询问地点').fill('公司二楼会议室');
    await page.getByLabel(/^询问人/).selectOption(h1);
    await page.getByLabel(/^记录人/).selectOption(h2);
    await page.getByLabel('姓名', { exact: true }).fill('钱立新');
    await page.getByLabel('证件类型').selectOption('RESIDENT_ID');
    await page.getByLabel('证件号码').fill(residentId);
    await page.getByLabel('性别').selectOption('MALE');
    await page.getByLabel('年龄（或填出生日期）').fill('46');
    await page.getByLabel('工作单位（无则填“无”）').fill('测试化工有限公司');
    await page.getByLabel('职务（无则填“无”）').fill('安全主任');
    await page.getByLabel('联系电话').fill('13800000000');
    await page.getByLabel('住址').fill('玉溪市红塔区玉兴路1号');
    await page.getByLabel(/^与案件关系(?!说明)/).selectOption('EMPLOYEE');
    await page.getByLabel(/已出示执法证件/).check();
    await page.getByLabel('问1').fill('储罐区的安全警示标志由谁负责设置？');
    await page.getByLabel('答1').fill('由我负责。\n去年拆除后一直没有补设。');
    // The page's script adds rows beyond the three fixed ones.
    for (const n of [2, 3]) {
      await page.getByLabel(`问${n}`).fill(`第${n}个问题？`);
      await page.getByLabel(`答${n}`).fill(`第${n}个回答。`);
    }
    await page.getByRole('button', { name: '添加一问一答' }).click();
    await page.getByLabel('问4').fill('以上所说是否属实？');
    await page.getByLabel('答4').fill('属实。');
    await page.getByLabel('已核对无误并签字').check();

    const before = await documents('INTERVIEW_RECORD');
    const refused = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/cases/${caseId}/records`));
    await page.getByRole('button', { name: '制作并编号' }).click();
    expect((await refused).status()).toBe(422);
    const beside = page.locator('label[for="f-endedAt"] .field-error');
    await expect.poll(() => beside.textContent()).toContain('结束时间须晚于开始时间');
    expect(await page.getByLabel('询问地点').inputValue()).toBe('公司二楼会议室');
    expect(await page.getByLabel('答1').inputValue()).toBe('由我负责。\n去年拆除后一直没有补设。');
    expect(await page.getByLabel('问4').inputValue()).toBe('以上所说是否属实？');
    expect(await page.getByLabel(/^记录人/).inputValue()).toBe(h2);
    expect(await page.getByLabel(/已出示执法证件/).isChecked()).toBe(true);
    expect(await documents('INTERVIEW_RECORD')).toBe(before);
    await page.screenshot({ path: path.join(SHOTS, 'interview-record-error-1366.png'), fullPage: true });

    await page.getByLabel('询问结束时间').fill(local(1));
    await page.getByRole('button', { name: '制作并编号' }).click();
    await page.waitForURL((u) => u.pathname === `/cases/${caseId}`);
    const panel = page.locator('#case-records');
    await expect.poll(() => panel.textContent()).toMatch(new RegExp(`询问笔录\\s*${SHORT}询〔\\d{4}〕1号`));
    const doc = await env.sys.prisma.document.findFirstOrThrow({ where: { caseId, kind: 'INTERVIEW_RECORD' } });
    expect(doc.html).toContain('问：以上所说是否属实？');
    expect(doc.html).toContain('页面乙');
    await page.screenshot({ path: path.join(SHOTS, 'case-records-1366.png'), fullPage: true });
    await page.context().close();
  });

  it('at 1366×900 a 现场检查记录 is saved as a draft first, unnumbered, and numbered when completed', async () => {
    const page = await env.signIn(`recp.${tag}.h1`);
    await page.setViewportSize({ width: 1366, height: 900 });
    await openForm(page, '制作现场检查记录');
    expect(await page.getByLabel('被检查单位名称').inputValue()).toMatch(/^测试化工有限公司-/);
    await page.getByLabel('检查地点').fill('储罐区');
    await page.getByRole('button', { name: '保存草稿' }).click();
    await page.waitForURL((u) => /\/records\/[^/]+\/edit$/.test(u.pathname));
    expect(await page.getByRole('status').textContent()).toContain('草稿已保存');
    expect(await documents('INSPECTION_RECORD')).toBe(0);

    await page.goto(`/cases/${caseId}`);
    await page.locator('#case-records').getByRole('link', { name: '继续填写' }).click();
    expect(await page.getByLabel('检查地点').inputValue()).toBe('储罐区');
    await fillInspection(page);
    await page.getByLabel('页面乙').check();
    await page.getByRole('button', { name: '制作并编号' }).click();
    await page.waitForURL((u) => u.pathname === `/cases/${caseId}`);
    await expect.poll(() => page.locator('#case-records').textContent()).toMatch(new RegExp(`现场检查记录\\s*${SHORT}检记〔\\d{4}〕1号`));
    expect(await page.locator('#case-records').textContent()).not.toContain('草稿（未编号）');
    await page.context().close();
  });

  it('at 390×844 a 现场检查记录 fits the phone; one officer is refused beside the officers, the typed values kept', async () => {
    const page = await env.signIn(`recp.${tag}.h1`);
    await page.setViewportSize({ width: 390, height: 844 });
    await openForm(page, '制作现场检查记录');
    expect(await fitsWidth(page)).toBe(true);
    await fillInspection(page);
    await page.getByLabel('现场负责人电话').fill('0877-1234567');
    // Only the handler (checked by default): 现场检查 needs two officers.
    const before = await documents('INSPECTION_RECORD');
    const refused = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/cases/${caseId}/records`));
    await page.getByRole('button', { name: '制作并编号' }).click();
    expect((await refused).status()).toBe(400);
    await expect.poll(() => page.locator('#e-officerIds').textContent()).toContain('两名以上');
    expect(await page.locator('#e-officerIds').isVisible()).toBe(true);
    expect(await page.getByLabel('检查情况').inputValue()).toBe('储罐区未设置明显的安全警示标志；\n配电室门前堆放杂物。');
    expect(await page.getByLabel('现场负责人电话').inputValue()).toBe('0877-1234567');
    expect(await page.getByLabel('页面甲').isChecked()).toBe(true);
    expect(await documents('INSPECTION_RECORD')).toBe(before);
    expect(await fitsWidth(page)).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'inspection-record-error-390.png'), fullPage: true });

    await page.getByLabel('页面乙').check();
    await page.getByRole('button', { name: '制作并编号' }).click();
    await page.waitForURL((u) => u.pathname === `/cases/${caseId}`);
    await expect.poll(() => page.locator('#case-records').textContent()).toMatch(new RegExp(`${SHORT}检记〔\\d{4}〕2号`));
    expect(await documents('INSPECTION_RECORD')).toBe(before + 1);
    await page.screenshot({ path: path.join(SHOTS, 'case-records-390.png'), fullPage: true });
    await page.context().close();
  });
});
