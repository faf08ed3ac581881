import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { residentIdCheckDigit } from '../../rules/resident-id.ts';
import { reloadUntil, SHOTS, useBrowserSystem } from '../support/browser.ts';
import { freshUscc } from '../support/cases.ts';
import { eventually } from '../support/system.ts';
import { makePng } from '../support/uploads.ts';

// A whole general-procedure case walked from the pages alone (issue 17, first "Done when"): a real
// Chromium at 1366×900 on the server-rendered Chinese pages, against the real app, worker, Temporal
// and PostgreSQL. The test makes no API call and writes nothing to the database: it only types and
// clicks; it reads the database to learn ids and to check what the pages did. A phone (390×844)
// does a 现场检查记录 and a photo upload on the same case. Screenshots: test-results/walk-*.png.
const env = useBrowserSystem();

const DESK = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };
const CASE_NUMBER = /红塔应急立〔\d{4}〕\d+号/;
const DECISION_NUMBER = /红塔应急罚〔\d{4}〕\d+号/;

const beijing = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
/** datetime-local value (Beijing wall time) `minutes` ago. */
const minutesAgo = (minutes: number) => beijing.format(Date.now() - minutes * 60_000).replace(' ', 'T');
/** A calendar date some days ago, as an <input type=date> wants it, in Beijing time. */
const daysAgo = (n: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() - n * 86_400_000));
const residentId = `53040219800101001${residentIdCheckDigit('53040219800101001')}`;

const h1 = (page: Page) => page.getByRole('heading', { level: 1 });
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `walk-${name}.png`), fullPage: true });
/** The form of one outcome on a task page: the card headed by the outcome's label. */
const outcomeForm = (page: Page, label: string) => page.locator('form').filter({ has: page.getByRole('heading', { name: label, exact: true }) });
const check = (form: Locator, label: string) => form.getByRole('checkbox', { name: label, exact: true });
const dd = (page: Page, term: string) => page.locator(`dt:text-is("${term}") + dd`);
const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

const partyName = `走查化工有限公司-${randomUUID().slice(0, 8)}`;
let caseId: string;
let fineYuan: number;
const names: Record<string, string> = {};

async function signIn(username: string, size = DESK) {
  const page = await env.signIn(username);
  await page.setViewportSize(size);
  return page;
}

/** From the work queue (one page of 200, so other files' open tasks cannot push ours off), open this case's step. */
async function openFromQueue(page: Page, step: RegExp) {
  await page.goto('/tasks?pageSize=200');
  const link = page.getByRole('row').filter({ hasText: partyName }).getByRole('link', { name: step });
  await reloadUntil(page, async () => (await link.count()) === 1);
  await link.click();
  await page.waitForURL(/\/tasks\/[^/]+$/);
  // A pooled step is claimed first, as a person would.
  const claim = page.getByRole('button', { name: '认领', exact: true });
  if (await claim.count()) {
    await claim.click();
    await page.waitForURL(/\/tasks\/[^/]+$/);
    await reloadUntil(page, async () => (await page.getByRole('button', { name: '认领', exact: true }).count()) === 0);
  }
}

/** Submits an outcome form and expects to land on the case page with no error. */
async function submitOutcome(page: Page, label: string) {
  await outcomeForm(page, label).getByRole('button', { name: label }).click();
  await page.waitForURL(`**/cases/${caseId}`);
  expect(await page.getByRole('alert').count(), `no error after ${label}`).toBe(0);
}

async function uploadPhoto(page: Page, input: 'file' | 'camera', name: string) {
  await page.goto(`/cases/${caseId}`);
  await page.getByRole('link', { name: /收集证据/ }).click();
  await page.waitForURL((u) => u.pathname === `/cases/${caseId}/evidence/new`);
  await page.getByLabel('证据种类').selectOption({ label: '照片' });
  await page.locator(`input[name="${input}"]`).setInputFiles({ name, mimeType: 'image/png', buffer: makePng(96, 64, [30, 90, 200]) });
  await page.getByLabel(/证据说明/).fill('储罐区东侧未设置安全警示标志的现场照片，拍摄于检查当时');
  // The step it belongs to: 调查取证, when the page offers it.
  const step = page.getByLabel('所属环节').locator('option', { hasText: '调查取证' });
  if (await step.count()) await page.getByLabel('所属环节').selectOption(await step.first().getAttribute('value'));
  await page.getByRole('button', { name: '上传并收集' }).click();
  await page.waitForURL((u) => u.pathname === `/cases/${caseId}`, { timeout: 30_000 });
}

async function fillInspection(page: Page) {
  await page.getByLabel('检查开始时间').fill(minutesAgo(50));
  await page.getByLabel('检查结束时间').fill(minutesAgo(20));
  await page.getByLabel('检查地点').fill('储罐区及配电室');
  await page.getByLabel('现场负责人姓名').fill('孙志强');
  await page.getByLabel('现场负责人职务').fill('生产副总经理');
  await page.getByLabel('检查情况').fill('储罐区未设置明显的安全警示标志；\n配电室门前堆放杂物。');
  await page.getByLabel('现场处理措施').fill('责令立即清理配电室门前杂物。');
  await page.getByLabel(names['hongta.handler1'], { exact: true }).check();
  await page.getByLabel(names['hongta.handler2'], { exact: true }).check();
  await page.getByLabel('已核对无误并签字').check();
}

async function makeInspectionRecord(page: Page) {
  await page.goto(`/cases/${caseId}`);
  await page.getByRole('link', { name: '制作现场检查记录' }).click();
  await page.waitForURL((u) => u.pathname === `/cases/${caseId}/records/new`);
  await fillInspection(page);
  await page.getByRole('button', { name: '制作并编号' }).click();
  await page.waitForURL((u) => u.pathname === `/cases/${caseId}`);
}

beforeAll(async () => {
  // Reading only: the seeded officers' names, as the pages print them.
  for (const u of await env.sys.prisma.user.findMany({ where: { username: { in: ['hongta.handler1', 'hongta.handler2', 'hongta.head'] } } })) {
    names[u.username] = u.displayName;
  }
  expect(Object.keys(names)).toHaveLength(3);
});

describe('a general-procedure case from the pages alone', () => {
  it('the handler registers the lead on the new-case page', async () => {
    const handler = await signIn('hongta.handler1');
    await handler.getByRole('link', { name: '登记案件' }).first().click();
    await handler.waitForURL('**/cases/new');
    await handler.getByLabel('当事人类型').selectOption('ORG');
    await handler.getByLabel('当事人名称').fill(partyName);
    await handler.getByLabel('统一社会信用代码 / 身份证号').fill(freshUscc());
    await handler.getByLabel('执法事项').selectOption('AQ-099-1');
    await handler.getByLabel('案件来源').selectOption('INSPECTION');
    await handler.getByLabel('违法行为发生日期').fill(daysAgo(3));
    await handler.getByLabel('案情摘要').fill('监督检查发现该单位储罐区未设置明显的安全警示标志，现场拍照取证。');
    await shot(handler, '01-register');
    await handler.getByRole('button', { name: '提交立案审批' }).click();
    await handler.waitForURL((u) => /^\/cases\/(?!new$)[^/]+$/.test(u.pathname));
    caseId = new URL(handler.url()).pathname.split('/').pop()!;
    await reloadUntil(handler, async () => /立案审批/.test((await h1(handler).textContent()) ?? ''));
    expect(await handler.getByText(partyName).count()).toBeGreaterThan(0);
    await shot(handler, '02-registered');
    await handler.context().close();
  });

  it('the supervisor claims and approves 立案审批 on the task page; the case gets its number', async () => {
    const supervisor = await signIn('hongta.supervisor');
    await openFromQueue(supervisor, /^立案审批$/);
    expect(await h1(supervisor).textContent()).toBe('立案审批');
    await outcomeForm(supervisor, '批准立案').getByLabel(/意见/).fill('同意立案，请抓紧调查取证。');
    await shot(supervisor, '03-filing-approval');
    await submitOutcome(supervisor, '批准立案');
    await reloadUntil(supervisor, async () => CASE_NUMBER.test((await h1(supervisor).textContent()) ?? ''));
    expect(await h1(supervisor).textContent()).toMatch(/调查取证/);
    await shot(supervisor, '04-filed');
    await supervisor.context().close();
  });

  it('the handler uploads a photo on the evidence page', async () => {
    const handler = await signIn('hongta.handler1');
    await uploadPhoto(handler, 'file', '储罐区-桌面.png');
    await reloadUntil(handler, async () => (await handler.locator('#case-evidence li').count()) === 1);
    const item = (await handler.locator('#case-evidence li').textContent()) ?? '';
    expect(item).toContain('照片');
    expect(item).toContain('储罐区-桌面.png');
    const row = await eventually(() => env.sys.prisma.evidence.findFirst({ where: { caseId } }));
    expect(row).toMatchObject({ kind: 'PHOTO', mimeType: 'image/png' });
    await shot(handler, '05-evidence');
    await handler.context().close();
  });

  it('the handler makes a 现场检查记录 and a 询问笔录 on the record pages; both are numbered', async () => {
    const handler = await signIn('hongta.handler1');
    await makeInspectionRecord(handler);
    const panel = handler.locator('#case-records');
    await expect.poll(() => panel.textContent()).toMatch(/现场检查记录\s*红塔应急检记〔\d{4}〕\d+号/);
    await shot(handler, '06-inspection-record');

    await handler.getByRole('link', { name: '制作询问笔录' }).click();
    await handler.waitForURL((u) => u.pathname === `/cases/${caseId}/records/new`);
    await handler.getByLabel('询问开始时间').fill(minutesAgo(15));
    await handler.getByLabel('询问结束时间').fill(minutesAgo(5));
    await handler.getByLabel('询问地点').fill('公司二楼会议室');
    await handler.getByLabel(/^询问人/).selectOption({ label: names['hongta.handler1'] });
    await handler.getByLabel(/^记录人/).selectOption({ label: names['hongta.handler2'] });
    await handler.getByLabel('姓名', { exact: true }).fill('钱立新');
    await handler.getByLabel('证件类型').selectOption('RESIDENT_ID');
    await handler.getByLabel('证件号码').fill(residentId);
    await handler.getByLabel('性别').selectOption('MALE');
    await handler.getByLabel('年龄（或填出生日期）').fill('46');
    await handler.getByLabel('工作单位（无则填“无”）').fill(partyName);
    await handler.getByLabel('职务（无则填“无”）').fill('安全主任');
    await handler.getByLabel('联系电话').fill('13800000000');
    await handler.getByLabel('住址').fill('玉溪市红塔区玉兴路1号');
    await handler.getByLabel(/^与案件关系(?!说明)/).selectOption('EMPLOYEE');
    await handler.getByLabel(/已出示执法证件/).check();
    const qa = [
      ['储罐区的安全警示标志由谁负责设置？', '由我负责。去年拆除后一直没有补设。'],
      ['你单位是否知道应当设置安全警示标志？', '知道。'],
      ['以上所说是否属实？', '属实。'],
    ];
    for (const [i, [q, a]] of qa.entries()) {
      await handler.getByLabel(`问${i + 1}`).fill(q);
      await handler.getByLabel(`答${i + 1}`).fill(a);
    }
    await handler.getByLabel('已核对无误并签字').check();
    await shot(handler, '07-interview-form');
    await handler.getByRole('button', { name: '制作并编号' }).click();
    await handler.waitForURL((u) => u.pathname === `/cases/${caseId}`);
    await expect.poll(() => handler.locator('#case-records').textContent()).toMatch(/询问笔录\s*红塔应急询〔\d{4}〕\d+号/);
    expect(await env.sys.prisma.document.count({ where: { caseId, kind: { in: ['INTERVIEW_RECORD', 'INSPECTION_RECORD'] } } })).toBe(2);
    await shot(handler, '08-records');
    await handler.context().close();
  });

  it('on a phone (390×844) the handler makes a 现场检查记录 and uploads a photo from the camera input', async () => {
    const phone = await signIn('hongta.handler1', PHONE);
    await phone.goto(`/cases/${caseId}`);
    await phone.getByRole('link', { name: '制作现场检查记录' }).click();
    await phone.waitForURL((u) => u.pathname === `/cases/${caseId}/records/new`);
    expect(await fitsWidth(phone)).toBe(true);
    await fillInspection(phone);
    await shot(phone, '09-phone-inspection-form');
    await phone.getByRole('button', { name: '制作并编号' }).click();
    await phone.waitForURL((u) => u.pathname === `/cases/${caseId}`);
    await eventually(async () => (await env.sys.prisma.document.count({ where: { caseId, kind: 'INSPECTION_RECORD' } })) === 2);

    await uploadPhoto(phone, 'camera', '储罐区-手机.png');
    await reloadUntil(phone, async () => (await phone.locator('#case-evidence li').count()) === 2);
    expect(await phone.locator('#case-evidence').textContent()).toContain('储罐区-手机.png');
    expect(await fitsWidth(phone)).toBe(true);
    await shot(phone, '10-phone-case');
    await phone.context().close();
  });

  it('the handler proposes a fine on the 调查取证 task page, with two officers', async () => {
    const handler = await signIn('hongta.handler1');
    await openFromQueue(handler, /^调查取证与处罚建议$/);
    // 裁量基准建议: AQ-099-1, no circumstances → the middle band; a quarter into it.
    const band = ((await dd(handler, '裁量基准建议').textContent()) ?? '').replace(/,/g, '').match(/([\d.]+)元\s*—\s*([\d.]+)元/);
    expect(band).not.toBeNull();
    fineYuan = Math.round(Number(band![1]) + (Number(band![2]) - Number(band![1])) / 4);
    const propose = outcomeForm(handler, '提出处罚建议');
    await propose.getByLabel(/调查结论/).fill('经查，该单位储罐区未设置明显的安全警示标志，有现场检查记录、询问笔录和照片为证。');
    await check(propose, '罚款').check();
    await propose.getByPlaceholder('元').fill(String(fineYuan));
    await check(propose, names['hongta.handler1']).check();
    await check(propose, names['hongta.handler2']).check();
    // 案情疑难复杂: the rules then call for 法制审核 (CF 58 ①(三)) and 集体讨论 (AB25 50 ③(一)), walked below.
    await propose.getByRole('checkbox', { name: /案情疑难复杂/ }).check();
    await shot(handler, '11-proposal');
    await submitOutcome(handler, '提出处罚建议');
    const done = await eventually(() => env.sys.prisma.task.findFirst({ where: { caseId, kind: 'INVESTIGATION', status: 'COMPLETED' } }));
    expect((done.result as { fineFen: number }).fineFen).toBe(fineYuan * 100);
    await handler.context().close();
  });

  it('the handler records the notice as served and the party\'s waiver', async () => {
    const handler = await signIn('hongta.handler1');
    await openFromQueue(handler, /^送达行政处罚告知书/);
    const served = outcomeForm(handler, '已送达');
    await served.getByLabel('送达时间').fill(minutesAgo(0));
    await served.getByLabel('送达方式').fill('直接送达，由当事人单位负责人签收。');
    await shot(handler, '12-notice');
    await submitOutcome(handler, '已送达');

    const responseLink = handler.getByRole('row').getByRole('link', { name: /陈述申辩/ });
    await reloadUntil(handler, async () => (await responseLink.count()) === 1);
    await responseLink.click();
    await handler.waitForURL(/\/tasks\/[^/]+$/);
    await outcomeForm(handler, '当事人明确放弃').getByLabel(/意见/).fill('当事人书面表示放弃陈述、申辩。');
    await shot(handler, '13-waiver');
    await submitOutcome(handler, '当事人明确放弃');
    await handler.context().close();
  });

  it('法制审核 and 集体讨论, where the rules call for them, are done on their task pages', async () => {
    const seen: string[] = [];
    for (;;) {
      // Reading only: which step the workflow opened next.
      const next = await eventually(() => env.sys.prisma.task.findFirst({
        where: { caseId, status: 'OPEN', kind: { in: ['LEGAL_REVIEW', 'COLLECTIVE_DISCUSSION', 'DECISION'] } },
      }));
      if (next.kind === 'DECISION') break;
      seen.push(next.kind);
      if (next.kind === 'LEGAL_REVIEW') {
        const legal = await signIn('hongta.legal');
        await openFromQueue(legal, /法制审核/);
        await outcomeForm(legal, '审核通过').getByLabel(/审核意见/).fill('事实清楚，证据确凿，适用依据正确，程序合法，裁量适当。');
        await shot(legal, '14-legal-review');
        await submitOutcome(legal, '审核通过');
        await legal.context().close();
      } else {
        const head = await signIn('hongta.head');
        await openFromQueue(head, /集体讨论/);
        const agree = outcomeForm(head, '同意处罚建议');
        await agree.getByLabel(/参加人员/).fill('局长、分管副局长、法规科科长');
        await agree.getByLabel(/讨论记录/).fill('同意处罚建议。');
        await shot(head, '15-collective-discussion');
        await submitOutcome(head, '同意处罚建议');
        await head.context().close();
      }
      await eventually(async () => (await env.sys.prisma.task.findUniqueOrThrow({ where: { id: next.id } })).status !== 'OPEN');
    }
    expect(seen).toEqual(['LEGAL_REVIEW', 'COLLECTIVE_DISCUSSION']);
  });

  it('the head decides on the decision task page; the case shows the decision number', async () => {
    const head = await signIn('hongta.head');
    await openFromQueue(head, /^作出.*处罚决定$/);
    const decide = outcomeForm(head, '决定给予行政处罚');
    await check(decide, '罚款').check();
    await decide.getByPlaceholder('元').fill(String(fineYuan));
    await decide.getByLabel(/决定理由/).fill('当事人违法事实清楚，证据确凿，无从轻、从重情节，按裁量基准一般档次处罚。');
    await shot(head, '16-decision');
    await submitOutcome(head, '决定给予行政处罚');
    const decisionCard = head.locator('section.card').filter({ has: head.getByRole('heading', { name: '处罚决定', exact: true }) });
    await reloadUntil(head, async () => DECISION_NUMBER.test((await decisionCard.textContent().catch(() => '')) ?? ''));
    expect(await decisionCard.textContent()).toContain(`罚款${fineYuan.toLocaleString('zh-CN', { minimumFractionDigits: 2 })}元`);
    await shot(head, '17-decided');
    expect(await env.sys.prisma.document.count({ where: { caseId, kind: 'PENALTY_DECISION' } })).toBe(1);
    await head.context().close();
  });
});
