import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drawReviewSample, previousReviewPeriod } from '../../rules/case-review.ts';
import { caseReviewCycleWorkflowId } from '../../workflows/case-review-messages.ts';
import { apiAs, eventually, startSystem, type Api, type System } from '../support/system.ts';

// 抽查 / 评议考核 through the HTTP API: API → Temporal → worker → PostgreSQL. The city starts its
// cycle with catchUp, so the quarter that has just ended is drawn at once.
let sys: System;
let city: Api, legal: Api, head: Api, handler: Api, jiangchuanHead: Api;
beforeAll(async () => {
  sys = await startSystem({ ownTemporal: true });
  [city, legal, head, handler, jiangchuanHead] = await Promise.all([
    apiAs(sys.baseUrl, 'city.supervisor'), apiAs(sys.baseUrl, 'city.legal'), apiAs(sys.baseUrl, 'hongta.head'),
    apiAs(sys.baseUrl, 'hongta.handler1'), apiAs(sys.baseUrl, 'jiangchuan.head'),
  ]);
});
afterAll(async () => {
  await sys?.temporal.workflow.getHandle(caseReviewCycleWorkflowId('yx-city')).terminate('test done').catch(() => undefined);
  await sys?.stop();
});

// Not hongta.handler1: the workflow test files reviews for that officer in the same period and database.
const OFFICER = 'u-hongta-handler2';
const pass = { pass: true };
const allPass = { procedure: pass, evidence: pass, legalBasis: pass, discretion: pass, documents: pass, deadlines: pass };

describe('sampling review API (抽查 / 评议考核)', () => {
  it('the city starts the cycle once, scores the drawn cases, the county corrects, the report counts it', { timeout: 180_000 }, async () => {
    const last = previousReviewPeriod(Date.now(), 3);
    const closedAt = new Date(Date.parse(last.to) - 86_400_000);
    const ids: string[] = [0, 1, 2, 3].map(() => randomUUID());
    for (const id of ids) {
      await sys.prisma.case.create({ data: {
        id, orgId: 'yx-hongta', number: `红塔应急立〔2026〕T${id.slice(0, 6)}号`, procedure: 'GENERAL', stage: 'CLOSED', status: 'CLOSED', partyKind: 'ORG',
        partyName: '玉溪某机械有限公司', partyIdNumber: '91530402MA6K00000X', catalogItemId: 'AQ-099-1', source: 'INSPECTION', facts: '未设置安全警示标志。',
        occurredAt: closedAt, registeredById: OFFICER, closedAt,
      } });
    }

    expect((await head.post('/api/case-reviews/cycle', { catchUp: true })).status).toBe(403);
    expect((await city.post('/api/case-reviews/cycle', { catchUp: 'yes' })).status).toBe(400);
    expect((await city.post('/api/case-reviews/cycle', { catchUp: true })).body).toMatchObject({ started: true });
    expect((await city.post('/api/case-reviews/cycle', { catchUp: true })).body).toMatchObject({ started: false });

    const items = await eventually(async () => {
      const r = await city.get(`/api/case-reviews?period=${last.key}&orgId=yx-hongta`);
      return r.body?.items?.length === 3 && r.body.items as { id: string; caseId: string }[];
    }, 60_000);
    expect(items.every((i) => ids.includes(i.caseId))).toBe(true);
    expect((await jiangchuanHead.get(`/api/case-reviews?period=${last.key}&orgId=yx-hongta`)).body.items).toEqual([]);
    expect((await head.get(`/api/case-reviews?period=${last.key}`)).body.items).toHaveLength(3);
    expect((await handler.get('/api/case-reviews')).status).toBe(403);
    expect((await city.get('/api/case-reviews?period=2026Q5')).status).toBe(400);

    const detail = (await city.get(`/api/case-reviews/${items[0].id}`)).body;
    expect(detail.draw).toMatchObject({ period: last.key, populationSize: 4, sampleSize: 3, reproduced: true });
    const draw = (await city.get(`/api/case-reviews/draws/${detail.draw.id}`)).body;
    expect(drawReviewSample(draw.seed, draw.population, draw.sampleSize)).toEqual([...draw.chosen].sort());
    expect((await jiangchuanHead.get(`/api/case-reviews/draws/${detail.draw.id}`)).status).toBe(404);

    const [good, bad] = items;
    const open = (id: string, kind: string) => eventually(async () => (await city.get(`/api/case-reviews/${id}`)).body.tasks.some((t: { kind: string; status: string }) => t.kind === kind && t.status === 'OPEN'), 30_000);
    await open(good.id, 'CASE_REVIEW');
    await open(bad.id, 'CASE_REVIEW');
    expect((await legal.post(`/api/case-reviews/${bad.id}/review`, { ...allPass, evidence: { pass: false } })).status).toBe(400);
    expect((await head.post(`/api/case-reviews/${bad.id}/review`, allPass)).status).toBe(403);
    expect((await city.post(`/api/case-reviews/${good.id}/review`, allPass)).status).toBe(200);
    const failing = { ...allPass, evidence: { pass: false, comment: '现场检查记录无当事人签字' } };
    const scored = await legal.post(`/api/case-reviews/${bad.id}/review`, failing);
    expect(scored.status).toBe(200);
    expect(await legal.post(`/api/case-reviews/${bad.id}/review`, failing)).toEqual(scored); // a retried submit: the first answer
    expect((await city.post(`/api/case-reviews/${bad.id}/review`, allPass)).status).toBe(409);

    await open(bad.id, 'CASE_REVIEW_CORRECTION');
    expect((await jiangchuanHead.post(`/api/case-reviews/${bad.id}/correction`, { items: [{ item: 'evidence', action: '补签' }] })).status).toBe(404);
    const wrong = await head.post(`/api/case-reviews/${bad.id}/correction`, { items: [{ item: 'documents', action: '已补正文书' }] });
    expect(wrong.status).toBe(422);
    expect(wrong.body.message).toMatch(/证据/);
    expect((await head.post(`/api/case-reviews/${bad.id}/correction`, { items: [{ item: 'evidence', action: '已由当事人补签并说明情况' }] })).status).toBe(200);
    await eventually(async () => (await head.get(`/api/case-reviews/${bad.id}`)).body.status === 'CORRECTED', 30_000);

    const report = (await city.get(`/api/case-reviews/report?period=${last.key}`)).body;
    const hongta = report.counties.find((c: { orgId: string }) => c.orgId === 'yx-hongta');
    expect(hongta).toMatchObject({ sampled: 3, reviewed: 2, passed: 1, failed: 1, corrected: 1, openCorrections: 0, passRate: 50 });
    expect(hongta.itemFailures).toMatchObject({ evidence: 1, procedure: 0 });
    expect(report.officers.find((o: { userId: string }) => o.userId === OFFICER)).toMatchObject({ sampled: 3, reviewed: 2, passed: 1, failed: 1 });
    expect((await city.get('/api/case-reviews/report?period=2026X1')).status).toBe(400);

    // The pages: the report, the list, a reviewed case with its correction and the draw check.
    const page = async (api: Api, path: string, status = 200) => {
      const res = await fetch(sys.baseUrl + path, { headers: { accept: 'text/html', authorization: `Bearer ${api.token}` } });
      expect(res.status, path).toBe(status);
      return res.text();
    };
    const reportPage = await page(city, `/case-reviews/report?period=${last.key}`);
    expect(reportPage).toContain('评议考核报告');
    expect(reportPage).toContain('干预记录');
    expect(await page(head, `/case-reviews/report?period=${last.key}`)).not.toContain('干预记录');
    expect(await page(city, `/case-reviews?period=${last.key}`)).toContain('抽查周期运行中');
    const badPage = await page(head, `/case-reviews/${bad.id}`);
    expect(badPage).toContain('现场检查记录无当事人签字');
    expect(badPage).toContain('证据：已由当事人补签并说明情况');
    expect(badPage).toContain('结果一致');
    await page(handler, '/case-reviews', 403);
    // A third case is still open for review: the form posts through the same task.
    const third = items[2].id;
    await open(third, 'CASE_REVIEW');
    const form = (fields: Record<string, string>) => fetch(`${sys.baseUrl}/case-reviews/${third}/review`, {
      method: 'POST', redirect: 'manual', body: new URLSearchParams(fields),
      headers: { authorization: `Bearer ${city.token}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    });
    const fields = Object.fromEntries(['procedure', 'evidence', 'legalBasis', 'discretion', 'documents', 'deadlines'].map((i) => [`${i}.pass`, 'true']));
    const refused = await form({ ...fields, 'discretion.pass': 'false' });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('自由裁量：不合格的项目须写明问题');
    const sent = await form({ ...fields, 'discretion.pass': 'false', 'discretion.comment': '罚款数额未说明裁量理由' });
    expect(sent.status).toBe(303);
    await eventually(async () => (await city.get(`/api/case-reviews/${third}`)).body.status === 'CORRECTING', 30_000);
  });
});
