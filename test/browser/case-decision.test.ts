import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { reloadUntil, SHOTS, useBrowserSystem } from '../support/browser.ts';
import { leadBody, openTaskOf, freshUscc } from '../support/cases.ts';
import { apiAs, eventually, type Api } from '../support/system.ts';

// 调查取证 → 告知 → 陈述申辩 → 行政处罚决定 as people do it: a real Chromium on the
// server-rendered Chinese pages, against the real app, worker, Temporal and PostgreSQL.
// The case is brought to 调查取证 through the JSON API (立案 has its own browser test);
// 法制审核 / 集体讨论, when the rules call for them, are done through the API too, so that
// this file stays on the notice → decision steps. Screenshots land in test-results/.
const DECISION_NUMBER = /红塔应急罚〔\d{4}〕\d+号/;

const env = useBrowserSystem();

const signIn = env.signIn;


/** Now, as an <input type=datetime-local> wants it, in Beijing time. */
const nowLocal = () => new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
}).format(new Date()).replace(' ', 'T');


const h1 = (page: Page) => page.getByRole('heading', { level: 1 });
const timeline = (page: Page) => page.locator('ol.timeline').getByRole('listitem');
/** The form of one outcome on a task page: the card headed by the outcome's label. */
const outcomeForm = (page: Page, label: string) => page.locator('form').filter({ has: page.getByRole('heading', { name: label, exact: true }) });
/** A checkbox of a checkbox group (处罚种类, 办案执法人员) by its own label. */
const check = (form: Locator, label: string) => form.getByRole('checkbox', { name: label, exact: true });
/** The <dd> next to a <dt> in the task/case summary card. */
const dd = (page: Page, term: string) => page.locator(`dt:text-is("${term}") + dd`);

/** The case's open task of a kind, as the store has it. */
const openTask = (caseId: string, kind: string) =>
  eventually(() => env.sys.prisma.task.findFirst({ where: { caseId, kind, status: 'OPEN' } }));

/** Marks how long each step took, for the report. */
const t0 = Date.now();
const lap = (what: string) => console.info(`[case-decision] ${what}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);

// Shared by the steps below, in order.
const partyName = `浏览器决定测试化工有限公司-${randomUUID().slice(0, 8)}`;
let caseId: string;
let handlerApi: Api;
let fineYuan: number;
const names: Record<string, string> = {};

describe('调查取证、告知与行政处罚决定 in a real browser', () => {
  it('prepares a filed case through the API (handler registers, supervisor approves)', async () => {
    handlerApi = await apiAs(env.sys.baseUrl, 'hongta.handler1');
    const reg = await handlerApi.post('/api/cases', leadBody({ party: { kind: 'ORG', name: partyName, idNumber: freshUscc() } }));
    expect(reg.status).toBe(201);
    caseId = reg.body.caseId;
    const supervisorApi = await apiAs(env.sys.baseUrl, 'hongta.supervisor');
    const filing = await openTaskOf(supervisorApi, caseId, 'FILING_APPROVAL');
    const approved = await supervisorApi.post(`/api/tasks/${filing.id}/complete`, { outcome: 'APPROVE', data: { comment: '同意立案。' } });
    expect(approved.status, JSON.stringify(approved.body)).toBeLessThan(300);
    await openTaskOf(handlerApi, caseId, 'INVESTIGATION');
    for (const u of await env.sys.prisma.user.findMany({ where: { username: { in: ['hongta.handler1', 'hongta.handler2', 'hongta.head'] } } })) {
      names[u.username] = u.displayName;
    }
    expect(Object.keys(names)).toHaveLength(3);
    lap('case filed via API');
  });

  it('the handler proposes a fine inside the recommended band, with two officers', async () => {
    const handler = await signIn('hongta.handler1');
    await handler.goto('/tasks?pageSize=200');
    const row = handler.getByRole('row').filter({ hasText: partyName });
    await reloadUntil(handler, async () => (await row.getByRole('link', { name: '调查取证与处罚建议' }).count()) === 1);
    await row.getByRole('link', { name: '调查取证与处罚建议' }).click();
    await handler.waitForURL(/\/tasks\/[^/]+$/);
    expect(await h1(handler).textContent()).toBe('调查取证与处罚建议');
    expect(await handler.getByText(partyName).isVisible()).toBe(true);

    // 裁量基准建议: AQ-099-1 fines 0–200,000元; no circumstances → the middle band (30 %–70 %).
    const bandText = (await dd(handler, '裁量基准建议').textContent()) ?? '';
    const band = bandText.replace(/,/g, '').match(/([\d.]+)元\s*—\s*([\d.]+)元/);
    expect(band, `裁量基准建议 line: "${bandText}"`).not.toBeNull();
    const [minYuan, maxYuan] = [Number(band![1]), Number(band![2])];
    expect([minYuan, maxYuan]).toEqual([60_000, 140_000]);
    // A quarter into the band: inside it, and below the 10万元 a 生产经营单位 would need for a hearing.
    fineYuan = Math.round(minYuan + (maxYuan - minYuan) / 4);
    expect(fineYuan).toBe(80_000);

    const propose = outcomeForm(handler, '提出处罚建议');
    await propose.getByLabel(/调查结论/).fill('经查，该单位储罐区未设置明显的安全警示标志，有现场检查笔录、照片为证。');
    await check(propose, '罚款').check();
    await propose.getByPlaceholder('元').fill(String(fineYuan));
    await check(propose, names['hongta.handler1']).check();
    await check(propose, names['hongta.handler2']).check();
    expect(await check(propose, '罚款').isChecked()).toBe(true);
    // Checkbox groups are fieldsets: every option is named by its own label, and an officer
    // without a valid certificate is not offered at all.
    expect(await check(propose, '警告').count()).toBe(1);
    const expired = (await env.sys.prisma.user.findFirst({ where: { username: 'hongta.expired' } }))!.displayName;
    expect(await check(propose, expired).count()).toBe(0);
    await handler.screenshot({ path: path.join(SHOTS, 'investigation-form.png'), fullPage: true });

    await propose.getByRole('button', { name: '提出处罚建议' }).click();
    await handler.waitForURL(`**/cases/${caseId}`);
    expect(await handler.getByRole('alert').count(), 'no error after 提出处罚建议').toBe(0);
    const investigation = await eventually(() => env.sys.prisma.task.findFirst({ where: { caseId, kind: 'INVESTIGATION', status: 'COMPLETED' } }));
    const result = investigation.result as { penaltyTypes: string[]; fineFen: number; officerIds: string[] };
    expect(result.penaltyTypes).toEqual(['FINE']);
    expect(result.fineFen).toBe(fineYuan * 100); // entered in 元, stored in 分
    expect(result.officerIds.sort()).toEqual(['u-hongta-handler1', 'u-hongta-handler2']);
    lap('investigation proposed in the browser');
    await handler.context().close();
  });

  it('the handler records the notice as served and the party\'s waiver', async () => {
    const handler = await signIn('hongta.handler1');
    // 送达行政处罚告知书 (its title names the 听证告知书 too when the fine qualifies for a hearing)
    await handler.goto('/tasks?pageSize=200');
    const row = handler.getByRole('row').filter({ hasText: partyName });
    const link = row.getByRole('link', { name: /^送达行政处罚告知书/ });
    await reloadUntil(handler, async () => (await link.count()) === 1);
    await link.click();
    await handler.waitForURL(/\/tasks\/[^/]+$/);
    expect(await h1(handler).textContent()).toMatch(/^送达行政处罚告知书/);
    const served = outcomeForm(handler, '已送达');
    await served.getByLabel('送达时间').fill(nowLocal());
    await served.getByLabel('送达方式').fill('直接送达，由当事人单位负责人签收。');
    await served.getByRole('button', { name: '已送达' }).click();
    await handler.waitForURL(`**/cases/${caseId}`);
    expect(await handler.getByRole('alert').count(), 'no error after 已送达').toBe(0);

    // 当事人明确放弃 陈述申辩: the task is reached from the case's 办理环节 table.
    const responseLink = handler.getByRole('row').getByRole('link', { name: /陈述申辩/ });
    await reloadUntil(handler, async () => (await responseLink.count()) === 1);
    await responseLink.click();
    await handler.waitForURL(/\/tasks\/[^/]+$/);
    expect(await h1(handler).textContent()).toMatch(/陈述申辩/);
    const waived = outcomeForm(handler, '当事人明确放弃');
    await waived.getByLabel(/意见/).fill('当事人书面表示放弃陈述、申辩。');
    await waived.getByRole('button', { name: '当事人明确放弃' }).click();
    await handler.waitForURL(`**/cases/${caseId}`);
    expect(await handler.getByRole('alert').count(), 'no error after 当事人明确放弃').toBe(0);
    lap('notice served and waiver recorded in the browser');
    await handler.context().close();
  });

  it('法制审核 / 集体讨论, where required, are passed through the API', async () => {
    const seen: string[] = [];
    for (;;) {
      const next = await eventually(() => env.sys.prisma.task.findFirst({
        where: { caseId, status: 'OPEN', kind: { in: ['LEGAL_REVIEW', 'COLLECTIVE_DISCUSSION', 'DECISION'] } },
      }));
      if (next.kind === 'DECISION') break;
      seen.push(next.kind);
      const done = next.kind === 'LEGAL_REVIEW'
        ? await (await apiAs(env.sys.baseUrl, 'hongta.legal')).post(`/api/tasks/${next.id}/complete`, { outcome: 'PASS', data: { opinion: '事实清楚，证据确凿，适用依据正确，程序合法，裁量适当。' } })
        : await (await apiAs(env.sys.baseUrl, 'hongta.head')).post(`/api/tasks/${next.id}/complete`, { outcome: 'AGREE', data: { attendees: '局长、分管副局长、法规科科长', minutes: '同意处罚建议。' } });
      expect(done.status, JSON.stringify(done.body)).toBeLessThan(300);
      await eventually(async () => (await env.sys.prisma.task.findUniqueOrThrow({ where: { id: next.id } })).status !== 'OPEN');
    }
    console.info(`[case-decision] reviews on the way to the decision: ${seen.join(', ') || 'none'}`);
    lap('decision task open');
  });

  it('the head cannot decide a heavier fine than the party was told: Chinese error, task stays open', async () => {
    const decisionTask = await openTask(caseId, 'DECISION');
    const head = await signIn('hongta.head');
    await head.goto('/tasks?pageSize=200');
    const row = head.getByRole('row').filter({ hasText: partyName });
    await row.getByRole('link', { name: '作出行政处罚决定' }).click();
    await head.waitForURL(`**/tasks/${decisionTask.id}`);
    expect(await h1(head).textContent()).toBe('作出行政处罚决定');
    expect(await dd(head, '处罚建议').textContent()).toContain(`罚款${fineYuan.toLocaleString("zh-CN", { minimumFractionDigits: 2 })}元`);

    const decide = outcomeForm(head, '决定给予行政处罚');
    await check(decide, '罚款').check();
    await decide.getByPlaceholder('元').fill(String(fineYuan + 1_000));
    await decide.getByLabel(/决定理由/).fill('当事人违法事实清楚，证据确凿，依法予以处罚。');
    const [response] = await Promise.all([
      head.waitForResponse((r) => r.url().endsWith(`/tasks/${decisionTask.id}/complete`) && r.request().method() === 'POST'),
      decide.getByRole('button', { name: '决定给予行政处罚' }).click(),
    ]);
    expect(response.status()).toBe(422);
    await head.waitForLoadState();
    const alert = (await head.getByRole('alert').textContent()) ?? '';
    expect(alert).toMatch(/重于已告知/);
    expect(alert).not.toMatch(/[A-Za-z]{4,}/); // no English, no raw codes
    expect(await head.getByRole('button', { name: '决定给予行政处罚' }).isVisible()).toBe(true);
    await head.screenshot({ path: path.join(SHOTS, 'decision-heavier-refused.png'), fullPage: true });
    expect((await env.sys.prisma.task.findUniqueOrThrow({ where: { id: decisionTask.id } })).status).toBe('OPEN');
    expect(await env.sys.prisma.document.count({ where: { caseId, kind: 'PENALTY_DECISION' } })).toBe(0);
    lap('heavier decision refused');
    await head.context().close();
  });

  it('the head decides the notified fine; the case shows the decision number and the 决定书', async () => {
    const decisionTask = await openTask(caseId, 'DECISION');
    const head = await signIn('hongta.head');
    await head.goto('/tasks?pageSize=200');
    await head.getByRole('row').filter({ hasText: partyName }).getByRole('link', { name: '作出行政处罚决定' }).click();
    await head.waitForURL(`**/tasks/${decisionTask.id}`);

    const decide = outcomeForm(head, '决定给予行政处罚');
    await check(decide, '罚款').check();
    await decide.getByPlaceholder('元').fill(String(fineYuan));
    await decide.getByLabel(/决定理由/).fill('当事人违法事实清楚，证据确凿，无从轻、从重情节，按裁量基准一般档次处罚。');
    await decide.getByRole('button', { name: '决定给予行政处罚' }).click();
    await head.waitForURL(`**/cases/${caseId}`);
    expect(await head.getByRole('alert').count(), 'no error after 决定给予行政处罚').toBe(0);

    // the decision section carries the 决定书 number (the workflow writes it asynchronously)
    const decisionCard = head.locator('section.card').filter({ has: head.getByRole('heading', { name: '处罚决定', exact: true }) });
    await reloadUntil(head, async () => DECISION_NUMBER.test((await decisionCard.textContent().catch(() => '')) ?? ''));
    const decisionText = (await decisionCard.textContent())!;
    const number = decisionText.match(DECISION_NUMBER)![0];
    expect(decisionText).toContain(`罚款${fineYuan.toLocaleString("zh-CN", { minimumFractionDigits: 2 })}元`);
    await reloadUntil(head, async () => (await timeline(head).filter({ hasText: '作出行政处罚决定' }).count()) >= 1);
    // 执法文书: the list of issued documents (the 办理环节 table may link a 送达行政处罚决定书 task too)
    const documents = head.getByRole('list').filter({ has: head.getByRole('link') });
    const docLink = documents.getByRole('link', { name: /^红塔应急罚〔\d{4}〕\d+号 行政处罚决定书$/ });
    await reloadUntil(head, async () => (await docLink.count()) >= 1);
    expect(await docLink.first().textContent()).toContain(number);
    await head.screenshot({ path: path.join(SHOTS, 'case-decided.png'), fullPage: true });
    lap('decision made in the browser, number shown');

    // ── the 决定书 itself ─────────────────────────────────────────────────────────────
    const [doc] = await Promise.all([head.context().waitForEvent('page'), docLink.first().click()]);
    await doc.waitForLoadState();
    expect(new URL(doc.url()).pathname).toMatch(/^\/documents\/[^/]+$/);
    const body = (await doc.locator('body').textContent()) ?? '';
    expect(await doc.getByText(/六十日内.*行政复议/).count()).toBeGreaterThan(0);
    expect(body).toContain(number);
    expect(body).toContain(partyName);
    expect(body).toContain('人民币捌万元整'); // 80,000元 in Chinese uppercase
    expect(body).toContain('¥80,000.00');
    // What a party reading the 决定书 must find (CF 59). Soft: reported, the rest still runs.
    expect.soft(body, 'the 决定书 says when the 告知书 was served (penalty-decision.hbs: "本机关于{{date noticeServedAt}}向…"; no noticeServedAt is given)')
      .toMatch(/本机关于\d{4}年\d{1,2}月\d{1,2}日向你（单位）送达了/);
    expect.soft(body, 'the 决定书 states the facts found by the investigation (调查结论), not the lead\'s 案情摘要')
      .toContain('有现场检查笔录、照片为证');
    await doc.screenshot({ path: path.join(SHOTS, 'decision-document.png'), fullPage: true });
    lap('decision document checked');
    await head.context().close();
  });
});
