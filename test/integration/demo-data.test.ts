import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDemo } from '../../prisma/demo/index.ts';
import { DEMO_PASSWORD } from '../../prisma/seed.ts';
import { startIsolatedSystem } from '../support/isolated-system.ts';
import { apiAs } from '../support/system.ts';

// The demo set (npm run dev, seed --demo) made through the real API, worker and Temporal. It
// fills the seeded counties, which other test files count in, so it runs on a PostgreSQL and a
// Temporal dev server of its own.
let sys: Awaited<ReturnType<typeof startIsolatedSystem>>;
const lines: string[] = [];
let first: { items: number; seconds: number };

beforeAll(async () => {
  // Production's recording table: the demo links a body-camera clip to each step that needs one.
  sys = await startIsolatedSystem('demo', { recordingOverrides: {} });
  first = await runDemo({ baseUrl: sys.baseUrl, prisma: sys.prisma, password: DEMO_PASSWORD, paymentChannelToken: sys.paymentChannelToken, log: (l) => lines.push(l) });
}, 300_000);
afterAll(async () => {
  await sys?.stopAll();
});

async function caseOf(partyName: string) {
  const c = await sys.prisma.case.findFirstOrThrow({ where: { partyName } });
  return { ...c, tasks: await sys.prisma.task.findMany({ where: { caseId: c.id } }) };
}
const openKinds = async (partyName: string) => (await caseOf(partyName)).tasks.filter((t) => t.status === 'OPEN').map((t) => t.kind);

describe('the demo set', () => {
  it('says what it does, one line per step', () => {
    expect(first.items).toBeGreaterThan(10);
    console.log(`demo set made in ${first.seconds} s`);
    expect(lines.length).toBeGreaterThan(40);
    expect(lines.every((l) => l.startsWith('演示数据 | '))).toBe(true);
    expect(lines).toContain('演示数据 | 红塔区 玉溪澄晖化工有限公司：批准结案');
  });

  it('has general-procedure cases at every stage that needs no statutory period to pass', async () => {
    expect((await caseOf('玉溪澄晖化工有限公司')).status).toBe('ARCHIVED');
    expect(await openKinds('玉溪恒安化学品经营有限公司')).toEqual([]); // decided, served, the fine not yet paid
    expect((await caseOf('玉溪恒安化学品经营有限公司')).stage).toBe('EXECUTION');
    expect(await openKinds('玉溪精工锐达机械制造有限公司')).toEqual(['DECISION_SERVICE']);
    expect(await openKinds('玉溪华彩涂料有限公司')).toEqual(['LEGAL_REVIEW']);
    expect(await openKinds('玉溪木森家具制造有限公司')).toEqual(['PARTY_RESPONSE']);
    expect(await openKinds('玉溪冷源冷链物流有限公司')).toEqual(['INVESTIGATION']);
    expect(await openKinds('红塔区凤凰路彩印厂')).toEqual(['FILING_APPROVAL']);
    expect((await caseOf('江川星湖燃气有限公司')).stage).toBe('EXECUTION');
    expect(await openKinds('江川丰禾饲料有限公司')).toEqual(['INVESTIGATION']);
  });

  it('has a summary case paid and archived, a reconsideration filed, a transfer signed for, inspections with 复查 and a referral signed', async () => {
    const summary = await caseOf('红塔区玉兴路鑫源五金店');
    expect([summary.procedure, summary.status]).toEqual(['SUMMARY', 'ARCHIVED']);
    const appealed = await caseOf('红塔区北城街道顺达汽修厂');
    expect((await sys.prisma.reconsideration.findFirstOrThrow({ where: { caseId: appealed.id } })).status).toBe('REVIEW');
    const accident = await caseOf('玉溪宏达钢结构工程有限公司');
    expect((await sys.prisma.transfer.findFirstOrThrow({ where: { caseId: accident.id } })).status).toBe('RECEIVED');
    const inspections = await sys.prisma.inspection.findMany({ where: { orgId: 'yx-hongta' }, orderBy: { id: 'asc' } });
    expect(inspections.map((i) => [i.status, i.result])).toEqual([['CLOSED', 'RECTIFIED'], ['RECTIFYING', null]]);
    expect(await sys.prisma.hazard.count({ where: { inspectionId: { in: inspections.map((i) => i.id) } } })).toBe(3);
    expect((await sys.prisma.referral.findFirstOrThrow({ where: { fromOrgId: 'yx-hongta' } })).status).toBe('SIGNED');
  });

  it('has 立案审批 steps past their limit, escalated, because their leads came in weeks before they were registered', async () => {
    for (const party of ['玉溪春泽商贸有限公司', '江川恒锐金属制品有限公司']) {
      const task = (await caseOf(party)).tasks.find((t) => t.kind === 'FILING_APPROVAL')!;
      expect(task.status).toBe('OPEN');
      expect(task.dueAt!.getTime()).toBeLessThan(Date.now());
      expect(await sys.prisma.escalation.count({ where: { taskId: task.id } })).toBeGreaterThan(0);
    }
  });

  it('refuses a lead received in the future or before the act, with nothing written', async () => {
    const handler = await apiAs(sys.baseUrl, 'hongta.handler1');
    const before = await sys.prisma.case.count();
    const trade = await sys.prisma.enterprise.findUniqueOrThrow({ where: { id: 'ent-hongta-trade' } });
    const lead = (receivedAt: string) => ({
      party: { kind: 'ORG', name: trade.name, idNumber: trade.uscc }, catalogItemId: 'AQ-105-2', source: 'COMPLAINT',
      facts: '群众投诉疏散通道被锁闭。', occurredAt: '2026-11-01', receivedAt,
    });
    const future = await handler.post('/api/cases', lead(new Date(Date.now() + 86_400_000).toISOString()));
    expect(future.status).toBe(422);
    expect(future.body.message).toMatch(/^发现线索或收到材料的时间（.+）不能晚于当前时间/);
    const early = await handler.post('/api/cases', lead('2026-10-31'));
    expect(early.status).toBe(422);
    expect(early.body.message).toMatch(/^发现线索或收到材料的时间（.+）不能早于违法行为发生时间/);
    expect(await sys.prisma.case.count()).toBe(before);
  });

  it('gives the head\'s dashboard, 期限督办 and 逐级督办 something to show', async () => {
    const head = await apiAs(sys.baseUrl, 'hongta.head');
    const d = (await head.get('/api/dashboard')).body;
    const rows = (key: string) => d.tables.find((t: { key: string }) => t.key === key).rows as unknown[];
    for (const key of ['openCases', 'dueSteps', 'stepTimes', 'penalties', 'transfers', 'referrals', 'escalations']) expect(rows(key).length, key).toBeGreaterThan(0);
    expect(d.charts.openByStage.series.some((s: { data: number[] }) => s.data.some((n) => n > 0))).toBe(true);
    expect(d.charts.monthly.filed.some((n: number) => n > 0)).toBe(true);
    const due = (await head.get('/api/supervision/deadlines')).body;
    expect(due.overdue).toBeGreaterThan(0);
    expect((await head.get('/api/escalations')).body.items.length).toBeGreaterThan(0);
    const city = await apiAs(sys.baseUrl, 'city.supervisor');
    expect(new Set((await city.get('/api/supervision/deadlines')).body.items.map((i: { orgId: string }) => i.orgId))).toEqual(new Set(['yx-hongta', 'yx-jiangchuan']));
  });

  it('a second run adds nothing', async () => {
    const counts = () => Promise.all([
      sys.prisma.case.count(), sys.prisma.task.count(), sys.prisma.document.count(), sys.prisma.payment.count(), sys.prisma.inspection.count(),
      sys.prisma.referral.count(), sys.prisma.transfer.count(), sys.prisma.reconsideration.count(), sys.prisma.auditEvent.count(),
    ]);
    // Workflows of the first run may still be taking a timed step (a warning, an escalation): wait until nothing moves.
    let before = await counts();
    for (let settled = false; !settled;) {
      await new Promise((ok) => setTimeout(ok, 1000));
      const now = await counts();
      settled = JSON.stringify(now) === JSON.stringify(before);
      before = now;
    }
    const again: string[] = [];
    await runDemo({ baseUrl: sys.baseUrl, prisma: sys.prisma, password: DEMO_PASSWORD, paymentChannelToken: sys.paymentChannelToken, log: (l) => again.push(l) });
    expect(again).toEqual([]);
    expect(await counts()).toEqual(before);
  }, 120_000);
});
