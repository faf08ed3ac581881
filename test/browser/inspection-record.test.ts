import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addDays, shanghaiDate } from '../../rules/iso-date.ts';
import { reloadUntil, SHOTS, useBrowserSystem } from '../support/browser.ts';
import { apiAs } from '../support/system.ts';

// 现场检查记录 in a real Chromium: an officer records an inspection with a hazard and its photo hash.
const env = useBrowserSystem();
const PHOTO = 'ab'.repeat(32);

describe('on-site inspection record (现场检查记录)', () => {
  it('an officer records a hazard with its photo hash; a single officer is refused with nothing written', async () => {
    const supervisor = await apiAs(env.sys.baseUrl, 'hongta.supervisor');
    const drawn = await supervisor.post('/api/draws', { count: 1 }, { 'idempotency-key': randomUUID() });
    expect(drawn.status).toBe(201);
    const id = drawn.body.inspections[0] as string;

    const page = await env.signIn('hongta.handler1');
    await page.getByRole('link', { name: '监督检查' }).click();
    await page.waitForURL((u) => u.pathname === '/inspections');
    await reloadUntil(page, async () => (await page.locator(`a[href="/inspections/${id}"]`).count()) > 0);
    await page.locator(`a[href="/inspections/${id}"]`).click();
    await reloadUntil(page, async () => page.getByRole('link', { name: '填写现场检查记录' }).isVisible());
    expect(await page.locator('h1').textContent()).toMatch(/红塔应急检通〔\d{4}〕\d+号/);
    await page.getByRole('link', { name: '填写现场检查记录' }).click();
    await page.waitForURL((u) => u.pathname === `/inspections/${id}/record`);

    const description = `配电柜前堆放杂物-${randomUUID().slice(0, 6)}`;
    const fill = async (officer2: string) => {
      await page.getByLabel('执法人员一').selectOption('u-hongta-handler1');
      await page.getByLabel('执法人员二').selectOption(officer2);
      await page.getByLabel('检查场所').fill('生产车间、配电室');
      await page.getByLabel('企业在场人员').fill('王志远');
      await page.getByLabel('职务').fill('安全管理人员');
      await page.locator('input[name="failed"]').first().check();
      await page.getByLabel('检查情况').fill('检查了生产车间、配电室和安全管理台账，企业负责人全程参加。');
      await page.getByLabel('隐患描述').fill(description);
      await page.getByLabel('隐患部位').fill('配电室');
      await page.getByLabel('现场照片 SHA-256').fill(PHOTO);
      await page.getByLabel('整改期限').fill(addDays(shanghaiDate(new Date()), 20));
    };
    await fill('u-hongta-handler1');
    await page.getByRole('button', { name: '提交现场检查记录' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/两名以上/);
    expect(await env.sys.prisma.hazard.count({ where: { inspectionId: id } })).toBe(0);

    await fill('u-hongta-handler2');
    await page.getByRole('button', { name: '提交现场检查记录' }).click();
    await page.waitForURL((u) => u.pathname === `/inspections/${id}`);
    await reloadUntil(page, async () => ((await page.locator('h1').textContent()) ?? '').includes('整改中'), 30_000);
    expect(await page.locator('table.hazards').textContent()).toContain(description);
    expect(await page.locator('table.hazards').textContent()).toContain(PHOTO);
    expect(await page.locator('ul.documents').textContent()).toContain('责令限期整改指令书');
    expect(await page.getByRole('button', { name: '提交现场检查记录' }).count()).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, 'inspection-record.png'), fullPage: true });

    const hazard = await env.sys.prisma.hazard.findFirstOrThrow({ where: { inspectionId: id } });
    expect(hazard.photoSha256).toEqual([PHOTO]);
    const order = await env.sys.prisma.document.findFirstOrThrow({ where: { key: `inspection-${id}/rectification` } });
    expect(order.html).toContain(PHOTO);
    await page.context().close();
  });

  it('a bureau drafts its annual plan on the page, the head approves it, and the public page names the key enterprises and the draw\'s commitment, not who was drawn', async () => {
    const year = new Date().getUTCMonth() === 11 ? new Date().getUTCFullYear() + 1 : new Date().getUTCFullYear();
    const page = await env.signIn('yimen.handler1');
    await page.getByRole('link', { name: '检查计划' }).click();
    await page.waitForURL((u) => u.pathname === '/plans');
    await page.getByLabel('计划年度').fill(String(year));
    // 易门: the mine and the smelter are key enterprises; the gas station stays in the random pool.
    await page.locator('input[name="perYear_ent-yimen-mine"]').fill('4');
    await page.locator('input[name="perYear_ent-yimen-smelter"]').fill('2');
    await page.locator('input[name="perYear_ent-yimen-gas"]').fill('');
    await page.getByLabel('随机抽查次数').fill('1');
    await page.getByRole('button', { name: '提交局长审批' }).click();
    await page.waitForURL((u) => u.pathname === `/plans/yx-yimen-${year}`);
    await reloadUntil(page, async () => ((await page.locator('h1').textContent()) ?? '').includes('待局长审批'));
    expect(await page.getByRole('button', { name: '批准并公布' }).count()).toBe(0);
    await page.context().close();

    const head = await env.signIn('yimen.head');
    await head.goto(`/plans/yx-yimen-${year}`);
    await reloadUntil(head, async () => head.getByRole('button', { name: '批准并公布' }).isVisible());
    await head.getByLabel('意见／理由').fill('同意，按计划公布');
    await head.getByRole('button', { name: '批准并公布' }).click();
    await reloadUntil(head, async () => ((await head.locator('h1').textContent()) ?? '').includes('已公布'), 30_000);
    expect(await head.locator('table.schedule tbody tr').count()).toBe(4 + 2 + 1);
    await head.screenshot({ path: path.join(SHOTS, 'inspection-plan.png'), fullPage: true });
    await head.context().close();

    const anon = await env.browser.newContext({ baseURL: env.sys.baseUrl, locale: 'zh-CN' });
    const pub = await anon.newPage();
    await pub.goto('/public/plans');
    await pub.getByRole('link', { name: /易门县应急管理局/ }).first().click();
    // No check has begun yet (the schedule starts tomorrow): the key enterprises are named, as the head
    // approved them; who was drawn, and every date, wait for the checks — only the commitment is out.
    expect(await pub.locator('ul.key-enterprises').textContent()).toContain('易门峰岚矿业有限公司');
    expect(await pub.locator('table.schedule tbody').textContent()).toContain('尚无已实施的检查');
    expect(await pub.locator('p.pending').textContent()).toContain('6 次重点企业检查、1 次随机抽查尚未实施');
    expect(await pub.locator('p.draw-commitment').textContent()).toMatch(/抽取结果于检查实施后公开；本次抽取的种子承诺值（SHA-256）：[0-9a-f]{64}/);
    const planRow = await env.sys.prisma.inspectionPlan.findUniqueOrThrow({ where: { id: `yx-yimen-${year}` } });
    const drawnId = (planRow.data as { schedule: { kind: string; enterpriseId: string }[] }).schedule.find((c) => c.kind === 'RANDOM')!.enterpriseId;
    const drawnName = (await env.sys.prisma.enterprise.findUniqueOrThrow({ where: { id: drawnId } })).name;
    expect(await pub.locator('main, body').first().textContent()).not.toContain(drawnName);
    await pub.getByRole('link', { name: '双随机抽查记录及复核' }).click();
    expect(await pub.locator('p.draw-commitment').textContent()).toContain('全部检查实施后公布随机种子和抽取名单');
    expect(await pub.locator('code.seed').count()).toBe(0);
    expect(await pub.locator('td.verify').count()).toBe(0);
    await anon.close();
  });
});
