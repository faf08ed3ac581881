import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCounty, createStaff } from '../support/own-county.ts';
import { leadBody, openTaskOf } from '../support/cases.ts';
import { sessionAs } from '../support/session.ts';
import { apiAs, eventually, startSystem, type Api, type System } from '../support/system.ts';

// The work queue over HTTP (issue 17): each filter, the search, both sorts and stable pages, the
// due date taken from the case's decision clock where a step has none, the nav's counts, and saved
// views that belong to one person in one org. The rows are the read model's own, written here in
// a county of this file's own so every figure is exact; the decision-clock fallback is also
// walked through the real workflows in the seeded county.
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const run = randomUUID().slice(0, 8);
const county = `qt-${run}`;
const other = `qt2-${run}`;
const ids = { a: `${run}-a`, b: `${run}-b`, c: `${run}-c`, d: `${run}-d`, e: `${run}-e`, f: `${run}-f`, g: `${run}-g` };
const who = { me: `qt-me-${run}`, colleague: `qt-col-${run}`, lead: `qt-lead-${run}`, outsider: `qt-out-${run}` };
const caseIds = { c1: `qt-case1-${run}`, c2: `qt-case2-${run}`, c3: `qt-case3-${run}` };
const numbers = { c1: `测试应急立〔2026〕${run}1号`, c2: `测试应急立〔2026〕${run}2号` };
const now = Date.now();
/** The next midnight in Beijing: a limit "today 24:00". */
const endOfBeijingDay = (t: number) => Math.floor((t + 8 * HOUR) / DAY) * DAY + DAY - 8 * HOUR;
const due = {
  a: new Date(now - DAY), c: new Date(endOfBeijingDay(now)), g: new Date(now + 36 * HOUR),
  b: new Date(now + 5 * DAY), d: new Date(now + 10 * DAY),
};

let sys: System;
let me: Api, colleague: Api, outsider: Api;

/** PUT and DELETE with a signed-in client's token (the shared client speaks GET and POST). */
const send = async (api: Api, method: string, path: string, body?: unknown) => {
  const res = await fetch(sys.baseUrl + path, {
    method, headers: { 'content-type': 'application/json', authorization: `Bearer ${api.token}` }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
};
const queue = async (query = '') => {
  const r = await me.get(`/api/tasks${query ? `?${query}` : ''}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as { items: { id: string; caseNumber: string | null; partyName: string | null; procedureLabel: string; stepLabel: string; claimedByName: string | null; due: { at: string | null; source: string | null; paused: boolean }; overdue: boolean; near: boolean }[]; total: number; overdue: number; near: number };
};
const order = async (query = '') => (await queue(query)).items.map((t) => t.id);

const clock = (dueAt: Date | undefined, extra: Record<string, unknown> = {}) =>
  ({ state: { decisionClock: { deadlineId: 'DECISION', provisional: false, paused: false, ...(dueAt ? { dueAt: dueAt.toISOString() } : {}), ...extra } } });

beforeAll(async () => {
  sys = await startSystem();
  const p = sys.prisma;
  await createCounty(p, { id: county, name: `队列测试县应急管理局${run}`, shortName: `队列${run}` });
  await createCounty(p, { id: other, name: `队列测试二县应急管理局${run}`, shortName: `队列二${run}` });
  await createStaff(p, [
    { id: who.me, username: who.me, orgId: county, roles: ['HANDLER'], displayName: '张承办' },
    { id: who.colleague, username: who.colleague, orgId: county, roles: ['HANDLER'], displayName: '李同事' },
    { id: who.lead, username: who.lead, orgId: county, roles: ['SUPERVISOR'] },
    { id: who.outsider, username: who.outsider, orgId: other, roles: ['HANDLER'] },
  ]);
  const base = { orgId: county, procedure: 'GENERAL', status: 'OPEN', partyKind: 'ORG', partyIdNumber: '91530402MA6K00001X', catalogItemId: 'AQ-099-1', source: 'INSPECTION', facts: '队列测试', occurredAt: new Date('2026-01-01'), registeredById: who.me };
  await p.case.createMany({ data: [
    { ...base, id: caseIds.c1, number: numbers.c1, stage: 'NOTICE', partyName: `甲化工有限公司${run}`, registeredAt: new Date('2026-01-01T02:00:00Z') },
    { ...base, id: caseIds.c2, number: numbers.c2, stage: 'INVESTIGATION', partyName: `乙矿业有限公司${run}`, registeredAt: new Date('2026-02-01T02:00:00Z'), data: clock(due.b) },
    { ...base, id: caseIds.c3, stage: 'FILING', partyName: `丙烟花爆竹店${run}`, registeredAt: new Date('2026-03-01T02:00:00Z') },
  ] });
  const task = (id: string, o: Record<string, unknown>) => ({
    id, workflowId: `wf-${id}`, step: 'S', kind: 'NOTICE_SERVICE', title: '送达告知书', orgId: county, candidateRoles: ['HANDLER'],
    status: 'OPEN', allowedOutcomes: ['OK'], ...o,
  });
  await p.task.createMany({ data: [
    task(ids.a, { caseId: caseIds.c1, dueAt: due.a, claimedById: who.me }),
    task(ids.b, { caseId: caseIds.c2, kind: 'INVESTIGATION', title: '调查取证与处罚建议' }),
    task(ids.c, { caseId: caseIds.c3, kind: 'DECISION_SERVICE', title: '送达处罚决定书', dueAt: due.c }),
    task(ids.d, { kind: 'REFERRAL_ACCEPTANCE', title: '移交事项受理', dueAt: due.d, createdAt: new Date(now - 30 * DAY), payload: { partyName: `丁物流${run}` } }),
    task(ids.e, { caseId: caseIds.c1, status: 'COMPLETED', dueAt: due.a, completedById: who.me, completedAt: new Date() }),
    task(ids.f, { caseId: caseIds.c1, kind: 'FILING_APPROVAL', title: '立案审批', candidateRoles: ['SUPERVISOR'], dueAt: due.c }),
    task(ids.g, { caseId: caseIds.c2, dueAt: due.g, claimedById: who.colleague }),
  ] });
  [me, colleague, outsider] = await Promise.all([apiAs(sys.baseUrl, who.me), apiAs(sys.baseUrl, who.colleague), apiAs(sys.baseUrl, who.outsider)]);
});
afterAll(async () => sys?.stop());

const USUAL = [ids.a, ids.c, ids.g, ids.b, ids.d];

describe('work queue columns and due dates', () => {
  it('shows case number, party, procedure and step, due and who claimed it, most urgent first', async () => {
    const q = await queue();
    expect(q.items.map((t) => t.id)).toEqual(USUAL);
    expect(q).toMatchObject({ total: 5, overdue: 1, near: 2 });
    const [a, c, g, b, d] = q.items;
    expect(a).toMatchObject({ caseNumber: numbers.c1, partyName: `甲化工有限公司${run}`, procedureLabel: '行政处罚', stepLabel: '送达行政处罚告知书', claimedByName: '张承办', overdue: true, near: false });
    expect(a!.due).toMatchObject({ at: due.a.toISOString(), source: 'STEP' });
    expect(c).toMatchObject({ caseNumber: null, partyName: `丙烟花爆竹店${run}`, overdue: false, near: true, claimedByName: null });
    expect(g).toMatchObject({ claimedByName: '李同事', near: true });
    expect(d).toMatchObject({ caseNumber: null, partyName: `丁物流${run}`, procedureLabel: '移交' });
    // 调查取证 has no limit of its own: it works to the case's decision clock, and says so.
    expect(b!.due).toEqual({ at: due.b.toISOString(), source: 'CASE_DECISION', deadlineId: 'DECISION', provisional: false, paused: false });
  });

  it('follows the decision clock when it moves, pauses, and ends with the decision', async () => {
    const later = new Date(now + 6 * DAY);
    await sys.prisma.case.update({ where: { id: caseIds.c2 }, data: { data: clock(later) } });
    expect((await queue()).items.find((t) => t.id === ids.b)!.due).toMatchObject({ at: later.toISOString(), source: 'CASE_DECISION' });
    await sys.prisma.case.update({ where: { id: caseIds.c2 }, data: { data: clock(later, { paused: true }) } });
    const paused = (await queue()).items.find((t) => t.id === ids.b)!;
    expect(paused.due).toMatchObject({ at: null, source: null, paused: true });
    expect((await order()).at(-1)).toBe(ids.b); // nothing is due while the clock stands still
    await sys.prisma.case.update({ where: { id: caseIds.c2 }, data: { data: { state: { ...clock(later).state, decision: { number: 'x', decidedAt: new Date().toISOString() } } } } });
    expect((await queue()).items.find((t) => t.id === ids.b)!.due.at).toBeNull();
    await sys.prisma.case.update({ where: { id: caseIds.c2 }, data: { data: clock(due.b) } });
    expect(await order()).toEqual(USUAL);
  });
});

describe('work queue filters', () => {
  it('by procedure and by step kind', async () => {
    expect(await order('procedure=CASE')).toEqual([ids.a, ids.c, ids.g, ids.b]);
    expect(await order('procedure=REFERRAL')).toEqual([ids.d]);
    expect(await order('procedure=INSPECTION')).toEqual([]);
    expect(await order('kind=INVESTIGATION')).toEqual([ids.b]);
    expect(await order('procedure=CASE&kind=NOTICE_SERVICE')).toEqual([ids.a, ids.g]);
  });

  it('by due window: today, 3 days, 7 days and custom dates (Beijing days; 24:00 belongs to the day)', async () => {
    expect(await order('due=today')).toEqual([ids.c]);
    expect(await order('due=3d')).toEqual([ids.c, ids.g]);
    expect(await order('due=7d')).toEqual([ids.c, ids.g, ids.b]);
    const day = (d: Date) => new Date(d.getTime() + 8 * HOUR).toISOString().slice(0, 10);
    expect(await order(`due=custom&dueFrom=${day(due.b)}&dueTo=${day(due.b)}`)).toEqual([ids.b]);
    expect(await order(`due=custom&dueFrom=${day(due.b)}`)).toEqual([ids.b, ids.d]);
    expect(await order(`dueFrom=${day(due.b)}&dueTo=${day(due.b)}`)).toEqual([ids.b]);
  });

  it('overdue only, near only, and the counts of the filtered set', async () => {
    expect(await order('overdue=true')).toEqual([ids.a]);
    const near = await queue('near=true');
    expect(near.items.map((t) => t.id)).toEqual([ids.c, ids.g]);
    expect(near).toMatchObject({ total: 2, near: 2, overdue: 0 });
  });

  it('claimed by me, unclaimed, all visible (never a step for another role)', async () => {
    expect(await order('claim=mine')).toEqual([ids.a]);
    expect(await order('mine=true')).toEqual([ids.a]);
    expect(await order('claim=unclaimed')).toEqual([ids.c, ids.b, ids.d]);
    expect(await order('claim=all')).toEqual(USUAL);
    expect(await order('status=ALL')).not.toContain(ids.f);
    expect(await order('status=COMPLETED')).toEqual([ids.e]);
  });

  it('searches case numbers and party names by any part', async () => {
    expect(await order(`q=${encodeURIComponent(`甲化工有限公司${run}`)}`)).toEqual([ids.a]);
    expect(await order(`q=${encodeURIComponent(`${run}2号`)}`)).toEqual([ids.g, ids.b]);
    expect(await order(`q=${encodeURIComponent(`〔2026〕${run}`)}`)).toEqual([ids.a, ids.g, ids.b]);
    expect(await order(`q=${encodeURIComponent('100%_')}`)).toEqual([]);
    expect(await order(`q=${encodeURIComponent(`乙矿业有限公司${run}`)}&claim=unclaimed`)).toEqual([ids.b]);
  });

  it('sorts by registration either way, and pages never repeat or skip a row', async () => {
    const registered = [ids.a, ids.b, ids.g, ids.c, ids.d];
    expect(await order('sort=registered')).toEqual(registered);
    expect(await order('sort=registered_desc')).toEqual([...registered].reverse());
    for (const sort of ['due', 'registered', 'registered_desc']) {
      const all = await order(`sort=${sort}`);
      const paged = [...await order(`sort=${sort}&pageSize=2&page=1`), ...await order(`sort=${sort}&pageSize=2&page=2`), ...await order(`sort=${sort}&pageSize=2&page=3`)];
      expect(paged).toEqual(all);
    }
  });

  it('refuses a malformed filter with a 400 and a window that does not fit with a 422, naming it', async () => {
    const bad = async (query: string, field: string, status = 400) => {
      const r = await me.get(`/api/tasks?${query}`);
      expect(r.status, query).toBe(status);
      expect(r.body.message).toContain(field);
    };
    await bad('procedure=NOPE', 'procedure');
    await bad('due=custom', '自定日期须填写起或止日期', 422);
    await bad('due=custom&dueFrom=2026-12-09&dueTo=2026-12-01', '止日期不能早于起日期', 422);
    await bad('dueFrom=2026-13-45', 'dueFrom');
    await bad('q=a', '至少 2 个字');
    await bad('sort=random', 'sort');
    await bad('colour=red', 'colour');
  });
});

describe('nav counts', () => {
  it('the API and every signed-in page show 我的待办 · 临期 · 超期 from one query', async () => {
    expect((await me.get('/api/queue-counts')).body).toEqual({ total: 5, near: 2, overdue: 1 });
    const page = await sessionAs(sys.baseUrl, who.me);
    for (const path of ['/tasks', '/cases']) {
      const html = (await page('GET', path)).html;
      expect(html).toContain('我的待办 (5)</a> · <a href="/tasks?near=true">临期 (2)</a> · <a href="/tasks?overdue=true">超期 (1)');
    }
  });
});

describe('saved views', () => {
  it('are kept per person: saving twice under one name keeps one view; others never see or delete it', async () => {
    const body = { name: '本周行政处罚', filters: { procedure: 'CASE', due: '7d', sort: 'registered' } };
    const first = await me.post('/api/queue-views', body);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ name: '本周行政处罚', filters: { procedure: 'CASE', due: '7d', sort: 'registered' }, query: 'procedure=CASE&due=7d&sort=registered' });
    const again = await me.post('/api/queue-views', body);
    expect(again.body.id).toBe(first.body.id);
    expect((await me.get('/api/queue-views')).body.map((v: { id: string }) => v.id)).toEqual([first.body.id]);
    // The view's query is the queue.
    expect(await order(first.body.query)).toEqual([ids.b, ids.g, ids.c]);

    expect((await colleague.get('/api/queue-views')).body).toEqual([]);
    expect((await colleague.get(`/api/queue-views/${first.body.id}`)).status).toBe(404);
    expect((await send(colleague, 'PUT', `/api/queue-views/${first.body.id}`, body)).status).toBe(404);
    expect((await send(colleague, 'DELETE', `/api/queue-views/${first.body.id}`)).body).toEqual({ deleted: false });
    expect((await outsider.get('/api/queue-views')).body).toEqual([]);
    expect((await me.get(`/api/queue-views/${first.body.id}`)).status).toBe(200);
  });

  it('belong to the org the person saved them in', async () => {
    await sys.prisma.queueView.create({ data: { id: `qv-${run}`, userId: who.me, orgId: other, name: '旧单位的视图', filters: {} } });
    const mine = (await me.get('/api/queue-views')).body.map((v: { name: string }) => v.name);
    expect(mine).not.toContain('旧单位的视图');
    expect((await me.get(`/api/queue-views/qv-${run}`)).status).toBe(404);
  });

  it('are renamed, refused on a clash or a bad filter, and deleted once', async () => {
    const a = (await me.post('/api/queue-views', { name: '超期', filters: { overdue: 'true' } })).body;
    const b = (await me.post('/api/queue-views', { name: '未认领', filters: { claim: 'unclaimed' } })).body;
    expect((await send(me, 'PUT', `/api/queue-views/${b.id}`, { name: '超期', filters: { claim: 'unclaimed' } })).status).toBe(409);
    const renamed = await send(me, 'PUT', `/api/queue-views/${b.id}`, { name: '待认领', filters: { claim: 'unclaimed', sort: 'registered_desc' } });
    expect(renamed.body).toMatchObject({ name: '待认领', query: 'claim=unclaimed&sort=registered_desc' });
    const bad = await me.post('/api/queue-views', { name: '坏', filters: { due: 'custom' } });
    expect(bad.status).toBe(422);
    expect(bad.body.message).toContain('自定日期');
    expect((await me.post('/api/queue-views', { name: ' ', filters: {} })).status).toBe(400);
    expect((await send(me, 'DELETE', `/api/queue-views/${a.id}`)).body).toEqual({ deleted: true });
    expect((await send(me, 'DELETE', `/api/queue-views/${a.id}`)).body).toEqual({ deleted: false });
    expect((await me.get('/api/queue-views')).body.map((v: { name: string }) => v.name)).not.toContain('超期');
  });
});

describe('due fallback through the real workflows', () => {
  it('the 调查取证 task of a filed case is due when the case page says the decision is due', async () => {
    const handler = await apiAs(sys.baseUrl, 'hongta.handler1');
    const supervisor = await apiAs(sys.baseUrl, 'hongta.supervisor');
    const reg = await handler.post('/api/cases', leadBody());
    expect(reg.status).toBe(201);
    const filing = await openTaskOf(supervisor, reg.body.caseId, 'FILING_APPROVAL');
    expect((await supervisor.post(`/api/tasks/${filing.id}/complete`, { outcome: 'APPROVE', data: { comment: '同意立案' } })).status).toBe(200);
    const clockDue = await eventually(async () => (await handler.get(`/api/cases/${reg.body.caseId}`)).body.case.data?.state?.decisionClock?.dueAt as string | undefined);
    const number = (await handler.get(`/api/cases/${reg.body.caseId}`)).body.case.number as string;
    const task = await eventually(async () => (await handler.get(`/api/tasks?kind=INVESTIGATION&q=${encodeURIComponent(number)}`)).body.items[0]);
    expect(task.dueAt).toBeNull();
    expect(task.due).toMatchObject({ at: new Date(clockDue).toISOString(), source: 'CASE_DECISION' });
    expect(task.caseNumber).toBe(number);
  });
});
