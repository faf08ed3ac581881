// 逾期升级督办 (issue 8) through the API and pages: the escalation shows in the escalated-to
// person's queue with the step's context, the list is scoped by org (the city sees all), and
// acting on it is completing its ESCALATION task, answered with 4xx in Chinese when refused.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseInput } from '../../workflows/case-input.ts';
import { caseWorkflowId } from '../../workflows/messages.ts';
import { csrfOf, sessionAs } from '../support/session.ts';
import { apiAs, eventually, startSystem, type Api, type System } from '../support/system.ts';

let sys: System;
let head: Api, supervisor: Api, handler: Api, otherCounty: Api, city: Api;
beforeAll(async () => {
  sys = await startSystem();
  [head, supervisor, handler, otherCounty, city] = await Promise.all(
    ['hongta.head', 'hongta.supervisor', 'hongta.handler1', 'jiangchuan.supervisor', 'city.supervisor'].map((u) => apiAs(sys.baseUrl, u)));
});
afterAll(async () => sys?.stop());

/** A lead received long ago: its 立案审批 limit (5 working days) has passed when the workflow starts. */
async function lateFiling() {
  const registeredAt = '2025-09-26T02:00:00.000Z';
  const args: CaseInput = {
    caseId: randomUUID(), orgId: 'yx-hongta', orgLevel: 'COUNTY', parentOrgId: 'yx-city', procedure: 'GENERAL',
    party: { kind: 'ORG', name: `逾期测试公司-${randomUUID().slice(0, 6)}`, idNumber: '91530402MA6K00000X' },
    catalog: { code: 'AQ-099-1', name: '未设置安全警示标志', fineMinFen: 0, fineMaxFen: 5_000_000, penaltyTypes: ['WARNING', 'FINE'] },
    source: 'INSPECTION', facts: '未设置安全警示标志', occurredAt: registeredAt, harmToLife: false,
    registeredBy: 'u-hongta-handler1', registeredAt,
  };
  await sys.temporal.workflow.start('caseWorkflow', { args: [args], workflowId: caseWorkflowId(args.caseId), taskQueue: sys.taskQueue });
  return args;
}
const escalationTask = (api: Api, caseId: string) => eventually(async () => {
  const q = await api.get('/api/tasks?kind=ESCALATION&pageSize=200');
  return q.body.items.find((t: { caseId: string }) => t.caseId === caseId);
});

describe('escalations in the queue and the list', () => {
  it('the head sees the escalated filing with its context, extends it; the city then gets the next rung and comments', async () => {
    const args = await lateFiling();
    const task = await escalationTask(head, args.caseId);
    expect(task.title).toBe('逾期督办：立案审批');
    expect(task.payload.escalation).toMatchObject({ title: '立案审批', level: 2, dueAt: '2025-10-10T16:00:00.000Z', extension: { deadlineId: 'FILING_DECISION_EXTENSION' } });
    expect(task.allowedOutcomes).toEqual(['REASSIGN', 'EXTEND', 'TAKE_OVER', 'COMMENT']);

    // Scoped: the bureau's own team lead and the city see it, another county does not, a handler may not ask.
    const mine = await head.get(`/api/escalations?caseId=${args.caseId}`);
    expect(mine.status).toBe(200);
    expect(mine.body.items.find((e: { id: string }) => e.id === task.id)).toMatchObject({ actionable: true, level: 2, toRole: 'HEAD', outcome: null, orgName: expect.stringContaining('红塔') });
    expect((await supervisor.get(`/api/escalations?caseId=${args.caseId}`)).body.items.find((e: { id: string }) => e.id === task.id)).toMatchObject({ actionable: false });
    expect((await city.get(`/api/escalations?state=ALL&caseId=${args.caseId}`)).body.items.some((e: { id: string }) => e.id === task.id)).toBe(true);
    expect((await otherCounty.get(`/api/escalations?state=ALL&caseId=${args.caseId}`)).body.items.some((e: { id: string }) => e.id === task.id)).toBe(false);
    expect((await handler.get('/api/escalations')).status).toBe(403);
    const bad = await head.get('/api/escalations?state=WHENEVER');
    expect(bad.status).toBe(400);

    // The task page shows how late the step is and whether the law allows an extension.
    const page = await sessionAs(sys.baseUrl, 'hongta.head');
    const html = (await page('GET', `/tasks/${task.id}`)).html;
    expect(html).toContain('逾期环节');
    expect(html).toMatch(/已超期 \d+ 天/);
    expect(html).toContain('第34条第1款');
    expect((await page('GET', '/escalations')).html).toContain('立案审批');

    // Extending needs a reason (422, Chinese), then the approval is recorded.
    const noReason = await head.post(`/api/tasks/${task.id}/complete`, { outcome: 'EXTEND', data: {} });
    expect(noReason.status).toBe(422);
    expect(noReason.body.message).toMatch(/理由/);
    const csrf = csrfOf(html);
    const done = await page('POST', `/tasks/${task.id}/complete`, { _csrf: csrf, outcome: 'EXTEND', 'EXTEND.reason': '需进一步核查' });
    expect(done.status).toBe(302);
    const resolved = await eventually(async () => (await head.get(`/api/escalations?state=RESOLVED&caseId=${args.caseId}`)).body.items.find((e: { id: string; outcome: string }) => e.id === task.id && e.outcome));
    expect(resolved).toMatchObject({ outcome: 'EXTENDED', outcomeLabel: '已依法延长期限', actorId: 'u-hongta-head' });

    // The extended limit (2025-10-16) has passed too: the next rung is the city's supervisor.
    const cityTask = await escalationTask(city, args.caseId);
    expect(cityTask).toMatchObject({ payload: { escalation: { level: 3, orgName: expect.stringContaining('红塔') } } });
    const cityPage = await sessionAs(sys.baseUrl, 'city.supervisor');
    const cityHtml = (await cityPage('GET', `/tasks/${cityTask.id}`)).html;
    // Reassigning offers the county's officers, not the city's.
    expect(cityHtml).toMatch(/name="REASSIGN\.officerIds" value="u-hongta-handler1"/);
    const again = await city.post(`/api/tasks/${cityTask.id}/complete`, { outcome: 'EXTEND', data: { reason: '再延长' } });
    expect(again.status).toBe(422);
    expect(again.body.message).toMatch(/已经延长过一次/);
    const takeOver = await city.post(`/api/tasks/${cityTask.id}/complete`, { outcome: 'TAKE_OVER', data: {} });
    expect(takeOver.status).toBe(422);
    expect(takeOver.body.message).toMatch(/上级机关不能代替/);
    const commented = await city.post(`/api/tasks/${cityTask.id}/complete`, { outcome: 'COMMENT', data: { comment: '请本周内作出立案决定' } });
    expect(commented.status).toBe(200);
    const audit = await eventually(() => sys.prisma.auditEvent.findFirst({ where: { subjectId: cityTask.id, action: 'escalation.resolved' } }));
    expect(audit).toMatchObject({ actorId: 'u-city-supervisor', data: expect.objectContaining({ outcome: 'COMMENTED', comment: '请本周内作出立案决定' }) });
    expect((await city.get(`/api/escalations?state=ALL&caseId=${args.caseId}`)).body.counts.COMMENTED).toBeGreaterThanOrEqual(1);
    await sys.temporal.workflow.getHandle(caseWorkflowId(args.caseId)).terminate('test done');
  });
});
