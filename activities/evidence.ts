import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { appendAudit } from '../store/audit.ts';
import { FAILURE, type AttachEvidenceInput } from '../workflows/messages.ts';
import { userActor } from './audit-actor.ts';

export type RecordEvidenceInput = AttachEvidenceInput & { caseId: string; orgId: string };

export function evidenceActivities(prisma: PrismaClient) {
  return {
    /**
     * The Evidence row and its audit event in one transaction; a retry (same evidence id) returns
     * the first write. The file's key, size, type and SHA-256 come from the finished upload,
     * recorded when its bytes streamed in, never recomputed here.
     */
    async recordEvidence(e: RecordEvidenceInput): Promise<{ id: string; sha256: string }> {
      return prisma.$transaction(async (tx) => {
        const existing = await tx.evidence.findUnique({ where: { id: e.evidenceId }, select: { id: true, sha256: true } });
        if (existing) return existing;
        const upload = e.uploadId ? await tx.evidenceUpload.findUnique({ where: { id: e.uploadId } }) : null;
        if (e.uploadId && !upload) throw ApplicationFailure.nonRetryable('上传的证据文件不存在', FAILURE.notFound);
        if (e.uploadId && (await tx.evidence.findUnique({ where: { uploadId: e.uploadId }, select: { id: true } }))) {
          throw ApplicationFailure.nonRetryable('该文件已作为证据附入案件', FAILURE.conflict);
        }
        const record = e.recordId ? await tx.document.findUnique({ where: { id: e.recordId }, select: { sha256: true } }) : null;
        // Without a file the item's hash is that of its 笔录 (testimony) or of its own text.
        const sha256 = upload?.sha256 ?? record?.sha256 ?? createHash('sha256').update(`${e.kind}\u0000${e.description}`).digest('hex');
        await tx.evidence.create({ data: {
          id: e.evidenceId, caseId: e.caseId, kind: e.kind, description: e.description, sha256,
          fileName: upload?.fileName ?? null, mimeType: upload?.mimeType ?? null, size: upload?.size ?? null,
          objectKey: upload?.objectKey ?? null, uploadId: upload?.id ?? null, taskId: e.taskId ?? null,
          capturedAt: e.capturedAt ? new Date(e.capturedAt) : null, deviceId: e.deviceId ?? upload?.deviceId ?? null,
          keptAt: e.keptAt ?? null, custodian: e.custodian ?? null, recordId: e.recordId ?? null, collectedById: e.actor.userId,
        } });
        await appendAudit(tx, { ...userActor(e.actor), action: 'evidence.added', subjectType: 'Evidence', subjectId: e.evidenceId,
          caseId: e.caseId, orgId: e.orgId, data: {
            kind: e.kind, sha256, size: upload ? Number(upload.size) : 0, mimeType: upload?.mimeType ?? null,
            objectKey: upload?.objectKey ?? null, capturedAt: e.capturedAt ?? null, uploadedAt: upload?.finishedAt.toISOString() ?? null,
            deviceId: e.deviceId ?? upload?.deviceId ?? null, taskId: e.taskId ?? null,
          } });
        return { id: e.evidenceId, sha256 };
      });
    },
  };
}
