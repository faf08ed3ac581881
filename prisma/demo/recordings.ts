import * as tus from 'tus-js-client';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { recordingRuleFor, withRecordingOverrides } from '../../rules/recording-steps.ts';
import type { DemoApi } from './client.ts';

// 全过程音像记录 (issue 22): before a step that needs a recording, the demo officer uploads the
// body-camera clip of it (a small stand-in: an MP4 `ftyp` box and filler) and links it to the step,
// as an officer does from the evidence page. Skipped when the step already has one (a re-run).

function clip(seed: string): Buffer {
  const b = Buffer.alloc(64 * 1024, seed);
  Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex').copy(b, 0);
  return b;
}

function upload(baseUrl: string, who: DemoApi, data: Buffer, metadata: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const up: tus.Upload = new tus.Upload(data, {
      endpoint: `${baseUrl}/api/uploads`, retryDelays: [0, 1000, 3000], headers: { authorization: `Bearer ${who.token}` }, metadata,
      onSuccess: () => resolve(up.url!.split('/').pop()!), onError: reject,
    });
    up.start();
  });
}

export async function recordStep(prisma: PrismaClient, baseUrl: string, who: DemoApi, task: { id: string; kind: string; caseId: string | null }, outcome: string, data: Record<string, unknown> = {}) {
  const rule = recordingRuleFor(withRecordingOverrides(), task.kind, outcome, data);
  if (!rule) return;
  const capturedAt = new Date(Date.now() - 3_600_000).toISOString();
  if (!task.caseId) {
    if (await prisma.evidenceUpload.count({ where: { taskId: task.id } })) return;
    await upload(baseUrl, who, clip(task.id), { filename: `执法记录仪-${rule.label}.mp4`, taskId: task.id, deviceId: 'DSJ-DEMO-01' });
    return;
  }
  if (await prisma.evidence.count({ where: { caseId: task.caseId, taskId: task.id, kind: 'VIDEO' } })) return;
  const uploadId = await upload(baseUrl, who, clip(task.id), { filename: `执法记录仪-${rule.label}.mp4` });
  await who.post(`/api/cases/${task.caseId}/evidence`, {
    kind: 'VIDEO', description: `执法记录仪拍摄的${rule.label}全过程录像`, uploadId, taskId: task.id, capturedAt, deviceId: 'DSJ-DEMO-01',
  });
}
