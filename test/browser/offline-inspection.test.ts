import { randomUUID } from 'node:crypto';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { SHOTS, useBrowserSystem } from '../support/browser.ts';
import { addDays, shanghaiDate } from '../../rules/iso-date.ts';
import { beijingLocal, countyCaseAtInvestigation, countyInspection, drawSignature, type OnSiteCounty, type OnSiteInspection } from '../support/on-site.ts';
import { eventually } from '../support/system.ts';
import { makePng } from '../support/uploads.ts';

// An inspection on a phone at 390×844 with the network coming and going (issue 23 items 4–5): a
// form survives a reload, a record made without a network waits on the phone, is sent when the
// network returns and is numbered once however often it is sent; a hazard photo is taken with the
// phone's camera input; the pages pass axe. First a case's 现场检查记录, then a 监督检查 from the
// draw to its 责令限期整改 with photos and signatures.
const env = useBrowserSystem();
let site: OnSiteCounty;
let insp: OnSiteInspection;
let caseId: string, h1: string, h2: string;
const local = beijingLocal;
const sign = drawSignature;

beforeAll(async () => {
  [site, insp] = await Promise.all([
    countyCaseAtInvestigation(env.sys, 'offl', '离线', randomUUID().slice(0, 8)),
    countyInspection(env.sys, 'offi', '检查', randomUUID().slice(0, 8)),
  ]);
  ({ caseId, h1, h2 } = site);
});

const records = () => env.sys.prisma.document.count({ where: { caseId, kind: 'INSPECTION_RECORD' } });
const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
async function seriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('an inspection on the phone, offline and back', () => {
  it('keeps what was typed across a reload, waits offline, is sent once on reconnecting, and passes axe', async () => {
    const page = await env.signIn(site.username);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/tasks');
    expect(await seriousViolations(page)).toEqual([]);
    expect(await fitsWidth(page)).toBe(true);

    // The hazard photographed with the phone's camera (capture="environment"), sent by tus.
    await page.goto(`/cases/${caseId}`);
    await page.getByRole('link', { name: /收集证据/ }).click();
    await page.waitForURL((u) => u.pathname === `/cases/${caseId}/evidence/new`);
    await page.getByLabel('证据种类').selectOption({ label: '照片' });
    await page.locator('input[name="camera"]').setInputFiles({ name: '储罐区隐患.png', mimeType: 'image/png', buffer: makePng(39, 84, [20, 160, 60]) });
    await page.getByLabel(/证据说明/).fill('储罐区东侧未设置安全警示标志的现场照片');
    const steps = await page.getByLabel('所属环节').locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
    if (steps.length) await page.getByLabel('所属环节').selectOption(steps[0]);
    expect(await fitsWidth(page)).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: '上传并收集' }).click();
    await page.waitForURL((u) => u.pathname === `/cases/${caseId}`);
    await eventually(async () => (await env.sys.prisma.evidence.count({ where: { caseId } })) === 1, 30_000);

    const form = `/cases/${caseId}/records/new?kind=INSPECTION_RECORD`;
    await page.goto(form);
    // The service worker takes over, then keeps the form for offline use.
    await page.waitForFunction(() => navigator.serviceWorker.ready.then((r) => !!r.active), undefined, { timeout: 30_000 });
    await page.waitForFunction(() => !!navigator.serviceWorker.controller, undefined, { timeout: 30_000 });
    await page.getByLabel('检查地点').fill('储罐区');
    await page.getByLabel('现场负责人姓名').fill('孙志强');
    await page.reload();
    expect(await page.getByLabel('检查地点').inputValue()).toBe('储罐区');
    expect(await page.getByLabel('现场负责人姓名').inputValue()).toBe('孙志强');

    await page.getByLabel('检查开始时间').fill(local(3));
    await page.getByLabel('检查结束时间').fill(local(2));
    await page.getByLabel('现场负责人职务').fill('生产副总经理');
    await page.getByRole('checkbox', { name: '离线甲' }).check();
    await page.getByRole('checkbox', { name: '离线乙' }).check();
    await page.getByLabel('检查情况').fill('储罐区未设置明显的安全警示标志。');
    await page.getByLabel('现场处理措施').fill('无');
    await page.getByLabel('已核对无误并签字').check();
    await page.getByLabel('执法人员签名（一）', { exact: true }).selectOption(h1);
    await page.getByLabel('执法人员签名（二）', { exact: true }).selectOption(h2);
    await sign(page.getByLabel('执法人员签名（一）签名区'));
    await sign(page.getByLabel('执法人员签名（二）签名区'));
    await sign(page.getByLabel('现场负责人签名区'));
    await page.getByLabel('记录副本送达地点').fill('公司办公室');
    expect(await fitsWidth(page)).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);

    await page.context().setOffline(true);
    await page.getByRole('button', { name: '制作并编号' }).click();
    await expect.poll(() => page.locator('#outbox h2').textContent()).toContain('待发送（1）');
    await page.screenshot({ path: path.join(SHOTS, 'offline-outbox-390.png'), fullPage: false });
    // Offline, the page comes from the phone, with the record still waiting.
    await page.reload();
    await expect.poll(() => page.locator('#outbox h2').textContent()).toContain('待发送（1）');
    expect(await records()).toBe(0);

    const queued = await page.evaluate(() => localStorage.getItem('zhifa:outbox'));
    await page.context().setOffline(false);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await eventually(async () => (await records()) === 1, 30_000).catch(async (err) => {
      throw new Error(`${(err as Error).message}: ${await page.evaluate(() => localStorage.getItem('zhifa:outbox'))?.then?.((x: unknown) => x) ?? ''} ${await page.locator('#outbox').textContent()}`);
    });
    await expect.poll(() => page.locator('#outbox').isHidden()).toBe(true);

    // The same record sent again (a second phone tab, a retry after a lost answer): still one.
    await page.evaluate((q) => { localStorage.setItem('zhifa:outbox', q!); window.dispatchEvent(new Event('online')); }, queued);
    await expect.poll(() => page.evaluate(() => JSON.parse(localStorage.getItem('zhifa:outbox') ?? '[]').length), { timeout: 20_000 }).toBe(0);
    expect(await records()).toBe(1);
    expect(await env.sys.prisma.document.count({ where: { caseId, kind: 'SERVICE_RECEIPT' } })).toBe(1);

    // The party checks its copy from the QR code; the officer's 当场处罚 form is the next page at hand.
    const record = await env.sys.prisma.document.findFirstOrThrow({ where: { caseId, kind: 'INSPECTION_RECORD' } });
    for (const url of [`/verify/${record.id}`, '/cases/summary/new']) {
      await page.goto(url);
      expect(await fitsWidth(page), url).toBe(true);
      expect(await seriousViolations(page), url).toEqual([]);
    }
  });
  it('completes a 监督检查 with a camera photo and signatures, drafted offline and sent once on reconnecting', async () => {
    const wf = `inspection-${insp.inspectionId}`;
    const documents = (key: string) => env.sys.prisma.document.count({ where: { key } });
    const page = await env.signIn(insp.username);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/inspections/${insp.inspectionId}`);
    expect(await fitsWidth(page)).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('link', { name: '填写现场检查记录' }).click();
    await page.waitForURL((u) => u.pathname === `/inspections/${insp.inspectionId}/record`);
    await page.waitForFunction(() => navigator.serviceWorker.ready.then((r) => !!r.active), undefined, { timeout: 30_000 });
    await page.waitForFunction(() => !!navigator.serviceWorker.controller, undefined, { timeout: 30_000 });

    await page.getByLabel('执法人员一').selectOption(insp.h1);
    await page.getByLabel('执法人员二').selectOption(insp.h2);
    await page.getByLabel('检查开始时间').fill(local(1));
    await page.getByLabel('检查场所').fill('罐区、仓库');
    await page.getByLabel('企业在场人员').fill('孙志强');
    await page.getByLabel('职务', { exact: true }).fill('安全总监');
    await page.locator('input[name="failed"]').first().check();
    await page.getByLabel('检查情况').fill('检查了罐区、仓库和安全管理台账，企业安全总监全程参加。');
    await page.getByLabel('隐患描述').fill('罐区东侧可燃气体报警器失效');
    await page.getByLabel('隐患部位').fill('罐区东侧');
    await page.getByLabel('整改期限').fill(addDays(shanghaiDate(new Date()), 20));
    // The hazard photographed with the phone's camera: hashed on the phone, uploaded for this step.
    await page.getByLabel('拍摄隐患照片').setInputFiles({ name: '报警器.png', mimeType: 'image/png', buffer: makePng(39, 84, [200, 60, 20]) });
    await expect.poll(() => page.locator('.photo-status').textContent(), { timeout: 30_000 }).toContain('照片已上传');
    const photoSha = await page.getByLabel('现场照片 SHA-256').inputValue();
    expect(photoSha).toMatch(/^[0-9a-f]{64}$/);

    // What was typed survives a reload (the draft on the phone).
    await page.reload();
    expect(await page.getByLabel('检查场所').inputValue()).toBe('罐区、仓库');
    expect(await page.getByLabel('现场照片 SHA-256').inputValue()).toBe(photoSha);

    await page.getByLabel('已核对无误并签字').check();
    await page.getByLabel('执法人员签名（一）', { exact: true }).selectOption(insp.h1);
    await page.getByLabel('执法人员签名（二）', { exact: true }).selectOption(insp.h2);
    await sign(page.getByLabel('执法人员签名（一）签名区'));
    await sign(page.getByLabel('执法人员签名（二）签名区'));
    await sign(page.getByLabel('现场负责人签名区'));
    await page.getByLabel('文书送达地点').fill('公司安全部办公室');
    expect(await fitsWidth(page)).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);

    await page.context().setOffline(true);
    await page.getByRole('button', { name: '提交现场检查记录' }).click();
    await expect.poll(() => page.locator('#outbox h2').textContent()).toContain('待发送（1）');
    await page.reload();
    await expect.poll(() => page.locator('#outbox h2').textContent()).toContain('待发送（1）');
    expect(await fitsWidth(page)).toBe(true);
    expect(await documents(`${wf}/record`)).toBe(0);

    const queued = await page.evaluate(() => localStorage.getItem('zhifa:outbox'));
    await page.context().setOffline(false);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await eventually(async () => (await documents(`${wf}/rectification/service`)) === 1, 60_000);
    await expect.poll(() => page.locator('#outbox').isHidden()).toBe(true);
    // Sent again (a retry after a lost answer): the step answers once, still one record.
    await page.evaluate((q) => { localStorage.setItem('zhifa:outbox', q!); window.dispatchEvent(new Event('online')); }, queued);
    await expect.poll(() => page.evaluate(() => JSON.parse(localStorage.getItem('zhifa:outbox') ?? '[]').length), { timeout: 20_000 }).toBe(0);
    expect(await page.evaluate(() => localStorage.getItem('zhifa:outbox'))).not.toContain('未被接受');
    expect(await env.sys.prisma.document.count({ where: { key: { startsWith: `${wf}/` }, kind: 'INSPECTION_RECORD' } })).toBe(1);
    expect(await env.sys.prisma.hazard.count({ where: { inspectionId: insp.inspectionId } })).toBe(1);

    // The signatures are in the numbered record and the order; each was served on site.
    const record = await env.sys.prisma.document.findUniqueOrThrow({ where: { key: `${wf}/record` } });
    expect(record.html.match(/<img src="data:image\/png;base64,/g)).toHaveLength(3);
    expect(record.html).toContain('孙志强（');
    const order = await env.sys.prisma.document.findUniqueOrThrow({ where: { key: `${wf}/rectification` } });
    expect(order.html).toContain(photoSha);
    expect(order.html.match(/<img src="data:image\/png;base64,/g)).toHaveLength(3);
    for (const [step, doc] of [['record', record], ['rectification', order]] as const) {
      const receipt = await env.sys.prisma.document.findUniqueOrThrow({ where: { key: `${wf}/${step}/service` } });
      expect(receipt.html).toContain('直接送达');
      expect(receipt.html).toContain(doc.number);
    }
    // The photo itself was kept for the step, with the hash the record names.
    const step = await env.sys.prisma.task.findFirstOrThrow({ where: { workflowId: wf, kind: 'INSPECTION_RECORD' } });
    expect((await env.sys.prisma.evidenceUpload.findFirstOrThrow({ where: { taskId: step.id } })).sha256).toBe(photoSha);

    for (const url of [`/inspections/${insp.inspectionId}`, `/verify/${order.id}`]) {
      await page.goto(url);
      expect(await fitsWidth(page), url).toBe(true);
      expect(await seriousViolations(page), url).toEqual([]);
    }
    await page.screenshot({ path: path.join(SHOTS, 'inspection-signed-390.png'), fullPage: true });
  });
  it('logging out on a shared phone leaves nothing of the last person: no kept page, draft, outbox or service worker', async () => {
    const page = await env.signIn(site.username);
    await page.setViewportSize({ width: 390, height: 844 });
    const form = `/cases/${caseId}/records/new?kind=INTERVIEW_RECORD`;
    await page.goto(form);
    await page.waitForFunction(() => !!navigator.serviceWorker.controller, undefined, { timeout: 30_000 });
    await page.reload(); // the worker now controls the page and keeps it
    await page.getByLabel('询问地点').fill('公司会议室');
    // A record left waiting: made offline, refused when sent (incomplete), still in the outbox.
    await page.context().setOffline(true);
    await page.getByRole('button', { name: '制作并编号' }).click();
    await expect.poll(() => page.locator('#outbox h2').textContent()).toContain('待发送（1）');
    await page.context().setOffline(false);
    const kept = await page.evaluate(async () => ({ caches: (await caches.keys()).length, storage: localStorage.length, workers: (await navigator.serviceWorker.getRegistrations()).length }));
    expect(kept.caches).toBeGreaterThan(0);
    expect(kept.storage).toBeGreaterThan(0);
    expect(kept.workers).toBe(1);

    // The officer is warned that a record is still waiting, says yes, and logs out.
    let warning = '';
    page.once('dialog', (d) => { warning = d.message(); void d.accept(); });
    await page.locator('label.menu-button').click(); // the folded menu of a phone
    await page.getByRole('button', { name: '退出' }).click();
    await page.waitForURL((u) => u.pathname === '/login');
    expect(warning).toContain('1 份记录没有发送');
    const left = await page.evaluate(async () => ({
      caches: await caches.keys(), storage: localStorage.length, workers: (await navigator.serviceWorker.getRegistrations()).length,
      databases: indexedDB.databases ? (await indexedDB.databases()).map((d) => d.name) : [],
    }));
    expect(left).toEqual({ caches: [], storage: 0, workers: 0, databases: [] });
    // Without a network the phone has nothing of the record form to show any more.
    await page.context().setOffline(true);
    await expect(page.goto(form)).rejects.toThrow();
    await page.context().setOffline(false);
    await page.context().close();
  });
});
