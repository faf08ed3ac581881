import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeadlineId } from '../../rules/deadlines.ts';
import type { Actor } from '../../workflows/messages.ts';
import { referralStateQuery, referralWorkflowId, type ReferralInput } from '../../workflows/referral-messages.ts';
import { people, taskActions } from '../support/case-driver.ts';
import { eventually } from '../support/system.ts';
import { recordHistory } from '../support/record-history.ts';
import { startTimeSkippingWithCalendar, type TimeSkippingWithCalendar } from '../support/workflow-env.ts';

// 移交有关部门 on the time-skipping server, real activities on the test database.
let t: TimeSkippingWithCalendar;
// A fresh time-skipping server per test: after a terminate() in one test, a long env.sleep in
// the next was seen to hang on a shared server.
beforeEach(async () => { t = await startTimeSkippingWithCalendar(); });
afterEach(async () => t?.stop());

const actor = (userId: string, orgId: string, roles: Actor['roles'], certified = false): Actor => ({ userId, name: userId, orgId, roles, certified });
const samr = actor('u-samr-receiver', 'yx-dept-samr', ['DEPT_RECEIVER']);
const housing = actor('u-housing-receiver', 'yx-dept-housing', ['DEPT_RECEIVER']);
const citySupervisor = actor('u-city-supervisor', 'yx-city', ['CITY_SUPERVISOR'], true);
const wso = actor('u-wso', 'yx-wso', ['HEAD'], false);

/** The next period runs on from the last day of the previous one (workflows/referral.ts). */
const next = (id: DeadlineId, previousDue: string) => t.due(id, new Date(Date.parse(previousDue) - 1).toISOString());
const iso = (d: Date | null | undefined) => d?.toISOString();

async function start(over: Partial<ReferralInput> = {}) {
  const referralId = randomUUID();
  const input: ReferralInput = {
    referralId, fromOrgId: 'yx-hongta', enterpriseId: 'ent-chengjiang-food', hazard: '冷库氨制冷机房内食品加工车间使用的压力容器（储氨器）超期未检验。',
    location: '澄江市右所镇工业片区3号', evidence: [{ description: '现场照片', sha256: 'a'.repeat(64) }],
    reason: '压力容器定期检验属特种设备安全监督管理部门职责（特种设备安全法）。', toOrgId: 'yx-dept-samr', urgent: false,
    draftedBy: people.handler1, ...over,
  };
  const wf = referralWorkflowId(referralId);
  const handle = await t.env.client.workflow.start('referralWorkflow', { args: [input], workflowId: wf, taskQueue: t.taskQueue });
  return { referralId, handle, d: driver(wf, referralId, handle) };
}

function driver(workflowId: string, referralId: string, handle: WorkflowHandle) {
  const openTask = (kind: string, orgId?: string) => eventually(() => t.prisma.task.findFirst({ where: { workflowId, kind, status: 'OPEN', ...(orgId ? { orgId } : {}) }, orderBy: { createdAt: 'desc' } }));
  const d = {
    openTask,
    now: async () => new Date(await t.env.currentTimeMs()).toISOString(),
    row: () => t.prisma.referral.findUniqueOrThrow({ where: { id: referralId } }),
    status: async (s: string) => eventually(async () => {
      const r = await t.prisma.referral.findUnique({ where: { id: referralId } });
      return r?.status === s && r;
    }, 60_000),
    audits: (action: string) => t.prisma.auditEvent.findMany({ where: { subjectType: 'Referral', subjectId: referralId, action }, orderBy: { id: 'asc' } }),
    ...taskActions(handle, openTask),
    /** Sleeps until one minute after `at`, in workflow time. */
    async passes(at: string) { await t.env.sleep(Date.parse(at) - Date.parse(await d.now()) + 60_000); },
  };
  return d;
}

describe('referral to another department (移交)', () => {
  it('approved, letter issued, signed in time, progress and result reported, accepted and closed', async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const { handle, d } = await start();
      expect((await d.status('AWAITING_APPROVAL')).toOrgId).toBe('yx-dept-samr');
      expect(await d.refused('REFERRAL_APPROVAL', people.handler1, 'APPROVE')).toMatch(/角色/);
      await d.complete('REFERRAL_APPROVAL', people.supervisor, 'APPROVE', { comment: '同意移交' });
      const sentAt = await d.now();
      const sent = await d.status('SENT');
      expect(sent.letterNumber).toMatch(/^红塔应急移交〔\d{4}〕\d+号$/);
      expect(iso(sent.signDueAt)).toBe(t.due('REFERRAL_SIGN', sentAt));
      const letter = await t.prisma.document.findUniqueOrThrow({ where: { number: sent.letterNumber! } });
      expect(letter.kind).toBe('REFERRAL_LETTER');
      expect(letter.html).toContain('玉溪市市场监督管理局');
      expect(letter.html).toContain('a'.repeat(64));
      expect(letter.sha256).toMatch(/^[0-9a-f]{64}$/);

      const sign = await d.openTask('REFERRAL_SIGN');
      expect(sign.orgId).toBe('yx-dept-samr');
      expect(iso(sign.dueAt)).toBe(t.due('REFERRAL_SIGN', sentAt));
      expect(await d.refused('REFERRAL_SIGN', housing, 'SIGN')).toMatch(/不属于/);
      expect(await d.refused('REFERRAL_SIGN', samr, 'REFUSE', { reason: '' })).toMatch(/理由/);
      await d.complete('REFERRAL_SIGN', samr, 'SIGN', { comment: '已签收' });
      const signedAt = await d.now();
      const signed = await d.status('SIGNED');
      expect(signed.signedAt).toBeTruthy();
      const resultDue = await eventually(async () => iso((await d.row()).resultDueAt));
      expect(resultDue).toBe(t.due('REFERRAL_RESULT', signedAt));
      // After signing there is no sign task any more: refusing is impossible.
      expect(await t.prisma.task.count({ where: { workflowId: handle.workflowId, kind: 'REFERRAL_SIGN', status: 'OPEN' } })).toBe(0);

      const attachment = { fileName: '整改通知.pdf', mimeType: 'application/pdf', size: 1234, sha256: 'b'.repeat(64) };
      const first = await d.openTask('REFERRAL_RESULT');
      await d.complete('REFERRAL_RESULT', samr, 'PROGRESS', { action: '已责令停用储氨器，安排检验。', attachments: [attachment] });
      const again = await eventually(async () => { const x = await d.openTask('REFERRAL_RESULT'); return x.id !== first.id && x; });
      expect(iso(again.dueAt)).toBe(resultDue);
      expect((await d.audits('referral.progress_reported')).length).toBe(1);
      await d.complete('REFERRAL_RESULT', samr, 'FINAL', { action: '储氨器已检验合格，恢复使用。', attachments: [attachment] });
      await d.status('RESULT_REPORTED');
      await d.complete('REFERRAL_ACCEPTANCE', people.handler1, 'ACCEPT', { comment: '认可' });
      const end = await handle.result();
      expect(end.status).toBe('CLOSED');
      const row = await d.status('CLOSED');
      expect(row.closedAt).toBeTruthy();
      const actions = (await t.prisma.auditEvent.findMany({ where: { subjectType: 'Referral', subjectId: row.id }, orderBy: { id: 'asc' } })).map((a) => a.action);
      expect(actions).toEqual(['referral.drafted', 'referral.sent', 'referral.signed', 'referral.result_due', 'referral.progress_reported', 'referral.result_reported', 'referral.closed']);
      await recordHistory(t.env.client, 'referral/signed-progress-accepted', handle.workflowId);
    });
  });

  it('an overdue result is chased (催办, then the city) and a result may be sent back only once', { timeout: 300_000 }, async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const { handle, d } = await start();
      await d.complete('REFERRAL_APPROVAL', people.supervisor, 'APPROVE', {});
      await d.complete('REFERRAL_SIGN', samr, 'SIGN', {});
      const signedAt = await d.now();
      const due1 = t.due('REFERRAL_RESULT', signedAt);
      const due2 = next('REFERRAL_RESULT', due1);
      const first = await d.openTask('REFERRAL_RESULT');
      expect(iso(first.dueAt)).toBe(due1);
      await d.passes(due1);
      const second = await eventually(async () => { const x = await d.openTask('REFERRAL_RESULT'); return x.id !== first.id && x; });
      expect(iso(second.dueAt)).toBe(due2);
      await eventually(async () => (await d.audits('referral.reminded')).length === 1);
      await d.passes(due2);
      const supervision = await d.openTask('REFERRAL_SUPERVISION');
      expect(supervision.title).toMatch(/反馈办理结果/);

      await d.complete('REFERRAL_RESULT', samr, 'FINAL', { action: '已责令企业整改完毕。' });
      await d.status('RESULT_REPORTED');
      await eventually(async () => (await t.prisma.task.findUniqueOrThrow({ where: { id: supervision.id } })).status === 'CANCELLED');

      await d.complete('REFERRAL_ACCEPTANCE', people.handler1, 'SEND_BACK', { reason: '未附整改复查材料，请补充。' });
      await d.status('SIGNED');
      const sentBackAt = await d.now();
      const again = await d.openTask('REFERRAL_RESULT');
      expect(iso(again.dueAt)).toBe(t.due('REFERRAL_RESULT', sentBackAt));
      await d.complete('REFERRAL_RESULT', samr, 'FINAL', { action: '已补充整改复查材料。' });
      await d.status('RESULT_REPORTED');
      expect(await d.refused('REFERRAL_ACCEPTANCE', people.handler1, 'SEND_BACK', { reason: '再次退回' })).toMatch(/只能退回补充办理一次/);
      await d.complete('REFERRAL_ACCEPTANCE', people.supervisor, 'ACCEPT', {});
      expect((await handle.result()).sendBacks).toBe(1);
      await recordHistory(t.env.client, 'referral/result-chased-sent-back', handle.workflowId);
      await d.status('CLOSED');
    });
  });
  it('no signature: 催办 once, then the city supervisor, then 安委办, each after one more period', async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const { handle, d } = await start({ urgent: true });
      await d.complete('REFERRAL_APPROVAL', people.supervisor, 'APPROVE', {});
      const sentAt = await d.now();
      const due1 = t.due('REFERRAL_SIGN_URGENT', sentAt);
      const due2 = next('REFERRAL_SIGN_URGENT', due1);
      const due3 = next('REFERRAL_SIGN_URGENT', due2);
      const first = await d.openTask('REFERRAL_SIGN');
      expect(iso(first.dueAt)).toBe(due1);

      await d.passes(due1);
      const second = await eventually(async () => { const x = await d.openTask('REFERRAL_SIGN'); return x.id !== first.id && x; });
      expect(iso(second.dueAt)).toBe(due2);
      expect((await t.prisma.task.findUniqueOrThrow({ where: { id: first.id } })).status).toBe('EXPIRED');
      const [reminded] = await eventually(async () => { const x = await d.audits('referral.reminded'); return x.length ? x : undefined; });
      expect((reminded.data as { nextDueAt: string }).nextDueAt).toBe(due2);
      expect(await t.prisma.task.count({ where: { workflowId: handle.workflowId, kind: 'REFERRAL_SUPERVISION' } })).toBe(0);

      await d.passes(due2);
      const supervision = await d.openTask('REFERRAL_SUPERVISION');
      expect(supervision.orgId).toBe('yx-city');
      expect(supervision.candidateRoles).toEqual(['CITY_SUPERVISOR']);
      const third = await eventually(async () => { const x = await d.openTask('REFERRAL_SIGN'); return x.id !== second.id && x; });
      expect(iso(third.dueAt)).toBe(due3);
      expect(await t.prisma.task.count({ where: { workflowId: handle.workflowId, kind: 'REFERRAL_COORDINATION' } })).toBe(0);
      await d.complete('REFERRAL_SUPERVISION', citySupervisor, 'NOTED', { comment: '请市市场监管局立即签收' });

      await d.passes(due3);
      const coordination = await d.openTask('REFERRAL_COORDINATION');
      expect(coordination.orgId).toBe('yx-wso');
      const fourth = await eventually(async () => { const x = await d.openTask('REFERRAL_SIGN'); return x.id !== third.id && x; });
      expect(fourth.dueAt).toBeNull();
      const escalated = await d.audits('referral.escalated');
      expect(escalated.map((e) => (e.data as { to: string }).to)).toEqual(['yx-city', 'yx-wso']);
      expect((await handle.query(referralStateQuery)).chaseLevel).toBe(3);
      expect((await d.row()).status).toBe('SENT');

      await d.complete('REFERRAL_SIGN', samr, 'SIGN', {});
      await d.status('SIGNED');
      await eventually(async () => (await t.prisma.task.findUniqueOrThrow({ where: { id: coordination.id } })).status === 'CANCELLED');
      expect(wso.orgId).toBe('yx-wso');
      await handle.terminate('test done');
    });
  });

  it('refusal goes to the city supervisor: redirect to another department, then a ruling that it must take it', async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const { handle, d } = await start();
      await d.complete('REFERRAL_APPROVAL', people.supervisor, 'APPROVE', {});
      await d.complete('REFERRAL_SIGN', samr, 'REFUSE', { reason: '该设备不属于特种设备目录，不属本部门职责。' });
      await d.status('REFUSED');
      const ruling = await d.openTask('REFERRAL_RULING');
      expect(ruling.orgId).toBe('yx-city');
      expect(await d.refused('REFERRAL_RULING', samr, 'REDIRECT', { toOrgId: 'yx-dept-housing', reason: '改送' })).toMatch(/不属于/);
      expect(await d.refused('REFERRAL_RULING', citySupervisor, 'REDIRECT', { toOrgId: 'yx-dept-samr', reason: '改送住建' })).toMatch(/已退回过/);
      await d.complete('REFERRAL_RULING', citySupervisor, 'REDIRECT', { toOrgId: 'yx-dept-housing', reason: '属建设工程领域，改送住建部门。' });
      const resent = await eventually(async () => { const r = await d.row(); return r.status === 'SENT' && r.toOrgId === 'yx-dept-housing' && r; });
      const letters = await t.prisma.document.findMany({ where: { kind: 'REFERRAL_LETTER', key: { startsWith: `${handle.workflowId}/` } } });
      expect(letters).toHaveLength(2);
      expect(letters.map((l) => l.number)).toContain(resent.letterNumber);
      expect(await d.refused('REFERRAL_SIGN', samr, 'SIGN')).toMatch(/不属于/);

      await d.complete('REFERRAL_SIGN', housing, 'REFUSE', { reason: '不属本部门职责。' });
      await d.complete('REFERRAL_RULING', citySupervisor, 'MUST_ACCEPT', { reason: '依据三定方案属住建部门职责，应予接收。' });
      await eventually(async () => (await d.row()).status === 'SENT');
      expect(await d.refused('REFERRAL_SIGN', housing, 'REFUSE', { reason: '仍认为不属本部门' })).toMatch(/裁定/);
      await d.complete('REFERRAL_SIGN', housing, 'SIGN', {});
      await d.status('SIGNED');
      const rulings = await d.audits('referral.ruled');
      expect(rulings.map((r) => (r.data as { ruling: string }).ruling)).toEqual(['REDIRECT', 'MUST_ACCEPT']);
      const state = await handle.query(referralStateQuery);
      expect(state.refusals.map((r) => [r.orgId, r.ruling])).toEqual([['yx-dept-samr', 'REDIRECT'], ['yx-dept-housing', 'MUST_ACCEPT']]);
      await handle.terminate('test done');
    });
  });

});
