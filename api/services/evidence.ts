import { createHash, randomUUID } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import { typeFitsKind, type EvidenceInput } from '../../rules/evidence.ts';
import { appendAudit } from '../../store/audit.ts';
import { canSeeOrg } from '../../store/visibility.ts';
import { attachEvidenceUpdate, caseWorkflowId, type Actor } from '../../workflows/messages.ts';
import type { AppDeps } from '../deps.ts';
import { AppError, invalid, notFound } from '../errors.ts';
import { update } from '../workflow-calls.ts';
import type { Evidence } from '../../generated/prisma/client.ts';
import { reconsiderationOfEvidence, visibleReconsideration } from './reconsiderations.ts';

async function openCase(deps: AppDeps, actor: Actor, caseId: string) {
  const c = await deps.prisma.case.findUnique({ where: { id: caseId }, select: { id: true, orgId: true, status: true, stage: true } });
  if (!c || !(await canSeeOrg(deps.prisma, actor, c.orgId))) throw notFound('案件');
  if (c.orgId !== actor.orgId) throw new AppError('forbidden', '只有办案单位可以收集证据', 403);
  if (c.status !== 'OPEN') throw new AppError('archived', '案件已结案或归档，不能再收集证据', 409);
  return c;
}

/** A refusal that names its field, as zod's do (details[].path), so a page shows it beside the field. */
const fieldError = (path: string, message: string) => invalid(message, [{ path, message }]);

/** What only the database can tell of an item: its upload is the collector's own and of the kind's type, its step and 笔录 are this case's. */
async function checkReferences(deps: AppDeps, actor: Actor, caseId: string, e: EvidenceInput) {
  if ('uploadId' in e && e.uploadId) {
    const u = await deps.prisma.evidenceUpload.findUnique({ where: { id: e.uploadId } });
    if (!u || u.uploadedById !== actor.userId) throw fieldError('uploadId', '证据文件不存在或不是您上传的，请重新上传');
    if (!typeFitsKind(e.kind, u.mimeType)) throw fieldError('uploadId', `上传的文件（${u.mimeType}）不是所选证据种类的文件`);
    const attached = await deps.prisma.evidence.findUnique({ where: { uploadId: u.id }, select: { caseId: true } });
    if (attached && attached.caseId !== caseId) throw new AppError('conflict', '该文件已作为其他案件的证据', 409);
  }
  if (e.taskId) {
    const t = await deps.prisma.task.findUnique({ where: { id: e.taskId }, select: { caseId: true } });
    if (t?.caseId !== caseId) throw fieldError('taskId', '所属环节不是本案的环节');
  }
  if (e.kind === 'TESTIMONY') {
    const d = await deps.prisma.document.findUnique({ where: { id: e.recordId }, select: { caseId: true, kind: true } });
    if (d?.caseId !== caseId || d.kind !== 'INTERVIEW_RECORD') throw fieldError('recordId', '证人证言须对应本案的一份询问笔录');
  }
}

/**
 * 调查取证: an assistant may record evidence (DESIGN §1), never sign. The file was stored and
 * hashed when its upload finished (api/uploads.ts); the item is attached by an Update of the
 * case's workflow, so a closed or archived case refuses it and the row is written with its audit.
 */
export async function addEvidence(deps: AppDeps, actor: Actor, caseId: string, e: EvidenceInput, key?: string) {
  await openCase(deps, actor, caseId);
  await checkReferences(deps, actor, caseId, e);
  const uploadId = 'uploadId' in e ? e.uploadId : undefined;
  // The same upload (or the same Idempotency-Key) attached twice is one item.
  const seed = key ? `${actor.userId}\u0000${caseId}\u0000${key}` : uploadId ? `upload\u0000${caseId}\u0000${uploadId}` : undefined;
  const evidenceId = seed ? createHash('sha256').update(seed).digest('hex').slice(0, 32) : randomUUID();
  try {
    return await update(deps, caseWorkflowId(caseId), attachEvidenceUpdate, [{ ...e, actor, evidenceId }], `evidence:${evidenceId}`);
  } catch (err) {
    // The case's workflow has ended (closed and archived): nothing more may be collected.
    if (err instanceof WorkflowNotFoundError || (err instanceof AppError && err.status === 404 && err.code === 'not_found')) {
      throw new AppError('archived', '案件已结案或归档，不能再收集证据', 409);
    }
    throw err;
  }
}

export async function evidenceItem(deps: AppDeps, actor: Actor, evidenceId: string) {
  const e = await deps.prisma.evidence.findUnique({ where: { id: evidenceId } });
  const reconsiderationId = e && reconsiderationOfEvidence(e.caseId);
  if (e && reconsiderationId) return reconsiderationAnswerFile(deps, actor, e, reconsiderationId);
  const c = e ? await deps.prisma.case.findUnique({ where: { id: e.caseId }, select: { orgId: true } }) : null;
  if (!e || !c || !(await canSeeOrg(deps.prisma, actor, c.orgId)) || (!e.content && !e.objectKey)) throw notFound('证据文件');
  return { ...e, orgId: c.orgId };
}

/**
 * A file of a respondent's answer (行政复议法 Art 48, 70): the organ reviews it, the bureau sees what
 * it submitted — whoever may see the reconsideration. Its custody events name the penalty case and the
 * respondent bureau, whose evidence it is, not the pseudo case id it is filed under.
 */
async function reconsiderationAnswerFile(deps: AppDeps, actor: Actor, e: Evidence, reconsiderationId: string) {
  const r = await visibleReconsideration(deps, actor, reconsiderationId);
  if (!r || (!e.content && !e.objectKey)) throw notFound('证据文件');
  return { ...e, caseId: r.caseId, orgId: r.respondentOrgId };
}

/** 全过程记录 of access: each view or download of a file is an event of the audit chain (the custody log). */
export async function recordDownload(deps: AppDeps, actor: Actor, e: { id: string; caseId: string; orgId: string; sha256: string }, range?: string, viewed = false) {
  await deps.prisma.$transaction((tx) => appendAudit(tx, {
    actorKind: 'USER', actorId: actor.userId, ip: actor.ip, action: viewed ? 'evidence.viewed' : 'evidence.downloaded', subjectType: 'Evidence',
    subjectId: e.id, caseId: e.caseId, orgId: e.orgId, data: { sha256: e.sha256, ...(range ? { range } : {}) },
  }));
}
