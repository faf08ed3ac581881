import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDays, shanghaiDate } from '../../rules/iso-date.ts';
import { crossFindingWorkflowId, type CrossFindingState } from '../../workflows/cross-finding-messages.ts';
import { inspectionWorkflowId, type InspectionInput } from '../../workflows/inspection-messages.ts';
import { caseWorkflowId, completeTaskUpdate, type Actor } from '../../workflows/messages.ts';
import { people, taskActions } from '../support/case-driver.ts';
import { recordHistory } from '../support/record-history.ts';
import { expectRefused } from '../support/refusal.ts';
import { eventually } from '../support/system.ts';
import { startTimeSkippingWithCalendar, type TimeSkippingWithCalendar } from '../support/workflow-env.ts';

// 交叉执法 on the time-skipping server with the real activities: a 江川 team inspects a 红塔
// enterprise, the findings go to 红塔, which cannot close them without a case or the city's
// acceptance: the city refuses the closure, 红塔 opens a case, and the case names the team.
let t: TimeSkippingWithCalendar;
beforeEach(async () => { t = await startTimeSkippingWithCalendar(); });
afterEach(async () => t?.stop());

const who = (userId: string, orgId: string, roles: Actor['roles']): Actor => ({ userId, name: userId, orgId, roles, certified: true });
const team = [who('u-jiangchuan-handler1', 'yx-jiangchuan', ['HANDLER']), who('u-jiangchuan-handler2', 'yx-jiangchuan', ['HANDLER'])];
const citySupervisor = who('u-city-supervisor', 'yx-city', ['CITY_SUPERVISOR']);

describe('交叉执法 findings', () => {
  it('the home county closes only with a case or the city\'s acceptance; the case names the inspecting team', async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const today = shanghaiDate(new Date(await t.env.currentTimeMs()));
      const inspectionId = randomUUID();
      const input: InspectionInput = {
        inspectionId, orgId: 'yx-jiangchuan', enterpriseId: 'ent-hongta-machine', kind: 'RANDOM', scheduledFor: today,
        officerIds: team.map((o) => o.userId), createdBy: 'u-city-chief', cross: { homeOrgId: 'yx-hongta', cityOrgId: 'yx-city', drawId: 'test-draw' },
      };
      const ih = await t.env.client.workflow.start('inspectionWorkflow', { args: [input], workflowId: inspectionWorkflowId(inspectionId), taskQueue: t.taskQueue });
      const inspect = taskActions(ih, (kind) => eventually(() => t.prisma.task.findFirst({ where: { workflowId: ih.workflowId, kind, status: 'OPEN' } }), 30_000), { officers: team });
      // The notice is the team's, in its own bureau's name and series.
      const notified = await eventually(async () => { const r = await t.prisma.inspection.findUnique({ where: { id: inspectionId } }); return r?.noticeNumber ? r : undefined; }, 30_000);
      expect(notified.noticeNumber).toMatch(/^江川应急检通/);
      expect(notified.crossHomeOrgId).toBe('yx-hongta');
      await inspect.complete('INSPECTION_RECORD', team[0]!, 'RECORD', {
        officerIds: team.map((o) => o.userId), startedAt: new Date(await t.env.currentTimeMs()).toISOString(), place: '生产车间',
        staffPresent: [{ name: '王志远', position: '主要负责人' }], checklist: [], findings: '检查了生产车间。',
        hazards: [{ description: '砂轮机防护罩缺失，未定期维护', location: '二号车间', photos: [] }], rectifyBy: addDays(today, 20),
      });
      // The team orders nothing: the inspection closes handed over, with no rectification order of its own.
      expect((await ih.result()).result).toBe('HANDED_OVER');
      expect(await t.prisma.document.count({ where: { key: `${inspectionWorkflowId(inspectionId)}/rectification` } })).toBe(0);

      const fh = t.env.client.workflow.getHandle(crossFindingWorkflowId(inspectionId));
      const open = (kind: string) => eventually(() => t.prisma.task.findFirst({ where: { workflowId: fh.workflowId, kind, status: 'OPEN' } }), 30_000);
      const complete = async (kind: string, actor: Actor, outcome: string, data: Record<string, unknown>) => {
        const task = await open(kind);
        return fh.executeUpdate(completeTaskUpdate, { args: [{ taskId: task.id, actor, outcome, data }], updateId: task.id });
      };
      const handling = await open('CROSS_FINDING');
      expect(handling.orgId).toBe('yx-hongta');
      const finding = await t.prisma.crossFinding.findUniqueOrThrow({ where: { id: inspectionId } });
      expect(finding).toMatchObject({ homeOrgId: 'yx-hongta', teamOrgId: 'yx-jiangchuan', status: 'OPEN', officerIds: team.map((o) => o.userId) });
      // The team's county cannot handle the finding; the home county asks to close, the city refuses.
      await expectRefused(fh.executeUpdate(completeTaskUpdate, { args: [{ taskId: handling.id, actor: who('u-jiangchuan-supervisor', 'yx-jiangchuan', ['SUPERVISOR']), outcome: 'CLOSE', data: { reason: '已整改' } }] }), 'Forbidden', /不属于承办该任务的单位/);
      await complete('CROSS_FINDING', people.supervisor, 'CLOSE', { reason: '企业称已自行整改' });
      expect((await t.prisma.crossFinding.findUniqueOrThrow({ where: { id: inspectionId } })).status).toBe('CLOSE_REQUESTED');
      const ruling = await open('CROSS_FINDING_CLOSURE');
      expect(ruling.orgId).toBe('yx-city');
      await expectRefused(fh.executeUpdate(completeTaskUpdate, { args: [{ taskId: ruling.id, actor: people.head, outcome: 'ACCEPT', data: {} }] }), 'Forbidden', /不属于承办该任务的单位/);
      await complete('CROSS_FINDING_CLOSURE', citySupervisor, 'REFUSE', { reason: '未经复查，不能以企业自述办结，请依法处理' });
      // Back with the home county, which opens a case.
      await eventually(async () => (await t.prisma.crossFinding.findUniqueOrThrow({ where: { id: inspectionId } })).status === 'OPEN', 30_000);
      await complete('CROSS_FINDING', people.supervisor, 'OPEN_CASE', { catalogItemId: 'AQ-099-1' });
      const end: CrossFindingState = await fh.result();
      expect(end).toMatchObject({ status: 'CASE_OPENED', refusals: 1 });
      const row = await t.prisma.crossFinding.findUniqueOrThrow({ where: { id: inspectionId } });
      expect(row.caseId).toBe(end.caseId);
      const kase = await eventually(() => t.prisma.case.findUnique({ where: { id: end.caseId! } }), 30_000);
      expect(kase.orgId).toBe('yx-hongta');
      expect(kase.facts).toMatch(/^交叉执法检查组（.*江川区.*）于/);
      expect(kase.facts).toContain(notified.officerIds.length === 2 ? '砂轮机防护罩缺失' : '');
      expect(await t.prisma.evidence.count({ where: { caseId: kase.id } })).toBeGreaterThan(0);
      await recordHistory(t.env.client, 'inspection/cross-team-handed-over', ih.workflowId);
      await recordHistory(t.env.client, 'cross-finding/closure-refused-then-case', fh.workflowId);
      await t.env.client.workflow.getHandle(caseWorkflowId(kase.id)).terminate('test done');
    });
  });
});
