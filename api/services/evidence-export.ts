import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import yazl from 'yazl';
import { appendAudit } from '../../store/audit.ts';
import type { EvidenceStorage } from '../../store/objects/index.ts';
import type { Actor } from '../../workflows/messages.ts';
import type { AppDeps } from '../deps.ts';
import { EVIDENCE_KIND_LABELS } from '../labels.ts';
import { getCase } from './cases.ts';

// The evidence of a case as one ZIP (issue 22): every file as stored, a manifest with each file's
// key, SHA-256, size and chain of custody, and a SHA256SUMS that `sha256sum -c` checks — what a
// hearing, a reconsideration or a court is handed. Streamed (yazl): a 2 GB video never sits in memory.

/** A file name from a person's upload, made safe as one path segment of the archive. */
const safeName = (s: string) => s.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]/g, '_').replace(/^\.+/, '_').slice(0, 120) || '文件';

const extOf = (mime: string | null) => ({ 'video/mp4': '.mp4', 'video/quicktime': '.mov', 'image/jpeg': '.jpg', 'image/png': '.png', 'image/webp': '.webp', 'image/heic': '.heic', 'application/pdf': '.pdf' } as Record<string, string>)[mime ?? ''] ?? '';

/**
 * Streams the case's evidence files to `res` as a ZIP. Each file's export is first written to the
 * audit chain (`evidence.exported`, shown in its custody log) with one `case.evidence_exported` for
 * the archive, in one transaction, before a byte is sent: an export that fails midway is still an access.
 */
export async function exportEvidence(deps: AppDeps, storage: EvidenceStorage, actor: Actor, caseId: string, res: Response): Promise<void> {
  const detail = await getCase(deps, actor, caseId); // 404 unless the person may see the case (as a download)
  const stored = await deps.prisma.evidence.findMany({
    where: { caseId, OR: [{ objectKey: { not: null } }, { content: { not: null } }] }, orderBy: { collectedAt: 'asc' }, select: { id: true, objectKey: true },
  });
  const keys = new Map(stored.map((e) => [e.id, e.objectKey]));
  const items = detail.evidence.filter((e) => keys.has(e.id));
  const exportId = randomUUID();
  const exportedAt = new Date();
  const files = items.map((e, i) => ({
    path: `证据/${String(i + 1).padStart(3, '0')}-${safeName(e.fileName ?? `${EVIDENCE_KIND_LABELS[e.kind as keyof typeof EVIDENCE_KIND_LABELS] ?? e.kind}${extOf(e.mimeType)}`)}`,
    evidenceId: e.id, key: keys.get(e.id) ?? `（数据库内，证据 ${e.id}）`, sha256: e.sha256, size: Number(e.size ?? 0), mimeType: e.mimeType,
    kind: EVIDENCE_KIND_LABELS[e.kind as keyof typeof EVIDENCE_KIND_LABELS] ?? e.kind, description: e.description, step: e.stepTitle,
    custody: {
      uploadedBy: e.uploadedByName, uploadedAt: e.uploadedAt, deviceId: e.deviceId ?? e.uploadDeviceId, capturedAt: e.capturedAt,
      collectedBy: e.collectedByName, collectedAt: e.collectedAt,
      // Before this export (which the manifest's exportedBy/exportedAt describe).
      accesses: e.accesses.map((a) => ({ action: a.action, by: a.by ?? '系统', at: a.at })),
    },
  }));
  const me = await deps.prisma.user.findUnique({ where: { id: actor.userId }, select: { displayName: true } });
  const manifest = {
    exportId, exportedAt, exportedBy: me?.displayName ?? actor.userId,
    case: { id: detail.case.id, number: detail.case.number, party: detail.case.partyName, org: detail.orgName },
    note: '每个文件的 SHA-256 与案卷登记值一致；可用 sha256sum -c SHA256SUMS 核对。保管链为导出时审计链中的记录。',
    files,
  };
  await deps.prisma.$transaction(async (tx) => {
    for (const f of files) {
      await appendAudit(tx, { actorKind: 'USER', actorId: actor.userId, ip: actor.ip, action: 'evidence.exported', subjectType: 'Evidence',
        subjectId: f.evidenceId, caseId, orgId: detail.case.orgId, data: { sha256: f.sha256, exportId } });
    }
    await appendAudit(tx, { actorKind: 'USER', actorId: actor.userId, ip: actor.ip, action: 'case.evidence_exported', subjectType: 'Case',
      subjectId: caseId, caseId, orgId: detail.case.orgId, data: { exportId, files: files.length, evidenceIds: files.map((f) => f.evidenceId) } });
  });

  const zip = new yazl.ZipFile();
  const mtime = exportedAt;
  zip.addBuffer(Buffer.from(JSON.stringify(manifest, null, 2)), 'manifest.json', { mtime });
  zip.addBuffer(Buffer.from(files.map((f) => `${f.sha256}  ${f.path}\n`).join('')), 'SHA256SUMS', { mtime });
  for (const f of files) {
    const key = keys.get(f.evidenceId);
    // Recordings and photos are compressed already: stored as they are.
    const opts = { mtime, compress: false, size: f.size };
    if (key) {
      zip.addReadStreamLazy(f.path, opts, (cb) => { storage.objects.get(key).then((s) => cb(null, s), (e: Error) => cb(e, null as never)); });
    } else {
      const row = await deps.prisma.evidence.findUniqueOrThrow({ where: { id: f.evidenceId }, select: { content: true } });
      zip.addBuffer(Buffer.from(row.content!), f.path, { mtime, compress: false });
    }
  }
  zip.end();
  const name = `${detail.case.number ?? `案件-${caseId.slice(0, 8)}`}-证据.zip`;
  res.setHeader('Content-Type', 'application/zip');
  res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'private, no-store');
  // A file that cannot be read midway ends the response unfinished: the ZIP's missing central directory shows it.
  zip.on('error', (e: Error) => res.destroy(e));
  zip.outputStream.on('error', (e) => res.destroy(e));
  zip.outputStream.pipe(res);
  await new Promise<void>((ok) => res.once('close', () => ok()));
}
