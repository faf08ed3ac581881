import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leadBody, openTaskOf } from '../support/cases.ts';
import { csrfOf, sessionAs, type PageCall } from '../support/session.ts';
import { apiAs, startSystem, type Api, type System } from '../support/system.ts';

// The 未录制说明 pages (issue 22): an officer asks from the case (or task) page for a step that needs
// a 全过程音像记录 and has none, the team leader approves from a page; both through the JSON routes'
// own schema and handler (api/recording-exemption-pages.ts). Production's recording table.
let sys: System;
let handler: Api, supervisor: Api;
let officerPage: PageCall, leaderPage: PageCall, colleaguePage: PageCall, otherCountyLeader: PageCall;
beforeAll(async () => {
  sys = await startSystem({ recordingOverrides: {} });
  [handler, supervisor, officerPage, leaderPage, colleaguePage, otherCountyLeader] = await Promise.all([
    apiAs(sys.baseUrl, 'hongta.handler1'), apiAs(sys.baseUrl, 'hongta.supervisor'),
    sessionAs(sys.baseUrl, 'hongta.handler1'), sessionAs(sys.baseUrl, 'hongta.supervisor'), sessionAs(sys.baseUrl, 'hongta.handler2'),
    sessionAs(sys.baseUrl, 'jiangchuan.supervisor'),
  ]);
});
afterAll(async () => sys?.stop());

const proposal = {
  findings: '经查，当事人储罐区未设置明显的安全警示标志，违反《安全生产法》第三十五条。',
  penaltyTypes: ['FINE'], fineFen: 80_000_00, officerIds: ['u-hongta-handler1', 'u-hongta-handler2'],
};

async function atInvestigation() {
  const reg = await handler.post('/api/cases', leadBody());
  expect(reg.status, JSON.stringify(reg.body)).toBe(201);
  const caseId = reg.body.caseId as string;
  const filing = await openTaskOf(supervisor, caseId, 'FILING_APPROVAL');
  expect((await supervisor.post(`/api/tasks/${filing.id}/complete`, { outcome: 'APPROVE', data: { comment: '同意立案' } })).status).toBe(200);
  return { caseId, task: await openTaskOf(handler, caseId, 'INVESTIGATION') as { id: string; title: string } };
}

const exemptionOf = (taskId: string) => sys.prisma.recordingExemption.findUnique({ where: { taskId } });

describe('未录制说明 pages', () => {
  it('the officer asks from the case page, the team leader approves from a page, then the step completes', async () => {
    const { caseId, task } = await atInvestigation();
    const ask = `/tasks/${task.id}/recording-exemption`;
    const approve = `${ask}/approve`;

    // The case page says what the step needs and links the officer to the exemption form (not to the approval).
    const casePage = await officerPage('GET', `/cases/${caseId}`);
    expect(casePage.status).toBe(200);
    expect(casePage.html).toContain('全过程音像记录');
    expect(casePage.html).toContain('尚未关联录音或录像');
    expect(casePage.html).toContain(`href="${ask}"`);
    expect(casePage.html).not.toContain(`href="${approve}"`);
    // The task page shows the same.
    expect((await officerPage('GET', `/tasks/${task.id}`)).html).toContain(`href="${ask}"`);

    const form = await officerPage('GET', ask);
    expect(form.status).toBe(200);
    expect(form.html).toContain('设备故障');
    expect(form.html).toContain(task.title);
    const csrf = csrfOf(form.html);

    // Without the session's CSRF token: refused, nothing written.
    const forged = await officerPage('POST', ask, { reason: 'DEVICE_FAILURE', explanation: '执法记录仪电池故障，现场未能录像。' });
    expect(forged.status).toBe(403);
    // A reason the table does not know and a too short explanation: 400, the messages in Chinese beside the fields, nothing written.
    const bad = await officerPage('POST', ask, { _csrf: csrf, reason: 'FORGOT', explanation: '忘了' });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('请从列表中选择未录制原因');
    expect(bad.html).not.toContain('&quot;DEVICE_FAILURE&quot;');
    expect(bad.html).toMatch(/情况说明[^<]*10/);
    expect(bad.html).toContain('忘了'); // what was typed is kept
    expect(await exemptionOf(task.id)).toBeNull();

    const explanation = '执法记录仪电池故障，现场未能录像，已由两名执法人员签字说明。';
    const sent = await officerPage('POST', ask, { _csrf: csrf, reason: 'DEVICE_FAILURE', explanation });
    expect(sent.status, sent.html.slice(0, 500)).toBe(303);
    expect(sent.location).toBe(`/cases/${caseId}#recordings`);
    const row = await exemptionOf(task.id);
    expect(row).toMatchObject({ reason: 'DEVICE_FAILURE', explanation, requestedById: 'u-hongta-handler1', approvedAt: null });

    // Pending: the officer's page says so, and the step still refuses completion.
    const after = await officerPage('GET', `/cases/${caseId}`);
    expect(after.html).toContain('待执法队长批准');
    expect(after.html).not.toContain(`href="${ask}"`);
    expect((await handler.post(`/api/tasks/${task.id}/complete`, { outcome: 'PROPOSE', data: proposal })).status).toBe(422);

    // Another officer may not open the approval; the team leader of another county finds nothing to approve.
    expect((await colleaguePage('GET', approve)).status).toBe(403);
    const foreign = await otherCountyLeader('GET', approve);
    expect(foreign.html).not.toContain(explanation);
    const foreignPost = await otherCountyLeader('POST', approve, { _csrf: csrfOf(foreign.html) });
    expect(foreignPost.status).toBe(404);
    expect(foreignPost.html).toContain('未录制说明');
    expect((await exemptionOf(task.id))!.approvedAt).toBeNull();

    // The team leader sees the link on the case page and the reason on the approval page, and approves.
    const leaderCase = await leaderPage('GET', `/cases/${caseId}`);
    expect(leaderCase.html).toContain(`href="${approve}"`);
    const review = await leaderPage('GET', approve);
    expect(review.status).toBe(200);
    expect(review.html).toContain(explanation);
    expect(review.html).toContain('执法记录仪等设备故障');
    const approved = await leaderPage('POST', approve, { _csrf: csrfOf(review.html) });
    expect(approved.status, approved.html.slice(0, 500)).toBe(303);
    expect((await exemptionOf(task.id))!.approvedById).toBe('u-hongta-supervisor');
    expect((await leaderPage('GET', `/cases/${caseId}`)).html).toContain('执法队长已批准');

    const ok = await handler.post(`/api/tasks/${task.id}/complete`, { outcome: 'PROPOSE', data: proposal });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
  });

  it('the officer cannot approve their own request from the page (403, in Chinese), and a step without a recording rule offers no form', async () => {
    const { caseId, task } = await atInvestigation();
    // The team leader asks (e.g. in the field with the officers) and may not approve it himself.
    const ask = `/tasks/${task.id}/recording-exemption`;
    const form = await leaderPage('GET', ask);
    const sent = await leaderPage('POST', ask, { _csrf: csrfOf(form.html), reason: 'FILE_LOST', explanation: '录像文件在拷贝时损坏，无法恢复。' });
    expect(sent.status, sent.html.slice(0, 500)).toBe(303);
    const own = await leaderPage('GET', `/cases/${caseId}`);
    expect(own.html).not.toContain(`href="${ask}/approve"`);
    const self = await leaderPage('POST', `${ask}/approve`, { _csrf: csrfOf(own.html) });
    expect(self.status).toBe(403);
    expect(self.html).toContain('不能批准本人提交的未录制说明');
    expect((await exemptionOf(task.id))!.approvedAt).toBeNull();

    const reg = await handler.post('/api/cases', leadBody());
    const filing = await openTaskOf(supervisor, reg.body.caseId, 'FILING_APPROVAL');
    const none = await leaderPage('GET', `/tasks/${filing.id}/recording-exemption`);
    expect(none.html).toContain('不需要全过程音像记录');
    const refused = await leaderPage('POST', `/tasks/${filing.id}/recording-exemption`, { _csrf: csrfOf(none.html), reason: 'FILE_LOST', explanation: '录像文件在拷贝时损坏，无法恢复。' });
    expect(refused.status).toBe(422);
    expect(await exemptionOf(filing.id)).toBeNull();
  });
});
