import { EVIDENCE_COLLECTORS } from '../../rules/roles.ts';
import { createRequire } from 'node:module';
import { pipeline } from 'node:stream/promises';
import { Router, type Request, type Response } from 'express';
import { EVIDENCE_KINDS, FILE_KINDS } from '../../rules/evidence.ts';
import { canSeeOrg } from '../../store/visibility.ts';
import type { EvidenceStorage } from '../../store/objects/index.ts';
import { csrfToken } from '../auth.ts';
import type { AppDeps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { EVIDENCE_KIND_LABELS } from '../labels.ts';
import { evidenceItem, recordDownload } from '../services/evidence.ts';
import { exportEvidence } from '../services/evidence-export.ts';

const require = createRequire(import.meta.url);
/** tus-js-client's browser bundle, served from our own origin (no CDN: the CSP allows only 'self'). */
const TUS_BUNDLE = require.resolve('tus-js-client/dist/tus.min.js');

// A downloaded file must never run as a page of ours, whatever its bytes claim to be.
function safeDownloadHeaders(res: Response, e: { id: string; fileName: string | null; mimeType: string | null; sha256: string }) {
  res.setHeader('Content-Type', e.mimeType ?? 'application/octet-stream');
  res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(e.fileName ?? `证据-${e.id.slice(0, 8)}`)}`);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Security-Policy', "sandbox; default-src 'none'");
  res.setHeader('X-Content-SHA256', e.sha256);
  res.setHeader('Cache-Control', 'private, no-store');
  res.setHeader('Accept-Ranges', 'bytes');
}

async function download(deps: AppDeps, storage: EvidenceStorage, req: Request, res: Response) {
  if (!req.actor) return res.redirect(`/login?next=${encodeURIComponent(req.originalUrl)}`);
  const e = await evidenceItem(deps, req.actor, req.params.id as string);
  safeDownloadHeaders(res, e);
  const size = e.objectKey ? Number(e.size ?? (await storage.objects.head(e.objectKey))?.size ?? 0) : e.content!.length;
  const ranges = req.headers.range ? req.range(size, { combine: true }) : undefined;
  if (ranges === -1) {
    res.setHeader('Content-Range', `bytes */${size}`);
    return res.status(416).end();
  }
  // One range (what a video player asks for); several ranges are answered with the whole file.
  const range = Array.isArray(ranges) && ranges.length === 1 ? ranges[0] : undefined;
  // A player's follow-up ranges continue one access: the custody log records the request that starts at byte 0.
  // The browser's own player or image view (Sec-Fetch-Dest) is a view; anything else a download.
  const viewed = ['video', 'audio', 'image'].includes(req.get('sec-fetch-dest') ?? '');
  if (!range || range.start === 0) await recordDownload(deps, req.actor, e, range ? `bytes=${range.start}-${range.end}` : undefined, viewed);
  if (range) {
    res.status(206).setHeader('Content-Range', `bytes ${range.start}-${range.end}/${size}`);
    res.setHeader('Content-Length', String(range.end - range.start + 1));
  } else {
    res.setHeader('Content-Length', String(size));
  }
  if (req.method === 'HEAD') return res.end();
  if (!e.objectKey) return res.end(Buffer.from(e.content!).subarray(range?.start ?? 0, (range?.end ?? size - 1) + 1));
  await pipeline(await storage.objects.get(e.objectKey, range), res);
}

/** The evidence page of a case: upload from a file or the phone's camera, and the downloads. */
export function evidencePageRoutes(deps: AppDeps, storage: EvidenceStorage): Router {
  const r = Router();
  r.get('/vendor/tus.min.js', (_req, res) => res.sendFile(TUS_BUNDLE, { maxAge: '1d' }));
  r.get('/evidence/:id', (req, res) => download(deps, storage, req, res));
  // The case's files with their manifest and custody, as one ZIP (api/services/evidence-export.ts).
  r.get('/cases/:id/evidence/export', async (req, res) => {
    if (!req.actor) return res.redirect(`/login?next=${encodeURIComponent(req.originalUrl)}`);
    await exportEvidence(deps, storage, req.actor, req.params.id, res);
  });

  r.get('/cases/:id/evidence/new', async (req, res) => {
    if (!req.actor) return res.redirect(`/login?next=${encodeURIComponent(req.originalUrl)}`);
    const c = await deps.prisma.case.findUnique({ where: { id: req.params.id }, select: { id: true, orgId: true, number: true, status: true, partyName: true } });
    if (!c || !(await canSeeOrg(deps.prisma, req.actor, c.orgId))) throw notFound('案件');
    const [tasks, records] = await Promise.all([
      deps.prisma.task.findMany({ where: { caseId: c.id }, orderBy: { createdAt: 'asc' }, select: { id: true, title: true, status: true } }),
      deps.prisma.document.findMany({ where: { caseId: c.id, kind: 'INTERVIEW_RECORD' }, orderBy: { issuedAt: 'asc' }, select: { id: true, number: true } }),
    ]);
    const mayCollect = c.status === 'OPEN' && c.orgId === req.actor.orgId && req.actor.roles.some((x) => (EVIDENCE_COLLECTORS as readonly string[]).includes(x));
    res.render('evidence-new', {
      title: '收集证据', me: req.actor, csrf: csrfToken(req), c, mayCollect, tasks, records,
      kinds: EVIDENCE_KINDS.map((k) => ({ value: k, label: EVIDENCE_KIND_LABELS[k], file: k in FILE_KINDS, physical: k === 'PHYSICAL', testimony: k === 'TESTIMONY' })),
    });
  });
  return r;
}
