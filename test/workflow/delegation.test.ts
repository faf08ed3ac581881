import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDays, shanghaiDate } from '../../rules/iso-date.ts';
import {
  delegatedMatterWorkflowId, delegationNoticeWorkflowId, delegationReviewWorkflowId, delegationStateQuery, delegationWorkflowId, recallMatterUpdate, revokeDelegationUpdate, routeMatterUpdate,
  type DelegationInput, type MatterInput,
} from '../../workflows/delegation-messages.ts';
import { completeTaskUpdate, type Actor } from '../../workflows/messages.ts';
import { people } from '../support/case-driver.ts';
import { expectRefused } from '../support/refusal.ts';
import { eventually } from '../support/system.ts';
import { recordHistory } from '../support/record-history.ts';
import { startTimeSkipping } from '../support/workflow-env.ts';

// 委托乡镇（街道）执法 on the time-skipping server, real activities on the test database.
let t: Awaited<ReturnType<typeof startTimeSkipping>>;
beforeEach(async () => { t = await startTimeSkipping(); });
afterEach(async () => t?.stop());

const TOWNSHIP = 'yx-hongta-yuxing-st';
const officer1: Actor = { userId: 'u-hongta-yuxing-officer1', name: '陈国庆', orgId: TOWNSHIP, roles: ['TOWNSHIP_OFFICER'], certified: true };
const DAY = 86_400_000;

/** A few at a time, as people act: the test database's pool has 4 connections. */
async function inBatches<T, R>(items: T[], fn: (x: T) => Promise<R>, size = 4): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...await Promise.all(items.slice(i, i + size).map(fn)));
  return out;
}

async function start(over: Partial<DelegationInput> = {}) {
  const today = shanghaiDate(new Date(await t.env.currentTimeMs()));
  const input: DelegationInput = {
    delegationId: randomUUID(), countyOrgId: 'yx-hongta', townshipOrgId: TOWNSHIP, itemCodes: ['AQ-097-4', 'AQ-099-1'],
    officerIds: ['u-hongta-yuxing-officer1', 'u-hongta-yuxing-officer2'], startDate: today, endDate: addDays(today, 70),
    samplePercent: 100, draftedBy: people.head, ...over,
  };
  const handle = await t.env.client.workflow.start('delegationWorkflow', { args: [input], workflowId: delegationWorkflowId(input.delegationId), taskQueue: t.taskQueue });
  return { input, handle, d: driver(input.delegationId, handle) };
}

function driver(id: string, handle: WorkflowHandle) {
  const workflowId = delegationWorkflowId(id);
  const openTask = (kind: string, extra: Record<string, unknown> = {}) =>
    eventually(() => t.prisma.task.findFirst({ where: { workflowId: { startsWith: workflowId }, kind, status: 'OPEN', ...extra }, orderBy: { createdAt: 'desc' } }), 60_000);
  const d = {
    openTask,
    status: (s: string) => eventually(async () => {
      const r = await t.prisma.delegation.findUnique({ where: { id } });
      return r?.status === s && r;
    }, 60_000),
    matter: (matterId: string, ok: (m: { status: string; reviewResult: string | null; overdue: boolean }) => boolean) => eventually(async () => {
      const m = await t.prisma.delegatedMatter.findUnique({ where: { id: matterId } });
      return m && ok(m) && m;
    }, 60_000),
    async complete(kind: string, who: Actor, outcome: string, data: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
      const task = await openTask(kind, extra);
      return t.env.client.workflow.getHandle(task.workflowId).executeUpdate(completeTaskUpdate, { args: [{ taskId: task.id, actor: who, outcome, data }], updateId: task.id });
    },
    async approve() {
      await d.complete('DELEGATION_LEGAL_REVIEW', people.legal, 'APPROVE', { comment: '委托事项均为简易执法事项' });
      await d.complete('DELEGATION_SIGNATURE', people.head, 'SIGN');
    },
    route: (m: Partial<MatterInput> = {}) => handle.executeUpdate(routeMatterUpdate, { args: [{
      matterId: randomUUID(), itemCode: 'AQ-099-1', townshipOrgId: TOWNSHIP, partyName: '玉溪某商贸有限公司', location: '玉兴路8号',
      facts: '仓库未设置明显的安全警示标志。', reportedBy: people.handler1, ...m,
    }] }),
    async refused(m: Partial<MatterInput>) {
      try { await d.route(m); } catch (err) { return String((err as { cause?: { message?: string } }).cause?.message ?? err); }
      throw new Error('routing was accepted');
    },
    async sleepDays(n: number) { await t.env.sleep(n * DAY); },
  };
  return d;
}

describe('delegation to a township (委托乡镇执法)', () => {
  it('legal review and signature issue a numbered 委托书; in-scope matters reach the township, others are refused; the monthly sample opens a county review, a failed one a township correction', async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const { input, handle, d } = await start({ officerIds: ['u-hongta-yuxing-officer1'] });
      await d.status('AWAITING_REVIEW');
      await d.approve();
      const inForce = await d.status('IN_FORCE');
      expect(inForce.letterNumber).toMatch(/^红塔应急委托〔\d{4}〕\d+号$/);
      expect(inForce.disclosedAt).not.toBeNull();
      const letter = await t.prisma.document.findUniqueOrThrow({ where: { number: inForce.letterNumber! } });
      expect(letter.orgId).toBe('yx-hongta');
      expect(letter.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(letter.html).toContain('玉兴街道');
      expect(letter.html).toContain('陈国庆');
      expect(letter.html).toContain('不得再委托');

      // In scope → the township's queue; out of scope → refused, nothing recorded.
      const view = await d.route();
      expect(view.status).toBe('OPEN');
      const task = await d.openTask('DELEGATED_MATTER');
      expect(task.orgId).toBe(TOWNSHIP);
      expect(task.candidateRoles).toEqual(['TOWNSHIP_OFFICER']);
      expect(task.dueAt).not.toBeNull();
      const outside = randomUUID();
      expect(await d.refused({ matterId: outside, itemCode: 'AQ-101-3' })).toMatch(/不在委托范围内/);
      expect(await d.refused({ matterId: outside, townshipOrgId: 'yx-hongta-dayingjie-st' })).toMatch(/辖区/);
      expect(await t.prisma.delegatedMatter.findUnique({ where: { id: outside } })).toBeNull();

      const officer2: Actor = { ...officer1, userId: 'u-hongta-yuxing-officer2', name: '胡晓燕' };
      await expectRefused(d.complete('DELEGATED_MATTER', officer2, 'NO_VIOLATION', { finding: '未发现违法行为。' }), 'Invalid', /不是委托书列明的受委托执法人员/);
      await d.complete('DELEGATED_MATTER', officer1, 'NO_VIOLATION', { finding: '现场已设置警示标志，未发现违法行为。' });
      await d.matter(view.matterId, (m) => m.status === 'CLOSED');

      // The sampling timer (DELEGATION_SAMPLING, one month by default) fires: 100 % of one closed matter.
      await d.sleepDays(32);
      const review = await d.openTask('DELEGATION_SAMPLE_REVIEW');
      expect(review.orgId).toBe('yx-hongta');
      expect(review.candidateRoles).toContain('SUPERVISOR');
      const row = await t.prisma.delegation.findUniqueOrThrow({ where: { id: input.delegationId } });
      expect((row.data as { samplings: { drawn: string[] }[] }).samplings[0].drawn).toEqual([view.matterId]);
      await d.complete('DELEGATION_SAMPLE_REVIEW', people.supervisor, 'FAIL', { reason: '核查记录缺少现场照片。' });
      await d.matter(view.matterId, (m) => m.reviewResult === 'FAILED');
      const correction = await d.openTask('DELEGATION_CORRECTION');
      expect(correction.orgId).toBe(TOWNSHIP);
      await d.complete('DELEGATION_CORRECTION', officer1, 'CORRECTED', { action: '已补充现场照片。' });
      await eventually(async () => (await t.prisma.delegatedMatter.findUnique({ where: { id: view.matterId } }))?.correctedAt);
      const state = await handle.query(delegationStateQuery);
      expect(state.failedReviews).toBe(1);
      expect(state.samplings).toHaveLength(1);
      await recordHistory(t.env.client, 'delegation-review/failed-corrected', delegationReviewWorkflowId(input.delegationId, view.matterId));
      await recordHistory(t.env.client, 'delegated-matter/closed-no-violation', delegatedMatterWorkflowId(input.delegationId, view.matterId));
      await recordHistory(t.env.client, 'delegation/in-force-matter-sampled', handle.workflowId);
    });
  });

  it('revocation stops routing at once and returns open matters to the county; a recalled matter goes to the county queue', async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const { handle, d } = await start();
      await d.approve();
      await d.status('IN_FORCE');
      const a = await d.route();
      const b = await d.route({ partyName: '玉溪某五金店' });
      await d.openTask('DELEGATED_MATTER', { payload: { path: ['matterId'], equals: b.matterId } });
      const recalled = await handle.executeUpdate(recallMatterUpdate, { args: [{ matterId: a.matterId, actor: people.supervisor, reason: '案情复杂，收回县局办理' }] });
      expect(recalled.status).toBe('RECALLED');
      await expectRefused(handle.executeUpdate(revokeDelegationUpdate, { args: [{ actor: people.supervisor, reason: '调整' }] }), 'Forbidden', /只有委托机关负责人可以撤销委托/);
      const s = await handle.executeUpdate(revokeDelegationUpdate, { args: [{ actor: people.head, reason: '乡镇执法力量调整' }] });
      expect(s.status).toBe('REVOKED');
      await d.status('REVOKED');
      await d.matter(b.matterId, (m) => m.status === 'RETURNED');
      // The delegation's run has ended (its matters' tasks live on in their own workflows): nothing routes to it.
      expect((await handle.result()).status).toBe('REVOKED');
      expect(await d.refused({})).toMatch(/WorkflowNotFound/);
      const county = await t.prisma.task.findMany({ where: { workflowId: { startsWith: delegationWorkflowId(s.delegationId) }, kind: 'DELEGATED_MATTER_COUNTY', status: 'OPEN' } });
      expect(county.map((x) => x.orgId)).toEqual(['yx-hongta', 'yx-hongta']);
      expect(await t.prisma.task.count({ where: { workflowId: { startsWith: delegationWorkflowId(s.delegationId) }, kind: 'DELEGATED_MATTER', status: 'OPEN' } })).toBe(0);
      await recordHistory(t.env.client, 'delegated-matter/recalled', delegatedMatterWorkflowId(s.delegationId, a.matterId));
      await recordHistory(t.env.client, 'delegation/revoked-matters-returned', handle.workflowId);
    });
  });

  it('a matter whose run ended before the revocation reached it is settled from its row; the delegation does not fail', async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const { input, handle, d } = await start();
      await d.approve();
      await d.status('IN_FORCE');
      const a = await d.route();
      const b = await d.route({ partyName: '玉溪某五金店' });
      await d.openTask('DELEGATED_MATTER', { payload: { path: ['matterId'], equals: b.matterId } });
      // As if b's run had closed it and its news never reached the delegation (seen once under CI load at the term's end).
      await t.prisma.delegatedMatter.update({ where: { id: b.matterId }, data: { status: 'CLOSED', outcome: 'NO_VIOLATION' } });
      await t.env.client.workflow.getHandle(delegatedMatterWorkflowId(input.delegationId, b.matterId)).terminate('test: run gone');
      const s = await handle.executeUpdate(revokeDelegationUpdate, { args: [{ actor: people.head, reason: '乡镇执法力量调整' }] });
      expect(s.matters.map((m) => [m.matterId, m.status]).sort()).toEqual([[a.matterId, 'RETURNED'], [b.matterId, 'CLOSED']].sort());
      const final = await handle.result();
      expect(final.status).toBe('REVOKED');
      expect(final.counts).toEqual({ routed: 2, closed: 1, recalled: 0, returned: 1 });
      await recordHistory(t.env.client, 'delegation/revoked-matter-run-ended', handle.workflowId);
    });
  });

  it('reminds before the end date, escalates an overdue matter to the county supervisor, lapses on the end date and hands over to the renewal', async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const { input, d } = await start({ endDate: addDays(shanghaiDate(new Date(await t.env.currentTimeMs())), 40) });
      await d.approve();
      await d.status('IN_FORCE');
      const open = await d.route();
      await d.sleepDays(16);
      // 10 working days passed: the county supervisor gets a 督办 task, the township's task stays open.
      const overdue = await d.openTask('DELEGATED_MATTER_OVERDUE');
      expect(overdue.orgId).toBe('yx-hongta');
      await d.matter(open.matterId, (m) => m.overdue);
      const notice = await d.openTask('DELEGATION_EXPIRY_NOTICE');
      expect(notice.candidateRoles).toEqual(['HEAD']);

      const renewal = await start({ startDate: addDays(input.endDate, 1), endDate: addDays(input.endDate, 90), renewsId: input.delegationId });
      await renewal.d.approve();
      await renewal.d.status('SIGNED');
      await d.sleepDays(26);
      await d.status('EXPIRED');
      await d.matter(open.matterId, (m) => m.status === 'RETURNED');
      expect((await t.env.client.workflow.getHandle(delegationWorkflowId(input.delegationId)).result()).status).toBe('EXPIRED');
      expect(await d.refused({})).toMatch(/WorkflowNotFound/);
      await renewal.d.status('IN_FORCE');
      expect((await renewal.d.route()).status).toBe('OPEN');
      await recordHistory(t.env.client, 'delegation-notice/expiry-notice-open', delegationNoticeWorkflowId(input.delegationId));
      await recordHistory(t.env.client, 'delegated-matter/overdue-supervised-returned', delegatedMatterWorkflowId(input.delegationId, open.matterId));
      await recordHistory(t.env.client, 'delegation/renewal-in-force', renewal.handle.workflowId);
      await recordHistory(t.env.client, 'delegation/lapsed-renewed', delegationWorkflowId(input.delegationId));
    });
  });

  // Issue 20 item 1: a 3-year term with 1,000 matters keeps every run's history bounded — the matters run as
  // child workflows and the delegation continues as new. The sizes measured here go into docs/histories.md.
  it.skipIf(process.env.RECORD_HISTORIES === '1')('a 3-year delegation with 1,000 matters continues as new: no run of it reaches 2,000 events', async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const today = shanghaiDate(new Date(await t.env.currentTimeMs()));
      const { input, handle, d } = await start({ endDate: addDays(today, 365 * 3), samplePercent: 2 });
      await d.approve();
      await d.status('IN_FORCE');
      const MONTHS = 36;
      const ids: string[] = [];
      for (let month = 0; month < MONTHS; month++) {
        const n = Math.round((1000 * (month + 1)) / MONTHS) - ids.length;
        const routed = await inBatches(Array.from({ length: n }, (_, i) => i), (i) => d.route({ partyName: `玉溪某商贸有限公司${month + 1}-${i + 1}` }));
        ids.push(...routed.map((v) => v.matterId));
        // The township closes all but one matter a month within its limit; that one goes overdue (督办) and back to the county at the end.
        const tasks = await eventually(async () => {
          const open = await t.prisma.task.findMany({ where: { workflowId: { startsWith: delegationWorkflowId(input.delegationId) }, kind: 'DELEGATED_MATTER', status: 'OPEN' } });
          const mine = open.filter((x) => routed.some((v) => v.matterId === (x.payload as { matterId: string }).matterId));
          return mine.length === n && mine;
        }, 120_000);
        await inBatches(tasks.filter((x) => (x.payload as { matterId: string }).matterId !== routed[0].matterId), (task) => t.env.client.workflow.getHandle(task.workflowId).executeUpdate(completeTaskUpdate, {
          args: [{ taskId: task.id, actor: officer1, outcome: 'NO_VIOLATION', data: { finding: '现场检查未发现违法行为。' } }], updateId: task.id,
        }));
        await d.sleepDays(30.5);
      }
      await d.sleepDays(20);
      await d.status('EXPIRED');
      expect(await t.prisma.delegatedMatter.count({ where: { delegationId: input.delegationId } })).toBe(1000);
      expect(await t.prisma.delegatedMatter.count({ where: { delegationId: input.delegationId, status: 'RETURNED' } })).toBe(MONTHS);
      const final = await handle.result();
      expect(final.status).toBe('EXPIRED');
      expect(final.counts).toEqual({ routed: 1000, closed: 1000 - MONTHS, recalled: 0, returned: MONTHS });

      // Every run of the delegation, first to last, by the chain of continue-as-new events.
      const lengths: number[] = [];
      for (let runId: string | undefined = handle.firstExecutionRunId; runId;) {
        const h = await t.env.client.workflow.getHandle(handle.workflowId, runId).fetchHistory();
        lengths.push(h.events!.length);
        runId = h.events!.at(-1)!.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
      }
      const matterRun = await t.env.client.workflow.getHandle(delegatedMatterWorkflowId(input.delegationId, ids[0])).fetchHistory();
      console.info(`delegation 3y/1000 matters: ${lengths.length} runs, largest ${Math.max(...lengths)} events, total ${lengths.reduce((a, b) => a + b, 0)}; an overdue matter's workflow ${matterRun.events!.length} events`);
      expect(lengths.length).toBeGreaterThan(1);
      expect(Math.max(...lengths)).toBeLessThan(2000);
    });
  }, 1_800_000);
});
