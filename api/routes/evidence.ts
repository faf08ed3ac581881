import express, { Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../deps.ts';
import { defineRoute, type RouteDef } from '../route.ts';
import { addEvidence, evidenceFile } from '../services/evidence.ts';
import { idParam } from './schemas.ts';

const evidenceBody = z.object({
  kind: z.enum(['PHOTO', 'DOCUMENT', 'AUDIO', 'VIDEO', 'PHYSICAL', 'TESTIMONY', 'OTHER']),
  description: z.string().trim().min(2).max(5000),
  fileName: z.string().trim().max(200).optional(),
  contentBase64: z.string().max(12 * 1024 * 1024).regex(/^[A-Za-z0-9+/=\s]*$/, '文件内容须为 base64').optional(),
}).strict();

export const evidenceRoutes = (deps: AppDeps): RouteDef[] => [
  defineRoute({
    method: 'post', path: '/api/cases/:id/evidence', tag: 'cases', access: ['HANDLER', 'ASSISTANT', 'TOWNSHIP_OFFICER'],
    summary: '收集证据（文件按内容识别类型，记录 SHA-256）', params: idParam, body: evidenceBody, status: 201,
    handler: async ({ actor, params, body, req }) => addEvidence(deps, actor, params.id, body, req.get('idempotency-key') ?? undefined),
  }),
];

/** Evidence uploads are larger than other bodies: their own parser limit, before the global one. */
export const evidenceBodyParser = () => {
  const r = Router();
  r.post('/api/cases/:id/evidence', express.json({ limit: '12mb' }));
  return r;
};

export function evidencePageRoutes(deps: AppDeps): Router {
  const r = Router();
  r.get('/evidence/:id', async (req, res) => {
    if (!req.actor) return res.redirect('/login');
    const e = await evidenceFile(deps, req.actor, req.params.id);
    res.setHeader('Content-Type', e.mimeType ?? 'application/octet-stream');
    res.setHeader('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(e.fileName ?? e.id)}`);
    res.setHeader('X-Content-SHA256', e.sha256);
    res.setHeader('Cache-Control', 'private, no-store');
    res.end(Buffer.from(e.content!));
  });
  return r;
}
