import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDashboardFixture, type DashboardFixture } from '../support/dashboard-fixture.ts';
import { apiAs, startSystem, type Api, type System } from '../support/system.ts';

// The oversight dashboard's figures over known rows (a county of the test's own, so other tests'
// cases do not move the numbers), through the HTTP API with the real database.
let sys: System;
let fx: DashboardFixture;
let city: Api, head: Api, hongtaHead: Api, handler: Api;
beforeAll(async () => {
  sys = await startSystem();
  fx = await seedDashboardFixture(sys.prisma);
  [city, head, hongtaHead, handler] = await Promise.all([
    apiAs(sys.baseUrl, 'city.supervisor'), apiAs(sys.baseUrl, fx.headUsername), apiAs(sys.baseUrl, 'hongta.head'), apiAs(sys.baseUrl, 'hongta.handler1'),
  ]);
});
afterAll(async () => sys?.stop());

interface Table { key: string; rows: { cells: Record<string, string | number | null>; href?: string }[] }
const table = (body: { tables: Table[] }, key: string) => body.tables.find((t) => t.key === key)!.rows.map((r) => r.cells);
const month = (t: number) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(t).slice(0, 7);

describe('oversight dashboard figures (执法监督看板)', () => {
  it('computes every figure of a county and its township exactly, for the city supervisor and the county head alike', async () => {
    const q = `/api/dashboard?from=${fx.from}&to=${fx.to}&org=${fx.county}`;
    const res = await city.get(q);
    expect(res.status).toBe(200);
    const own = await head.get(`/api/dashboard?from=${fx.from}&to=${fx.to}`);
    expect(own.status).toBe(200);
    const cells = (b: { tables: Table[] }) => b.tables.map((x) => x.rows.map((r) => r.cells));
    expect(cells(own.body)).toEqual(cells(res.body));
    const d = res.body;
    const c = fx.countyName, t = fx.townshipName;

    expect(table(d, 'openCases')).toEqual([
      { county: c, org: c, stage: '待决定', open: 1 },
      { county: c, org: c, stage: '调查取证', open: 2 },
    ]);
    const due = table(d, 'dueSteps');
    expect(due).toHaveLength(2);
    expect(due).toContainEqual(expect.objectContaining({ county: c, org: c, overdue: 2, nearDue: 0 }));
    expect(due).toContainEqual(expect.objectContaining({ county: c, org: t, overdue: 0, nearDue: 1 }));

    expect(table(d, 'stepTimes')).toEqual([
      { kind: '作出处罚决定', limit: '—', source: '', completed: 1, avgHours: 2, p90Hours: 2, late: 0, lateRate: null },
      // created→completed 1..10 h: mean 5.5, percentile_cont(0.9) = 9 + 0.1 × (10 − 9) = 9.1; due after 5 h, so 6..10 h are late.
      { kind: '立案审批', limit: '5个工作日', source: expect.stringContaining('第34条第1款'), completed: 10, avgHours: 5.5, p90Hours: 9.1, late: 5, lateRate: 0.5 },
    ]);

    expect(table(d, 'penalties')).toEqual([
      { item: fx.item.code, name: fx.item.name, decisions: 3, fines: 3, totalFen: 350_050, maxFen: 250_050, withdrawn: 1 },
    ]);
    expect(table(d, 'transfers')).toEqual([
      { county: c, org: c, status: '已移送，待公安机关签收', n: 2, overdueSteps: 1 },
      { county: c, org: c, status: '已立案', n: 1, overdueSteps: 0 },
    ]);
    expect(table(d, 'referrals')).toEqual([{ county: c, org: c, status: '已移交待签收', n: 1 }]);
    const recon = { decided: 4, upheld: 3, revoked: 1, changed: 0, unlawful: 0, dismissed: 0, upheldRate: 0.75, revokedRate: 0.25 };
    expect(table(d, 'reconsiderations')).toEqual([{ org: c, ...recon }, { org: '合计', ...recon }]);
    const review = { closed: 4, reviewed: 3, passed: 2, failed: 1, corrected: 1, overdue: 1, passRate: 0.6667 };
    expect(table(d, 'delegationReviews')).toEqual([{ org: t, ...review }, { org: '合计', ...review }]);
    expect(table(d, 'escalations')).toEqual([{ county: c, org: c, openNow: 1, raised: 3, unresolved: 2, handled: 1, passedUp: 1, overtaken: 0, maxLevel: 3 }]);

    const monthly = table(d, 'monthly');
    const count = (m: string, key: 'filed' | 'decided') => monthly.filter((r) => r.month === m).reduce((a, r) => a + Number(r[key]), 0);
    expect(monthly.reduce((a, r) => a + Number(r.filed), 0)).toBe(3);
    expect(monthly.reduce((a, r) => a + Number(r.decided), 0)).toBe(3);
    expect(count(month(fx.start + 2 * 86_400_000), 'filed')).toBeGreaterThanOrEqual(2);
    expect(count(month(fx.start + 36 * 86_400_000), 'decided')).toBeGreaterThanOrEqual(2);
    expect(monthly[0].month).toBe(fx.from.slice(0, 7));
    expect(monthly.at(-1)!.month).toBe(fx.to.slice(0, 7));

    // Chart series come from the same figures.
    expect(d.charts.openByStage.orgs).toEqual([c]);
    expect(d.charts.overdueHeat.cells).toEqual([[0, 0, 2]]);
    expect(d.charts.monthly.filed.reduce((a: number, n: number) => a + n, 0)).toBe(3);
  });

  it('filters to one township and drills down to the cases and steps behind a figure', async () => {
    const town = await city.get(`/api/dashboard?from=${fx.from}&to=${fx.to}&org=${fx.township}`);
    expect(table(town.body, 'openCases')).toEqual([]);
    expect(table(town.body, 'dueSteps')).toEqual([expect.objectContaining({ org: fx.townshipName, nearDue: 1 })]);

    const d = (await head.get(`/api/dashboard?from=${fx.from}&to=${fx.to}`)).body;
    const row = d.tables.find((t: Table) => t.key === 'openCases').rows.find((r: Table['rows'][number]) => r.cells.stage === '调查取证');
    const drill = await head.get(row.href.replace('/dashboard/cases', '/api/dashboard/cases'));
    expect(drill.status).toBe(200);
    expect(drill.body.items.map((i: { caseId: string }) => i.caseId).sort()).toEqual([`${fx.county}-case-a`, `${fx.county}-case-b`]);
    expect(drill.body.items[0].href).toBe(`/cases/${fx.county}-case-a`);

    const late = await head.get(`/api/dashboard/cases?view=completed&kind=FILING_APPROVAL&from=${fx.from}&to=${fx.to}`);
    expect(late.body.items.map((i: { hours: number }) => i.hours)).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    const pen = await head.get(`/api/dashboard/cases?view=penalties&item=${fx.item.code}&from=${fx.from}&to=${fx.to}`);
    expect(pen.body.items).toHaveLength(3);
  });

  it('shows a county head only their county and its townships; another org in the filter is refused', async () => {
    const own = await hongtaHead.get('/api/dashboard');
    expect(own.status).toBe(200);
    const ids = own.body.orgs.map((o: { id: string }) => o.id);
    expect(ids).toContain('yx-hongta');
    expect(ids).toContain('yx-hongta-yuxing-st');
    expect(ids).not.toContain('yx-jiangchuan');
    expect(ids).not.toContain(fx.county);
    expect(JSON.stringify(own.body.tables)).not.toContain(fx.countyName);

    for (const org of ['yx-jiangchuan', fx.county, fx.township, 'yx-city', 'no-such-org']) {
      const r = await hongtaHead.get(`/api/dashboard?org=${org}`);
      expect(r.status, org).toBe(403);
      expect(r.body.message).toBe('无权查看该机构的数据');
    }
    expect((await hongtaHead.get(`/api/dashboard/cases?view=open&at=${fx.county}`)).status).toBe(403);
    expect((await head.get('/api/dashboard?org=yx-hongta')).status).toBe(403);
    expect((await hongtaHead.get(`/api/dashboard/export?format=csv&table=openCases&org=${fx.county}`)).status).toBe(403);

    // The city supervisor sees every county and township, never the police or other departments.
    const all = (await city.get('/api/dashboard')).body.orgs.map((o: { id: string }) => o.id);
    expect(all).toEqual(expect.arrayContaining(['yx-city', 'yx-hongta', 'yx-yuanjiang', 'yx-hongta-yuxing-st', 'yx-gaoxin', fx.county, fx.township]));
    expect(all).not.toContain('yx-psb');
    expect(all).not.toContain('yx-dept-samr');

    expect((await handler.get('/api/dashboard')).status).toBe(403);
  });

  it('refuses a bad period in Chinese, and exports a table as CSV and all tables as Excel', async () => {
    const bad = await city.get('/api/dashboard?from=2026-13-01');
    expect(bad.status).toBe(400);
    const reversed = await city.get('/api/dashboard?from=2026-05-02&to=2026-05-01');
    expect(reversed.status).toBe(422);
    expect(reversed.body.message).toBe('开始日期不能晚于结束日期');
    expect((await city.get('/api/dashboard/export?format=csv')).status).toBe(422);

    const csv = await fetch(`${sys.baseUrl}/api/dashboard/export?format=csv&table=stepTimes&from=${fx.from}&to=${fx.to}&org=${fx.county}`, { headers: { authorization: `Bearer ${city.token}` } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain('attachment');
    const text = await csv.text();
    expect(text.split('\r\n')[0]).toBe('环节,法定期限,依据,办结数,平均用时（小时）,90%分位用时（小时）,超期办结,超期率');
    expect(text).toContain('立案审批,5个工作日,');
    expect(text).toContain(',10,5.5,9.1,5,50.00%');

    const xlsx = await fetch(`${sys.baseUrl}/api/dashboard/export?format=xlsx&from=${fx.from}&to=${fx.to}&org=${fx.county}`, { headers: { authorization: `Bearer ${city.token}` } });
    expect(xlsx.status).toBe(200);
    const buf = Buffer.from(await xlsx.arrayBuffer());
    expect(buf.subarray(0, 2).toString()).toBe('PK');
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    expect(wb.worksheets).toHaveLength(10);
    const pen = wb.worksheets.find((w) => w.name.startsWith('行政处罚'))!;
    expect(pen.getRow(2).getCell(5).value).toBe(3500.5);
  });
});
