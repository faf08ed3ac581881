import type { Payload } from '@temporalio/common';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AesGcmPayloadCodec, parseCodecKeys } from '../../infra/payload-codec.ts';
import { addDays, shanghaiDate } from '../../rules/iso-date.ts';
import { caseWorkflowId } from '../../workflows/messages.ts';
import type { CaseInput } from '../../workflows/case-input.ts';
import { apiAs, eventually, startSystem, type Api, type System } from '../support/system.ts';
import { startWorkerProcess, workerPolling } from '../support/worker-process.ts';

// Issue 20 item 6: one policy for API and worker. The worker here is the real entry
// (scripts/worker.ts) given THRESHOLD_OVERRIDES; the API of this system has none, so a case an
// inspection opens can carry the override only if the worker read it.
const OVERRIDES = { HEARING_FINE_MIN_ORGANISATION: { value: 5_000_000 } };
const officers = ['u-hongta-handler1', 'u-hongta-handler2'];
let sys: System;
let worker: ChildProcess;
let handler: Api, supervisor: Api;

beforeAll(async () => {
  sys = await startSystem({ inProcessWorker: false });
  worker = startWorkerProcess(sys, { THRESHOLD_OVERRIDES: JSON.stringify(OVERRIDES) });
  await workerPolling(sys);
  [handler, supervisor] = await Promise.all([apiAs(sys.baseUrl, 'hongta.handler1'), apiAs(sys.baseUrl, 'hongta.supervisor')]);
});
afterAll(async () => {
  worker?.kill('SIGTERM');
  await sys?.stop();
});

/** The case workflow's start input, decoded with the system's keys. */
async function caseInput(caseId: string): Promise<CaseInput> {
  const history = await sys.temporal.workflow.getHandle(caseWorkflowId(caseId)).fetchHistory();
  const started = history.events![0]!.workflowExecutionStartedEventAttributes!;
  const [plain] = await new AesGcmPayloadCodec(parseCodecKeys(inject('codecKeys'))).decode(started.input!.payloads as Payload[]);
  return JSON.parse(Buffer.from(plain!.data!).toString('utf8')) as CaseInput;
}

describe('configured thresholds reach every case', () => {
  it('THRESHOLD_OVERRIDES given to the worker is frozen into the case an uncorrected hazard opens', async () => {
    const drawn = await supervisor.post('/api/draws', { count: 1 }, { 'idempotency-key': `policy-${Date.now()}` });
    expect(drawn.status, JSON.stringify(drawn.body)).toBe(201);
    const id = drawn.body.inspections[0] as string;
    const i = await eventually(async () => { const r = await handler.get(`/api/inspections/${id}`); return r.body?.tasks?.some((t: { kind: string; status: string }) => t.kind === 'INSPECTION_RECORD' && t.status === 'OPEN') && r.body; });
    const record = {
      officerIds: officers, startedAt: new Date().toISOString(), place: '仓库', staffPresent: [{ name: '李明', position: '安全员' }],
      checklist: [{ itemId: i.checklist[0].id, ok: false, note: '未见记录' }], findings: '检查了仓库。',
      hazards: [{ description: '安全出口被货物堵塞', location: '仓库东侧', photos: [{ fileName: '出口.jpg', sha256: 'f'.repeat(64) }] }],
      rectifyBy: addDays(shanghaiDate(new Date()), 15),
    };
    expect((await handler.post(`/api/inspections/${id}/record`, record)).status).toBe(200);
    await eventually(async () => (await handler.get(`/api/inspections/${id}`)).body?.status === 'RECTIFYING');
    expect((await handler.post(`/api/inspections/${id}/reinspection-request`, {})).status).toBe(200);
    await eventually(async () => (await handler.get(`/api/inspections/${id}`)).body?.tasks?.some((t: { kind: string; status: string }) => t.kind === 'REINSPECTION' && t.status === 'OPEN'));
    expect((await handler.post(`/api/inspections/${id}/reinspection`, { outcome: 'NOT_CORRECTED', officerIds: officers, findings: '安全出口仍被堵塞。', catalogItemId: 'AQ-099-1' })).status).toBe(200);
    const closed = await eventually(async () => { const r = await handler.get(`/api/inspections/${id}`); return r.body?.status === 'CLOSED' && r.body; }, 30_000);
    expect(closed.result).toBe('CASE_OPENED');

    const input = await caseInput(closed.caseId);
    expect(input.source).toBe('INSPECTION');
    expect(input.thresholdOverrides).toEqual(OVERRIDES);
  });
});
