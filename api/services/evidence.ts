import { createHash, randomUUID } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import { appendAudit } from '../../store/audit.ts';
import { canSeeOrg } from '../../store/visibility.ts';
import type { Actor } from '../../workflows/messages.ts';
import type { AppDeps } from '../deps.ts';
import { AppError, invalid, notFound } from '../errors.ts';

/** Photos, scans and recordings an officer may attach; the type is read from the bytes, not the name. */
export const EVIDENCE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf', 'audio/mpeg', 'video/mp4'] as const;
export const MAX_EVIDENCE_BYTES = 8 * 1024 * 1024;

async function openCase(deps: AppDeps, actor: Actor, caseId: string) {
  const c = await deps.prisma.case.findUnique({ where: { id: caseId }, select: { id: true, orgId: true, status: true, stage: true } });
  if (!c || !canSeeOrg(actor, c.orgId)) throw notFound('案件');
  if (c.orgId !== actor.orgId) throw new AppError('forbidden', '只有办案单位可以收集证据', 403);
  if (c.status !== 'OPEN') throw new AppError('archived', '案件已结案或归档，不能再收集证据', 409);
  return c;
}

export interface EvidenceInput { kind: string; description: string; fileName?: string; contentBase64?: string }

/**
 * 调查取证: an assistant may record evidence (DESIGN §1), never sign. Each item is stored with
 * its SHA-256 so the file can later be shown unaltered (全过程记录, CF Art 47).
 */
export async function addEvidence(deps: AppDeps, actor: Actor, caseId: string, e: EvidenceInput, key?: string) {
  const c = await openCase(deps, actor, caseId);
  const bytes = e.contentBase64 ? Buffer.from(e.contentBase64, 'base64') : undefined;
  if (bytes && bytes.length > MAX_EVIDENCE_BYTES) throw new AppError('too_large', `证据文件超过 ${MAX_EVIDENCE_BYTES / 1024 / 1024}MB`, 413);
  let mimeType: string | undefined;
  if (bytes) {
    mimeType = (await fileTypeFromBuffer(bytes))?.mime;
    if (!mimeType || !(EVIDENCE_TYPES as readonly string[]).includes(mimeType)) {
      throw invalid(`证据文件类型不允许（按内容识别为 ${mimeType ?? '未知'}），允许：${EVIDENCE_TYPES.join('、')}`);
    }
  }
  const sha256 = createHash('sha256').update(bytes ?? Buffer.from(`${e.kind}\u0000${e.description}`)).digest('hex');
  const id = key ? createHash('sha256').update(`${actor.userId}\u0000${caseId}\u0000${key}`).digest('hex').slice(0, 32) : randomUUID();
  return deps.prisma.$transaction(async (tx) => {
    const existing = await tx.evidence.findUnique({ where: { id }, select: { id: true, sha256: true } });
    if (existing) return existing;
    await tx.evidence.create({ data: {
      id, caseId, kind: e.kind, description: e.description, fileName: e.fileName ?? null, mimeType: mimeType ?? null,
      size: bytes?.length ?? null, sha256, content: bytes ? new Uint8Array(bytes) : null, collectedById: actor.userId,
    } });
    await appendAudit(tx, { actorKind: 'USER', actorId: actor.userId, ip: actor.ip, action: 'evidence.added', subjectType: 'Evidence',
      subjectId: id, caseId, orgId: c.orgId, data: { kind: e.kind, sha256, size: bytes?.length ?? 0, mimeType: mimeType ?? null } });
    return { id, sha256 };
  });
}

export async function evidenceFile(deps: AppDeps, actor: Actor, evidenceId: string) {
  const e = await deps.prisma.evidence.findUnique({ where: { id: evidenceId } });
  const c = e ? await deps.prisma.case.findUnique({ where: { id: e.caseId }, select: { orgId: true } }) : null;
  if (!e || !c || !canSeeOrg(actor, c.orgId) || !e.content) throw notFound('证据文件');
  return e;
}
