import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Router } from 'express';
import { apiRouteTable, pageRouters } from '../../api/app.ts';
import type { AppDeps } from '../../api/deps.ts';
import type { Access } from '../../api/route.ts';
import { shanghaiDate } from '../../rules/iso-date.ts';
import type { Role } from '../../rules/roles.ts';
import { orgSubtree, overseenOrgIds, visibleOrgIds } from '../../store/visibility.ts';
import { registerApiClient } from '../../store/api-clients.ts';
import { parseCodecKeys } from '../../infra/payload-codec.ts';
import { appendEvents, eventId } from '../../store/outbox.ts';
import { subscribe } from '../../store/webhooks.ts';
import { leadBody } from '../support/cases.ts';
import { interviewRecord } from '../support/records.ts';
import { twoCities, type Relation } from '../support/second-city.ts';
import { apiAs, eventually, startSystem, type Api, type System } from '../support/system.ts';
import { makePng, tusUpload } from '../support/uploads.ts';

// Issue 19 ⑤: every API route × every viewer — by role and by where they sit in the org tree
// relative to the record (its own county, a sibling county, the parent city, another city, the
// township the county delegates to, nobody signed in) — on real rows made through the API and
// its workflows in county A of a test city P (test/support/second-city.ts). Reads by id answer
// the declared allow or 404 (never a 403 that confirms the record exists); a write to a record
// the caller may not see answers exactly as a write to a record that does not exist; lists never
// carry another org's rows; public routes carry only what was published. The table below must
// name every route of the app's route table (api/app.ts apiRouteTable): a new route, or a route
// on a new kind of record, fails here until its policy is declared.

const W = twoCities();
const HOUR = 3_600_000;

/** Kinds of record the routes address by id; each has one row in county A (RECORDS below). */
type Kind = 'case' | 'task' | 'document' | 'record' | 'referral' | 'reconsideration' | 'transfer' | 'plan' | 'draw' | 'inspection'
  | 'enterprise' | 'delegation' | 'matter' | 'caseReview' | 'reviewDraw' | 'interference' | 'queueView'
  /** A document as its QR code's verification page shows it (issue 23): number, organ, date, standing, no party data. */
  | 'verification'
  /** A partner system's registration (issue 24): system administration, ADMIN only; registered for county A. */
  | 'apiClient'
  /** 专项执法 (issue 21 ①): county A's campaign, shared to its township A1. */
  | 'campaign'
  /** 交叉执法 (issue 21 ②): city P's cross draw of A and B (the one record here that is the city's, not A's). */
  | 'crossDraw'
  /** A cross inspection's findings in A (the competent county), found by B's team. */
  | 'crossFinding'
  /**
   * The fixture's task as its unit's 全过程音像记录 panel shows it (issue 22): the 未录制说明 is asked by an
   * officer of the unit and approved by its 执法队长, who is no candidate of the step, so the unit sees it.
   */
  | 'step'
  /** 事件推送 (issue 24): a subscription to county A's events and one of its deliveries; system administration, ADMIN only. */
  | 'webhook' | 'webhookDelivery';

/**
 * Who may read a kind of record, by relation to the org that owns it (the route's role policy
 * applies first). 'self': only the person who made it. 'public': anyone. 'task': the org, by the
 * roles the step is for (or who claimed it).
 */
const READ: Record<Kind, readonly Relation[] | 'self' | 'public' | 'task'> = {
  case: ['own', 'parentCity'], document: ['own', 'parentCity'], record: ['own', 'parentCity'], referral: ['own', 'parentCity'],
  reconsideration: ['own', 'parentCity'], transfer: ['own', 'parentCity'], plan: ['own', 'parentCity'], inspection: ['own', 'parentCity'],
  enterprise: ['own', 'parentCity'], interference: ['own', 'parentCity'], caseReview: ['own', 'parentCity'], reviewDraw: ['own', 'parentCity'],
  // 委托执法: the township acts in the county's name under the delegation, and sees it and its matters (CF 20; delegation-rules.ts).
  delegation: ['own', 'parentCity', 'township'], matter: ['own', 'parentCity', 'township'],
  task: 'task', queueView: 'self', draw: 'public', verification: 'public', apiClient: ['own'],
  // A campaign is seen by the organising bureau's tree and by the orgs it is shared to (api/services/campaigns.ts).
  campaign: ['own', 'parentCity', 'township'],
  // The cross draw is the city's record: its counties see the inspections it started, not the draw (api/services/cross-inspections.ts).
  crossDraw: ['parentCity'],
  // The findings go to the competent county (A); the team's county (B, the sibling) and the city follow them.
  crossFinding: ['own', 'sibling', 'parentCity'],
  // As the case page's recording panel shows the case's open steps to the case's unit (api/services/recordings.ts).
  step: ['own'],
  webhook: ['own'], webhookDelivery: ['own'],
};

/**
 * Every route: `id` names the kind its `:id` (and `:recordId`) address; `list` the kinds whose
 * rows a list may carry (with its own relations where the list is narrower than reads by id);
 * `none` why the route reads or writes nothing of an org's records.
 */
type Spec = { id: Kind; recordId?: Kind } | { list: Kind[]; rel?: readonly Relation[]; query?: string; org?: 'id' | 'name' } | { none: string };
const ROUTES: Record<string, Spec> = {
  'GET /api/health': { none: 'liveness' },
  'POST /api/login': { none: 'signs in' },
  'POST /api/logout': { none: 'signs out the caller' },
  'POST /api/password': { none: "changes the caller's own password" },
  'GET /api/me': { none: "the caller's own identity" },
  'GET /api/tasks': { list: ['task'], query: '?pageSize=200' },
  'GET /api/tasks/:id': { id: 'task' },
  'POST /api/tasks/:id/claim': { id: 'task' },
  'POST /api/tasks/:id/unclaim': { id: 'task' },
  'POST /api/tasks/:id/complete': { id: 'task' },
  'POST /api/tasks/:id/reassign': { id: 'task' },
  'POST /api/cases': { none: 'registers a case in the caller\'s own org' },
  'POST /api/cases/summary': { none: 'a 当场处罚 in the caller\'s own org (or its delegating county)' },
  'GET /api/cases': { list: ['case'], query: '?pageSize=200' },
  'GET /api/cases/:id': { id: 'case' },
  // No step of the fixture is near its limit: the list is checked for other orgs' text only.
  'GET /api/supervision/deadlines': { list: [] },
  'GET /api/catalog': { none: 'the enforcement catalog (reference data)' },
  'GET /api/enterprises': { list: ['enterprise'], rel: ['own'] },
  'GET /api/roles': { none: 'role labels' },
  'GET /api/cases/:id/state': { id: 'case' },
  'POST /api/cases/:id/clock/pause': { id: 'case' },
  'POST /api/cases/:id/clock/resume': { id: 'case' },
  'POST /api/cases/:id/extension': { id: 'case' },
  'POST /api/cases/:id/preservations': { id: 'case' },
  'POST /api/cases/:id/lawsuits': { id: 'case' },
  'POST /api/cases/:id/deferral': { id: 'case' },
  'POST /api/cases/:id/jurisdiction': { id: 'case' },
  'POST /api/cases/:id/jurisdiction-request': { id: 'case' },
  'POST /api/payments': { none: 'the payment channel (its own token), by decision number' },
  'GET /api/documents/:id': { id: 'document' },
  'POST /api/cases/:id/evidence': { id: 'case' },
  'POST /api/tasks/:id/recording-exemption': { id: 'step' },
  'POST /api/tasks/:id/recording-exemption/approve': { id: 'step' },
  'POST /api/cases/:id/records': { id: 'case' },
  'POST /api/cases/:id/records/:recordId': { id: 'case', recordId: 'record' },
  'GET /api/cases/:id/records': { id: 'case' },
  'GET /api/cases/:id/records/:recordId': { id: 'case', recordId: 'record' },
  'GET /api/public/disclosures': { list: [], rel: [] },
  'GET /api/public/catalog': { list: [], rel: [] },
  'POST /api/admin/holiday-years': { none: 'the holiday calendar (reference data)' },
  'GET /api/admin/holiday-years': { none: 'the holiday calendar (reference data)' },
  'GET /api/admin/holiday-years/:year/recompute': { none: "progress of a holiday year's recomputation (counts only, no record)" },
  // 接入系统 (issue 24): the system administrator's registry of partner systems, no org's case records.
  'POST /oauth/token': { none: 'a partner system trades its client credentials for a token' },
  'GET /api/admin/api-clients': { none: 'the registry of partner systems (system administration)' },
  'POST /api/admin/api-clients': { none: 'registers a partner system (system administration)' },
  'POST /api/admin/api-clients/:id/rotate': { id: 'apiClient' },
  'POST /api/admin/api-clients/:id/revoke': { id: 'apiClient' },
  'POST /api/referrals': { none: 'drafts a referral from the caller\'s own org' },
  'GET /api/referrals': { list: ['referral'] },
  'GET /api/referrals/suggest': { none: 'suggests a department for an industry' },
  'GET /api/referrals/:id': { id: 'referral' },
  'POST /api/referrals/:id/approval': { id: 'referral' },
  'POST /api/referrals/:id/sign': { id: 'referral' },
  'POST /api/referrals/:id/refuse': { id: 'referral' },
  'POST /api/referrals/:id/report': { id: 'referral' },
  'POST /api/referrals/:id/ruling': { id: 'referral' },
  'POST /api/referrals/:id/acceptance': { id: 'referral' },
  'POST /api/reconsiderations': { none: 'an application against a decision (the case is checked by id)' },
  'GET /api/reconsiderations': { list: ['reconsideration'] },
  'GET /api/reconsiderations/:id': { id: 'reconsideration' },
  'POST /api/reconsiderations/:id/forward': { id: 'reconsideration' },
  'POST /api/reconsiderations/:id/review': { id: 'reconsideration' },
  'POST /api/reconsiderations/:id/correction': { id: 'reconsideration' },
  'POST /api/reconsiderations/:id/answer': { id: 'reconsideration' },
  'POST /api/reconsiderations/:id/decision': { id: 'reconsideration' },
  'POST /api/reconsiderations/:id/litigation': { id: 'reconsideration' },
  'POST /api/reconsiderations/:id/lawsuit': { id: 'reconsideration' },
  'POST /api/reconsiderations/:id/redecision': { id: 'reconsideration' },
  'GET /api/transfers/categories': { none: 'crime categories (reference data)' },
  'POST /api/transfers': { none: 'a transfer from the caller\'s own org' },
  'POST /api/cases/:id/transfer': { id: 'case' },
  'POST /api/cases/:id/harm': { id: 'case' },
  'GET /api/transfers': { list: ['transfer'] },
  'GET /api/transfers/:id': { id: 'transfer' },
  'POST /api/transfers/:id/approval': { id: 'transfer' },
  'POST /api/transfers/:id/delivery': { id: 'transfer' },
  'POST /api/transfers/:id/receipt': { id: 'transfer' },
  'POST /api/transfers/:id/decision': { id: 'transfer' },
  'POST /api/transfers/:id/reconsideration-request': { id: 'transfer' },
  'POST /api/transfers/:id/reconsideration': { id: 'transfer' },
  'POST /api/transfers/:id/supervision-request': { id: 'transfer' },
  'POST /api/transfers/:id/supervision': { id: 'transfer' },
  'POST /api/transfers/:id/materials': { id: 'transfer' },
  'POST /api/transfers/:id/result': { id: 'transfer' },
  'POST /api/transfers/:id/opinions': { id: 'transfer' },
  'POST /api/transfers/:id/opinion-response': { id: 'transfer' },
  'POST /api/plans': { none: 'drafts the caller\'s own org\'s plan' },
  'GET /api/plans': { list: ['plan'] },
  'GET /api/plans/:id': { id: 'plan' },
  'POST /api/plans/:id/approval': { id: 'plan' },
  'GET /api/public/plans': { list: ['plan'], rel: [] },
  // The plan in the fixture is not published: the public route must not show it to anyone.
  'GET /api/public/plans/:id': { id: 'plan' },
  'GET /api/public/draws/:id': { id: 'draw' },
  'GET /api/public/verify/:id': { id: 'verification' },
  'POST /api/draws': { none: 'draws among the caller\'s own org\'s enterprises' },
  'GET /api/inspections': { list: ['inspection'] },
  'GET /api/inspections/:id': { id: 'inspection' },
  'POST /api/inspections/:id/record': { id: 'inspection' },
  'POST /api/inspections': { none: "starts an inspection of an enterprise the caller's org supervises (refused otherwise)" },
  'POST /api/inspections/:id/joint-signature': { id: 'inspection' },
  'POST /api/inspections/:id/extension-request': { id: 'inspection' },
  'POST /api/inspections/:id/extension-answer': { id: 'inspection' },
  'POST /api/inspections/:id/reinspection-request': { id: 'inspection' },
  'POST /api/inspections/:id/reinspection': { id: 'inspection' },
  'POST /api/inspections/:id/resumption': { id: 'inspection' },
  'GET /api/enterprises/:id/credit': { id: 'enterprise' },
  'POST /api/enterprises/:id/credit': { id: 'enterprise' },
  'GET /api/conflicts': { list: [], rel: ['own'] },
  'POST /api/conflicts': { none: 'records a conflict of interest in the caller\'s own org (officer and enterprise checked)' },
  'POST /api/delegations': { none: 'drafts a delegation from the caller\'s own county' },
  'GET /api/delegations': { list: ['delegation'] },
  'GET /api/delegations/:id': { id: 'delegation' },
  'POST /api/delegations/:id/review': { id: 'delegation' },
  'POST /api/delegations/:id/sign': { id: 'delegation' },
  'POST /api/delegations/:id/revoke': { id: 'delegation' },
  'POST /api/delegations/:id/renew': { id: 'delegation' },
  'POST /api/delegated-matters': { none: 'routes a matter to a township of the caller\'s own county' },
  'GET /api/delegated-matters': { list: ['matter'] },
  'GET /api/delegated-matters/:id': { id: 'matter' },
  'POST /api/delegated-matters/:id/summary': { id: 'matter' },
  'POST /api/delegated-matters/:id/close': { id: 'matter' },
  'POST /api/delegated-matters/:id/recall': { id: 'matter' },
  // The delegation in force is published (CF 20 ③ 委托书 公告): everyone sees it there.
  'GET /api/public/delegations': { list: ['delegation'], rel: ['own', 'sibling', 'parentCity', 'otherCity', 'township'] },
  'GET /api/dashboard': { list: [], org: 'id' },
  'GET /api/dashboard/cases': { list: ['case'] },
  'GET /api/dashboard/export': { list: [], query: '?format=csv&table=openCases', org: 'name' },
  'GET /api/workforce': { list: [], org: 'id' },
  'GET /api/workforce/trainings': { list: [] },
  'POST /api/workforce/trainings': { none: 'records a training of a person the caller oversees (checked against the org tree)' },
  'GET /api/audit/verify': { none: 'verifies the hash chains (no record content)' },
  'POST /api/case-reviews/cycle': { none: 'starts the caller\'s own city\'s review cycle' },
  'GET /api/case-reviews/cycle': { none: 'the caller\'s own city\'s review cycle' },
  'GET /api/case-reviews': { list: ['caseReview'] },
  'GET /api/case-reviews/report': { list: [], org: 'id' },
  'GET /api/case-reviews/draws/:id': { id: 'reviewDraw' },
  'GET /api/case-reviews/:id': { id: 'caseReview' },
  'POST /api/case-reviews/:id/review': { id: 'caseReview' },
  'POST /api/case-reviews/:id/correction': { id: 'caseReview' },
  'POST /api/interference-records': { none: 'records interference on a case the caller can see (checked by case id)' },
  'GET /api/interference-records': { list: ['interference'] },
  'GET /api/interference-records/:id': { id: 'interference' },
  'GET /api/escalations': { list: [] },
  'GET /api/queue-counts': { none: "the caller's own queue counts" },
  'GET /api/queue-views': { list: ['queueView'] },
  'POST /api/queue-views': { none: 'saves a view of the caller\'s own' },
  'GET /api/queue-views/:id': { id: 'queueView' },
  'PUT /api/queue-views/:id': { id: 'queueView' },
  'POST /api/admin/webhooks': { none: 'subscribes a partner URL to an org\'s events (system administration)' },
  'GET /api/admin/webhooks': { none: 'the registry of subscriptions (system administration)' },
  'GET /api/admin/webhooks/:id/deliveries': { id: 'webhook' },
  'POST /api/admin/webhook-deliveries/:id/redeliver': { id: 'webhookDelivery' },
  // The feed is of the caller's own org (api/services/events.ts feedOrg): checked for other orgs' text only.
  'GET /api/events': { list: [] },
  'POST /api/campaigns': { none: 'drafts a campaign of the caller\'s own bureau for the orgs under it (checked against the org tree)' },
  'GET /api/campaigns': { list: ['campaign'] },
  'GET /api/campaigns/:id': { id: 'campaign' },
  'POST /api/campaigns/:id/approval': { id: 'campaign' },
  'POST /api/campaigns/:id/inspections': { id: 'campaign' },
  'POST /api/cross-draws': { none: 'draws among the caller\'s own city\'s counties (checked against the org tree)' },
  'GET /api/cross-draws/:id': { id: 'crossDraw' },
  'GET /api/cross-inspections': { list: ['crossFinding'] },
  'GET /api/cross-findings/:id': { id: 'crossFinding' },
  'POST /api/cross-findings/:id/handling': { id: 'crossFinding' },
  'POST /api/cross-findings/:id/closure': { id: 'crossFinding' },
  'DELETE /api/queue-views/:id': { id: 'queueView' },
};

/** The server-rendered pages that address a record by id (GET): the record each `:param` names. */
const PAGES: Record<string, Partial<Record<string, Kind | 'evidence' | 'sha256'>>> = {
  '/cases/:id': { id: 'case' }, '/cases/:id/evidence/new': { id: 'case' }, '/cases/:id/records/new': { id: 'case' },
  '/cases/:id/jurisdiction': { id: 'case' }, '/cases/:id/jurisdiction-request': { id: 'case' },
  '/cases/:id/records/:recordId/edit': { id: 'case', recordId: 'record' }, '/documents/:id': { id: 'document' }, '/api/documents/:id': { id: 'document' },
  '/documents/:id/pdf': { id: 'document' }, '/verify/:id': { id: 'verification' }, '/api/public/verify/:id': { id: 'verification' },
  '/evidence/:id': { id: 'evidence' }, '/tasks/:id': { id: 'task' }, '/tasks/:id/reassign': { id: 'task' },
  '/case-reviews/:id': { id: 'caseReview' }, '/delegated-matters/:id': { id: 'matter' }, '/delegations/:id': { id: 'delegation' },
  '/delegations/:id/renew': { id: 'delegation' }, '/enterprises/:id': { id: 'enterprise' }, '/enterprises/:id/credit': { id: 'enterprise' },
  '/inspections/:id': { id: 'inspection' }, '/inspections/:id/extension-request': { id: 'inspection' }, '/inspections/:id/reinspection-request': { id: 'inspection' },
  '/plans/:id': { id: 'plan' }, '/public/plans/:id': { id: 'plan' }, '/public/draws/:id': { id: 'draw' }, '/reconsiderations/:id': { id: 'reconsideration' },
  '/referrals/:id': { id: 'referral' }, '/referrals/:id/attachments/:sha256': { id: 'referral', sha256: 'sha256' }, '/transfers/:id': { id: 'transfer' },
  '/tasks/:id/recording-exemption': { id: 'step' }, '/tasks/:id/recording-exemption/approve': { id: 'step' }, '/cases/:id/evidence/export': { id: 'case' },
  '/inspections/:id/record': { id: 'inspection' }, '/campaigns/:id': { id: 'campaign' },
  '/admin/webhooks/:id': { id: 'webhook' },
};

// Who looks: key → relation to county A. 玉溪 (seeded) is another city to P as well.
const VIEWERS: { key: string; rel: Relation; username: string }[] = [
  ...(['a.handler1', 'a.assistant', 'a.supervisor', 'a.head', 'a.legal'] as const).map((k) => ({ key: k, rel: 'own' as const, username: W.username(k) })),
  { key: 'a1.officer1', rel: 'township', username: W.username('a1.officer1') },
  ...(['b.handler', 'b.supervisor', 'b.head', 'b.legal', 'b.assistant'] as const).map((k) => ({ key: k, rel: 'sibling' as const, username: W.username(k) })),
  ...(['p.city', 'p.discipline'] as const).map((k) => ({ key: k, rel: 'parentCity' as const, username: W.username(k) })),
  ...(['q.city', 'q.discipline', 'c.handler', 'c.head', 'c1.officer'] as const).map((k) => ({ key: k, rel: 'otherCity' as const, username: W.username(k) })),
  { key: 'yx.city', rel: 'otherCity', username: 'city.supervisor' },
  { key: 'yx.discipline', rel: 'otherCity', username: 'city.discipline' },
  { key: 'yx.handler', rel: 'otherCity', username: 'hongta.handler1' },
];
const rolesOf = (key: string): Role[] =>
  (W.people[key]?.roles ?? { 'yx.city': ['CITY_SUPERVISOR'], 'yx.discipline': ['DISCIPLINE'], 'yx.handler': ['HANDLER'] }[key] ?? []) as Role[];
const roleAllows = (access: Access, key: string) => access === 'public' || access === 'authenticated' || rolesOf(key).some((r) => access.includes(r));

let sys: System;
const api = new Map<string, Api>();
const as = (key: string) => api.get(key)!;
const RECORDS = {} as Record<Kind, string>;
/** Text of the fixture's records that no public route may carry (none of them is published). */
const secrets: string[] = [];
let task: { id: string; orgId: string; candidateRoles: string[]; claimedById: string | null };
let evidenceId: string;

const idOf = (r: { status: number; body: unknown }, what: string, pick: (b: any) => string | undefined) => {
  const id = pick(r.body);
  if (!id) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return id;
};
const openTask = (api: Api, path: string, kind: string) =>
  eventually(async () => ((await api.get(path)).body?.tasks as { id: string; kind: string; status: string }[] | undefined)?.find((t) => t.kind === kind && t.status === 'OPEN'), 60_000);

beforeAll(async () => {
  sys = await startSystem();
  await W.create(sys.prisma);
  await Promise.all(VIEWERS.map(async (v) => api.set(v.key, await apiAs(sys.baseUrl, v.username))));
  api.set('a.handler2', await apiAs(sys.baseUrl, W.username('a.handler2')));
  const h1 = as('a.handler1');
  const today = shanghaiDate(new Date());

  // A case in A, filed, waiting at 调查取证.
  const party = `甲县测试化工有限公司-${W.tag}`;
  secrets.push(party);
  RECORDS.case = idOf(await h1.post('/api/cases', leadBody({ party: { ...leadBody().party, name: party } })), 'case', (b) => b.caseId);
  const filing = await openTask(as('a.supervisor'), `/api/cases/${RECORDS.case}`, 'FILING_APPROVAL');
  expect((await as('a.supervisor').post(`/api/tasks/${filing.id}/complete`, { outcome: 'APPROVE', data: { comment: '同意立案' } })).status).toBe(200);
  await openTask(h1, `/api/cases/${RECORDS.case}`, 'INVESTIGATION');
  task = await sys.prisma.task.findFirstOrThrow({ where: { caseId: RECORDS.case, kind: 'INVESTIGATION', status: 'OPEN' } });
  RECORDS.task = task.id;
  RECORDS.step = task.id;

  const [rec, ev, tr, itf, ref, del, drawn, plan, view, campaign] = await Promise.all([
    h1.post(`/api/cases/${RECORDS.case}/records`, { kind: 'INTERVIEW_RECORD', data: interviewRecord(W.userId('a.handler1'), W.userId('a.handler2')) }),
    tusUpload(sys.baseUrl, h1.token, makePng(), { filename: '现场.png' })
      .then((up) => h1.post(`/api/cases/${RECORDS.case}/evidence`, { kind: 'PHOTO', description: '储罐区现场照片，未设置安全警示标志', uploadId: up.id, capturedAt: new Date(Date.now() - HOUR).toISOString() })),
    h1.post(`/api/cases/${RECORDS.case}/transfer`, {
      category: 'MAJOR_LIABILITY_ACCIDENT', harm: { deaths: 1, seriousInjuries: 0, directLossFen: 150_000_000, refusedStopOrder: false },
      facts: '储罐区违章动火作业引发爆炸，造成1人死亡，直接经济损失150万元。', report: '专案组认为当事人涉嫌重大责任事故罪，应当移送公安机关。',
      officerIds: [W.userId('a.handler1'), W.userId('a.handler2')],
    }),
    h1.post('/api/interference-records', {
      caseId: RECORDS.case, officialName: '某某', officialPosition: '某镇党委副书记', occurredAt: new Date(Date.now() - HOUR).toISOString(), channel: 'PHONE',
      request: '打电话要求对该企业“从轻处理，罚款降到最低”，并询问承办人姓名。',
    }),
    h1.post('/api/referrals', { enterpriseId: W.enterprises[0]!, toOrgId: 'yx-dept-samr', hazard: `储氨器超期未检验-${W.tag}`, location: '甲县工业片区3号',
      evidence: [{ description: '现场照片', sha256: 'c'.repeat(64) }], reason: '压力容器定期检验属特种设备安全监管部门职责。' }),
    as('a.head').post('/api/delegations', { townshipOrgId: W.orgs.A1, itemCodes: ['AQ-099-1'], officerIds: [W.userId('a1.officer1'), W.userId('a1.officer2')],
      startDate: today, endDate: shanghaiDate(new Date(Date.now() + 60 * 86_400_000)), samplePercent: 50 }),
    as('a.supervisor').post('/api/draws', { count: 1 }),
    as('a.supervisor').post('/api/plans', { year: new Date().getFullYear() + 1, keyEnterprises: [{ enterpriseId: W.enterprises[1]!, perYear: 1 }], randomChecks: 1 }),
    h1.post('/api/queue-views', { name: `本周-${W.tag}`, filters: { due: '7d' } }),
    as('a.supervisor').post('/api/campaigns', { name: `加油站专项执法-${W.tag}`, legalBasis: '《中华人民共和国安全生产法》第六十五条', industries: ['危险化学品'],
      hazardTypes: ['安全警示标志'], startDate: today, endDate: shanghaiDate(new Date(Date.now() + 30 * 86_400_000)), shares: [{ orgId: W.orgs.A1, target: 1 }],
      checklist: [{ text: '安全警示标志设置情况', basis: '《中华人民共和国安全生产法》第三十五条' }] }),
  ]);
  RECORDS.campaign = idOf(campaign, 'campaign', (b) => b.id);
  RECORDS.record = idOf(rec, 'record', (b) => b.recordId);
  RECORDS.document = idOf(rec, 'record document', (b) => b.id); // the issued 询问笔录
  RECORDS.verification = RECORDS.document;
  evidenceId = idOf(ev, 'evidence', (b) => b.id);
  RECORDS.transfer = idOf(tr, 'transfer', (b) => b.transferId);
  RECORDS.interference = idOf(itf, 'interference', (b) => b.id);
  RECORDS.referral = idOf(ref, 'referral', (b) => b.id);
  secrets.push(`储氨器超期未检验-${W.tag}`);
  RECORDS.delegation = idOf(del, 'delegation', (b) => b.id);
  RECORDS.draw = idOf(drawn, 'draw', (b) => b.drawId);
  RECORDS.inspection = idOf(drawn, 'inspection', (b) => b.inspections?.[0]);
  RECORDS.plan = idOf(plan, 'plan', (b) => b.id);
  RECORDS.queueView = idOf(view, 'queue view', (b) => b.id);
  RECORDS.enterprise = W.enterprises[0]!;
  const admin = await sys.prisma.user.findFirstOrThrow({ where: { username: 'admin' } });
  RECORDS.apiClient = (await registerApiClient(sys.prisma, { userId: admin.id, name: admin.displayName, orgId: admin.orgId, roles: ['ADMIN'], certified: false },
    // Partner systems belong to departments, police and procuratorates, never to a county bureau; only ADMIN reaches them.
    { orgId: 'yx-dept-samr', name: `矩阵接入系统-${W.tag}`, scopes: ['referrals:read'] })).clientId;

  // An event of A's (the referral sent, as its transition appends it: store/outbox.ts), then a subscription to A's events
  // from the next one on (store/webhooks.ts) and a dead delivery of that event written as the dispatcher writes it
  // (activities/webhooks.ts): no receiver is called during the test.
  const eventKey = `matrix-${W.tag}`;
  await sys.prisma.$transaction((tx) => appendEvents(tx, eventKey, [{ actorKind: 'USER', actorId: W.userId('a.handler1'), action: 'referral.sent',
    subjectType: 'Referral', subjectId: RECORDS.referral, orgId: W.orgs.A }]));
  const event = await sys.prisma.outboxEvent.findUniqueOrThrow({ where: { id: eventId(eventKey, 'referral.sent', W.orgs.A, 0) } });
  const subscription = (await subscribe(sys.prisma, { orgId: W.orgs.A, url: `http://127.0.0.1:9/matrix-${W.tag}`, eventTypes: ['decision.served'], createdById: admin.id }, [], parseCodecKeys(inject('codecKeys')))).subscription;
  RECORDS.webhook = subscription.id;
  RECORDS.webhookDelivery = `${subscription.id}.${event.id}`;
  await sys.prisma.webhookDelivery.create({ data: { id: RECORDS.webhookDelivery, subscriptionId: subscription.id, eventId: event.id, status: 'DEAD', attempts: 1, lastError: 'ECONNREFUSED' } });

  // The delegation into force (法制审核, 局长签发), then a matter routed to the township under it.
  const dpath = `/api/delegations/${RECORDS.delegation}`;
  await openTask(as('a.legal'), dpath, 'DELEGATION_LEGAL_REVIEW');
  expect((await as('a.legal').post(`${dpath}/review`, { outcome: 'APPROVE', comment: '符合委托条件' })).status).toBe(200);
  await openTask(as('a.head'), dpath, 'DELEGATION_SIGNATURE');
  expect((await as('a.head').post(`${dpath}/sign`, { outcome: 'SIGN' })).status).toBe(200);
  await eventually(async () => (await as('a.head').get(dpath)).body?.status === 'IN_FORCE', 60_000);
  RECORDS.matter = idOf(await h1.post('/api/delegated-matters', { townshipOrgId: W.orgs.A1, itemCode: 'AQ-099-1', partyName: `甲镇某店-${W.tag}`, location: '甲镇', facts: '安全警示标志设置情况核查' }),
    'matter', (b) => b.id);
  await eventually(() => sys.prisma.delegatedMatter.findUnique({ where: { id: RECORDS.matter } }));
  await eventually(() => sys.prisma.inspectionPlan.findUnique({ where: { id: RECORDS.plan } }));
  await eventually(() => sys.prisma.campaign.findUnique({ where: { id: RECORDS.campaign } }));

  // 交叉执法: the city draws B's team for A's enterprises (after the 双随机 draw above, so the pools do not race).
  const cross = await as('p.city').post('/api/cross-draws', { countyIds: [W.orgs.A, W.orgs.B], perCounty: 1 });
  RECORDS.crossDraw = idOf(cross, 'cross draw', (b) => b.drawId);
  const check = (cross.body.checks as { enterpriseId: string; teamOrgId: string; homeOrgId: string; officerIds: string[] }[])[0]!;
  expect([check.homeOrgId, check.teamOrgId]).toEqual([W.orgs.A, W.orgs.B]);
  RECORDS.crossFinding = idOf(cross, 'cross inspection', (b) => b.inspections?.[0]);

  // Read-model rows of procedures that take statutory months to reach through the API (a decided
  // case for 行政复议, a closed one for 案卷抽查): written as their activities write them.
  RECORDS.reconsideration = randomUUID();
  RECORDS.reviewDraw = randomUUID();
  RECORDS.caseReview = randomUUID();
  await sys.prisma.reconsideration.create({ data: {
    id: RECORDS.reconsideration, caseId: RECORDS.case, organId: 'yx-hongta-gov', respondentOrgId: W.orgs.A, decisionNumber: `甲县${W.tag}罚〔2026〕1号`,
    applicantName: party, via: 'ORGAN', status: 'REVIEW', receivedAt: new Date(),
  } });
  // The inspection's findings handed to A, as recordCrossFinding (activities/cross-findings.ts) writes them once the record is made.
  await sys.prisma.crossFinding.create({ data: {
    id: RECORDS.crossFinding, inspectionId: RECORDS.crossFinding, homeOrgId: W.orgs.A, teamOrgId: W.orgs.B, officerIds: check.officerIds,
    enterpriseId: check.enterpriseId, recordNumber: null, status: 'OPEN', data: { actions: [], events: [] },
  } });
  await sys.prisma.caseReviewDraw.create({ data: {
    id: RECORDS.reviewDraw, cityOrgId: W.orgs.P, countyOrgId: W.orgs.A, period: '2026Q4', periodFrom: new Date('2026-10-01'), periodTo: new Date('2027-01-01'),
    seed: 'seed', population: [RECORDS.case], sampleSize: 1, chosen: [RECORDS.case], policy: {}, workflowId: `review-${RECORDS.reviewDraw}`,
  } });
  await sys.prisma.caseReview.create({ data: {
    id: RECORDS.caseReview, drawId: RECORDS.reviewDraw, caseId: RECORDS.case, orgId: W.orgs.A, cityOrgId: W.orgs.P, period: '2026Q4',
    officerIds: [W.userId('a.handler1')], status: 'AWAITING_REVIEW', failedItems: [],
  } });
}, 600_000);
afterAll(async () => sys?.stop());

const routes = apiRouteTable({} as AppDeps);
const key = (r: { method: string; path: string }) => `${r.method.toUpperCase()} ${r.path}`;

function mayRead(kind: Kind, v: { key: string; rel: Relation }): boolean {
  const p = READ[kind];
  if (p === 'public') return true;
  if (p === 'self') return v.key === 'a.handler1';
  if (p === 'task') return v.rel === 'own' && (rolesOf(v.key).some((r) => task.candidateRoles.includes(r)) || task.claimedById === W.userId(v.key));
  return p.includes(v.rel);
}

const call = async (method: string, path: string, who?: string) => {
  const v = who ? as(who) : undefined;
  const res = await fetch(sys.baseUrl + path, {
    method, redirect: 'manual', headers: { 'content-type': 'application/json', ...(v ? { authorization: `Bearer ${v.token}` } : {}) },
    body: method === 'GET' || method === 'DELETE' ? undefined : '{}',
  });
  const text = await res.text();
  return { status: res.status, text };
};
const fill = (path: string, spec: { id: Kind; recordId?: Kind }, ids: (k: Kind) => string) =>
  path.replace(':id', encodeURIComponent(ids(spec.id))).replace(':recordId', encodeURIComponent(ids(spec.recordId ?? spec.id)));

describe('the org tree decides who sees what', () => {
  it('gives a city supervisor their own city\'s subtree only, a county head their county and townships, and a county officer their own org', async () => {
    const as = (orgId: string, roles: Role[]) => ({ userId: 'u', name: 'n', orgId, roles, certified: true });
    expect((await orgSubtree(sys.prisma, W.orgs.P)).sort()).toEqual([W.orgs.P, W.orgs.A, W.orgs.A1, W.orgs.B].sort());
    expect(await visibleOrgIds(sys.prisma, as(W.orgs.Q, ['CITY_SUPERVISOR']))).toEqual(expect.arrayContaining([W.orgs.Q, W.orgs.C, W.orgs.C1]));
    expect(await visibleOrgIds(sys.prisma, as(W.orgs.Q, ['CITY_SUPERVISOR']))).not.toContain(W.orgs.A);
    expect(await visibleOrgIds(sys.prisma, as(W.orgs.A, ['HEAD']))).toEqual([W.orgs.A]);
    expect((await overseenOrgIds(sys.prisma, as(W.orgs.A, ['HEAD']))).sort()).toEqual([W.orgs.A, W.orgs.A1].sort());
    expect(await overseenOrgIds(sys.prisma, as(W.orgs.A, ['HANDLER', 'LEGAL_REVIEWER']))).toEqual([]);
    // 玉溪 as seeded: 1 city bureau, 9 counties, 23 townships, 1 zone — and no police, procuratorate, government, court or department.
    // Other test files add counties of their own under the city at the same time (test/support/own-county.ts, region 530499).
    const theirs = new Set((await sys.prisma.org.findMany({ where: { regionCode: '530499' }, select: { id: true } })).map((o) => o.id));
    const yuxi = (await visibleOrgIds(sys.prisma, as('yx-city', ['CITY_SUPERVISOR']))).filter((id) => !theirs.has(id));
    expect(yuxi).toHaveLength(1 + 9 + 23 + 1);
    expect(yuxi.some((id) => /psb|procuratorate|gov|court|dept|wso|^sc-/.test(id))).toBe(false);
  });
});

describe('access matrix on real rows', () => {
  it('declares a policy for every route of the route table, and only for routes that exist', () => {
    expect(routes.map(key).filter((k) => !ROUTES[k]), 'routes without a declared policy (add them to ROUTES)').toEqual([]);
    expect(Object.keys(ROUTES).filter((k) => !routes.some((r) => key(r) === k)), 'policies of routes that no longer exist').toEqual([]);
    for (const r of routes) {
      const s = ROUTES[key(r)];
      // A year is not a record; every other path parameter addresses one.
      if (s && r.path.replace(':year', '').includes(':')) expect('id' in s, `${key(r)} addresses a record: declare its kind`).toBe(true);
    }
    expect(Object.keys(READ).sort()).toEqual(Object.keys(RECORDS).sort());
  });

  const byId = routes.filter((r) => { const s = ROUTES[key(r)]; return s && 'id' in s; });
  it.each(byId.map((r) => [key(r), r] as const))('%s', async (_k, r) => {
    const spec = ROUTES[key(r)] as { id: Kind; recordId?: Kind };
    const real = fill(r.path, spec, (k) => RECORDS[k]);
    const ghost = fill(r.path, spec, () => randomUUID());
    const method = r.method.toUpperCase();
    const anon = await call(method, real);
    if (r.access === 'public') expect(anon.status, 'anonymous').toBe(READ[spec.id] === 'public' ? 200 : 404);
    else expect(anon.status, 'anonymous').toBe(401);
    const kinds = [spec.id, ...(spec.recordId ? [spec.recordId] : [])];
    const failures: string[] = [];
    await Promise.all(VIEWERS.map(async (v) => {
      // A public route shows only what was published: the fixture's plan never is.
      const sees = r.access === 'public' ? READ[spec.id] === 'public' : kinds.every((k) => mayRead(k, v));
      // Writes are sent only where they must be refused: the fixture's records stay as they are.
      if (method !== 'GET' && sees && roleAllows(r.access, v.key)) return;
      const got = await call(method, real, v.key);
      if (got.status >= 500) failures.push(`${v.key}: ${got.status}`);
      if (!roleAllows(r.access, v.key)) {
        if (got.status !== 403) failures.push(`${v.key} (${v.rel}) has no role for it: ${got.status}, expected 403`);
        return;
      }
      if (method === 'GET') {
        if (sees && got.status !== 200) failures.push(`${v.key} (${v.rel}) may read it: ${got.status} ${got.text.slice(0, 120)}`);
        if (!sees && got.status !== 404) failures.push(`${v.key} (${v.rel}) may not read it: ${got.status}, expected 404`);
      } else if (!sees) {
        // Answered word for word as a write to a record that does not exist, and never done.
        const none = await call(method, ghost, v.key);
        if (got.status !== none.status || got.text !== none.text) failures.push(`${v.key} (${v.rel}) writes to another org's record: ${got.status} ${got.text.slice(0, 80)} vs ${none.status} ${none.text.slice(0, 80)} for none`);
        // Deleting a view that is not one's own deletes nothing and says so as for none (api/services/queue-views.ts).
        const kept = spec.id === 'queueView' ? !!(await sys.prisma.queueView.findUnique({ where: { id: RECORDS.queueView } })) : got.status >= 300;
        if (!kept) failures.push(`${v.key} (${v.rel}) wrote to another org's record: ${got.status}`);
      }
    }));
    expect(failures.join('\n')).toBe('');
  });

  const lists = routes.filter((r) => { const s = ROUTES[key(r)]; return s && 'list' in s; });
  it.each(lists.map((r) => [key(r), r] as const))('%s carries only the rows the caller may see', async (_k, r) => {
    const spec = ROUTES[key(r)] as { list: Kind[]; rel?: readonly Relation[]; query?: string; org?: 'id' | 'name' };
    const a = await sys.prisma.org.findUniqueOrThrow({ where: { id: W.orgs.A } });
    const named = (text: string) => (spec.org === 'id' ? text.includes(W.orgs.A) : text.includes(a.name) || text.includes(a.shortName));
    const path = r.path + (spec.query ?? '');
    const anon = await call('GET', path);
    if (r.access !== 'public') expect(anon.status, 'anonymous').toBe(401);
    const failures: string[] = [];
    await Promise.all([{ key: '', rel: 'anonymous' as const }, ...VIEWERS].map(async (v) => {
      if (!v.key && r.access !== 'public') return;
      const got = await call('GET', path, v.key || undefined);
      if (got.status >= 500) failures.push(`${v.key}: ${got.status}`);
      if (v.key && !roleAllows(r.access, v.key)) {
        if (got.status !== 403) failures.push(`${v.key} has no role for it: ${got.status}`);
        return;
      }
      if (got.status !== 200) { failures.push(`${v.key || 'anonymous'}: ${got.status} ${got.text.slice(0, 120)}`); return; }
      for (const k of spec.list) {
        const id = RECORDS[k];
        const may = v.key ? (spec.rel ? spec.rel.includes(v.rel as Relation) : mayRead(k, v as { key: string; rel: Relation })) : !!spec.rel && spec.rel.length === 5;
        if (may !== got.text.includes(id)) failures.push(`${v.key || 'anonymous'} (${v.rel}) ${may ? 'misses' : 'sees'} ${k} ${id}`);
      }
      if (spec.org && v.key) {
        const may = (spec.rel ?? ['own', 'parentCity']).includes(v.rel as Relation);
        if (may !== named(got.text)) failures.push(`${v.key} (${v.rel}) ${may ? 'misses' : 'sees'} county A`);
      }
      // Whatever a list is about, another org's unpublished text is never in it.
      if (v.rel !== 'own' && v.rel !== 'parentCity') for (const s of secrets) if (got.text.includes(s)) failures.push(`${v.key || 'anonymous'} (${v.rel}) reads "${s}"`);
    }));
    expect(failures.join('\n')).toBe('');
  });

  const pageGets = (pageRouters({} as AppDeps, routes, {} as Parameters<typeof pageRouters>[2]) as Router[]).flatMap((router) =>
    (router.stack as unknown as { route?: { path: string; methods: Record<string, boolean> } }[])
      .filter((l) => l.route?.methods.get && l.route.path.includes(':')).map((l) => l.route!.path));
  it('declares the record of every page that addresses one by id', () => {
    expect([...new Set(pageGets)].filter((p) => !PAGES[p]), 'pages without a declared record (add them to PAGES)').toEqual([]);
  });

  it.each(Object.keys(PAGES))('page %s shows another org\'s record to nobody, and answers for it as for none', async (path) => {
    const params = PAGES[path]!;
    const ghosts = new Map<string, string>();
    const url = (real: boolean) => path.replace(/:(\w+)/g, (_m, p: string) => {
      const k = params[p]!;
      if (k === 'sha256') return 'c'.repeat(64);
      const id = k === 'evidence' ? evidenceId : RECORDS[k];
      if (real) return id;
      if (!ghosts.has(id)) ghosts.set(id, randomUUID());
      return ghosts.get(id)!;
    });
    // A form page that never reads the record (api/action-pages.ts) answers alike for any id: the same page, the id aside.
    // (and its CSRF token and idempotency key, new on every request).
    const noToken = (t: string) => t.replace(/(name="(?:_csrf|idempotencyKey)" value=")[^"]*"/g, '$1"');
    const alike = (a: string, b: string) => noToken([...ghosts].reduce((t, [id, ghost]) => t.replaceAll(encodeURIComponent(id), ghost).replaceAll(id, ghost), a)) === noToken(b);
    const kinds = Object.values(params).filter((k): k is Kind => k !== 'sha256' && k !== 'evidence');
    const failures: string[] = [];
    await Promise.all(VIEWERS.map(async (v) => {
      const sees = path.startsWith('/public/') ? kinds.includes('draw') : (params.id === 'evidence' ? mayRead('case', v) : kinds.every((k) => mayRead(k, v)));
      if (sees) return;
      const [got, none] = await Promise.all([call('GET', url(true), v.key), call('GET', url(false), v.key)]);
      if (got.status !== none.status || (got.status === 200 && !alike(got.text, none.text))) {
        failures.push(`${v.key} (${v.rel}): ${got.status} for the record, ${none.status} for none`);
      }
      for (const s of secrets) if (got.text.includes(s)) failures.push(`${v.key} (${v.rel}) reads "${s}"`);
    }));
    // The case's own handler opens the case, its 询问笔录 and its evidence.
    if (['/cases/:id', '/documents/:id', '/evidence/:id'].includes(path)) expect((await call('GET', url(true), 'a.handler1')).status).toBe(200);
    expect(failures.join('\n')).toBe('');
  });

  it('serves an evidence file to its case\'s org and the city above it, and 404 to everyone else', async () => {
    const failures: string[] = [];
    expect((await call('GET', `/evidence/${evidenceId}`)).status, 'anonymous').not.toBe(200);
    await Promise.all(VIEWERS.map(async (v) => {
      const got = await call('GET', `/evidence/${evidenceId}`, v.key);
      const sees = mayRead('case', v);
      if (sees !== (got.status === 200)) failures.push(`${v.key} (${v.rel}): ${got.status}`);
      if (!sees && got.status !== 404) failures.push(`${v.key} (${v.rel}): ${got.status}, expected 404`);
    }));
    expect(failures.join('\n')).toBe('');
  });
});
