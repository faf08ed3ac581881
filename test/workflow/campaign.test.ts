import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeLatestBefore } from '../../rules/calendar.ts';
import { deadlineRule } from '../../rules/deadlines.ts';
import { addDays, endOfShanghaiDay, shanghaiDate } from '../../rules/iso-date.ts';
import { campaignShareStep, campaignWorkflowId, type CampaignInput, type CampaignState } from '../../workflows/campaign-messages.ts';
import { inspectionWorkflowId, type InspectionInput } from '../../workflows/inspection-messages.ts';
import { completeTaskUpdate, type Actor } from '../../workflows/messages.ts';
import { people, taskActions } from '../support/case-driver.ts';
import { recordHistory } from '../support/record-history.ts';
import { expectRefused } from '../support/refusal.ts';
import { eventually } from '../support/system.ts';
import { startTimeSkippingWithCalendar, type TimeSkippingWithCalendar } from '../support/workflow-env.ts';

// 专项执法 on the time-skipping server with the real activities: the city head approves, each
// county's share opens in its queue, 红塔 inspects for the campaign, 江川 does nothing and is
// escalated to the city at the warning time, and the summary is issued at the end.
let t: TimeSkippingWithCalendar;
beforeEach(async () => { t = await startTimeSkippingWithCalendar(); });
afterEach(async () => t?.stop());

const who = (userId: string, orgId: string, roles: Actor['roles']): Actor => ({ userId, name: userId, orgId, roles, certified: true });
const cityHead = who('u-city-head', 'yx-city', ['HEAD']);
const citySupervisor = who('u-city-supervisor', 'yx-city', ['CITY_SUPERVISOR']);
const hongtaHead = who('u-hongta-head', 'yx-hongta', ['HEAD']);
const officers = [people.handler1, people.handler2];

async function complete(workflowId: string, taskId: string, actor: Actor, outcome: string, data: Record<string, unknown>) {
  const handle = t.env.client.workflow.getHandle(workflowId);
  return handle.executeUpdate(completeTaskUpdate, { args: [{ taskId, actor, outcome, data }], updateId: taskId });
}

describe('专项执法 campaign', () => {
  it('from approval to summary: the county below target at the warning time is escalated to the city', async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const today = shanghaiDate(new Date(await t.env.currentTimeMs()));
      const campaignId = randomUUID();
      const input: CampaignInput = {
        campaignId, orgId: 'yx-city', name: '危险化学品安全专项执法', legalBasis: '《中华人民共和国安全生产法》第六十五条',
        industries: ['危险化学品'], hazardTypes: ['重大危险源'], startDate: today, endDate: addDays(today, 20),
        shares: [
          { orgId: 'yx-hongta', target: 1, enterpriseIds: [], roles: ['HEAD'] },
          { orgId: 'yx-jiangchuan', target: 1, enterpriseIds: [], roles: ['HEAD'] },
        ],
        checklist: [{ text: '重大危险源监测监控', basis: '《危险化学品重大危险源监督管理暂行规定》第十三条' }],
        createdBy: who('u-city-chief', 'yx-city', ['SUPERVISOR']),
      };
      const handle = await t.env.client.workflow.start('campaignWorkflow', { args: [input], workflowId: campaignWorkflowId(campaignId), taskQueue: t.taskQueue });
      const openTask = (kind: string, orgId?: string) => eventually(() => t.prisma.task.findFirst({ where: { workflowId: handle.workflowId, kind, status: 'OPEN', ...(orgId ? { orgId } : {}) } }), 30_000);

      // Only the organising bureau's head approves.
      const approval = await openTask('CAMPAIGN_APPROVAL');
      expect((await t.prisma.campaign.findUniqueOrThrow({ where: { id: campaignId } })).status).toBe('AWAITING_APPROVAL');
      await expectRefused(complete(handle.workflowId, approval.id, hongtaHead, 'APPROVE', {}), 'Forbidden', /不属于承办该任务的单位/);
      await complete(handle.workflowId, approval.id, cityHead, 'APPROVE', { comment: '同意' });

      // Each county gets its share in its own queue.
      const hongtaShare = await openTask('CAMPAIGN_SHARE', 'yx-hongta');
      const jiangchuanShare = await openTask('CAMPAIGN_SHARE', 'yx-jiangchuan');
      expect(jiangchuanShare.step).toBe(campaignShareStep('yx-jiangchuan'));
      expect(jiangchuanShare.candidateRoles).toEqual(['HEAD']);
      const running = await t.prisma.campaign.findUniqueOrThrow({ where: { id: campaignId } });
      expect(running.status).toBe('RUNNING');
      const warnAt = computeLatestBefore(deadlineRule('CAMPAIGN_WARNING'), new Date(Date.parse(endOfShanghaiDay(input.endDate)) - 1), t.cal).dueAt;
      expect(running.warnAt?.toISOString()).toBe(warnAt);

      // 红塔 inspects one enterprise for the campaign: the inspection carries the campaign's id.
      const inspectionId = randomUUID();
      const inspection: InspectionInput = {
        inspectionId, orgId: 'yx-hongta', enterpriseId: 'ent-hongta-chem', kind: 'AD_HOC', campaignId, scheduledFor: today,
        officerIds: officers.map((o) => o.userId), createdBy: people.supervisor.userId,
      };
      const ih = await t.env.client.workflow.start('inspectionWorkflow', { args: [inspection], workflowId: inspectionWorkflowId(inspectionId), taskQueue: t.taskQueue });
      const inspect = taskActions(ih, (kind) => eventually(() => t.prisma.task.findFirst({ where: { workflowId: ih.workflowId, kind, status: 'OPEN' } }), 30_000), { officers });
      await inspect.complete('INSPECTION_RECORD', people.handler1, 'RECORD', {
        officerIds: officers.map((o) => o.userId), startedAt: new Date(await t.env.currentTimeMs()).toISOString(), place: '储罐区',
        staffPresent: [{ name: '李明德', position: '主要负责人' }], checklist: [], findings: '重大危险源监测监控系统运行正常。', hazards: [],
      });
      const closed = await eventually(async () => { const r = await t.prisma.inspection.findUnique({ where: { id: inspectionId } }); return r?.status === 'CLOSED' && r; }, 60_000);
      expect(closed.campaignId).toBe(campaignId);

      // Past the warning time: 江川 (0 of 1) is warned and escalated to the city supervisor; 红塔 (1 of 1) is not.
      await t.env.sleep(Date.parse(warnAt) - (await t.env.currentTimeMs()) + 60_000);
      const escalation = await eventually(() => t.prisma.escalation.findFirst({ where: { taskId: jiangchuanShare.id } }), 30_000);
      expect(escalation).toMatchObject({ orgId: 'yx-jiangchuan', toOrgId: 'yx-city', toRole: 'CITY_SUPERVISOR', level: 3, kind: 'CAMPAIGN_SHARE' });
      expect(await t.prisma.escalation.count({ where: { taskId: hongtaShare.id } })).toBe(0);
      expect((await t.prisma.task.findUniqueOrThrow({ where: { id: jiangchuanShare.id } })).warnedAt).not.toBeNull();
      const shares = await eventually(async () => {
        const rows = await t.prisma.campaignShare.findMany({ where: { campaignId }, orderBy: { orgId: 'asc' } });
        return rows.some((r) => r.escalatedAt) && rows;
      });
      expect(shares.map((r) => [r.orgId, !!r.escalatedAt])).toEqual([['yx-hongta', false], ['yx-jiangchuan', true]]);

      // The city supervisor answers with 督办意见; 红塔's head reports its share done.
      await complete(handle.workflowId, escalation.id, citySupervisor, 'COMMENT', { comment: '请江川区于结束前完成专项检查任务' });
      await complete(handle.workflowId, hongtaShare.id, hongtaHead, 'REPORT', { report: '已完成1家危险化学品企业专项检查，未发现隐患。' });

      // The end: the summary per county in the city's own series.
      const end: CampaignState = await handle.result();
      expect(end.status).toBe('COMPLETED');
      expect(end.escalated).toEqual(['yx-jiangchuan']);
      expect(end.summaryNumber).toMatch(/^玉溪应急专项〔\d{4}〕\d+号$/);
      const row = await t.prisma.campaign.findUniqueOrThrow({ where: { id: campaignId } });
      expect(row.status).toBe('COMPLETED');
      expect(row.summaryNumber).toBe(end.summaryNumber);
      const summary = row.summary as { rows: { orgId: string; inspections: number; target: number }[]; totals: { inspections: number } };
      expect(summary.rows.map((r) => [r.orgId, r.target, r.inspections])).toEqual([['yx-hongta', 1, 1], ['yx-jiangchuan', 1, 0]]);
      expect(summary.totals.inspections).toBe(1);
      const doc = await t.prisma.document.findFirstOrThrow({ where: { number: end.summaryNumber! } });
      expect(doc.kind).toBe('CAMPAIGN_SUMMARY');
      expect(doc.orgId).toBe('yx-city');
      expect(doc.html).toContain('已报市局督办');
      // The unreported share closed with the campaign, and its escalation with it.
      expect((await t.prisma.task.findUniqueOrThrow({ where: { id: jiangchuanShare.id } })).status).toBe('CANCELLED');
      expect((await t.prisma.escalation.findUniqueOrThrow({ where: { id: escalation.id } })).outcome).toBe('COMMENTED');
      await recordHistory(t.env.client, 'campaign/lagging-county-escalated', handle.workflowId);
    });
  });

  it('rejected by the head: no share is opened', async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const today = shanghaiDate(new Date(await t.env.currentTimeMs()));
      const campaignId = randomUUID();
      const input: CampaignInput = {
        campaignId, orgId: 'yx-city', name: '粉尘涉爆专项执法', legalBasis: '《工贸企业粉尘防爆安全规定》', industries: [], hazardTypes: ['粉尘涉爆'],
        startDate: today, endDate: addDays(today, 30), shares: [{ orgId: 'yx-tonghai', target: 2, enterpriseIds: [], roles: ['HEAD'] }], checklist: [],
        createdBy: who('u-city-chief', 'yx-city', ['SUPERVISOR']),
      };
      const handle = await t.env.client.workflow.start('campaignWorkflow', { args: [input], workflowId: campaignWorkflowId(campaignId), taskQueue: t.taskQueue });
      const approval = await eventually(() => t.prisma.task.findFirst({ where: { workflowId: handle.workflowId, kind: 'CAMPAIGN_APPROVAL', status: 'OPEN' } }), 30_000);
      await complete(handle.workflowId, approval.id, cityHead, 'REJECT', { reason: '任务分配不合理' });
      expect((await handle.result()).status).toBe('REJECTED');
      expect((await t.prisma.campaign.findUniqueOrThrow({ where: { id: campaignId } })).status).toBe('REJECTED');
      expect(await t.prisma.task.count({ where: { workflowId: handle.workflowId, kind: 'CAMPAIGN_SHARE' } })).toBe(0);
      await recordHistory(t.env.client, 'campaign/rejected', handle.workflowId);
    });
  });
});
