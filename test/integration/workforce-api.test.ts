import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCertificateSchedule } from '../../infra/certificate-schedule.ts';
import { addDays, shanghaiDate } from '../../rules/iso-date.ts';
import { CERTIFICATE_SCHEDULE_ID, certificateReminderWorkflowId } from '../../workflows/workforce-messages.ts';
import { leadBody, openTaskOf } from '../support/cases.ts';
import { sessionAs } from '../support/session.ts';
import { apiAs, eventually, startSystem, type Api, type System } from '../support/system.ts';

// 执法队伍 (issue 8): certificates with their status, the qualification share against the plan's
// 75 % target, training records; and the rule that an officer whose certificate has lapsed
// cannot be given a case task (hongta.expired's certificate ended on 2025-05-31 on purpose).
let sys: System;
let head: Api, city: Api, handler: Api, supervisor: Api, expired: Api, jiangchuanHead: Api;
beforeAll(async () => {
  sys = await startSystem({ ownTemporal: true });
  [head, city, handler, supervisor, expired, jiangchuanHead] = await Promise.all(
    ['hongta.head', 'city.supervisor', 'hongta.handler1', 'hongta.supervisor', 'hongta.expired', 'jiangchuan.head'].map((u) => apiAs(sys.baseUrl, u)));
});
afterAll(async () => sys?.stop());

type Officer = { userId: string; orgId: string; status: string; mayAct: boolean; qualified: boolean; trainingHoursThisYear: number };

describe('the workforce overview', () => {
  it('a county head sees their bureau and its townships, with each certificate\'s status and the share against 75 %', async () => {
    const r = await head.get('/api/workforce');
    expect(r.status).toBe(200);
    const officers: Officer[] = r.body.officers;
    expect(new Set(officers.map((o) => o.orgId)).has('yx-hongta')).toBe(true);
    expect(officers.every((o) => o.orgId === 'yx-hongta' || o.orgId.startsWith('yx-hongta-') || o.orgId === 'yx-gaoxin')).toBe(true);
    expect(officers.find((o) => o.userId === 'u-hongta-expired')).toMatchObject({ status: 'EXPIRED', mayAct: false });
    expect(officers.find((o) => o.userId === 'u-hongta-handler1')).toMatchObject({ status: 'VALID', mayAct: true });
    expect(officers.some((o) => o.userId === 'u-hongta-legal')).toBe(false); // 法制审核 is not an officer role
    const qualified = officers.filter((o) => o.qualified).length;
    expect(r.body.total).toMatchObject({ officers: officers.length, qualified, targetPercent: 75, meetsTarget: qualified * 100 >= 75 * officers.length });
    expect(r.body.target.source.instrument).toContain('玉溪市深化应急管理综合行政执法改革实施方案');
  });

  it('the city supervisor sees every county; a handler and another county\'s head see only what their role allows', async () => {
    const all = await city.get('/api/workforce');
    expect(all.body.byOrg.map((o: { orgId: string }) => o.orgId)).toEqual(expect.arrayContaining(['yx-city', 'yx-hongta', 'yx-jiangchuan']));
    expect((await handler.get('/api/workforce')).status).toBe(403);
    const other = await jiangchuanHead.get('/api/workforce');
    expect(other.body.officers.some((o: Officer) => o.orgId === 'yx-hongta')).toBe(false);
  });
});

describe('training records', () => {
  it('recorded once per officer, course and day; bad input is refused in Chinese and writes nothing', async () => {
    const course = `危险化学品执法专题培训-${randomUUID().slice(0, 6)}`;
    const body = { userId: 'u-hongta-handler1', course, hours: 8, date: '2026-11-20' };
    const first = await head.post('/api/workforce/trainings', body);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ created: true, training: { course, hours: 8, date: '2026-11-20' } });
    const again = await head.post('/api/workforce/trainings', body);
    expect(again.body).toMatchObject({ created: false, training: { id: first.body.training.id } });

    const refusals: [Record<string, unknown>, number, RegExp][] = [
      [{ ...body, hours: 4 }, 422, /已登记为8学时/],
      [{ ...body, date: '2026-13-01' }, 400, /日期/],
      [{ ...body, hours: -1 }, 400, /学时/],
      [{ ...body, course: '' }, 400, /培训课程/],
      [{ ...body, date: '2099-01-01', course: `${course}-future` }, 422, /不能晚于今天/],
      [{ ...body, userId: 'u-jiangchuan-handler1' }, 404, /不存在或无权查看/],
    ];
    for (const [b, status, message] of refusals) {
      const r = await head.post('/api/workforce/trainings', b);
      expect(r.status, JSON.stringify(b)).toBe(status);
      expect(r.body.message, JSON.stringify(b)).toMatch(message);
    }
    const rows = await sys.prisma.training.findMany({ where: { course: { startsWith: course } } });
    expect(rows).toHaveLength(1);
    expect(await sys.prisma.auditEvent.count({ where: { action: 'training.recorded', data: { path: ['trainingId'], equals: rows[0]!.id } } })).toBe(1);

    const list = await head.get('/api/workforce/trainings?userId=u-hongta-handler1');
    expect(list.body.items.some((t: { course: string }) => t.course === course)).toBe(true);
    const mine = (await head.get('/api/workforce')).body.officers.find((o: Officer) => o.userId === 'u-hongta-handler1');
    expect(mine.trainingHoursThisYear).toBeGreaterThanOrEqual(8);
  });

  it('the page shows certificates, the share and the training form, and records a training from the form', async () => {
    const page = await sessionAs(sys.baseUrl, 'hongta.head');
    const shown = await page('GET', '/workforce');
    expect(shown.status).toBe(200);
    expect(shown.html).toContain('具备相关资格的执法人员占比');
    expect(shown.html).toMatch(/目标 ≥ 75%/);
    expect(shown.html).toContain('孔德才'); // hongta.expired
    expect(shown.html).toMatch(/已过期（不得从事执法活动、不能被指派办案）/);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(shown.html)![1]!;
    const course = `应急救援培训-${randomUUID().slice(0, 6)}`;
    const bad = await page('POST', '/workforce/trainings', { _csrf: csrf, userId: 'u-hongta-handler2', course, hours: 'abc', date: '2026-11-21' });
    expect(bad.status).toBe(422);
    expect(bad.html).toContain('学时须为数字');
    const ok = await page('POST', '/workforce/trainings', { _csrf: csrf, userId: 'u-hongta-handler2', course, hours: '2.5', date: '2026-11-21' });
    expect(ok.status).toBe(303);
    expect((await page('GET', ok.location!)).html).toContain(course);
    expect((await sessionAs(sys.baseUrl, 'hongta.handler1').then((p) => p('GET', '/workforce'))).status).toBe(403);
  });
});

describe('an officer whose certificate has lapsed', () => {
  it('cannot be assigned a case task nor claim one: a clear 403, and the task stays as it was', async () => {
    const reg = await handler.post('/api/cases', leadBody());
    expect(reg.status).toBe(201);
    const filing = await openTaskOf(supervisor, reg.body.caseId, 'FILING_APPROVAL');
    expect((await supervisor.post(`/api/tasks/${filing.id}/complete`, { outcome: 'APPROVE', data: {} })).status).toBe(200);
    const investigation = await openTaskOf(handler, reg.body.caseId, 'INVESTIGATION');

    const assign = await supervisor.post(`/api/tasks/${investigation.id}/reassign`, { userId: 'u-hongta-expired' });
    expect(assign.status).toBe(403);
    expect(assign.body.message).toBe('被指派人没有有效的行政执法证，不能办理“调查取证与处罚建议”');

    const claim = await expired.post(`/api/tasks/${investigation.id}/claim`);
    expect(claim.status).toBe(403);
    expect(claim.body.message).toMatch(/没有有效的行政执法证/);

    const row = await sys.prisma.task.findUniqueOrThrow({ where: { id: investigation.id } });
    expect(row.claimedById).toBeNull();
    expect(await sys.prisma.auditEvent.count({ where: { subjectId: investigation.id, action: { in: ['task.reassigned', 'task.claimed'] } } })).toBe(0);

    // A certified colleague can be assigned the same task.
    const ok = await supervisor.post(`/api/tasks/${investigation.id}/reassign`, { userId: 'u-hongta-handler2' });
    expect(ok.status).toBe(200);
    await eventually(async () => (await sys.prisma.task.findUnique({ where: { id: investigation.id } }))?.claimedById === 'u-hongta-handler2');
  });
});

describe('the reminder schedule', () => {
  it('is created once; when it fires, an officer whose certificate nears its end gets a reminder task for the head and shows as 即将到期', { timeout: 120_000 }, async () => {
    const userId = `u-test-${randomUUID().slice(0, 8)}`;
    await sys.prisma.user.create({ data: { id: userId, username: userId, displayName: '测试到期', passwordHash: 'x', orgId: 'yx-hongta', roles: ['HANDLER'], qualifications: [] } });
    const certId = `cert-test-${randomUUID()}`;
    const validUntil = addDays(shanghaiDate(new Date()), 15);
    await sys.prisma.certificate.create({ data: { id: certId, userId, number: `测试证${randomUUID().slice(0, 12)}`, issuer: '云南省人民政府',
      validFrom: new Date('2024-01-01T00:00:00Z'), validUntil: new Date(`${validUntil}T00:00:00Z`) } });

    const schedule = sys.temporal.schedule.getHandle(CERTIFICATE_SCHEDULE_ID);
    try {
      expect(await ensureCertificateSchedule(sys.temporal, sys.taskQueue)).toBe('created');
      expect(await ensureCertificateSchedule(sys.temporal, sys.taskQueue)).toBe('exists');
      const d = await schedule.describe();
      expect(d.action).toMatchObject({ type: 'startWorkflow', workflowType: 'certificateSweepWorkflow', taskQueue: sys.taskQueue });
      expect(d.spec.timezone).toBe('Asia/Shanghai');
      await schedule.trigger();
      const task = await eventually(() => sys.prisma.task.findFirst({ where: { workflowId: certificateReminderWorkflowId(certId), status: 'OPEN' } }), 60_000);
      expect(task).toMatchObject({ kind: 'CERTIFICATE_RENEWAL', orgId: 'yx-hongta', candidateRoles: ['HEAD'] });
      const queue = await head.get('/api/tasks?kind=CERTIFICATE_RENEWAL&pageSize=200');
      expect(queue.body.items.some((t: { id: string }) => t.id === task.id)).toBe(true);
      const officer = (await head.get('/api/workforce')).body.officers.find((o: Officer) => o.userId === userId);
      expect(officer).toMatchObject({ status: 'EXPIRING', mayAct: true });
    } finally {
      await schedule.delete().catch(() => undefined);
    }
  });
});
