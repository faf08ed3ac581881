import { evidenceInput } from '../../rules/evidence.ts';
import type { AppDeps } from '../deps.ts';
import { defineRoute, type RouteDef } from '../route.ts';
import { addEvidence } from '../services/evidence.ts';
import { idParam } from './schemas.ts';
import { evidenceAdded } from './case-responses.ts';

export const evidenceRoutes = (deps: AppDeps): RouteDef[] => [
  defineRoute({
    method: 'post', path: '/api/cases/:id/evidence', tag: 'cases', access: ['HANDLER', 'ASSISTANT', 'TOWNSHIP_OFFICER'],
    summary: '收集证据（文件先经 /api/uploads 断点续传上传，按内容识别类型并记录 SHA-256）', params: idParam, body: evidenceInput, status: 201, response: evidenceAdded,
    handler: async ({ actor, params, body, req }) => addEvidence(deps, actor, params.id, body, req.get('idempotency-key') ?? undefined),
  }),
];
