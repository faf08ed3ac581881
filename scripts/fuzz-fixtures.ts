// The real resources `npm run fuzz` points Schemathesis at, so that operations on an id get past
// 404 and reach their handlers: made through the JSON API by 红塔区's demo officers, as a bureau
// would (never by writing rows), beside the case waiting at 调查取证 that the case operations get.
import type { PrismaClient } from '../generated/prisma/client.ts';
import { DEMO_PASSWORD } from '../prisma/seed.ts';
import { usccCheckDigit } from '../rules/uscc.ts';
import { signedReceipt } from '../test/support/cases.ts';
import { interviewRecord } from '../test/support/records.ts';

export type Api = Awaited<ReturnType<typeof bearer>>;

/** A JSON API client signed in by bearer token. */
export async function bearer(baseUrl: string, username: string) {
  const call = async (method: string, p: string, body?: unknown, token?: string) => {
    const res = await fetch(baseUrl + p, {
      method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() as any };
  };
  const login = await call('POST', '/api/login', { username, password: DEMO_PASSWORD });
  if (login.status !== 201) throw new Error(`API sign-in as ${username} failed: ${login.status}`);
  const token = login.body.token as string;
  return { get: (p: string) => call('GET', p, undefined, token), post: (p: string, b: unknown = {}) => call('POST', p, b, token) };
}

export async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 200))) {
    const v = await fn();
    if (v) return v;
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The value `pick` finds in a 2xx answer, or an error naming what could not be made. */
function idOf(what: string, r: { status: number; body: any }, pick: (b: any) => unknown): string {
  const id = r.status >= 200 && r.status < 300 ? pick(r.body) : undefined;
  if (typeof id !== 'string' || !id) throw new Error(`fuzz fixture: making the ${what} failed: ${r.status} ${JSON.stringify(r.body).slice(0, 500)}`);
  return id;
}

const openTask = (api: Api, p: string, kind: string) => until(`${kind} task of ${p}`, async () =>
  ((await api.get(p)).body?.tasks as { id: string; kind: string; status: string }[] | undefined)?.find((t) => t.kind === kind && t.status === 'OPEN'));

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const shanghaiDay = (ms: number) => new Date(ms + 8 * HOUR).toISOString().slice(0, 10);
const uscc = (first17: string) => first17 + usccCheckDigit(first17);
const TOWNSHIP = 'yx-hongta-yuxing-st';
const TOWNSHIP_OFFICERS = ['u-hongta-yuxing-officer1', 'u-hongta-yuxing-officer2'];

/** Path parameter values by kind: the variable names fuzz/schemathesis.toml reads (ZHIFA_FUZZ_*). */
export type FuzzIds = Record<string, string>;

/** A filed case at 调查取证, made by the handler and approved by the supervisor. */
export async function filedCase(handler: Api, supervisor: Api, party: { name: string; idNumber: string }) {
  const reg = await handler.post('/api/cases', {
    party: { kind: 'ORG', ...party, address: '玉溪市红塔区玉兴路1号' },
    catalogItemId: 'AQ-099-1', source: 'INSPECTION', facts: '检查发现储罐区未设置明显的安全警示标志。',
    occurredAt: new Date(Date.now() - DAY).toISOString(), harmToLife: false,
  });
  const caseId = idOf('case', reg, (b) => b.caseId);
  const filing = await openTask(supervisor, `/api/cases/${caseId}`, 'FILING_APPROVAL');
  idOf('filing approval', await supervisor.post(`/api/tasks/${filing.id}/complete`, { outcome: 'APPROVE', data: { comment: '同意立案' } }), (b) => b.taskId);
  const investigation = await openTask(handler, `/api/cases/${caseId}`, 'INVESTIGATION');
  return { caseId, taskId: investigation.id };
}

/**
 * One of each resource a path names, in 红塔区 where the fuzzing officers work: a record and its
 * document, a criminal transfer (on a case of its own, so the fuzzed case stays at 调查取证), an
 * interference record, a referral, a delegation in force with a matter under it, a 双随机 draw and
 * its inspection, a plan, a saved queue view, a reconsideration of a summary decision.
 */
export async function makeFixtures(baseUrl: string, prisma: PrismaClient, caseId: string, log: (m: string) => void): Promise<FuzzIds> {
  const [handler, handler2, supervisor, head, legal] = await Promise.all(
    ['handler1', 'handler2', 'supervisor', 'head', 'legal'].map((r) => bearer(baseUrl, `hongta.${r}`)),
  );
  const today = shanghaiDay(Date.now());
  const transferCase = await filedCase(handler2, supervisor, { name: '玉溪模糊测试移送化工有限公司', idNumber: uscc('91530402MA6K0001X') });
  const [rec, tr, itf, ref, del, drawn, plan, view, summary] = await Promise.all([
    handler.post(`/api/cases/${caseId}/records`, { kind: 'INTERVIEW_RECORD', data: interviewRecord('u-hongta-handler1', 'u-hongta-handler2') }),
    handler2.post(`/api/cases/${transferCase.caseId}/transfer`, {
      category: 'MAJOR_LIABILITY_ACCIDENT', harm: { deaths: 1, seriousInjuries: 0, directLossFen: 150_000_000, refusedStopOrder: false },
      facts: '储罐区违章动火作业引发爆炸，造成1人死亡，直接经济损失150万元。', report: '专案组认为当事人涉嫌重大责任事故罪，应当移送公安机关。',
      officerIds: ['u-hongta-handler1', 'u-hongta-handler2'],
    }),
    handler.post('/api/interference-records', {
      caseId, officialName: '某某', officialPosition: '某镇党委副书记', occurredAt: new Date(Date.now() - HOUR).toISOString(), channel: 'PHONE',
      request: '打电话要求对该企业“从轻处理，罚款降到最低”，并询问承办人姓名。',
    }),
    handler.post('/api/referrals', { enterpriseId: 'ent-hongta-chem', toOrgId: 'yx-dept-samr', hazard: '储氨器超期未检验', location: '红塔区工业片区3号',
      evidence: [{ description: '现场照片', sha256: 'c'.repeat(64) }], reason: '压力容器定期检验属特种设备安全监管部门职责。' }),
    head.post('/api/delegations', { townshipOrgId: TOWNSHIP, itemCodes: ['AQ-099-1'], officerIds: TOWNSHIP_OFFICERS,
      startDate: today, endDate: shanghaiDay(Date.now() + 60 * DAY), samplePercent: 50 }),
    supervisor.post('/api/draws', { count: 1 }),
    supervisor.post('/api/plans', { year: new Date().getFullYear() + 1, keyEnterprises: [{ enterpriseId: 'ent-hongta-chem', perYear: 1 }], randomChecks: 1 }),
    handler.post('/api/queue-views', { name: '模糊测试：本周到期', filters: { due: '7d' } }),
    handler.post('/api/cases/summary', {
      party: { kind: 'ORG', name: '玉溪模糊测试商贸有限公司', idNumber: uscc('91530402MA6K0002X') }, catalogItemId: 'AQ-099-1', source: 'INSPECTION',
      facts: '检查发现仓库出口未设置明显的安全警示标志。', occurredAt: new Date(Date.now() - HOUR).toISOString(), harmToLife: false,
      officerIds: ['u-hongta-handler2'], penalty: { penaltyTypes: ['WARNING'], fineFen: 0 }, receipt: signedReceipt(),
    }),
  ]);
  const ids: FuzzIds = {
    RECORD_CASE_ID: caseId,
    RECORD_ID: idOf('record', rec, (b) => b.recordId),
    DOCUMENT_ID: idOf('record document', rec, (b) => b.id),
    TRANSFER_ID: idOf('transfer', tr, (b) => b.transferId),
    INTERFERENCE_ID: idOf('interference record', itf, (b) => b.id),
    REFERRAL_ID: idOf('referral', ref, (b) => b.id),
    DELEGATION_ID: idOf('delegation', del, (b) => b.id),
    DRAW_ID: idOf('draw', drawn, (b) => b.drawId),
    INSPECTION_ID: idOf('inspection', drawn, (b) => b.inspections?.[0]),
    PLAN_ID: idOf('plan', plan, (b) => b.id),
    QUEUE_VIEW_ID: idOf('queue view', view, (b) => b.id),
    ENTERPRISE_ID: 'ent-hongta-chem',
    HOLIDAY_YEAR: String(new Date().getFullYear()),
  };
  const summaryCaseId = idOf('summary case', summary, (b) => b.caseId);

  // The delegation into force (法制审核, 局长签发), then a matter routed to the township under it.
  const dpath = `/api/delegations/${ids.DELEGATION_ID}`;
  await openTask(legal, dpath, 'DELEGATION_LEGAL_REVIEW');
  idOf('delegation review', await legal.post(`${dpath}/review`, { outcome: 'APPROVE', comment: '符合委托条件' }), (b) => b.taskId);
  await openTask(head, dpath, 'DELEGATION_SIGNATURE');
  idOf('delegation signature', await head.post(`${dpath}/sign`, { outcome: 'SIGN' }), (b) => b.taskId);
  await until('delegation in force', async () => (await head.get(dpath)).body?.status === 'IN_FORCE');
  ids.MATTER_ID = idOf('delegated matter', await handler.post('/api/delegated-matters', {
    townshipOrgId: TOWNSHIP, itemCode: 'AQ-099-1', partyName: '玉兴某店', location: '玉兴街道', facts: '安全警示标志设置情况核查',
  }), (b) => b.id);

  // 行政复议 of the summary decision, handed in through the bureau that made it (《行政复议法》第三十二条).
  const served = await until('summary decision served', async () => ((await prisma.case.findUnique({ where: { id: summaryCaseId }, select: { data: true } }))
    ?.data as { state?: { servedAt?: string } } | undefined)?.state?.servedAt).catch(() => undefined);
  const recon = served ? await handler.post('/api/reconsiderations', { caseId: summaryCaseId, requests: '请求撤销警告决定', grounds: '当事人认为已及时整改。' }) : undefined;
  if (recon && recon.status === 201) ids.RECONSIDERATION_ID = idOf('reconsideration', recon, (b) => b.id);
  else log(`no reconsideration to fuzz: ${recon ? `${recon.status} ${JSON.stringify(recon.body).slice(0, 300)}` : 'the summary decision was not served'}`);

  // 案卷评查 draws only closed cases, which a fresh install has none of: those ids stay unset.
  const review = await prisma.caseReview.findFirst({ select: { id: true, drawId: true } });
  if (review) Object.assign(ids, { CASE_REVIEW_ID: review.id, CASE_REVIEW_DRAW_ID: review.drawId });
  return ids;
}
