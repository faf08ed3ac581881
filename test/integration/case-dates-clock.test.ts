import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDate } from '../../rules/iso-date.ts';
import { leadBody, validUscc } from '../support/cases.ts';
import { csrfOf, sessionAs } from '../support/session.ts';
import { apiAs, eventually, startSystem, type Api, type Reply, type System } from '../support/system.ts';

// Issue 17 items 4 and 10 over HTTP: dates that do not fit the case are refused with a 4xx that
// names the field and the bound, and nothing is written; the decision clock stops only with the
// head's approval. Real API, Temporal and PostgreSQL; every party is unique.
let sys: System;
let handler: Api, supervisor: Api, head: Api, legal: Api;

beforeAll(async () => {
  sys = await startSystem();
  [handler, supervisor, head, legal] = await Promise.all([
    apiAs(sys.baseUrl, 'hongta.handler1'), apiAs(sys.baseUrl, 'hongta.supervisor'), apiAs(sys.baseUrl, 'hongta.head'), apiAs(sys.baseUrl, 'hongta.legal'),
  ]);
});
afterAll(async () => sys?.stop());

const FINE_FEN = 80_000_00;
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
interface TaskRow { id: string; kind: string; status: string }

const openTask = (api: Api, caseId: string, kinds: string[]) => eventually(async () =>
  ((await api.get(`/api/cases/${caseId}`)).body?.tasks as TaskRow[] | undefined)?.find((t) => t.status === 'OPEN' && kinds.includes(t.kind)));
const complete = (api: Api, t: TaskRow, outcome: string, data: Record<string, unknown> = {}) => api.post(`/api/tasks/${t.id}/complete`, { outcome, data });
async function completeOk(api: Api, caseId: string, kind: string, outcome: string, data: Record<string, unknown> = {}) {
  const r = await complete(api, await openTask(api, caseId, [kind]), outcome, data);
  expect(r.status, `${kind}: ${JSON.stringify(r.body)}`).toBe(200);
}
const recorded = (caseId: string, action: string) => eventually(async () =>
  (await handler.get(`/api/cases/${caseId}`)).body?.timeline?.some((e: { action: string }) => e.action === action));
const state = async (caseId: string) => (await handler.get(`/api/cases/${caseId}/state`)).body;

/** What a refused step must leave untouched. */
async function rows(caseId: string) {
  const [audit, documents, tasks, payments] = await Promise.all([
    sys.prisma.auditEvent.count({ where: { caseId } }), sys.prisma.document.count({ where: { caseId } }),
    sys.prisma.task.findMany({ where: { caseId }, select: { id: true, status: true }, orderBy: { id: 'asc' } }),
    sys.prisma.payment.count({ where: { caseId } }),
  ]);
  return { audit, documents, tasks, payments };
}
function expectRefused(r: Reply, ...words: RegExp[]) {
  expect(r.status, JSON.stringify(r.body)).toBeGreaterThanOrEqual(400);
  expect(r.status).toBeLessThan(500);
  for (const w of words) expect(r.body.message).toMatch(w);
}

async function fileCase() {
  const reg = await handler.post('/api/cases', leadBody({
    party: { kind: 'ORG', name: `红塔日期测试有限公司-${randomUUID().slice(0, 8)}`, idNumber: validUscc('91530402MA6K0000X'), address: '玉溪市红塔区玉兴路1号' },
  }));
  expect(reg.status, JSON.stringify(reg.body)).toBe(201);
  const caseId = reg.body.caseId as string;
  await completeOk(supervisor, caseId, 'FILING_APPROVAL', 'APPROVE', { comment: '同意立案' });
  await openTask(handler, caseId, ['INVESTIGATION']);
  await recorded(caseId, 'clock.due_computed');
  const filedAt = (await handler.get(`/api/cases/${caseId}`)).body.case.filedAt as string;
  return { caseId, filedAt };
}

describe('dates that fit the case (issue 17 item 10)', () => {
  it('a 告知书 served "before" it was issued is refused, so the statement period cannot expire at once; a preservation cannot start before the lead was received', async () => {
    const { caseId, filedAt } = await fileCase();
    // 先行登记保存 "carried out on the spot" the day before the lead came in: refused, nothing written.
    const before = await rows(caseId);
    expectRefused(await handler.post(`/api/cases/${caseId}/preservations`, { items: [{ name: '储罐区压力表', spec: 'Y-100', quantity: 1, unit: '只', keptAt: '本局证物室' }], urgent: true, performedAt: iso(Date.parse(filedAt) - DAY) }),
      /当场实施先行登记保存的时间/, /不能早于发现线索或收到材料的时间/);
    expect(await rows(caseId)).toEqual(before);

    await completeOk(handler, caseId, 'INVESTIGATION', 'PROPOSE', {
      findings: '经查，当事人储罐区未设置明显的安全警示标志。', penaltyTypes: ['FINE'], fineFen: FINE_FEN, officerIds: ['u-hongta-handler1', 'u-hongta-handler2'],
    });
    const service = await openTask(handler, caseId, ['NOTICE_SERVICE']);
    const beforeService = await rows(caseId);
    // A week before 立案: accepted, this would have started and ended the 5 working days at once.
    for (const servedAt of [iso(Date.parse(filedAt) - 7 * DAY), new Date(Date.parse(filedAt) - 7 * DAY + 8 * 3600_000).toISOString().slice(0, 10)]) {
      expectRefused(await complete(handler, service, 'SERVED', { servedAt, method: '直接送达' }), /送达时间/, /不能早于(立案时间|行政处罚告知书制发时间)/);
    }
    expectRefused(await complete(handler, service, 'SERVED', { servedAt: iso(Date.now() + 2 * DAY), method: '直接送达' }), /送达时间/, /不能晚于当前时间/, /允许误差10分钟/);
    expect(await rows(caseId)).toEqual(beforeService);
    expect((await sys.prisma.task.findUniqueOrThrow({ where: { id: service.id } })).status).toBe('OPEN');
    expect((await handler.get(`/api/cases/${caseId}`)).body.timeline.some((e: { action: string }) => e.action === 'notice.waived_by_silence')).toBe(false);

    // The right date goes through, and the party's 5 working days run from it.
    await completeOk(handler, caseId, 'NOTICE_SERVICE', 'SERVED', { servedAt: new Date().toISOString(), method: '直接送达' });
    const response = await openTask(handler, caseId, ['PARTY_RESPONSE']);
    expect(Date.parse((await sys.prisma.task.findUniqueOrThrow({ where: { id: response.id } })).dueAt!.toISOString())).toBeGreaterThan(Date.now() + 4 * DAY);
  });

  it('a payment before the decision was served and a lawsuit filed tomorrow are refused; nothing is written', async () => {
    const { caseId } = await fileCase();
    await completeOk(handler, caseId, 'INVESTIGATION', 'PROPOSE', {
      findings: '经查，当事人储罐区未设置明显的安全警示标志。', penaltyTypes: ['FINE'], fineFen: FINE_FEN, officerIds: ['u-hongta-handler1', 'u-hongta-handler2'],
    });
    await completeOk(handler, caseId, 'NOTICE_SERVICE', 'SERVED', { servedAt: new Date().toISOString(), method: '直接送达' });
    await completeOk(handler, caseId, 'PARTY_RESPONSE', 'WAIVED', { comment: '当事人书面明确放弃陈述申辩' });
    for (;;) {
      const t = await openTask(head, caseId, ['LEGAL_REVIEW', 'COLLECTIVE_DISCUSSION', 'DECISION']);
      if (t.kind === 'DECISION') {
        const d = await complete(head, t, 'DECIDE', { penaltyTypes: ['FINE'], fineFen: FINE_FEN, reasoning: '违法事实清楚，按裁量基准一般档次处罚。' });
        expect(d.status, JSON.stringify(d.body)).toBe(200);
        break;
      }
      const r = t.kind === 'LEGAL_REVIEW'
        ? await complete(legal, t, 'PASS', { opinion: '事实清楚，证据确凿，适用依据正确，程序合法。' })
        : await complete(head, t, 'AGREE', { attendees: '普文华、杨春林、李俊', minutes: '同意承办人处罚建议。' });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      await eventually(async () => (await sys.prisma.task.findUniqueOrThrow({ where: { id: t.id } })).status === 'COMPLETED');
    }
    const decidedAt = (await eventually(async () => (await state(caseId))?.decision))!.decidedAt as string;
    const service = await openTask(handler, caseId, ['DECISION_SERVICE']);
    expectRefused(await complete(handler, service, 'SERVED', { servedAt: iso(Date.parse(decidedAt) - 3 * 3600_000), method: 'DIRECT' }),
      /送达时间/, /不能早于行政处罚决定作出时间/);
    const servedAt = new Date().toISOString();
    await completeOk(handler, caseId, 'DECISION_SERVICE', 'SERVED', { servedAt, method: 'DIRECT' });
    await eventually(async () => (await state(caseId))?.paymentDueDay);
    await recorded(caseId, 'case.payment_due');

    const before = await rows(caseId);
    const pay = (paidAt: string) => fetch(`${sys.baseUrl}/api/payments`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-payment-channel-token': sys.paymentChannelToken },
      body: JSON.stringify({ caseId, reference: `PAY-${randomUUID()}`, amountFen: FINE_FEN, paidAt, channel: '非税收入缴款平台' }),
    }).then(async (res) => ({ status: res.status, body: await res.json() }));
    expectRefused(await pay(iso(Date.parse(servedAt) - DAY)), /缴款时间/, /不能早于行政处罚决定书送达时间/);
    expectRefused(await pay(iso(Date.now() + DAY)), /缴款时间/, /不能晚于当前时间/);
    expectRefused(await handler.post(`/api/cases/${caseId}/lawsuits`, { court: '玉溪市红塔区人民法院', filedAt: iso(Date.now() + 3 * DAY) }), /起诉日期/, /不能晚于当前时间/);
    expectRefused(await handler.post(`/api/cases/${caseId}/lawsuits`, { court: '玉溪市红塔区人民法院', filedAt: iso(Date.parse(servedAt) - DAY) }), /起诉日期/, /不能早于行政处罚决定书送达时间/);
    expect(await rows(caseId)).toEqual(before);
    expect((await pay(new Date().toISOString())).status).toBe(200);
  });
});

describe('the clock is the head\'s (issue 17 item 4)', () => {
  const commission = (commissionedAt: string) => ({ number: `云检委〔2026〕${randomUUID().slice(0, 4)}号`, institution: '云南省特种设备安全检测研究院', commissionedAt, subject: '储罐区压力表' });

  it('a handler cannot pause the clock: the request waits for the head, who alone approves; the party gets a numbered notice; the page shows the period and resumes it', async () => {
    const { caseId } = await fileCase();
    const running = (await state(caseId)).decisionClock;
    // What the issue found: a handler alone, "00", paused the clock. Now the body is refused.
    expectRefused(await handler.post(`/api/cases/${caseId}/clock/pause`, { reason: '00' }));
    const asked = await handler.post(`/api/cases/${caseId}/clock/pause`, { reason: '压力表需送法定检验机构检验', commission: commission(shanghaiDate(new Date())) });
    expect(asked.status, JSON.stringify(asked.body)).toBe(202);
    const approval = await openTask(head, caseId, ['CLOCK_PAUSE_APPROVAL']);
    expect((await state(caseId)).decisionClock).toMatchObject({ paused: false, dueAt: running.dueAt });
    // The handler (and the supervisor) cannot approve it: the task's candidate role is HEAD alone
    // and neither has claimed or done it, so it is not theirs to see (getVisibleTask: 404) — and
    // the clock runs on.
    for (const who of [handler, supervisor]) expect((await complete(who, approval, 'APPROVE', {})).status).toBe(404);
    expect((await sys.prisma.task.findUniqueOrThrow({ where: { id: approval.id } })).status).toBe('OPEN');
    expect((await state(caseId)).decisionClock).toMatchObject({ paused: false, dueAt: running.dueAt });

    // The head sees the commission on the approval task's page.
    const taskPage = (await (await sessionAs(sys.baseUrl, 'hongta.head'))('GET', `/tasks/${approval.id}`)).html;
    expect(taskPage).toContain('委托书');
    expect(taskPage).toContain('云南省特种设备安全检测研究院');
    expect((await complete(head, approval, 'APPROVE', { comment: '同意送检' })).status).toBe(200);
    const paused = await eventually(async () => { const s = await state(caseId); return s.decisionClock?.paused ? s : undefined; });
    const notice = (await handler.get(`/api/cases/${caseId}`)).body.documents.find((d: { kind: string }) => d.kind === 'TESTING_PERIOD_NOTICE');
    expect(notice.number).toMatch(/^红塔应急检告〔\d{4}〕\d+号$/);
    expect(paused.clockPauses).toMatchObject([{ kind: 'TESTING', noticeNumber: notice.number }]);

    // The case page shows the period and offers the resume form (the head's page as well).
    const page = await sessionAs(sys.baseUrl, 'hongta.handler1');
    const html = (await page('GET', `/cases/${caseId}`)).html;
    expect(html).toContain('办案期限中止期间');
    expect(html).toContain('云南省特种设备安全检测研究院');
    expect(html).toContain(notice.number);
    expect(html).toContain('name="resultAt"');
    // A result dated tomorrow: refused on the page with the field named, clock still paused.
    const tomorrow = new Date(Date.now() + 8 * 3600_000 + DAY).toISOString().slice(0, 10);
    const bad = await page('POST', `/cases/${caseId}/actions/resume`, { _csrf: csrfOf(html), reason: '检测报告已出具', resultAt: tomorrow });
    expect(decodeURIComponent(bad.location ?? '')).toMatch(/结果作出日期.*不能晚于当前时间/);
    expect((await state(caseId)).decisionClock.paused).toBe(true);
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const ok = await page('POST', `/cases/${caseId}/actions/resume`, { _csrf: csrfOf(html), reason: '检测报告已出具', resultAt: today });
    expect(ok.location).toMatch(/done=resume/);
    const resumed = await eventually(async () => { const s = await state(caseId); return s.decisionClock?.paused === false && s.clockPauses?.[0]?.to ? s : undefined; });
    expect(resumed.clockPauses[0].to).toBe(today);
  });

  it('the pause form on the page refuses a commission without its 委托书 number, naming the field', async () => {
    const { caseId } = await fileCase();
    const page = await sessionAs(sys.baseUrl, 'hongta.handler1');
    const html = (await page('GET', `/cases/${caseId}`)).html;
    expect(html).toContain('name="commissionNumber"');
    const before = await rows(caseId);
    const r = await page('POST', `/cases/${caseId}/actions/pause`, {
      _csrf: csrfOf(html), reason: '送检', commissionNumber: '', institution: '玉溪市产品质量检验所', commissionedAt: '2026-01-01', subject: '安全帽',
    });
    expect(decodeURIComponent(r.location ?? '')).toMatch(/委托书编号/);
    expect(await rows(caseId)).toEqual(before);
  });
});
