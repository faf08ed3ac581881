import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadHolidayFiles } from '../../api/services/holidays.ts';
import { computeDue } from '../../rules/calendar.ts';
import { deadlineRule } from '../../rules/deadlines.ts';
import { createHolidayCalendar } from '../../rules/holiday-calendar.ts';
import type { CaseInput } from '../../workflows/case-input.ts';
import { caseWorkflowId } from '../../workflows/messages.ts';
import { leadBody } from '../support/cases.ts';
import { apiAs, eventually, startSystem, type Api, type System } from '../support/system.ts';
import { csrfOf, sessionAs as sessionAsAt } from '../support/session.ts';

// The holiday calendar beyond chinese-days: an administrator loads a year from the State
// Council notice, and every running workflow with a provisional (weekends-only) deadline
// recomputes it through the activity. The shared database outlives this file, so the years
// loaded here are removed again at the end (they are test data, not a real notice).
const TEST_YEARS = [2027, 2028, 2029, 2030, 2031, 2032];

let sys: System;
let admin: Api, handler: Api;
const started: string[] = [];

beforeAll(async () => {
  sys = await startSystem();
  await sys.prisma.holidayYear.deleteMany({ where: { year: { in: TEST_YEARS } } });
  [admin, handler] = await Promise.all([apiAs(sys.baseUrl, 'admin'), apiAs(sys.baseUrl, 'hongta.handler1')]);
});
afterEach(async () => {
  for (const id of started.splice(0)) await sys.temporal.workflow.getHandle(id).terminate('test finished').catch(() => undefined);
});
afterAll(async () => {
  await sys?.prisma.holidayYear.deleteMany({ where: { year: { in: TEST_YEARS } } });
  await sys?.stop();
});

/** Fake but plausible: 元旦 on Friday 2027-01-01 with the weekend and Monday the 4th off, Saturday the 9th worked. */
const YEAR_2027 = {
  year: 2027,
  holidays: ['2027-01-01', '2027-01-02', '2027-01-03', '2027-01-04'],
  workdays: ['2027-01-09'],
  source: '测试数据：国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕99号）',
};

const caseInput = (registeredAt: string): CaseInput => ({
  caseId: randomUUID(), orgId: 'yx-hongta', orgLevel: 'COUNTY', parentOrgId: 'yx-city', procedure: 'GENERAL',
  party: { kind: 'ORG', name: '年末线索测试公司', idNumber: '91530402MA6K00000X' },
  catalog: { code: 'AQ-099-1', name: '未设置安全警示标志', fineMinFen: 0, fineMaxFen: 5_000_000, penaltyTypes: ['WARNING', 'FINE'] },
  source: 'INSPECTION', facts: '检查发现储罐区未设置明显的安全警示标志。', occurredAt: '2026-12-20T02:00:00.000Z',
  harmToLife: false, registeredBy: 'u-hongta-handler1', registeredAt,
});

const taskOf = (caseId: string) => eventually(() => sys.prisma.task.findFirst({ where: { caseId, kind: 'FILING_APPROVAL' } }));
const iso = (d: Date | null) => d?.toISOString();

describe('deadlines and the holiday calendar', () => {
  it('a lead registered now (November 2026) is due within 2026, a known year: not provisional', async () => {
    const reg = await handler.post('/api/cases', leadBody());
    expect(reg.status).toBe(201);
    started.push(reg.body.workflowId);
    const task = await taskOf(reg.body.caseId);
    const c = await sys.prisma.case.findUniqueOrThrow({ where: { id: reg.body.caseId } });
    const expected = computeDue(deadlineRule('FILING_DECISION'), c.registeredAt.toISOString(), createHolidayCalendar([]));
    expect(iso(task.dueAt)).toBe(new Date(expected.dueAt).toISOString());
    // Registered in November 2026, the lead is due in early December: a year chinese-days
    // knows, so the deadline is final. (From about 24 December on, 5 working days reach
    // into 2027 and the same row is provisional: the assertion follows the calendar.)
    const dueYearKnown = createHolidayCalendar([]).knows(Number(expected.lastDay.slice(0, 4)));
    expect(expected.provisional).toBe(!dueYearKnown);
    expect(task.dueProvisional).toBe(!dueYearKnown);
  });

  it('a deadline crossing into 2027 is provisional until 2027 is loaded, then recomputed in every running workflow by a background batch', async () => {
    // A lead registered on Monday 2026-12-28: 5 working days run into 2027, not yet known.
    const input = caseInput('2026-12-28T02:00:00.000Z');
    const workflowId = caseWorkflowId(input.caseId);
    await sys.temporal.workflow.start('caseWorkflow', { taskQueue: sys.taskQueue, workflowId, args: [input] });
    started.push(workflowId);
    // Two more running cases with the same provisional limit: the batch reaches every one.
    const others = [caseInput('2026-12-28T03:00:00.000Z'), caseInput('2026-12-28T04:00:00.000Z')];
    for (const o of others) {
      await sys.temporal.workflow.start('caseWorkflow', { taskQueue: sys.taskQueue, workflowId: caseWorkflowId(o.caseId), args: [o] });
      started.push(caseWorkflowId(o.caseId));
    }

    const task = await taskOf(input.caseId);
    const weekendsOnly = computeDue(deadlineRule('FILING_DECISION'), input.registeredAt, createHolidayCalendar([]));
    expect(weekendsOnly).toMatchObject({ lastDay: '2027-01-04', provisional: true });
    expect(iso(task.dueAt)).toBe('2027-01-04T16:00:00.000Z');
    expect(task.dueProvisional).toBe(true);
    const queue = await (await apiAs(sys.baseUrl, 'hongta.supervisor')).get('/api/tasks?kind=FILING_APPROVAL&pageSize=200');
    expect(queue.body.items.find((t: { id: string }) => t.id === task.id)?.dueProvisional).toBe(true);

    const before = await admin.get('/api/admin/holiday-years');
    expect(before.status).toBe(200);
    expect(before.body.firstUnknownYear).toBe(2027);
    expect(before.body.provisionalOpenTasks).toBeGreaterThanOrEqual(1);

    for (const o of others) expect((await taskOf(o.caseId)).dueProvisional).toBe(true);
    const loaded = await admin.post('/api/admin/holiday-years', YEAR_2027);
    // Accepted at once; the workflows are told in the background, with a progress link.
    expect(loaded.status).toBe(202);
    expect(loaded.body).toMatchObject({ year: 2027, unchanged: false, recompute: { progressPath: '/api/admin/holiday-years/2027/recompute' } });
    const progress = await eventually(async () => {
      const p = await admin.get(loaded.body.recompute.progressPath);
      return p.status === 200 && p.body.done && p.body;
    });
    expect(progress).toMatchObject({ year: 2027, failed: 0, done: true });
    expect(progress.signalled).toBeGreaterThanOrEqual(3);
    expect((await handler.get(loaded.body.recompute.progressPath)).status).toBe(403);

    // Dec 29, 30, 31, then Jan 1–4 off, Jan 5, 6: due at the end of Wednesday 2027-01-06.
    const withYear = computeDue(deadlineRule('FILING_DECISION'), input.registeredAt, createHolidayCalendar([YEAR_2027]));
    expect(withYear).toMatchObject({ lastDay: '2027-01-06', provisional: false });
    const moved = await eventually(async () => {
      const row = await sys.prisma.task.findUniqueOrThrow({ where: { id: task.id } });
      return row.dueProvisional ? undefined : row;
    });
    expect(iso(moved.dueAt)).toBe('2027-01-06T16:00:00.000Z');
    expect(iso(moved.dueAt)).toBe(new Date(withYear.dueAt).toISOString());
    for (const o of others) {
      const row = await eventually(async () => {
        const t = await sys.prisma.task.findFirstOrThrow({ where: { caseId: o.caseId, kind: 'FILING_APPROVAL' } });
        return t.dueProvisional ? undefined : t;
      });
      expect(iso(row.dueAt)).toBe('2027-01-06T16:00:00.000Z');
    }
    const recomputed = await sys.prisma.auditEvent.findMany({ where: { subjectId: task.id, action: 'task.due_recomputed' } });
    expect(recomputed).toHaveLength(1);
    expect(recomputed[0]!.data).toMatchObject({ dueAt: '2027-01-06T16:00:00.000Z', provisional: false });
    const yearEvent = await sys.prisma.auditEvent.findMany({ where: { action: 'calendar.year_loaded', subjectId: '2027' } });
    expect(yearEvent).toHaveLength(1);
    expect(yearEvent[0]).toMatchObject({ actorKind: 'USER', actorId: 'u-admin', subjectType: 'HolidayYear' });

    const after = await admin.get('/api/admin/holiday-years');
    expect(after.body.known).toContain(2027);
    expect(after.body.firstUnknownYear).toBe(2028);
    expect(after.body.loaded).toEqual([expect.objectContaining({
      year: 2027, source: YEAR_2027.source, holidays: YEAR_2027.holidays, workdays: YEAR_2027.workdays, loadedByName: '系统管理员',
    })]);

    // The same year again: nothing changes. Different content for it: refused.
    const again = await admin.post('/api/admin/holiday-years', { ...YEAR_2027, holidays: [...YEAR_2027.holidays].reverse() });
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ year: 2027, unchanged: true });
    const other = await admin.post('/api/admin/holiday-years', { ...YEAR_2027, holidays: ['2027-01-01'] });
    expect(other.status).toBe(409);
    expect(other.body.message).toMatch(/已于.*载入/);
    const row = await sys.prisma.holidayYear.findUniqueOrThrow({ where: { year: 2027 } });
    expect(row.holidays).toEqual(YEAR_2027.holidays);
    expect(await sys.prisma.auditEvent.count({ where: { action: 'calendar.year_loaded', subjectId: '2027' } })).toBe(1);
    expect(await sys.prisma.auditEvent.count({ where: { subjectId: task.id, action: 'task.due_recomputed' } })).toBe(1);
  });
});

describe('who may load a year, and what is refused', () => {
  it('only an administrator', async () => {
    const body = { ...YEAR_2027, year: 2028, holidays: ['2028-01-01'], workdays: [] };
    expect((await handler.post('/api/admin/holiday-years', body)).status).toBe(403);
    expect((await handler.get('/api/admin/holiday-years')).status).toBe(403);
    expect((await fetch(`${sys.baseUrl}/api/admin/holiday-years`)).status).toBe(401);
    expect(await sys.prisma.holidayYear.count({ where: { year: 2028 } })).toBe(0);
  });

  const ok2028 = { year: 2028, holidays: ['2028-01-01', '2028-01-02', '2028-01-03'], workdays: [], source: '国务院办公厅关于2028年部分节假日安排的通知' };
  it.each([
    ['a date outside the year', { ...ok2028, holidays: ['2027-05-01'] }, /不在 2028 年/],
    ['a date in both lists', { ...ok2028, workdays: ['2028-01-01'] }, /不能既放假又上班/],
    ['a workday that is not a weekend day', { ...ok2028, workdays: ['2028-01-04'] }, /不是周末/],
    ['no source', { year: ok2028.year, holidays: ok2028.holidays, workdays: [] }, /来源通知：必填/],
    ['not a date', { ...ok2028, holidays: ['2028-02-30'] }, /放假日期第1项/],
    ['a year given as text', { ...ok2028, year: '2028' }, /年份/],
    ['an unknown field', { ...ok2028, replace: true }, /replace/],
  ])('%s → 422, nothing written', async (_name, body, message) => {
    const events = await sys.prisma.auditEvent.count({ where: { action: 'calendar.year_loaded' } });
    const r = await admin.post('/api/admin/holiday-years', body);
    expect(r.status).toBe(422);
    expect(r.body.message).toMatch(message);
    expect(await sys.prisma.holidayYear.count({ where: { year: 2028 } })).toBe(0);
    expect(await sys.prisma.auditEvent.count({ where: { action: 'calendar.year_loaded' } })).toBe(events);
  });

  it('a year chinese-days already carries → 409', async () => {
    const r = await admin.post('/api/admin/holiday-years', { ...ok2028, year: 2026, holidays: ['2026-01-01'] });
    expect(r.status).toBe(409);
    expect(await sys.prisma.holidayYear.count({ where: { year: 2026 } })).toBe(0);
  });

  it('loads of the same new year at once: one writes, the others find it unchanged', async () => {
    const body = { ...ok2028, year: 2029, holidays: ['2029-01-01'], source: '国务院办公厅关于2029年部分节假日安排的通知' };
    const all = await Promise.all(Array.from({ length: 6 }, () => admin.post('/api/admin/holiday-years', body)));
    expect(all.map((r) => r.status)).toEqual([202, 202, 202, 202, 202, 202]);
    expect(all.filter((r) => r.body.unchanged === false)).toHaveLength(1);
    expect(await sys.prisma.auditEvent.count({ where: { action: 'calendar.year_loaded', subjectId: '2029' } })).toBe(1);
  });
});

describe('committed data files (data/holidays/<year>.json)', () => {
  it('loads every <year>.json once and reports the files it refuses', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'zhifa-holidays-'));
    try {
      writeFileSync(path.join(dir, '2030.json'), JSON.stringify({
        year: 2030, holidays: ['2030-01-01'], workdays: [], source: '国务院办公厅关于2030年部分节假日安排的通知',
      }));
      writeFileSync(path.join(dir, '2031.json'), JSON.stringify({ year: 2032, holidays: ['2032-01-01'], workdays: [], source: '文件名与年份不符的测试' }));
      writeFileSync(path.join(dir, 'broken.json'), '{"year": 20');
      writeFileSync(path.join(dir, 'README.md'), '# not data');
      const deps = { prisma: sys.prisma, temporal: sys.temporal, taskQueue: sys.taskQueue };

      const first = await loadHolidayFiles(deps, dir);
      expect(first.map((r) => [path.basename(r.file), r.status])).toEqual([
        ['2030.json', 'loaded'], ['2031.json', 'error'], ['broken.json', 'error'],
      ]);
      const second = await loadHolidayFiles(deps, dir);
      expect(second.map((r) => r.status)).toEqual(['unchanged', 'error', 'error']);
      expect(await sys.prisma.holidayYear.findUnique({ where: { year: 2030 } })).toMatchObject({ loadedById: null });
      expect(await sys.prisma.holidayYear.count({ where: { year: { in: [2031, 2032] } } })).toBe(0);
      const events = await sys.prisma.auditEvent.findMany({ where: { action: 'calendar.year_loaded', subjectId: '2030' } });
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ actorKind: 'SYSTEM' });
      expect(await loadHolidayFiles(deps, path.join(dir, 'missing'))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const sessionAs = (username?: string) => sessionAsAt(sys.baseUrl, username);

describe('the admin page /admin/calendar', () => {
  it('sends the anonymous to the login page and refuses non-administrators', async () => {
    const anonymous = await (await sessionAs())('GET', '/admin/calendar');
    expect(anonymous.status).toBe(302);
    expect(anonymous.location).toBe('/login?next=%2Fadmin%2Fcalendar');
    const officer = await (await sessionAs('hongta.handler1'))('GET', '/admin/calendar');
    expect(officer.status).toBe(403);
    expect(officer.html).toContain('只有系统管理员');
  });

  it('lists the years and loads one pasted as one date per line', async () => {
    const call = await sessionAs('admin');
    const view = await call('GET', '/admin/calendar');
    expect(view.status).toBe(200);
    expect(view.html).toContain('2004–2026年');
    expect(view.html).toContain('name="holidays"');
    const csrf = csrfOf(view.html);
    expect(csrf).not.toBe('');

    const form = { year: '2032', source: '国务院办公厅关于2032年部分节假日安排的通知（测试）', holidays: '2032-01-01\r\n2032-01-02\r\n\r\n2032-01-03\r\n', workdays: '' };
    expect((await call('POST', '/admin/calendar', form)).status).toBe(403); // no CSRF token
    const bad = await call('POST', '/admin/calendar', { ...form, _csrf: csrf, workdays: '2032-01-03' });
    expect(bad.status).toBe(422);
    expect(bad.html).toContain('不能既放假又上班');
    expect(bad.html).toContain('2032-01-02'); // the form keeps what was typed
    expect(await sys.prisma.holidayYear.count({ where: { year: 2032 } })).toBe(0);

    const good = await call('POST', '/admin/calendar', { ...form, _csrf: csrf });
    expect(good.status).toBe(200);
    expect(good.html).toContain('已载入2032年的节假日安排');
    expect(await sys.prisma.holidayYear.findUniqueOrThrow({ where: { year: 2032 } })).toMatchObject({
      holidays: ['2032-01-01', '2032-01-02', '2032-01-03'], workdays: [], loadedById: 'u-admin',
    });
  });
});
