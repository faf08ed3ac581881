import { evidenceInput } from '../../rules/evidence.ts';
import { EVIDENCE_COLLECTORS } from '../../rules/roles.ts';
import type { AppDeps } from '../deps.ts';
import { defineRoute, type RouteDef } from '../route.ts';
import { z } from 'zod';
import { RECORDING_GAP_REASONS } from '../../rules/recording-steps.ts';
import { cleanText } from '../../rules/forms/fields.ts';
import { addEvidence } from '../services/evidence.ts';
import { approveExemption, requestExemption } from '../services/recordings.ts';
import { idParam } from './schemas.ts';
import { evidenceAdded } from './case-responses.ts';

const exemptionBody = z.object({
  reason: z.enum(Object.keys(RECORDING_GAP_REASONS) as [keyof typeof RECORDING_GAP_REASONS], { error: '请选择未录制原因：设备故障（DEVICE_FAILURE）或文件灭失（FILE_LOST）' }).describe('未录制原因'),
  explanation: cleanText('情况说明', { min: 10, max: 2000, multiline: true }),
}).strict();

const isoDateTime = z.iso.datetime({ offset: true });
/** A 未录制说明 as stored (prisma RecordingExemption). */
const recordingExemption = z.object({
  id: z.string(), taskId: z.string(), caseId: z.string().nullable(), orgId: z.string(), reason: z.string(), explanation: z.string(),
  requestedById: z.string(), requestedAt: isoDateTime, approvedById: z.string().nullable(), approvedAt: isoDateTime.nullable(),
});

export const evidenceRoutes = (deps: AppDeps): RouteDef[] => [
  defineRoute({
    method: 'post', path: '/api/cases/:id/evidence', tag: 'cases', access: EVIDENCE_COLLECTORS,
    summary: '收集证据（文件先经 /api/uploads 断点续传上传，按内容识别类型并记录 SHA-256）', params: idParam, body: evidenceInput, status: 201, response: evidenceAdded,
    handler: async ({ actor, params, body, req }) => addEvidence(deps, actor, params.id, body, req.get('idempotency-key') ?? undefined),
  }),
  defineRoute({
    method: 'post', path: '/api/tasks/:id/recording-exemption', tag: 'tasks', access: ['HANDLER', 'ASSISTANT', 'TOWNSHIP_OFFICER', 'SUPERVISOR', 'HEAD'],
    summary: '需全过程音像记录的环节未能录制：提交原因（设备故障、文件灭失），待执法队长批准', params: idParam, body: exemptionBody, status: 201, response: recordingExemption,
    handler: async ({ actor, params, body }) => requestExemption(deps, actor, params.id, body),
  }),
  defineRoute({
    method: 'post', path: '/api/tasks/:id/recording-exemption/approve', tag: 'tasks', access: ['SUPERVISOR', 'HEAD'],
    summary: '执法队长批准未录制说明', params: idParam, response: recordingExemption,
    handler: async ({ actor, params }) => approveExemption(deps, actor, params.id),
  }),
];
