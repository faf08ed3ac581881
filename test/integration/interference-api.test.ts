import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, startSystem, type Api, type System } from '../support/system.ts';

// 干预留痕 through the HTTP API and the database: anyone records on a case they can see, nobody
// changes or removes a record (not even with SQL), only the city supervisor and discipline read.
let sys: System;
let handler: Api, head: Api, jiangchuan: Api, city: Api, discipline: Api;
beforeAll(async () => {
  sys = await startSystem();
  [handler, head, jiangchuan, city, discipline] = await Promise.all([
    apiAs(sys.baseUrl, 'hongta.handler1'), apiAs(sys.baseUrl, 'hongta.head'), apiAs(sys.baseUrl, 'jiangchuan.handler1'),
    apiAs(sys.baseUrl, 'city.supervisor'), apiAs(sys.baseUrl, 'city.discipline'),
  ]);
});
afterAll(async () => sys?.stop());

async function hongtaCase() {
  const id = randomUUID();
  await sys.prisma.case.create({ data: {
    id, orgId: 'yx-hongta', procedure: 'GENERAL', stage: 'INVESTIGATION', status: 'OPEN', partyKind: 'ORG', partyName: '玉溪某化工有限公司',
    partyIdNumber: '91530402MA6K00000X', catalogItemId: 'AQ-099-1', source: 'INSPECTION', facts: '储罐区未设置安全警示标志。', occurredAt: new Date(),
    registeredById: 'u-hongta-handler1',
  } });
  return id;
}

describe('interference records (干预留痕)', () => {
  it('records once per key with a receipt, refuses bad input with nothing written, and only the city supervisor and discipline can read', async () => {
    const caseId = await hongtaCase();
    const record = {
      caseId, officialName: '某某', officialPosition: '某镇党委副书记', occurredAt: new Date(Date.now() - 3_600_000).toISOString(), channel: 'PHONE',
      request: '打电话要求对该企业“从轻处理，罚款降到最低”，并询问承办人姓名。',
    };
    const count = () => sys.prisma.interferenceRecord.count({ where: { caseId } });
    const audits = () => sys.prisma.auditEvent.count({ where: { action: 'interference.recorded', actorId: 'u-hongta-handler1' } });
    const auditsBefore = await audits();

    // Bad input: 4xx naming the problem, nothing written.
    const bad = await handler.post('/api/interference-records', { ...record, officialName: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/干预人姓名/);
    expect((await handler.post('/api/interference-records', { ...record, channel: 'PIGEON' })).body.message).toMatch(/干预方式/);
    expect((await handler.post('/api/interference-records', { ...record, request: '说情' })).status).toBe(400);
    expect((await handler.post('/api/interference-records', { ...record, extra: 1 })).status).toBe(400);
    const future = await handler.post('/api/interference-records', { ...record, occurredAt: new Date(Date.now() + 86_400_000).toISOString() });
    expect(future.status).toBe(422);
    expect(future.body.message).toMatch(/干预发生的时间.*不能晚于当前时间/);
    // A case the recorder cannot see (another county's) is "not found", as everywhere else.
    expect((await jiangchuan.post('/api/interference-records', record)).status).toBe(404);
    expect((await handler.post('/api/interference-records', { ...record, caseId: randomUUID() })).status).toBe(404);
    expect(await count()).toBe(0);
    expect(await audits()).toBe(auditsBefore);

    // Recorded once per Idempotency-Key; the receipt is the record's digest.
    const key = randomUUID();
    const first = await handler.post('/api/interference-records', record, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ caseId, sha256: expect.stringMatching(/^[0-9a-f]{64}$/), message: expect.stringMatching(/不可修改或删除/) });
    const again = await handler.post('/api/interference-records', record, { 'idempotency-key': key });
    expect(again).toEqual(first);
    const reused = await handler.post('/api/interference-records', { ...record, request: '另一次：要求撤销案件，不要立案。' }, { 'idempotency-key': key });
    expect(reused.status).toBe(409);
    expect(await count()).toBe(1);
    const id = first.body.id as string;

    // Audited without the case or org, so the county's case trail does not reveal the report.
    const audit = await sys.prisma.auditEvent.findFirstOrThrow({ where: { action: 'interference.recorded', subjectId: id } });
    expect(audit).toMatchObject({ actorId: 'u-hongta-handler1', caseId: null, orgId: null, subjectType: 'InterferenceRecord' });
    expect((audit.data as { sha256: string }).sha256).toBe(first.body.sha256);
    expect(await audits()).toBe(auditsBefore + 1);

    // Readers only: not the recorder, not the county head.
    for (const who of [handler, head, jiangchuan]) {
      expect((await who.get('/api/interference-records')).status).toBe(403);
      expect((await who.get(`/api/interference-records/${id}`)).status).toBe(403);
    }
    for (const who of [city, discipline]) {
      const list = await who.get(`/api/interference-records?caseId=${caseId}`);
      expect(list.status).toBe(200);
      expect(list.body.items).toHaveLength(1);
      expect(list.body.items[0]).toMatchObject({ id, officialName: '某某', officialPosition: '某镇党委副书记', channel: 'PHONE', channelLabel: '电话', recordedById: 'u-hongta-handler1' });
      expect((await who.get(`/api/interference-records/${id}`)).body.request).toBe(record.request);
    }
    // The county head can record, too — anyone signed in can.
    expect((await head.post('/api/interference-records', { ...record, channel: 'IN_PERSON' })).status).toBe(201);

    // No route changes a record: the path is only read (405, Allow: GET).
    for (const method of ['PUT', 'DELETE', 'PATCH']) {
      const res = await fetch(`${sys.baseUrl}/api/interference-records/${id}`, { method, headers: { authorization: `Bearer ${city.token}`, 'content-type': 'application/json' }, body: '{}' });
      expect(res.status, method).toBe(405);
      expect(res.headers.get('allow'), method).not.toMatch(/PUT|DELETE|PATCH/);
    }
  });

  it('the database refuses to change or remove a record', async () => {
    const caseId = await hongtaCase();
    const { body } = await handler.post('/api/interference-records', {
      caseId, officialName: '某某某', officialPosition: '某局副局长', occurredAt: new Date().toISOString().slice(0, 10), channel: 'THROUGH_OTHERS',
      request: '托人带话，要求不要移送公安机关。',
    });
    const id = body.id as string;
    await expect(sys.prisma.$executeRaw`UPDATE "InterferenceRecord" SET "request" = '已删改' WHERE "id" = ${id}`).rejects.toThrow(/append-only/);
    await expect(sys.prisma.interferenceRecord.update({ where: { id }, data: { officialName: '无' } })).rejects.toThrow(/append-only/);
    await expect(sys.prisma.$executeRaw`DELETE FROM "InterferenceRecord" WHERE "id" = ${id}`).rejects.toThrow(/append-only/);
    await expect(sys.prisma.$executeRawUnsafe('TRUNCATE "InterferenceRecord"')).rejects.toThrow(/append-only/);
    const row = await sys.prisma.interferenceRecord.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ officialName: '某某某', request: '托人带话，要求不要移送公安机关。', sha256: body.sha256 });
  });

  it('the form page records with a receipt, once per form shown, and shows a bad entry again with the problem', async () => {
    const caseId = await hongtaCase();
    const page = await fetch(`${sys.baseUrl}/interference/new?caseId=${caseId}`, { headers: { authorization: `Bearer ${handler.token}`, accept: 'text/html' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`value="${caseId}"`);
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(html)![1];
    const post = (fields: Record<string, string>) => fetch(`${sys.baseUrl}/interference`, {
      method: 'POST', body: new URLSearchParams(fields),
      headers: { authorization: `Bearer ${handler.token}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    });
    const fields = { idempotencyKey: key, caseId, officialName: '某某', officialPosition: '某县人大代表', occurredAt: new Date().toISOString().slice(0, 10), channel: 'IN_PERSON', request: '到办公室要求对其亲属经营的企业不予处罚。' };
    const bad = await post({ ...fields, officialPosition: '' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('请填写干预人单位及职务');
    expect(await sys.prisma.interferenceRecord.count({ where: { caseId } })).toBe(0);
    const ok = await post(fields);
    expect(ok.status).toBe(201);
    expect(await ok.text()).toContain('干预情况记录回执');
    expect((await post(fields)).status).toBe(201);
    expect(await sys.prisma.interferenceRecord.count({ where: { caseId } })).toBe(1);
  });

  it('is counted per county in the evaluation report, for its readers only', async () => {
    const count = async () => (await city.get('/api/case-reviews/report')).body.counties.find((c: { orgId: string }) => c.orgId === 'yx-hongta').interference as number;
    const before = await count();
    await handler.post('/api/interference-records', {
      caseId: await hongtaCase(), officialName: '某某', officialPosition: '某单位负责人', occurredAt: new Date().toISOString(), channel: 'MESSAGE',
      request: '发微信要求“关照一下”该企业，不要处罚。',
    });
    expect(await count()).toBe(before + 1);
    const byDiscipline = await discipline.get('/api/case-reviews/report');
    expect(byDiscipline.body.showsInterference).toBe(true);
    const byHead = await head.get('/api/case-reviews/report');
    expect(byHead.status).toBe(200);
    expect(byHead.body.showsInterference).toBe(false);
    expect(byHead.body.counties.map((c: { orgId: string }) => c.orgId)).toEqual(['yx-hongta']);
    expect(byHead.body.counties[0].interference).toBeUndefined();
    expect((await handler.get('/api/case-reviews/report')).status).toBe(403);
  });
});
