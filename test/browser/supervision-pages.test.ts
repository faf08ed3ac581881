import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { reviewPeriodOf } from '../../rules/case-review.ts';
import { caseReviewWorkflowId } from '../../workflows/case-review-messages.ts';
import type { CaseInput } from '../../workflows/case-input.ts';
import { caseWorkflowId } from '../../workflows/messages.ts';
import { reloadUntil, SHOTS, useBrowserSystem } from '../support/browser.ts';
import { freshUscc } from '../support/cases.ts';
import { createCounty, createStaff } from '../support/own-county.ts';
import { eventually } from '../support/system.ts';

// 升级督办 and 案卷抽查 as supervisors use them, in a real Chromium against the real app, worker,
// Temporal and PostgreSQL. Everything happens in a county of this file's own (its staff), so
// files running in parallel neither see these rows nor act on them; no review cycle is started.
const env = useBrowserSystem();

const tag = randomUUID().slice(0, 8);
const COUNTY = `sv-${tag}`;
const uid = (k: string) => `u-${COUNTY}-${k}`;
const user = (k: string) => `sv.${tag}.${k}`;
const NAME: Record<string, string> = { head: `督办局长${tag}`, supervisor: `督办队长${tag}`, handler1: `督办执法${tag}` };
const STAFF: [string, string[]][] = [['head', ['HEAD']], ['supervisor', ['SUPERVISOR']], ['handler1', ['HANDLER']]];

async function seedCounty(prisma: PrismaClient) {
  await createCounty(prisma, { id: COUNTY, name: `督办测试县应急管理局${tag}`, shortName: `督${tag}应急` });
  await createStaff(prisma, STAFF.map(([k, roles]) => ({ id: uid(k), username: user(k), displayName: NAME[k]!, orgId: COUNTY, roles })));
}

const started: string[] = [];
beforeAll(async () => { await seedCounty(env.sys.prisma); }, 60_000);
afterAll(async () => {
  for (const id of started) await env.sys?.temporal.workflow.getHandle(id).terminate('test done').catch(() => undefined);
});

/** Signs in and collects what the page itself reports as broken. */
async function signIn(username: string) {
  const page = await env.signIn(username);
  const s = { page, errors: [] as string[] };
  page.on('pageerror', (e) => s.errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') s.errors.push(m.text()); });
  return s;
}

const h1 = (page: Page) => page.getByRole('heading', { level: 1 });
const cells = (page: Page, row: ReturnType<Page['locator']>) => row.getByRole('cell').allTextContents().then((c) => c.map((x) => x.replace(/\s+/g, ' ').trim()));
/** The form of one outcome on a task page: the card headed by the outcome's label. */
const outcomeForm = (page: Page, label: string) => page.locator('form').filter({ has: page.getByRole('heading', { name: label, exact: true }) });
const openTask = (where: Record<string, unknown>) =>
  eventually(() => env.sys.prisma.task.findFirst({ where: { status: 'OPEN', ...where } }), 30_000);
/** How the pages print a statutory due date: it ends at 24:00 of its last day. */
const shown = (d: Date) => `${new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date(d.getTime() - 1))} 24:00`;

describe('逾期升级督办 (escalations) in a real browser', () => {
  it('the head extends a late 立案审批 from /escalations; the city gets the next rung and reassigns the step', { timeout: 180_000 }, async () => {
    // A lead received long ago: its 立案审批 limit has passed when the workflow starts
    // (as test/integration/escalation-api.test.ts does), whatever today's date is.
    const registeredAt = '2025-09-26T02:00:00.000Z';
    const partyName = `逾期督办测试公司-${tag}`;
    const args: CaseInput = {
      caseId: randomUUID(), orgId: COUNTY, orgLevel: 'COUNTY', parentOrgId: 'yx-city', procedure: 'GENERAL',
      party: { kind: 'ORG', name: partyName, idNumber: freshUscc() },
      catalog: { code: 'AQ-099-1', name: '未设置安全警示标志', fineMinFen: 0, fineMaxFen: 5_000_000, penaltyTypes: ['WARNING', 'FINE'] },
      source: 'INSPECTION', facts: '未设置安全警示标志', occurredAt: registeredAt, harmToLife: false,
      registeredBy: uid('handler1'), registeredAt,
    };
    await env.sys.temporal.workflow.start('caseWorkflow', { args: [args], workflowId: caseWorkflowId(args.caseId), taskQueue: env.sys.taskQueue });
    started.push(caseWorkflowId(args.caseId));
    const first = await openTask({ caseId: args.caseId, kind: 'ESCALATION' });
    const firstDue = (await env.sys.prisma.escalation.findUniqueOrThrow({ where: { id: first.id } })).dueAt;

    // ── the head finds it on 升级督办 and opens it ──────────────────────────────────
    const head = await signIn(user('head'));
    await head.page.getByRole('link', { name: '升级督办' }).click();
    await head.page.waitForURL((u) => u.pathname === '/escalations');
    expect(await h1(head.page).textContent()).toMatch(/^逾期升级督办/);
    const row = head.page.locator('main tbody tr').filter({ hasText: partyName });
    await reloadUntil(head.page, async () => (await row.count()) === 1);
    expect(await cells(head.page, row)).toEqual(['立案审批', `（待立案） ${partyName}`, `督办测试县应急管理局${tag}`,
      `本局负责人（督办测试县应急管理局${tag}）`, shown(firstDue), expect.stringMatching(/^\d+ 天$/), '待处理']);
    await head.page.screenshot({ path: path.join(SHOTS, 'escalations.png'), fullPage: true });

    await row.getByRole('link', { name: '立案审批' }).click();
    await head.page.waitForURL(`**/tasks/${first.id}`);
    expect(await h1(head.page).textContent()).toBe('逾期督办：立案审批');
    const context = head.page.locator('section.escalation');
    expect(await context.getByRole('heading', { name: '逾期环节' }).isVisible()).toBe(true);
    expect(await context.textContent()).toMatch(/已超期 \d+ 天/);
    expect(await context.textContent()).toContain('法律允许延长一次，须经本部门负责人批准（《安全生产违法行为行政处罚办法》第34条第1款）');
    for (const label of ['改派给其他执法人员', '依法批准延长期限', '由本人接手办理', '提出督办意见']) {
      expect(await outcomeForm(head.page, label).count(), label).toBe(1);
    }

    // ── extends the limit, with a reason ────────────────────────────────────────────
    const extend = outcomeForm(head.page, '依法批准延长期限');
    await extend.getByLabel(/理由/).fill(`需进一步核查现场-${tag}`);
    await extend.getByRole('button', { name: '依法批准延长期限' }).click();
    await head.page.waitForURL(`**/cases/${args.caseId}`);

    await head.page.goto('/escalations?state=RESOLVED');
    const resolved = head.page.locator('main tbody tr').filter({ hasText: partyName });
    await reloadUntil(head.page, async () => (await resolved.count()) === 1);
    expect((await cells(head.page, resolved))[6]).toMatch(new RegExp(`^已依法延长期限：需进一步核查现场-${tag} \\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}$`));

    // ── the extended limit has passed too: the city's supervisor gets the next rung ─
    const second = await openTask({ caseId: args.caseId, kind: 'ESCALATION', orgId: 'yx-city' });
    const secondDue = (await env.sys.prisma.escalation.findUniqueOrThrow({ where: { id: second.id } })).dueAt;
    expect(secondDue.getTime()).toBeGreaterThan(firstDue.getTime());
    const city = await signIn('city.supervisor');
    // One page of 200: the city sees every county's escalations, other test files' too.
    await city.page.goto('/escalations?pageSize=200');
    const cityRow = city.page.locator('main tbody tr').filter({ hasText: partyName });
    await reloadUntil(city.page, async () => (await cityRow.count()) === 1);
    const cityCells = await cells(city.page, cityRow);
    expect(cityCells[3]).toMatch(/^上级执法监督（.+）$/);
    // The step's new (extended) limit is what the city is told has passed.
    expect(cityCells[4]).toBe(shown(secondDue));
    await cityRow.getByRole('link', { name: '立案审批' }).click();
    await city.page.waitForURL(`**/tasks/${second.id}`);

    // Reassigns the step to the county's team lead (the county's officers are offered, not the city's).
    const reassign = outcomeForm(city.page, '改派给其他执法人员');
    await reassign.getByLabel(NAME.supervisor!).check();
    await reassign.getByLabel('意见').fill(`请${NAME.supervisor}本周内办结-${tag}`);
    await reassign.getByRole('button', { name: '改派给其他执法人员' }).click();
    await city.page.waitForURL(`**/cases/${args.caseId}`);

    // The case's record shows both resolutions and the reassignment.
    const trail = city.page.locator('#case-trail li');
    await reloadUntil(city.page, async () => (await trail.filter({ hasText: '改派' }).count()) === 1);
    expect(await trail.filter({ hasText: '升级督办处理完毕' }).count()).toBe(2);
    await city.page.screenshot({ path: path.join(SHOTS, 'escalation-case.png'), fullPage: true });

    await city.page.goto('/escalations?state=RESOLVED&pageSize=200');
    const cityResolved = city.page.locator('main tbody tr').filter({ hasText: partyName }).filter({ hasText: '上级执法监督' });
    await reloadUntil(city.page, async () => (await cityResolved.count()) === 1);
    expect((await cells(city.page, cityResolved))[6]).toContain(`已改派：请${NAME.supervisor}本周内办结-${tag}`);

    // The team lead now holds the step: it is among the tasks they have claimed.
    const lead = await signIn(user('supervisor'));
    await lead.page.goto('/tasks?mine=true&pageSize=200');
    const held = lead.page.locator('main tbody tr').filter({ hasText: partyName });
    await reloadUntil(lead.page, async () => (await held.count()) === 1);
    const heldCells = await cells(lead.page, held);
    // Columns (issue 17): 案号, 当事人, 程序 · 环节, 期限, 认领, and the claim button.
    expect(heldCells[1]).toBe(partyName);
    expect(heldCells[2]).toBe('行政处罚立案审批 已升级');
    expect(heldCells[4]).toBe(`${NAME.supervisor}（我）`);

    for (const s of [head, city, lead]) {
      expect(s.errors).toEqual([]);
      await s.page.context().close();
    }
  });
});

describe('案卷抽查 / 评议考核 (case review) in a real browser', () => {
  it('the city scores a sampled case with a failed item; the county head reports the correction; the review shows both', { timeout: 180_000 }, async () => {
    // One recorded draw of one closed case, as drawCaseReviews leaves it (as
    // test/integration/xss-pages-more.test.ts does): no city-wide cycle is started.
    const now = new Date();
    const period = reviewPeriodOf(now.getTime(), 3);
    const caseId = randomUUID();
    const partyName = `抽查测试机械有限公司-${tag}`;
    const number = `督${tag}应急立〔2026〕${caseId.slice(0, 6)}号`;
    await env.sys.prisma.case.create({ data: {
      id: caseId, orgId: COUNTY, number, procedure: 'GENERAL', stage: 'CLOSED', status: 'CLOSED', partyKind: 'ORG',
      partyName, partyIdNumber: freshUscc(), catalogItemId: 'AQ-099-1', source: 'INSPECTION', facts: '未设置安全警示标志。', occurredAt: now,
      registeredById: uid('handler1'), closedAt: now,
    } });
    const drawId = randomUUID();
    const reviewId = randomUUID();
    await env.sys.prisma.caseReviewDraw.create({ data: {
      id: drawId, cityOrgId: 'yx-city', countyOrgId: COUNTY, period: period.key, periodFrom: new Date(period.from), periodTo: new Date(period.to),
      seed: `${period.key}/${COUNTY}/browser`, population: [caseId], sampleSize: 1, chosen: [caseId], policy: {}, workflowId: 'browser-test', drawnAt: now,
    } });
    await env.sys.prisma.caseReview.create({ data: {
      id: reviewId, drawId, caseId, orgId: COUNTY, cityOrgId: 'yx-city', period: period.key, officerIds: [uid('handler1')], status: 'AWAITING_REVIEW',
      failedItems: [], data: { actions: [], events: [] },
    } });
    await env.sys.temporal.workflow.start('caseReviewWorkflow', {
      args: [{ reviewId, drawId, caseId, caseNumber: number, orgId: COUNTY, cityOrgId: 'yx-city', period: period.key, officerIds: [uid('handler1')], drawnAt: now.toISOString() }],
      workflowId: caseReviewWorkflowId(reviewId), taskQueue: env.sys.taskQueue,
    });
    started.push(caseReviewWorkflowId(reviewId));
    await openTask({ workflowId: caseReviewWorkflowId(reviewId), kind: 'CASE_REVIEW' });

    // ── the city reviewer scores it ─────────────────────────────────────────────────
    const city = await signIn('city.supervisor');
    await city.page.goto(`/case-reviews?period=${period.key}`);
    const listed = city.page.locator('main tbody tr').filter({ hasText: partyName });
    expect(await cells(city.page, listed)).toEqual([period.key, `督办测试县应急管理局${tag}`, `${number} ${partyName}`, '待评查', '', '—']);
    await listed.getByRole('link', { name: number }).click();
    await city.page.waitForURL(`**/case-reviews/${reviewId}`);
    expect(await h1(city.page).textContent()).toBe(`抽查案卷 ${number} 待评查`);
    const form = city.page.locator('section.case-review-form form');
    const items = ['执法程序', '证据', '法律依据', '自由裁量', '执法文书', '办案期限'];
    expect(await form.locator('legend').allTextContents()).toEqual(items);

    const item = (label: string) => form.locator('fieldset').filter({ has: city.page.locator('legend', { hasText: new RegExp(`^${label}$`) }) });
    for (const label of items) await item(label).getByRole('radio', { name: '合格', exact: true }).check();
    // A failed item without its problem: the page says so in Chinese and nothing is recorded.
    await item('证据').getByRole('radio', { name: '不合格' }).check();
    const [refused] = await Promise.all([
      city.page.waitForResponse((r) => r.url().endsWith(`/case-reviews/${reviewId}/review`) && r.request().method() === 'POST'),
      form.getByRole('button', { name: '提交评查结果' }).click(),
    ]);
    expect(refused.status()).toBe(422);
    await city.page.waitForLoadState();
    expect(await city.page.getByRole('alert').textContent()).toContain('证据：不合格的项目须写明问题（至少2个字）');
    expect((await env.sys.prisma.caseReview.findUniqueOrThrow({ where: { id: reviewId } })).status).toBe('AWAITING_REVIEW');

    const problem = `现场检查记录无当事人签字-${tag}`;
    for (const label of items) await item(label).getByRole('radio', { name: '合格', exact: true }).check();
    await item('证据').getByRole('radio', { name: '不合格' }).check();
    await item('证据').getByLabel(/问题说明/).fill(problem);
    await form.getByLabel('总体意见').fill('程序基本规范。');
    await form.getByRole('button', { name: '提交评查结果' }).click();
    await city.page.waitForURL(`**/case-reviews/${reviewId}`);
    await reloadUntil(city.page, async () => /不合格，整改中/.test((await h1(city.page).textContent()) ?? ''));
    const checklist = city.page.locator('table.checklist tbody tr');
    expect(await cells(city.page, checklist.filter({ hasText: '证据' }))).toEqual(['证据', '不合格', problem]);
    expect(await cells(city.page, checklist.filter({ hasText: '执法程序' }))).toEqual(['执法程序', '合格', '']);
    // The city may not answer for the county.
    expect(await city.page.locator('section.case-review-correction').count()).toBe(0);
    await city.page.screenshot({ path: path.join(SHOTS, 'case-review-scored.png'), fullPage: true });

    // ── the county head finds the correction task and reports the correction ───────
    const correction = await openTask({ workflowId: caseReviewWorkflowId(reviewId), kind: 'CASE_REVIEW_CORRECTION' });
    const head = await signIn(user('head'));
    await head.page.goto('/tasks?pageSize=200');
    const queued = head.page.locator('main tbody tr').filter({ hasText: number });
    await reloadUntil(head.page, async () => (await queued.count()) === 1);
    expect((await cells(head.page, queued))[2]).toBe(`案卷抽查评查评查问题整改：${number}`);
    // From the queue to the task, and from the task to the review page where the answer is given.
    await queued.getByRole('link', { name: `评查问题整改：${number}` }).click();
    await head.page.waitForURL(`**/tasks/${correction.id}`);
    expect(await head.page.locator('form.outcome').count()).toBe(0);
    await head.page.getByRole('link', { name: /在评查页面办理/ }).click();
    await head.page.waitForURL(`**/case-reviews/${reviewId}`);
    const correct = head.page.locator('section.case-review-correction form');
    const action = `已由当事人补签现场检查记录-${tag}`;
    await correct.getByLabel(`证据（问题：${problem}）整改措施`).fill(action);
    await correct.getByRole('button', { name: '报送整改情况' }).click();
    await head.page.waitForURL(`**/case-reviews/${reviewId}`);
    await reloadUntil(head.page, async () => /已整改/.test((await h1(head.page).textContent()) ?? ''));

    // ── the review page shows the result ────────────────────────────────────────────
    expect(await h1(head.page).textContent()).toBe(`抽查案卷 ${number} 已整改`);
    expect(await head.page.getByRole('listitem').filter({ hasText: `证据：${action}` }).count()).toBe(1);
    expect(await head.page.locator('section.case-review-correction').count()).toBe(0);
    const facts = head.page.locator('table.facts').first();
    expect(await facts.locator('tr', { hasText: '整改报送人' }).textContent()).toContain(NAME.head);
    expect(await facts.locator('tr', { hasText: '承办人' }).textContent()).toContain(NAME.handler1);
    const steps = await head.page.locator('table.queue').last().locator('tbody tr').allTextContents();
    expect(steps.some((s) => s.includes('评查问题整改') && s.includes('已办'))).toBe(true);
    expect((await env.sys.prisma.task.findUniqueOrThrow({ where: { id: correction.id } })).status).toBe('COMPLETED');
    await head.page.screenshot({ path: path.join(SHOTS, 'case-review-corrected.png'), fullPage: true });

    await city.page.goto(`/case-reviews?period=${period.key}`);
    expect(await cells(city.page, city.page.locator('main tbody tr').filter({ hasText: partyName }))).toEqual(
      [period.key, `督办测试县应急管理局${tag}`, `${number} ${partyName}`, '已整改', '证据', expect.stringMatching(/^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}$/)]);

    // Chromium logs the refused submit's 422 itself; that one the test asked for.
    expect(city.errors.filter((e) => /status of 422/.test(e))).toHaveLength(1);
    city.errors = city.errors.filter((e) => !/status of 422/.test(e));
    for (const s of [city, head]) {
      expect(s.errors).toEqual([]);
      await s.page.context().close();
    }
  });
});
