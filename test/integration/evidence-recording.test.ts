import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leadBody, openTaskOf } from '../support/cases.ts';
import { apiAs, eventually, startSystem, type Api, type System } from '../support/system.ts';
import { makeMp4Like, makePng, tusUpload } from '../support/uploads.ts';

// 全过程音像记录 per step (issue 22), with production's recording table (no overrides): a step that
// needs a recording refuses completion without one (422 naming it), and accepts it with a
// recording linked to the step or with a reason the team leader approved.
let sys: System;
let handler: Api, handler2: Api, supervisor: Api;
beforeAll(async () => {
  sys = await startSystem({ recordingOverrides: {} });
  [handler, handler2, supervisor] = await Promise.all([
    apiAs(sys.baseUrl, 'hongta.handler1'), apiAs(sys.baseUrl, 'hongta.handler2'), apiAs(sys.baseUrl, 'hongta.supervisor'),
  ]);
});
afterAll(async () => sys?.stop());

const proposal = {
  findings: '经查，当事人储罐区未设置明显的安全警示标志，违反《安全生产法》第三十五条。',
  penaltyTypes: ['FINE'], fineFen: 80_000_00, officerIds: ['u-hongta-handler1', 'u-hongta-handler2'],
};

/** A filed case at its 调查取证 step (INVESTIGATION, which needs a recording of the on-site work). */
async function atInvestigation() {
  const reg = await handler.post('/api/cases', leadBody());
  expect(reg.status, JSON.stringify(reg.body)).toBe(201);
  const caseId = reg.body.caseId as string;
  const filing = await openTaskOf(supervisor, caseId, 'FILING_APPROVAL');
  // FILING_APPROVAL needs no recording: it completes as before.
  expect((await supervisor.post(`/api/tasks/${filing.id}/complete`, { outcome: 'APPROVE', data: { comment: '同意立案' } })).status).toBe(200);
  return { caseId, task: await openTaskOf(handler, caseId, 'INVESTIGATION') as { id: string; title: string } };
}

const attach = async (caseId: string, taskId: string, kind: 'VIDEO' | 'PHOTO', data: Buffer) => {
  const up = await tusUpload(sys.baseUrl, handler.token, data, { filename: kind === 'VIDEO' ? '现场.mp4' : '现场.png' });
  const r = await handler.post(`/api/cases/${caseId}/evidence`, {
    kind, description: '执法记录仪拍摄的现场调查取证过程', uploadId: up.id, taskId, capturedAt: new Date(Date.now() - 600_000).toISOString(), deviceId: 'DSJ-0451',
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
};

describe('全过程音像记录 per step', () => {
  it('refuses a step without its recording (422 naming the step and what is missing), and completes it once a video is linked', async () => {
    const { caseId, task } = await atInvestigation();
    const refused = await handler.post(`/api/tasks/${task.id}/complete`, { outcome: 'PROPOSE', data: proposal });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toBe('recording_required');
    expect(refused.body.message).toContain(task.title);
    expect(refused.body.message).toContain('调查取证（现场）');
    expect(refused.body.message).toContain('尚未关联本环节的录音或录像');
    // Nothing was done: the step is still open.
    expect((await sys.prisma.task.findUniqueOrThrow({ where: { id: task.id } })).status).toBe('OPEN');

    // A photo of the step is evidence, not a recording of it.
    await attach(caseId, task.id, 'PHOTO', makePng());
    expect((await handler.post(`/api/tasks/${task.id}/complete`, { outcome: 'PROPOSE', data: proposal })).status).toBe(422);
    await attach(caseId, task.id, 'VIDEO', makeMp4Like(300_000, 9));
    const ok = await handler.post(`/api/tasks/${task.id}/complete`, { outcome: 'PROPOSE', data: proposal });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
  });

  it('accepts a recorded reason only once the team leader approved it; the request and approval are on the audit chain', async () => {
    const { caseId, task } = await atInvestigation();
    const bad = await handler.post(`/api/tasks/${task.id}/recording-exemption`, { reason: 'FORGOT', explanation: '忘记开启执法记录仪了' });
    // Only the reasons the table knows (设备故障、文件灭失); the refusal names them.
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('设备故障');
    const body = { reason: 'DEVICE_FAILURE', explanation: '执法记录仪电池故障，现场未能录像，已由两名执法人员签字说明。' };
    const req = await handler.post(`/api/tasks/${task.id}/recording-exemption`, body);
    expect(req.status, JSON.stringify(req.body)).toBe(201);
    // Sent again, the same request is the same exemption.
    expect((await handler.post(`/api/tasks/${task.id}/recording-exemption`, body)).body.id).toBe(req.body.id);

    const pending = await handler.post(`/api/tasks/${task.id}/complete`, { outcome: 'PROPOSE', data: proposal });
    expect(pending.status).toBe(422);
    expect(pending.body.message).toContain('尚待执法队长批准');
    // Not the officers: the team leader approves.
    expect((await handler2.post(`/api/tasks/${task.id}/recording-exemption/approve`, {})).status).toBe(403);
    const approved = await supervisor.post(`/api/tasks/${task.id}/recording-exemption/approve`, {});
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body.approvedById).toBe('u-hongta-supervisor');

    const ok = await handler.post(`/api/tasks/${task.id}/complete`, { outcome: 'PROPOSE', data: proposal });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const actions = await eventually(async () => {
      const a = (await sys.prisma.auditEvent.findMany({ where: { caseId, action: { startsWith: 'recording.' } }, orderBy: { id: 'asc' } })).map((e) => e.action);
      return a.length === 2 ? a : undefined;
    });
    expect(actions).toEqual(['recording.exemption_requested', 'recording.exemption_approved']);
  });

  it('a step that needs no recording cannot be given an exemption', async () => {
    const reg = await handler.post('/api/cases', leadBody());
    const filing = await openTaskOf(supervisor, reg.body.caseId, 'FILING_APPROVAL');
    const r = await supervisor.post(`/api/tasks/${filing.id}/recording-exemption`, { reason: 'FILE_LOST', explanation: '录像文件在拷贝时损坏，无法恢复。' });
    expect(r.status).toBe(422);
    expect(r.body.message).toContain('不需要全过程音像记录');
  });
});
