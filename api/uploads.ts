import type { IncomingMessage } from 'node:http';
import { Server, type ServerOptions } from '@tus/server';
import type { Upload } from '@tus/utils';
import { Router, type Request, type Response } from 'express';
import { fileTypeStream } from 'file-type/node';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { UPLOAD_TYPES } from '../rules/evidence.ts';
import { ObjectExists, type EvidenceStorage } from '../store/objects/index.ts';
import { checkCsrf } from './auth.ts';
import { AppError } from './errors.ts';
import { EVIDENCE_COLLECTORS } from '../rules/roles.ts';

/** Body-camera recordings run to a few GB; this bounds one upload, not the memory it takes. */
export const MAX_UPLOAD_BYTES = 8 * 1024 ** 3;
export const UPLOAD_PATH = '/api/uploads';
export const objectKeyOf = (uploadId: string) => `evidence/${uploadId}`;

type TusRequest = Parameters<NonNullable<ServerOptions['onUploadCreate']>>[0];
const expressReq = (req: TusRequest) => (req as unknown as { runtime?: { node?: { req: IncomingMessage } } }).runtime?.node?.req as Request | undefined;
const refuse = (status_code: number, body: string) => Object.assign(new Error(body), { status_code, body });

/**
 * Streams a finished upload to the object store: its type read from the first bytes (file-type),
 * its SHA-256 taken on the way (store/objects), the object written once, then the upload recorded
 * so a case may attach it (api/services/evidence.ts). The running upload's bytes are then dropped.
 */
async function finish(storage: EvidenceStorage, prisma: PrismaClient, upload: Upload) {
  const done = await prisma.evidenceUpload.findUnique({ where: { id: upload.id } });
  if (done) return done;
  const source = await storage.uploads.read(upload.id);
  const typed = await fileTypeStream(source);
  const mime = typed.fileType?.mime;
  if (!mime || !UPLOAD_TYPES.includes(mime)) {
    typed.destroy();
    source.destroy();
    await storage.discardUpload(upload.id);
    throw refuse(415, `证据文件类型不允许（按内容识别为 ${mime ?? '未知'}）。允许照片（JPEG、PNG、WebP、HEIC）、录音、录像（MP4、MOV）和 PDF 文件`);
  }
  const key = objectKeyOf(upload.id);
  let stored;
  try {
    stored = await storage.objects.put(key, typed, mime);
  } catch (e) {
    if (!(e instanceof ObjectExists)) throw e;
    throw refuse(409, '该上传已保存，不能覆盖');
  }
  const meta = upload.metadata ?? {};
  // A recording made for a step without a case (现场检查) names its step; only a step of the uploader's unit.
  const step = meta.taskId ? await prisma.task.findUnique({ where: { id: meta.taskId.slice(0, 128) }, select: { id: true, orgId: true } }) : null;
  const row = await prisma.evidenceUpload.create({ data: {
    id: upload.id, uploadedById: meta.uploadedBy!, orgId: meta.orgId!, objectKey: stored.key, size: BigInt(stored.size),
    sha256: stored.sha256, mimeType: mime, fileName: meta.filename?.slice(0, 200) || null, deviceId: meta.deviceId?.slice(0, 100) || null,
    taskId: step && step.orgId === meta.orgId ? step.id : null,
  } });
  await storage.discardUpload(upload.id);
  return row;
}

/**
 * tus answers through srvx, which ends the response with `res.end(callback)`; express-session's
 * wrapped `end(chunk, encoding)` takes that callback for a chunk (TypeError) or drops it (the
 * request hangs). The callback is moved to the response's `close` event instead.
 */
function endWithCallback(res: Response): void {
  const end = res.end.bind(res) as (...a: unknown[]) => Response;
  res.end = ((...args: unknown[]) => {
    const cb = typeof args[args.length - 1] === 'function' ? (args.pop() as () => void) : undefined;
    if (cb) res.once('close', cb);
    return end(...args);
  }) as Response['end'];
}

/**
 * The tus endpoint (resumable uploads, https://tus.io): behind login, the collector roles and
 * the session's CSRF token like every other write; an upload is resumed only by who began it.
 */
export function uploadRoutes(storage: EvidenceStorage, prisma: PrismaClient): Router {
  const tus = new Server({
    path: UPLOAD_PATH, datastore: storage.uploads, maxSize: MAX_UPLOAD_BYTES, relativeLocation: true,
    // Only the page of this origin uploads: no cross-origin access at all.
    allowedOrigins: () => false,
    onUploadCreate: async (req, upload) => {
      const actor = expressReq(req)?.actor;
      if (!actor) throw refuse(401, '请先登录');
      return { metadata: { ...upload.metadata, uploadedBy: actor.userId, orgId: actor.orgId } };
    },
    onUploadFinish: async (_req, upload) => {
      const row = await finish(storage, prisma, upload);
      return { headers: { 'Upload-SHA256': row.sha256, 'Upload-Content-Type': row.mimeType } };
    },
  });
  const r = Router();
  r.all([UPLOAD_PATH, `${UPLOAD_PATH}/:id`], async (req, res, next) => {
    try {
      const actor = req.actor;
      if (!actor) throw new AppError('unauthorized', '请先登录', 401);
      if (!actor.roles.some((x) => (EVIDENCE_COLLECTORS as readonly string[]).includes(x))) throw new AppError('forbidden', '您的角色不能上传证据文件', 403);
      checkCsrf(req);
      const id = req.params.id as string | undefined;
      if (id && req.method !== 'OPTIONS') {
        const upload = await storage.uploads.getUpload(id).catch(() => undefined);
        const finished = upload ? undefined : await prisma.evidenceUpload.findUnique({ where: { id }, select: { uploadedById: true } });
        const owner = upload?.metadata?.uploadedBy ?? finished?.uploadedById;
        if (owner !== actor.userId) throw new AppError('not_found', '上传不存在或无权查看', 404);
        if (finished && req.method === 'HEAD') {
          // A finished upload was moved to the object store: answer a resuming client that it is complete.
          const f = await prisma.evidenceUpload.findUnique({ where: { id } });
          res.set({ 'Tus-Resumable': '1.0.0', 'Upload-Offset': String(f!.size), 'Upload-Length': String(f!.size), 'Cache-Control': 'no-store' });
          return res.status(200).end();
        }
      }
      endWithCallback(res);
      await tus.handle(req, res);
    } catch (e) {
      next(e);
    }
  });
  return r;
}
