import { randomUUID } from 'node:crypto';
import { residentIdCheckDigit } from '../../rules/resident-id.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiYear } from '../../store/numbering.ts';
import { leadBody } from '../support/cases.ts';
import { createCounty, createStaff } from '../support/own-county.ts';
import { hoursAgo, inspectionRecord, interviewRecord } from '../support/records.ts';
import { apiAs, eventually, startSystem, type Api, type System } from '../support/system.ts';

// 询问笔录 and 现场检查记录 over HTTP (issue 17): a blank or schema-violating record gets a 4xx
// naming its fields and draws no number of the official series; drafts stay unnumbered;
// corrections are new numbers. The county is the test's own, so its Counter rows are exact.
const tag = randomUUID().slice(0, 8);
const ORG = `rec-${tag}`;
const SHORT = `测记${tag}`;
const staff = {
  handler1: `u-${ORG}-h1`, handler2: `u-${ORG}-h2`, handler3: `u-${ORG}-h3`, supervisor: `u-${ORG}-sup`, uncertified: `u-${ORG}-nocert`,
};

let sys: System;
let handler: Api, uncertified: Api, supervisor: Api;
let caseId: string;

const at = hoursAgo;
const residentId = `${'53040219800101001'}${residentIdCheckDigit('53040219800101001')}`;
const interview = (over: Record<string, unknown> = {}) => interviewRecord(staff.handler1, staff.handler2, over);
const inspection = (over: Record<string, unknown> = {}) => inspectionRecord([staff.handler1, staff.handler2], over);

/** The next number of the org's series this year: what a refused record must leave unchanged. */
const counter = async (series: string) =>
  (await sys.prisma.counter.findUnique({ where: { orgId_series_year: { orgId: ORG, series, year: shanghaiYear(new Date()) } } }))?.value ?? 0;

beforeAll(async () => {
  sys = await startSystem();
  await createCounty(sys.prisma, { id: ORG, name: `测试县应急管理局${tag}`, shortName: SHORT });
  await createStaff(sys.prisma, [
    { id: staff.handler1, username: `rec.${tag}.h1`, displayName: '测试甲', orgId: ORG, roles: ['HANDLER'] },
    { id: staff.handler2, username: `rec.${tag}.h2`, displayName: '测试乙', orgId: ORG, roles: ['HANDLER'] },
    { id: staff.handler3, username: `rec.${tag}.h3`, displayName: '测试丙', orgId: ORG, roles: ['HANDLER'] },
    { id: staff.supervisor, username: `rec.${tag}.sup`, displayName: '测试队长', orgId: ORG, roles: ['SUPERVISOR'] },
    { id: staff.uncertified, username: `rec.${tag}.nocert`, displayName: '测试无证', orgId: ORG, roles: ['HANDLER'], certified: false },
  ]);
  [handler, uncertified, supervisor] = await Promise.all([
    apiAs(sys.baseUrl, `rec.${tag}.h1`), apiAs(sys.baseUrl, `rec.${tag}.nocert`), apiAs(sys.baseUrl, `rec.${tag}.sup`),
  ]);
  const reg = await handler.post('/api/cases', leadBody());
  expect(reg.status, JSON.stringify(reg.body)).toBe(201);
  caseId = reg.body.caseId;
  const filing = await eventually(async () => (await supervisor.get(`/api/cases/${caseId}`)).body?.tasks?.find((t: { kind: string; status: string }) => t.kind === 'FILING_APPROVAL' && t.status === 'OPEN'));
  expect((await supervisor.post(`/api/tasks/${filing.id}/complete`, { outcome: 'APPROVE', data: { comment: '同意立案' } })).status).toBe(200);
  await eventually(async () => (await handler.get(`/api/cases/${caseId}`)).body?.case?.stage === 'INVESTIGATION');
});
afterAll(async () => sys?.stop());

const post = (body: unknown, headers?: Record<string, string>) => handler.post(`/api/cases/${caseId}/records`, body, headers);
const paths = (r: { body: { details?: { path: string; message: string }[] } }) => (r.body.details ?? []).map((d) => d.path);

describe('a record that fails its schema draws no number', () => {
  it('an empty body, and an empty 询问笔录 or 现场检查记录, get a 400 naming every missing field in Chinese', async () => {
    const before = [await counter('询'), await counter('检记')];
    const empty = await post({});
    expect(empty.status).toBe(400);
    expect(paths(empty)).toEqual(['kind']);

    const blankInterview = await post({ kind: 'INTERVIEW_RECORD', data: {} });
    expect(blankInterview.status).toBe(400);
    expect(paths(blankInterview)).toEqual(expect.arrayContaining([
      'data.startedAt', 'data.endedAt', 'data.place', 'data.interviewerId', 'data.recorderId', 'data.interviewee', 'data.rightsNotified', 'data.qa', 'data.confirmation',
    ]));
    expect(blankInterview.body.details.find((d: { path: string }) => d.path === 'data.qa').message).toBe('请至少填写一问一答');

    const blankInspection = await post({ kind: 'INSPECTION_RECORD', data: { inspected: {} } });
    expect(blankInspection.status).toBe(400);
    expect(paths(blankInspection)).toEqual(expect.arrayContaining([
      'data.startedAt', 'data.endedAt', 'data.place', 'data.inspected.name', 'data.inspected.headName', 'data.inspected.headPosition',
      'data.officerIds', 'data.findings', 'data.measures', 'data.confirmation',
    ]));
    for (const d of [...blankInterview.body.details, ...blankInspection.body.details]) expect(d.message).toMatch(/[\u4e00-\u9fff]/);
    expect([await counter('询'), await counter('检记')]).toEqual(before);
    expect(await sys.prisma.caseRecord.count({ where: { caseId } })).toBe(0);
  });

  const interviewCases: [string, string, Record<string, unknown>, number?][] = [
    ['end before start', 'data.endedAt', { startedAt: at(2), endedAt: at(3) }, 422],
    ['one officer as both 询问人 and 记录人', 'data.recorderId', { recorderId: staff.handler1 }, 422],
    ['no rights notice', 'data.rightsNotified', { rightsNotified: false }],
    ['no questions', 'data.qa', { qa: [] }],
    ['an empty question', 'data.qa.0.q', { qa: [{ q: ' ', a: '知道。' }] }],
    ['a refusal without its reason', 'data.confirmation.reason', { confirmation: { status: 'REFUSED' } }],
    ['a resident ID with a wrong check digit', 'data.interviewee.idNumber', { interviewee: { ...interview().interviewee, idNumber: residentId.slice(0, 17) + (residentId[17] === '0' ? '1' : '0') } }, 422],
    ['neither age nor birth date', 'data.interviewee.age', { interviewee: { ...interview().interviewee, age: undefined } }, 422],
    ['a control character in the place', 'data.place', { place: '会议室\u0007' }],
    ['a bidi override in an answer', 'data.qa.0.a', { qa: [{ q: '是否属实？', a: '属实\u202e' }] }],
    ['an unknown field', 'data', { note: 'x' }],
    ['an officer without a certificate', 'data.interviewerId', { interviewerId: staff.uncertified }, 422],
    ['an officer of another county', 'data.recorderId', { recorderId: 'u-hongta-handler2' }, 422],
    ['a time in the future', 'data.startedAt', { startedAt: at(-2), endedAt: at(-3) }, 422],
  ];
  it.each(interviewCases)('询问笔录 with %s → 4xx naming %s', async (_name, path, over, status = 400) => {
    const before = await counter('询');
    const r = await post({ kind: 'INTERVIEW_RECORD', data: interview(over) });
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    expect(paths(r)).toContain(path);
    expect(await counter('询')).toBe(before);
  });

  const inspectionCases: [string, string, Record<string, unknown>, number?][] = [
    ['one officer', 'data.officerIds', { officerIds: [staff.handler1] }],
    ['the same officer twice', 'data.officerIds', { officerIds: [staff.handler1, staff.handler1] }, 422],
    ['no on-site measures stated', 'data.measures', { measures: '' }],
    ['no person in charge', 'data.inspected.headName', { inspected: { name: '测试化工有限公司' } }],
    ['no findings', 'data.findings', { findings: undefined }],
    ['no confirmation', 'data.confirmation', { confirmation: undefined }],
    ['end before start', 'data.endedAt', { endedAt: at(6) }, 422],
    ['an assistant-level (uncertified) officer', 'data.officerIds.1', { officerIds: [staff.handler1, staff.uncertified] }, 422],
  ];
  it.each(inspectionCases)('现场检查记录 with %s → 4xx naming %s', async (_name, path, over, status = 400) => {
    const before = await counter('检记');
    const r = await post({ kind: 'INSPECTION_RECORD', data: inspection(over) });
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    expect(paths(r)).toContain(path);
    expect(await counter('检记')).toBe(before);
  });

  it('refuses a lone surrogate sent as a JSON escape, naming the field', async () => {
    const before = await counter('询');
    const body = JSON.stringify({ kind: 'INTERVIEW_RECORD', data: interview() }).replace('公司二楼会议室', '公司\\ud800会议室');
    const r = await post(body);
    expect(r.status).toBe(400);
    expect(r.body.details).toEqual([{ path: 'data.place', message: expect.stringContaining('不成对的代理项') }]);
    // A draft is held to clean text too.
    const draft = await post(JSON.stringify({ kind: 'INTERVIEW_RECORD', draft: true, data: { place: 'x' } }).replace('"x"', '"\\udc00"'));
    expect(draft.status).toBe(422);
    expect(paths(draft)).toEqual(['data.place']);
    expect(await counter('询')).toBe(before);
  });

  it('an officer without a valid certificate may not make a record at all', async () => {
    const before = await counter('询');
    const r = await uncertified.post(`/api/cases/${caseId}/records`, { kind: 'INTERVIEW_RECORD', data: interview() });
    expect(r.status).toBe(403);
    expect(r.body.message).toContain('行政执法证');
    expect(await counter('询')).toBe(before);
  });
});

describe('numbered records, drafts and corrections', () => {
  let first: { id: string; number: string; recordId: string };

  it('a complete 询问笔录 is numbered once and shows its questions, both officers and Beijing times', async () => {
    const before = await counter('询');
    const r = await post({ kind: 'INTERVIEW_RECORD', data: interview({ startedAt: '2026-12-06T01:05:00Z', endedAt: '2026-12-06T02:30:00Z' }) });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.number).toBe(`${SHORT}询〔${shanghaiYear(new Date())}〕${before + 1}号`);
    expect(await counter('询')).toBe(before + 1);
    first = r.body;
    const doc = await sys.prisma.document.findUniqueOrThrow({ where: { id: r.body.id } });
    const text = doc.html.replace(/<[^>]+>/g, '');
    expect(text).toContain('2026年12月6日9时05分 至 2026年12月6日10时30分（北京时间）');
    expect(text).toContain('询问人测试甲（执法证号：测试执字第');
    expect(text).toContain('记录人测试乙（执法证号：测试执字第');
    expect(text).toContain('问：储罐区的安全警示标志由谁负责设置？');
    expect(text).toContain('答：由我负责，\n去年拆除后一直没有补设。');
    expect(text).toContain('从业人员（员工）');
    expect(text).toContain('居民身份证号码');
    const row = await sys.prisma.caseRecord.findUniqueOrThrow({ where: { id: r.body.recordId } });
    expect(row).toMatchObject({ status: 'ISSUED', documentId: r.body.id, kind: 'INTERVIEW_RECORD' });
  });

  it('a complete 现场检查记录 is numbered and states the measures and the refusal with its reason', async () => {
    const before = await counter('检记');
    const r = await post({ kind: 'INSPECTION_RECORD', data: inspection() });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(await counter('检记')).toBe(before + 1);
    const text = (await sys.prisma.document.findUniqueOrThrow({ where: { id: r.body.id } })).html.replace(/<[^>]+>/g, '');
    expect(text).toContain('现场处理措施');
    expect(text).toContain('被检查单位现场负责人拒绝签字。（执法人员注明：现场负责人称需请示总经理）');
    expect(text).toContain('孙某');
  });

  it('a draft is saved unnumbered, completed later, numbered when finished, and never edited after', async () => {
    const before = await counter('询');
    const draft = await post({ kind: 'INTERVIEW_RECORD', draft: true, data: { place: '企业门卫室', qa: [{ q: '你的职务？', a: '' }] } });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    expect(draft.body).toMatchObject({ status: 'DRAFT' });
    expect(await counter('询')).toBe(before);
    const url = `/api/cases/${caseId}/records/${draft.body.recordId}`;
    expect((await handler.get(url)).body.data).toEqual({ place: '企业门卫室', qa: [{ q: '你的职务？', a: '' }] });

    // Still incomplete when numbering is asked: refused by field, the draft stays as it was.
    const early = await handler.post(url, { kind: 'INTERVIEW_RECORD', data: { place: '企业门卫室' } });
    expect(early.status).toBe(400);
    expect(paths(early)).toContain('data.qa');
    expect((await handler.post(url, { kind: 'INTERVIEW_RECORD', draft: true, data: interview({ place: '企业门卫室' }) })).status).toBe(200);
    expect(await counter('询')).toBe(before);

    const complete = { kind: 'INTERVIEW_RECORD', data: interview({ place: '企业门卫室' }) };
    const done = await handler.post(url, complete);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ status: 'ISSUED', recordId: draft.body.recordId });
    expect(await counter('询')).toBe(before + 1);
    // The same request again is the same document; anything else is an edit, refused.
    expect((await handler.post(url, complete)).body.id).toBe(done.body.id);
    const edit = await handler.post(url, { ...complete, data: { ...complete.data, place: '别处' } });
    expect(edit.status).toBe(409);
    expect(await counter('询')).toBe(before + 1);
    await expect(sys.prisma.caseRecord.update({ where: { id: draft.body.recordId }, data: { status: 'DRAFT' } })).rejects.toThrow(/read-only/);
  });

  it('a correction is a new numbered record that names the one it corrects', async () => {
    const r = await post({ kind: 'INTERVIEW_RECORD', corrects: first.id, data: interview({ place: '公司三楼会议室' }) });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.number).not.toBe(first.number);
    const text = (await sys.prisma.document.findUniqueOrThrow({ where: { id: r.body.id } })).html.replace(/<[^>]+>/g, '');
    expect(text).toContain(`本记录更正${first.number}。`);
    const list = (await handler.get(`/api/cases/${caseId}/records`)).body.items;
    expect(list.find((x: { documentId: string }) => x.documentId === first.id).correctedBy).toEqual([r.body.number]);
    // The corrected record must be a numbered record of the same kind in this case.
    const inspectionDoc = (await sys.prisma.document.findFirstOrThrow({ where: { caseId, kind: 'INSPECTION_RECORD' } })).id;
    const wrong = await post({ kind: 'INTERVIEW_RECORD', corrects: inspectionDoc, data: interview() });
    expect(wrong.status).toBe(422);
    expect(paths(wrong)).toEqual(['corrects']);
  });

  it('a double submit with one Idempotency-Key, even at the same moment, is one record with one number', async () => {
    const before = await counter('检记');
    const key = randomUUID();
    const body = { kind: 'INSPECTION_RECORD', data: inspection({ findings: '复查：警示标志已设置。' }) };
    const [a, b] = await Promise.all([post(body, { 'idempotency-key': key }), post(body, { 'idempotency-key': key })]);
    const c = await post(body, { 'idempotency-key': key });
    expect([a.status, b.status, c.status]).toEqual([201, 201, 201]);
    expect(new Set([a.body.id, b.body.id, c.body.id]).size).toBe(1);
    expect(new Set([a.body.number, b.body.number, c.body.number]).size).toBe(1);
    expect(await counter('检记')).toBe(before + 1);
  });

  it('the OpenAPI document shows the record body per kind', async () => {
    const spec = await (await fetch(`${sys.baseUrl}/api/openapi.json`)).json();
    const schema = JSON.stringify(spec.paths['/api/cases/{id}/records'].post.requestBody);
    for (const field of ['interviewerId', 'rightsNotified', 'qa', 'measures', 'officerIds', 'headName', 'corrects']) expect(schema).toContain(`"${field}"`);
  });
});
