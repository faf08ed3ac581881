import { createHash, randomUUID } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import type { Prisma } from '../../generated/prisma/client.ts';
import { OUTCOME_LABELS } from '../../rules/reconsideration-rules.ts';
import { storeAttachment } from './attachment-store.ts';
import { appendAudit } from '../../store/audit.ts';
import type { Actor } from '../../workflows/messages.ts';
import { reconsiderationWorkflowId, type ReconsiderationInput } from '../../workflows/reconsideration-messages.ts';
import { actionDateRefusal, dateTolerance } from '../../rules/date-bounds.ts';
import { orgFilter } from '../../store/visibility.ts';
import type { AppDeps } from '../deps.ts';
import { startRecorded } from '../workflow-calls.ts';
import { RECONSIDERATION_STATUS_LABELS } from '../labels.ts';
import { AppError, conflict, forbidden, invalid, notFound } from '../errors.ts';
import { completeTask } from './tasks.ts';

export const RECON_EVIDENCE_TYPES = ['image/jpeg', 'image/png', 'application/pdf'] as const;
const MAX_EVIDENCE_BYTES = 4 * 1024 * 1024;
const BUREAU_ROLES = ['HANDLER', 'SUPERVISOR', 'HEAD', 'LEGAL_REVIEWER'];

export interface FileReconsideration {
  caseId: string; requests: string; grounds: string; knownAt?: string; rightStated: boolean; suspensionRequested: boolean;
  applicant?: { name?: string; phone?: string; address?: string };
}

const isClerk = (a: Actor) => a.roles.includes('RECON_CLERK');
const isBureau = (a: Actor) => a.roles.some((r) => BUREAU_ROLES.includes(r));

/** 复议机关: the people's government at the bureau's level (行政复议法 2023 Art 24). */
async function organFor(deps: AppDeps, bureauOrgId: string) {
  const bureau = await deps.prisma.org.findUniqueOrThrow({ where: { id: bureauOrgId }, select: { regionCode: true } });
  return deps.prisma.org.findFirst({ where: { kind: 'RECONSIDERATION_ORGAN', regionCode: bureau.regionCode }, select: { id: true, name: true } });
}

/**
 * An application, by the organ's clerk or — for an on-the-spot penalty — through the bureau.
 * Refused here (nothing written): an unknown case, a decision not yet served, the wrong organ.
 * Timeliness is the workflow's: an out-of-time application is recorded and refused with its reason.
 */
export async function fileReconsideration(deps: AppDeps, actor: Actor, f: FileReconsideration, key?: string) {
  const c = await deps.prisma.case.findUnique({ where: { id: f.caseId } });
  if (!c) throw notFound('行政处罚案件');
  const state = (c.data as { state?: { decision?: { number: string; decidedAt: string; penaltyTypes: string[]; fineFen: number; noPenalty?: boolean }; servedAt?: string } }).state;
  const decision = state?.decision;
  if (!decision || decision.noPenalty) throw invalid('该案件尚未作出行政处罚决定，不能申请行政复议');
  if (!state?.servedAt) throw invalid('该行政处罚决定尚未送达，不能申请行政复议');
  const organ = await organFor(deps, c.orgId);
  if (!organ) throw invalid('未找到该执法机关同级的行政复议机关');
  let via: 'ORGAN' | 'BUREAU';
  if (isClerk(actor)) {
    if (actor.orgId !== organ.id) throw invalid(`本机关不是该决定的行政复议机关（应向${organ.name}申请）`);
    via = 'ORGAN';
  } else if (isBureau(actor) && actor.orgId === c.orgId) {
    if (c.procedure !== 'SUMMARY') throw invalid('只有当场作出的行政处罚决定可以通过作出决定的机关提交复议申请（《行政复议法》第三十二条）');
    via = 'BUREAU';
  } else {
    throw notFound('行政处罚案件');
  }
  if (f.knownAt && Date.parse(f.knownAt) < Date.parse(state.servedAt) - 86_400_000 * 366) throw invalid('知道行政行为的日期不合理');
  const knownRefusal = f.knownAt && actionDateRefusal('reconsideration.knownAt', f.knownAt, { decidedAt: decision.decidedAt }, Date.now(), dateTolerance(deps.thresholdOverrides));
  if (knownRefusal) throw invalid(knownRefusal);
  const id = key ? createHash('sha256').update(`${actor.userId}\u0000reconsideration\u0000${key}`).digest('hex').slice(0, 32) : randomUUID();
  const input: ReconsiderationInput = {
    reconsiderationId: id, caseId: c.id, organId: organ.id, respondentOrgId: c.orgId,
    decision: { number: decision.number, decidedAt: decision.decidedAt, penaltyTypes: decision.penaltyTypes, fineFen: decision.fineFen,
      servedAt: state.servedAt, onTheSpot: c.procedure === 'SUMMARY' },
    applicant: { name: f.applicant?.name ?? c.partyName, ...(f.applicant?.phone ? { phone: f.applicant.phone } : {}), ...(f.applicant?.address ? { address: f.applicant.address } : {}) },
    requests: f.requests, grounds: f.grounds, knownAt: f.knownAt ?? state.servedAt, rightStated: f.rightStated, via,
    filedAt: new Date().toISOString(), filedBy: actor, suspensionRequested: f.suspensionRequested,
  };
  await startRecorded(deps, 'reconsiderationWorkflow', reconsiderationWorkflowId(id), input);
  return { id, workflowId: reconsiderationWorkflowId(id), organId: organ.id, via };
}

/** The organ sees what it decides, the bureau what challenges its decisions, the city supervisor all. */
async function visibleWhere(deps: AppDeps, actor: Actor): Promise<Prisma.ReconsiderationWhereInput> {
  if (!actor.roles.includes('CITY_SUPERVISOR') && isClerk(actor)) return { organId: actor.orgId };
  return { respondentOrgId: await orgFilter(deps.prisma, actor) };
}

/** The reconsideration if the actor may see it (the rule of visibleWhere), else null. */
export async function visibleReconsideration(deps: AppDeps, actor: Actor, id: string) {
  return deps.prisma.reconsideration.findFirst({ where: { AND: [{ id }, await visibleWhere(deps, actor)] } });
}

/** The pseudo case id the answer's files are stored under, apart from the penalty case's own evidence. */
export const reconsiderationEvidenceCaseId = (id: string) => `reconsideration:${id}`;
export const reconsiderationOfEvidence = (caseId: string) => (caseId.startsWith('reconsideration:') ? caseId.slice('reconsideration:'.length) : undefined);

export async function listReconsiderations(deps: AppDeps, actor: Actor, f: { status?: string }) {
  const rows = await deps.prisma.reconsideration.findMany({
    where: { AND: [await visibleWhere(deps, actor), f.status ? { status: f.status } : {}] }, orderBy: { createdAt: 'desc' }, take: 200,
    select: { id: true, caseId: true, organId: true, respondentOrgId: true, decisionNumber: true, applicantName: true, via: true, status: true,
      simplified: true, receivedAt: true, answerDueAt: true, decisionDueAt: true, decidedAt: true, outcome: true, litigationDueAt: true },
  });
  const tasks = await deps.prisma.task.findMany({
    where: { workflowId: { in: rows.map((r) => reconsiderationWorkflowId(r.id)) }, status: 'OPEN', orgId: actor.orgId },
    select: { workflowId: true, kind: true, title: true, dueAt: true },
  });
  return { items: rows.map((r) => ({ ...r, openTasks: tasks.filter((t) => t.workflowId === reconsiderationWorkflowId(r.id)) })) };
}

export async function getReconsideration(deps: AppDeps, actor: Actor, id: string) {
  const r = await visibleReconsideration(deps, actor, id);
  if (!r) throw notFound('行政复议案件');
  const [orgs, tasks, documents, refunds, files] = await Promise.all([
    deps.prisma.org.findMany({ where: { id: { in: [r.organId, r.respondentOrgId] } }, select: { id: true, name: true } }),
    deps.prisma.task.findMany({ where: { workflowId: reconsiderationWorkflowId(id) }, orderBy: { createdAt: 'asc' },
      select: { id: true, kind: true, title: true, orgId: true, status: true, dueAt: true, outcome: true, completedAt: true } }),
    deps.prisma.document.findMany({ where: { key: { startsWith: `${reconsiderationWorkflowId(id)}/` } }, orderBy: { issuedAt: 'asc' },
      select: { id: true, kind: true, title: true, number: true, sha256: true, issuedAt: true } }),
    deps.prisma.refund.findMany({ where: { key: { startsWith: `reconsideration-${id}/` } }, select: { reference: true, amountFen: true, channel: true, requestedAt: true } }),
    deps.prisma.evidence.findMany({ where: { caseId: reconsiderationEvidenceCaseId(id) }, orderBy: [{ collectedAt: 'asc' }, { id: 'asc' }],
      select: { id: true, description: true, fileName: true, mimeType: true, size: true, sha256: true, capturedAt: true } }),
  ]);
  const { actions: _a, ...data } = r.data as Record<string, unknown>;
  // Named as the documents name it: the bureau, not its brigade (局队合一).
  const name = (o: string) => (orgs.find((x) => x.id === o)?.name ?? o).replace(/（[^）]*）$/, '');
  // 收集时间 as the bureau declared it; rows stored before it was kept on the row take it from the answer's event.
  const answered = ((data.events ?? []) as { action?: string; evidence?: { sha256?: string; collectedAt?: string }[] }[])
    .filter((e) => e.action === 'reconsideration.answered').flatMap((e) => e.evidence ?? []);
  const evidence = files.map(({ capturedAt, size, ...f }) => ({ ...f, size: size === null ? null : Number(size),
    collectedAt: capturedAt?.toISOString() ?? answered.find((x) => x.sha256 === f.sha256)?.collectedAt ?? null }));
  return { ...r, data, organName: name(r.organId), respondentName: name(r.respondentOrgId), tasks, documents, refunds, evidence };
}

export const RECON_STATUS = RECONSIDERATION_STATUS_LABELS;
export const outcomeText = (o: string | null) => (o ? (OUTCOME_LABELS as Record<string, string>)[o] ?? o : '');

/** The reconsiderations of a case, for the case page's panel (who may see the case sees them). */
export async function caseReconsiderations(deps: AppDeps, caseId: string) {
  const rows = await deps.prisma.reconsideration.findMany({
    where: { caseId }, orderBy: { createdAt: 'asc' },
    select: { id: true, status: true, applicantName: true, receivedAt: true, decisionDueAt: true, decidedAt: true, outcome: true, litigationDueAt: true, simplified: true, data: true },
  });
  return rows.map((r) => ({ ...r, data: { caseReopened: (r.data as { caseReopened?: boolean }).caseReopened === true },
    statusText: RECON_STATUS[r.status] ?? r.status, outcomeText: outcomeText(r.outcome) }));
}

export interface EvidenceUpload { description: string; collectedAt: string; fileName?: string; contentBase64?: string; sha256?: string }

/** Stores uploaded evidence (type read from the bytes) apart from the case file; returns what the workflow sees. */
async function storeEvidence(deps: AppDeps, actor: Actor, id: string, caseId: string, items: EvidenceUpload[]) {
  const out: Record<string, unknown>[] = [];
  const rows: { meta: { fileName: string; mimeType: string; size: number; sha256: string }; bytes: Buffer; description: string; collectedAt: string }[] = [];
  for (const e of items) {
    if (!e.contentBase64) {
      if (!e.sha256) throw invalid(`证据“${e.description}”须上传文件或给出 SHA-256`);
      out.push({ description: e.description, sha256: e.sha256, collectedAt: e.collectedAt });
      continue;
    }
    const bytes = Buffer.from(e.contentBase64, 'base64');
    if (bytes.length > MAX_EVIDENCE_BYTES) throw new AppError('too_large', `证据“${e.description}”超过 4MB`, 413);
    const mimeType = (await fileTypeFromBuffer(bytes))?.mime;
    if (!mimeType || !(RECON_EVIDENCE_TYPES as readonly string[]).includes(mimeType)) {
      throw invalid(`证据“${e.description}”类型不允许（按内容识别为 ${mimeType ?? '未知'}），允许：${RECON_EVIDENCE_TYPES.join('、')}`);
    }
    const meta = { fileName: e.fileName ?? 'evidence', mimeType, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
    rows.push({ meta, bytes, description: e.description, collectedAt: e.collectedAt });
    out.push({ description: e.description, collectedAt: e.collectedAt, ...meta });
  }
  const evidenceIdOf = (sha256: string) => createHash('sha256').update(`reconsideration\u0000${id}\u0000${sha256}`).digest('hex').slice(0, 32);
  return { evidence: out, save: async () => {
    // The bytes go to the object store first (write-once, keyed by content); the rows then name them.
    const keys = new Map<string, string>();
    for (const r of rows) keys.set(r.meta.sha256, await storeAttachment(deps, evidenceIdOf(r.meta.sha256), r.bytes, r.meta.mimeType, r.meta.sha256));
    return deps.prisma.$transaction(async (tx) => {
      for (const r of rows) {
        const evidenceId = evidenceIdOf(r.meta.sha256);
        if (await tx.evidence.findUnique({ where: { id: evidenceId }, select: { id: true } })) continue;
        await tx.evidence.create({ data: {
          id: evidenceId, caseId: reconsiderationEvidenceCaseId(id), kind: 'RECONSIDERATION_ANSWER', description: r.description, capturedAt: new Date(r.collectedAt),
          fileName: r.meta.fileName, mimeType: r.meta.mimeType, size: r.meta.size, sha256: r.meta.sha256, objectKey: keys.get(r.meta.sha256)!, collectedById: actor.userId,
        } });
        await appendAudit(tx, { actorKind: 'USER', actorId: actor.userId, ip: actor.ip, action: 'reconsideration.evidence_stored',
          subjectType: 'Reconsideration', subjectId: id, caseId, orgId: actor.orgId, data: { ...r.meta, evidenceId } });
      }
    });
  } };
}

type Step = 'forward' | 'review' | 'correction' | 'answer' | 'decision' | 'litigation' | 'lawsuit' | 'redecision';
const STEP_KIND: Record<Step, string> = {
  forward: 'RECON_FORWARDING', review: 'RECON_ACCEPTANCE', correction: 'RECON_CORRECTION', answer: 'RECON_ANSWER',
  decision: 'RECON_DECISION', litigation: 'RECON_LITIGATION', lawsuit: 'RECON_LAWSUIT', redecision: 'RECON_REDECISION',
};


/**
 * One step of a reconsideration, sent as the completion of its open task: the workflow checks
 * the actor (the respondent bureau only, the organ only) and the state (answer period, allowed
 * outcomes). Nothing is written unless the workflow accepted it.
 */
export async function reconsiderationStep(deps: AppDeps, actor: Actor, id: string, step: Step, outcome: string,
  data: Record<string, unknown>, uploads: EvidenceUpload[] = []) {
  const r = await visibleReconsideration(deps, actor, id);
  if (!r) throw notFound('行政复议案件');
  const task = await deps.prisma.task.findFirst({
    where: { workflowId: reconsiderationWorkflowId(id), kind: STEP_KIND[step], status: 'OPEN' }, orderBy: { createdAt: 'desc' },
  });
  if (!task) throw conflict(`该行政复议案件当前（${r.status}）不在此办理环节`);
  if (task.orgId !== actor.orgId) throw forbidden(step === 'answer' ? '只有被申请人（作出处罚决定的机关）可以提交答复' : '该环节不由您的单位办理');
  let save: (() => Promise<unknown>) | undefined;
  if (step === 'answer') {
    const stored = await storeEvidence(deps, actor, id, r.caseId, uploads);
    data = { ...data, evidence: stored.evidence };
    save = stored.save;
  }
  const result = await completeTask(deps, actor, task.id, outcome, data);
  await save?.();
  return { reconsiderationId: id, step, outcome: result.outcome, completedAt: result.completedAt, taskId: task.id };
}
