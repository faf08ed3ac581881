import type { PrismaClient } from '../../generated/prisma/client.ts';
import { usccCheckDigit } from '../../rules/uscc.ts';
import { inspectionWorkflowId } from '../../workflows/inspection-messages.ts';
import { people, until, type DemoApi, type People } from './client.ts';
import { caseSteps } from './case-steps.ts';
import { recordStep } from './recordings.ts';
import { DEMO_SIGNATURE } from './signature.ts';
import { CASES, INSPECTION_HAZARDS, REFERRAL, SUMMARY_CASES, TRANSFER_CASE, type CaseScenario, type CaseStop } from './scenarios.ts';

// `npm run dev` and `npm run seed -- --demo`: a realistic set of cases, inspections, a referral,
// a criminal transfer and a reconsideration in 红塔区 and 江川区, made through the JSON API by
// the demo users (never by writing rows), so the queue, the dashboard, 期限督办 and 逐级督办
// have something to show on first run. Each item is looked up by its business key first and
// every step is skipped when it was already taken: a second run adds nothing.

export interface DemoOptions {
  baseUrl: string;
  prisma: PrismaClient;
  password: string;
  paymentChannelToken: string;
  log?: (line: string) => void;
  /** How many items are driven at once (default all: each mostly waits on its workflow). */
  concurrency?: number;
}

const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString();
const OFFICERS = (county: string) => [`u-${county}-handler1`, `u-${county}-handler2`];
const COUNTY_NAMES: Record<string, string> = { hongta: '红塔区', jiangchuan: '江川区' };
const uscc = (first17: string) => first17 + usccCheckDigit(first17);

interface Ctx { prisma: PrismaClient; who: People; token: string; baseUrl: string; say: (what: string, line: string) => void; steps: ReturnType<typeof caseSteps> }

export async function runDemo(o: DemoOptions): Promise<{ items: number; seconds: number }> {
  const started = Date.now();
  const log = o.log ?? ((line: string) => console.log(line));
  const ctx: Ctx = {
    prisma: o.prisma, who: people(o.baseUrl, o.password, o.prisma), token: o.paymentChannelToken, baseUrl: o.baseUrl,
    say: (what, line) => log(`演示数据 | ${what}：${line}`), steps: caseSteps(o.prisma, o.baseUrl),
  };
  const jobs: (() => Promise<void>)[] = [
    ...CASES.map((s) => () => generalCase(ctx, s)),
    ...SUMMARY_CASES.map((s) => () => summaryCase(ctx, s)),
    () => transferCase(ctx),
    () => inspections(ctx),
    () => referral(ctx),
  ];
  let next = 0;
  const worker = async () => { while (next < jobs.length) await jobs[next++](); };
  await Promise.all(Array.from({ length: o.concurrency ?? jobs.length }, worker));
  return { items: jobs.length, seconds: Math.round((Date.now() - started) / 100) / 10 };
}

/** The case this scenario made in an earlier run (its party and facts are its business key). */
async function existingCase(ctx: Ctx, orgId: string, partyName: string, facts: string) {
  return ctx.prisma.case.findFirst({ where: { orgId, partyName, facts }, select: { id: true } });
}

const ORDER: CaseStop[] = ['FILING_APPROVAL', 'INVESTIGATION', 'PARTY_RESPONSE', 'LEGAL_REVIEW', 'DECISION', 'DECISION_SERVICE', 'PAYMENT', 'ARCHIVED'];
const beyond = (stop: CaseStop, s: CaseStop) => ORDER.indexOf(stop) > ORDER.indexOf(s);

async function generalCase(ctx: Ctx, s: CaseScenario): Promise<void> {
  const ent = s.enterpriseId
    ? await ctx.prisma.enterprise.findUniqueOrThrow({ where: { id: s.enterpriseId } })
    : { id: undefined, orgId: `yx-${s.county}`, name: s.party!.name, uscc: uscc(s.party!.first17), address: s.party!.address };
  const what = `${COUNTY_NAMES[s.county]} ${ent.name}`;
  const { step, done, opened } = ctx.steps;
  const [handler, handler2, supervisor, head, legal] = await Promise.all(
    ['handler1', 'handler2', 'supervisor', 'head', 'legal'].map((r) => ctx.who.as(`${s.county}.${r}`)),
  );
  let caseId = (await existingCase(ctx, ent.orgId, ent.name, s.facts))?.id;
  if (!caseId) {
    const reg = await handler.post('/api/cases', {
      party: { kind: 'ORG', name: ent.name, idNumber: ent.uscc, enterpriseId: ent.id, address: ent.address },
      catalogItemId: s.catalogItemId, source: s.source, facts: s.facts, occurredAt: daysAgo(s.occurredDaysAgo),
      ...(s.receivedDaysAgo ? { receivedAt: daysAgo(s.receivedDaysAgo) } : {}), harmToLife: false,
    }, `zhifa-demo:${ent.uscc}:${s.catalogItemId}`);
    caseId = reg.caseId as string;
    ctx.say(what, s.receivedDaysAgo ? `登记案件（线索${s.receivedDaysAgo}日前收到，立案审查期限自收到时起算）` : '登记案件');
  }
  // Stops with its step open, so the next run (and the tests) find the case settled.
  const stopAt = async (kind: CaseStop) => { if (beyond(s.stop, kind)) return false; await opened(caseId, [kind]); return true; };
  if (await stopAt('FILING_APPROVAL')) return;
  if (await step(supervisor, caseId, 'FILING_APPROVAL', 'APPROVE', { comment: '经初步核查，有违法事实，同意立案。' })) ctx.say(what, '负责人批准立案');
  if (await stopAt('INVESTIGATION')) return;
  const proposal = { findings: s.findings, penaltyTypes: ['FINE'], fineFen: s.fineFen, circumstances: s.circumstances ?? [], complex: !!s.complex, officerIds: OFFICERS(s.county) };
  if (await step(handler, caseId, 'INVESTIGATION', 'PROPOSE', proposal)) ctx.say(what, `调查终结，建议罚款${s.fineFen! / 100}元`);
  if (await step(handler, caseId, 'NOTICE_SERVICE', 'SERVED', { servedAt: new Date().toISOString(), method: '直接送达' })) ctx.say(what, '送达行政处罚告知书');
  if (await stopAt('PARTY_RESPONSE')) return;
  if (await step(handler2, caseId, 'PARTY_RESPONSE', 'WAIVED', { comment: '当事人书面明确放弃陈述、申辩' })) ctx.say(what, '当事人放弃陈述申辩');
  // 法制审核 and 集体讨论 come only when the proposal requires them; the head decides after.
  while (!(await done(caseId, 'DECISION'))) {
    const t = await opened(caseId, ['LEGAL_REVIEW', 'COLLECTIVE_DISCUSSION', 'DECISION']);
    if (t.kind === 'DECISION' || (t.kind === 'LEGAL_REVIEW' && !beyond(s.stop, 'LEGAL_REVIEW'))) break;
    if (t.kind === 'LEGAL_REVIEW') {
      await step(legal, caseId, 'LEGAL_REVIEW', 'PASS', { opinion: '事实清楚，证据确凿，适用依据正确，程序合法，裁量适当。' });
      ctx.say(what, '法制审核通过');
    } else {
      await step(head, caseId, 'COLLECTIVE_DISCUSSION', 'AGREE', { attendees: '局长、分管副局长、法制审核人员、承办人', minutes: '同意承办人处罚建议。' });
      ctx.say(what, '集体讨论同意');
    }
  }
  if (!beyond(s.stop, 'LEGAL_REVIEW')) return;
  if (await stopAt('DECISION')) return;
  if (await step(head, caseId, 'DECISION', 'DECIDE', { penaltyTypes: ['FINE'], fineFen: s.fineFen, reasoning: '违法事实清楚，证据确凿，按裁量基准一般档次处罚。' })) {
    ctx.say(what, '负责人作出行政处罚决定');
  }
  if (await stopAt('DECISION_SERVICE')) return;
  if (await step(handler, caseId, 'DECISION_SERVICE', 'SERVED', { servedAt: new Date().toISOString(), method: 'DIRECT' })) ctx.say(what, '送达行政处罚决定书');
  await ctx.steps.recorded(caseId, 'case.payment_due');
  if (!beyond(s.stop, 'PAYMENT')) return;
  await payAndClose(ctx, what, caseId, s.fineFen!, head);
}

/** 罚缴分离: the payment channel confirms the fine; the head approves closing; the case is archived. */
async function payAndClose(ctx: Ctx, what: string, caseId: string, fineFen: number, head: DemoApi) {
  if ((await ctx.prisma.case.findUniqueOrThrow({ where: { id: caseId }, select: { status: true } })).status === 'ARCHIVED') return;
  await ctx.steps.recorded(caseId, 'case.payment_due');
  if (!(await ctx.prisma.payment.findFirst({ where: { caseId } }))) {
    const res = await fetch(`${ctx.baseUrl}/api/payments`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-payment-channel-token': ctx.token },
      body: JSON.stringify({ caseId, reference: `DEMO-${caseId}`, amountFen: fineFen, paidAt: new Date().toISOString(), channel: '非税收入缴款平台' }),
    });
    if (!res.ok) throw new Error(`演示数据：缴款确认失败 ${res.status} ${await res.text()}`);
    ctx.say(what, `缴款平台确认收到罚款${fineFen / 100}元`);
  }
  if (await ctx.steps.step(head, caseId, 'CLOSING', 'APPROVE', { summary: '罚款已全额缴纳，处罚决定执行完毕，同意结案。' })) ctx.say(what, '批准结案');
  await until('归档', async () => (await ctx.prisma.case.findUniqueOrThrow({ where: { id: caseId } })).status === 'ARCHIVED');
}

async function summaryCase(ctx: Ctx, s: (typeof SUMMARY_CASES)[number]): Promise<void> {
  const what = `${COUNTY_NAMES[s.county]} ${s.party.name}`;
  const [handler, supervisor, head] = await Promise.all(['handler1', 'supervisor', 'head'].map((r) => ctx.who.as(`${s.county}.${r}`)));
  const org = `yx-${s.county}`;
  let caseId = (await existingCase(ctx, org, s.party.name, s.facts))?.id;
  if (!caseId) {
    const r = await handler.post('/api/cases/summary', {
      party: { kind: 'ORG', name: s.party.name, idNumber: uscc(s.party.first17), address: s.party.address },
      catalogItemId: s.catalogItemId, source: 'INSPECTION', facts: s.facts, occurredAt: new Date().toISOString(), harmToLife: false,
      officerIds: [OFFICERS(s.county)[1]], penalty: s.penalty, receipt: { signature: DEMO_SIGNATURE, signedAt: new Date().toISOString() },
    }, `zhifa-demo:summary:${s.party.first17}`);
    caseId = r.caseId as string;
    ctx.say(what, `当场处罚（简易程序），罚款${s.penalty.fineFen / 100}元`);
  }
  if (await ctx.steps.step(supervisor, caseId, 'SUMMARY_FILING', 'FILED', { comment: '予以备案。' })) ctx.say(what, '当场处罚决定备案');
  if (s.paid) await payAndClose(ctx, what, caseId, s.penalty.fineFen, head);
  if (s.reconsideration) await reconsideration(ctx, what, caseId, handler);
}

/** 行政复议 applied for through the bureau (行政复议法 Art 32) and forwarded to the 复议机构. */
async function reconsideration(ctx: Ctx, what: string, caseId: string, handler: DemoApi) {
  let r = await ctx.prisma.reconsideration.findFirst({ where: { caseId }, select: { id: true, status: true } });
  if (!r) {
    await ctx.steps.recorded(caseId, 'case.payment_due');
    const filed = await handler.post('/api/reconsiderations', {
      caseId, requests: '请求撤销红塔区应急管理局作出的当场处罚决定', grounds: '申请人已当场清理疏散门前堆放的轮胎，违法情节轻微，罚款过重。',
    }, `zhifa-demo:reconsideration:${caseId}`);
    ctx.say(what, '当事人通过执法机关申请行政复议');
    r = await until('复议登记', () => ctx.prisma.reconsideration.findUnique({ where: { id: filed.id }, select: { id: true, status: true } }));
  }
  if (r.status === 'FORWARDING') {
    await until('转送待办', async () => (await handler.get(`/api/reconsiderations/${r!.id}`)).tasks?.some((t: { kind: string; status: string }) => t.kind === 'RECON_FORWARDING' && t.status === 'OPEN'));
    await handler.post(`/api/reconsiderations/${r.id}/forward`, {});
    ctx.say(what, '复议申请已转送复议机构');
    await until('转送', async () => (await ctx.prisma.reconsideration.findUniqueOrThrow({ where: { id: r!.id } })).status !== 'FORWARDING');
  }
}

async function transferCase(ctx: Ctx): Promise<void> {
  const s = TRANSFER_CASE;
  const what = `${COUNTY_NAMES[s.county]} ${s.party.name}`;
  const [handler, supervisor, head] = await Promise.all(['handler1', 'supervisor', 'head'].map((r) => ctx.who.as(`${s.county}.${r}`)));
  let caseId = (await existingCase(ctx, `yx-${s.county}`, s.party.name, s.facts))?.id;
  if (!caseId) {
    const reg = await handler.post('/api/cases', {
      party: { kind: 'ORG', name: s.party.name, idNumber: uscc(s.party.first17), address: s.party.address },
      catalogItemId: s.catalogItemId, source: 'ACCIDENT', facts: s.facts, occurredAt: daysAgo(s.occurredDaysAgo), harmToLife: true,
    }, `zhifa-demo:transfer:${s.party.first17}`);
    caseId = reg.caseId as string;
    ctx.say(what, '登记事故案件');
  }
  if (await ctx.steps.step(supervisor, caseId, 'FILING_APPROVAL', 'APPROVE', { comment: '同意立案。' })) ctx.say(what, '负责人批准立案');
  let t = await ctx.prisma.transfer.findFirst({ where: { caseId }, select: { id: true, status: true } });
  if (!t) {
    await ctx.steps.opened(caseId, ['INVESTIGATION']);
    const flagged = await handler.post(`/api/cases/${caseId}/transfer`, { ...s.report, officerIds: OFFICERS(s.county) }, `zhifa-demo:transfer:${caseId}`);
    ctx.say(what, '专案组提交涉嫌犯罪案件移送报告');
    t = { id: flagged.transferId as string, status: 'AWAITING_APPROVAL' };
  }
  const id = t.id;
  const status = async () => (await until('移送登记', () => ctx.prisma.transfer.findUnique({ where: { id }, select: { status: true } }))).status;
  const stepOpen = (api: DemoApi, kind: string) => until(kind, async () => (await api.get(`/api/transfers/${id}`)).tasks?.some((x: { kind: string; status: string }) => x.kind === kind && x.status === 'OPEN'));
  if ((await status()) === 'AWAITING_APPROVAL') {
    await stepOpen(head, 'TRANSFER_APPROVAL');
    await head.post(`/api/transfers/${id}/approval`, { outcome: 'APPROVE', comment: '同意移送公安机关。' });
    ctx.say(what, '负责人批准移送');
    await until('批准', async () => (await status()) !== 'AWAITING_APPROVAL');
  }
  if ((await status()) === 'APPROVED') {
    await stepOpen(handler, 'TRANSFER_DELIVERY');
    await handler.post(`/api/transfers/${id}/delivery`, { investigationReport: '涉嫌犯罪案件调查报告：事故经过、人员伤亡、直接经济损失及责任人员情况。', appraisals: '死亡证明、直接经济损失核定意见' });
    ctx.say(what, '移送同级公安机关并抄送检察院');
    await until('移送', async () => (await status()) !== 'APPROVED');
  }
  if ((await status()) === 'DELIVERED') {
    const police = await ctx.who.as('hongta.psb.receiver');
    await stepOpen(police, 'TRANSFER_RECEIPT');
    await police.post(`/api/transfers/${id}/receipt`, { comment: '材料齐全，予以签收。' });
    ctx.say(what, '公安机关签收移送材料');
    await until('签收', async () => (await status()) !== 'DELIVERED');
  }
}

/** An ad-hoc 双随机 draw of two enterprises: hazards ordered rectified; one re-inspected (复查) and closed. */
async function inspections(ctx: Ctx): Promise<void> {
  const supervisor = await ctx.who.as('hongta.supervisor');
  const first = await ctx.prisma.hazard.findFirst({ where: { description: INSPECTION_HAZARDS[0][0].description }, select: { inspectionId: true } });
  const drawn: string[] = first
    ? (await ctx.prisma.inspection.findMany({ where: { drawId: (await ctx.prisma.inspection.findUniqueOrThrow({ where: { id: first.inspectionId } })).drawId }, orderBy: { id: 'asc' }, select: { id: true } })).map((i) => i.id)
    : (await supervisor.post('/api/draws', { count: 2 }, 'zhifa-demo:draw')).inspections;
  if (!first) ctx.say('红塔区 双随机抽查', `抽取${drawn.length}家企业，随机匹配执法人员`);
  for (const [n, id] of drawn.entries()) {
    const i = await until('检查', () => ctx.prisma.inspection.findUnique({ where: { id } }));
    const ent = await ctx.prisma.enterprise.findUniqueOrThrow({ where: { id: i.enterpriseId }, select: { name: true, legalRep: true } });
    const what = `红塔区 ${ent.name}`;
    const officer = await ctx.who.byId(i.officerIds[0]);
    if (i.status === 'NOTIFIED') {
      const onSite = await until('现场检查待办', async () => (await officer.get(`/api/inspections/${id}`)).tasks?.find((t: { kind: string; status: string }) => t.kind === 'INSPECTION_RECORD' && t.status === 'OPEN')) as { id: string };
      await recordStep(ctx.prisma, ctx.baseUrl, officer, { id: onSite.id, kind: 'INSPECTION_RECORD', caseId: null }, 'RECORD');
      const rectifyBy = new Date(Date.now() + (n === 0 ? 10 : 20) * DAY + 8 * 3_600_000).toISOString().slice(0, 10);
      await officer.post(`/api/inspections/${id}/record`, {
        officerIds: i.officerIds, startedAt: new Date(Date.now() - 2 * 3_600_000).toISOString(), place: '生产经营场所全域',
        staffPresent: [{ name: ent.legalRep, position: '主要负责人' }, { name: '安全管理员', position: '安全管理人员' }],
        findings: '检查了安全生产责任制、教育培训台账、消防器材及配电设施，发现事故隐患，已当场告知并责令限期整改。',
        hazards: INSPECTION_HAZARDS[n % INSPECTION_HAZARDS.length], rectifyBy,
      });
      ctx.say(what, `现场检查发现隐患，责令${rectifyBy}前整改`);
    }
    await until('整改通知', async () => !['NOTIFIED', 'RECORDED'].includes((await ctx.prisma.inspection.findUniqueOrThrow({ where: { id } })).status));
    if (n > 0) continue; // the second stays in rectification
    const now = await ctx.prisma.inspection.findUniqueOrThrow({ where: { id } });
    if (now.status === 'RECTIFYING') {
      await officer.post(`/api/inspections/${id}/reinspection-request`, {});
      ctx.say(what, '企业报告整改完毕，申请复查');
    }
    const reinspected = await ctx.prisma.task.findFirst({ where: { workflowId: inspectionWorkflowId(id), kind: 'REINSPECTION', status: 'COMPLETED' } });
    if (now.status !== 'CLOSED' && !reinspected) {
      await until('复查待办', async () => (await officer.get(`/api/inspections/${id}`)).tasks?.some((t: { kind: string; status: string }) => t.kind === 'REINSPECTION' && t.status === 'OPEN'));
      await officer.post(`/api/inspections/${id}/reinspection`, { outcome: 'CORRECTED', officerIds: i.officerIds, findings: '复查确认：配电柜前杂物已清理并铺设绝缘垫，灭火器已更换，隐患已消除。' });
      ctx.say(what, '复查合格，隐患已整改');
    }
    await until('检查结束', async () => (await ctx.prisma.inspection.findUniqueOrThrow({ where: { id } })).status === 'CLOSED');
  }
}

/** 移交: drafted by the handler, approved by the supervisor, signed for by the department. */
async function referral(ctx: Ctx): Promise<void> {
  const what = '红塔区 移交市场监管部门';
  const [handler, supervisor] = await Promise.all([ctx.who.as('hongta.handler1'), ctx.who.as('hongta.supervisor')]);
  let r = await ctx.prisma.referral.findFirst({ where: { hazard: REFERRAL.hazard }, select: { id: true, status: true, toOrgId: true } });
  if (!r) {
    const created = await handler.post('/api/referrals', REFERRAL, 'zhifa-demo:referral');
    ctx.say(what, '起草移交函（储氨压力容器超期未检）');
    r = { id: created.id, status: 'AWAITING_APPROVAL', toOrgId: created.toOrgId };
  }
  const id = r.id;
  const row = () => until('移交登记', () => ctx.prisma.referral.findUnique({ where: { id }, select: { status: true } }));
  const open = (api: DemoApi, kind: string) => until(kind, async () => (await api.get(`/api/referrals/${id}`)).tasks?.some((t: { kind: string; status: string }) => t.kind === kind && t.status === 'OPEN'));
  if (['DRAFT', 'AWAITING_APPROVAL'].includes((await row()).status)) {
    await open(supervisor, 'REFERRAL_APPROVAL');
    await supervisor.post(`/api/referrals/${id}/approval`, { outcome: 'APPROVE', comment: '同意移交。' });
    ctx.say(what, '负责人批准，移交函已发出');
    await until('发出', async () => (await row()).status === 'SENT');
  }
  if ((await row()).status === 'SENT') {
    const receiver = await ctx.who.inOrg(r.toOrgId, 'DEPT_RECEIVER');
    await open(receiver, 'REFERRAL_SIGN');
    await receiver.post(`/api/referrals/${id}/sign`, { comment: '已签收，安排特种设备安全监察人员核查。' });
    ctx.say(what, '接收部门签收');
    await until('签收', async () => (await row()).status !== 'SENT');
  }
}
