import { createHash, randomUUID } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import type { Prisma } from '../../generated/prisma/client.ts';
import { storeAttachment } from './attachment-store.ts';
import { appendAudit } from '../../store/audit.ts';
import type { Actor } from '../../workflows/messages.ts';
import { referralWorkflowId, type ReferralInput } from '../../workflows/referral-messages.ts';
import { orgFilter } from '../../store/visibility.ts';
import type { AppDeps } from '../deps.ts';
import { startRecorded } from '../workflow-calls.ts';
import { AppError, conflict, invalid, notFound } from '../errors.ts';
import { completeTask } from './tasks.ts';

/** What a department may attach to a report; the type is read from the bytes, not the name. */
export const REFERRAL_ATTACHMENT_TYPES = ['image/jpeg', 'image/png', 'application/pdf'] as const;
export const MAX_REFERRAL_ATTACHMENT_BYTES = 4 * 1024 * 1024;

/**
 * Which department usually answers for a hazard of this industry (安全生产法 Art 10 ②: 行业、领域
 * 的安全生产监督管理职责). A suggestion for the handler, never a ruling; first match wins.
 */
const SUGGESTIONS: readonly (readonly [RegExp, string])[] = [
  [/特种设备|锅炉|压力容器|电梯|起重|食品|市场/, 'yx-dept-samr'],
  [/建筑|施工|房屋|燃气|市政/, 'yx-dept-housing'],
  [/交通|运输|道路|客运|货运/, 'yx-dept-transport'],
  [/矿产|地质|采矿权|国土/, 'yx-dept-natres'],
  [/农|渔|农机/, 'yx-dept-agri'],
  [/水利|水库|河道/, 'yx-dept-water'],
  [/消防|火灾|人员密集/, 'yx-dept-fire'],
  [/工业|机械|制造|民爆/, 'yx-dept-industry'],
];
export const suggestDepartment = (text: string): string | undefined => SUGGESTIONS.find(([re]) => re.test(text))?.[1];

export interface DraftReferral {
  caseId?: string; inspectionRef?: string; enterpriseId?: string; hazard: string; location: string;
  evidence: { description: string; sha256: string }[]; reason: string; toOrgId?: string; urgent: boolean;
}

const isBureauUser = (a: Actor) => a.roles.some((r) => ['HANDLER', 'SUPERVISOR', 'HEAD', 'TOWNSHIP_OFFICER'].includes(r));
const isCity = (a: Actor) => a.roles.includes('CITY_SUPERVISOR');
const isDept = (a: Actor) => a.roles.includes('DEPT_RECEIVER');

async function requireDepartment(deps: AppDeps, orgId: string) {
  const org = await deps.prisma.org.findUnique({ where: { id: orgId }, select: { kind: true } });
  if (org?.kind !== 'DEPARTMENT') throw invalid(`接收部门 ${orgId} 不是可接收移交的有关部门`);
}

export async function createReferral(deps: AppDeps, actor: Actor, d: DraftReferral, key?: string) {
  if (!isBureauUser(actor)) throw new AppError('forbidden', '只有执法机关人员可以移交', 403);
  let industry = '';
  if (d.enterpriseId) {
    const e = await deps.prisma.enterprise.findUnique({ where: { id: d.enterpriseId }, select: { industry: true } });
    if (!e) throw invalid(`生产经营单位 ${d.enterpriseId} 不存在`);
    industry = e.industry;
  }
  if (d.caseId) {
    const c = await deps.prisma.case.findUnique({ where: { id: d.caseId }, select: { orgId: true } });
    if (!c || c.orgId !== actor.orgId) throw notFound('案件');
  }
  const toOrgId = d.toOrgId ?? suggestDepartment(`${industry} ${d.hazard}`);
  if (!toOrgId) throw invalid('无法根据行业推荐接收部门，请选择接收部门');
  await requireDepartment(deps, toOrgId);
  // The same Idempotency-Key from the same person always names the same referral.
  const referralId = key ? createHash('sha256').update(`${actor.userId}\u0000referral\u0000${key}`).digest('hex').slice(0, 32) : randomUUID();
  const input: ReferralInput = {
    referralId, fromOrgId: actor.orgId, caseId: d.caseId, inspectionRef: d.inspectionRef, enterpriseId: d.enterpriseId,
    hazard: d.hazard, location: d.location, evidence: d.evidence, reason: d.reason, toOrgId, urgent: d.urgent, draftedBy: actor,
  };
  await startRecorded(deps, 'referralWorkflow', referralWorkflowId(referralId), input);
  return { id: referralId, workflowId: referralWorkflowId(referralId), toOrgId, suggested: !d.toOrgId };
}

/** Who sees a referral: the department it is addressed to, the referring bureau, the city supervisor. */
async function visibleWhere(deps: AppDeps, actor: Actor): Promise<Prisma.ReferralWhereInput> {
  if (!isCity(actor) && isDept(actor)) return { toOrgId: actor.orgId, status: { notIn: ['DRAFT', 'AWAITING_APPROVAL', 'REJECTED'] } };
  return { fromOrgId: await orgFilter(deps.prisma, actor) };
}

export async function listReferrals(deps: AppDeps, actor: Actor, f: { status?: string; overdue?: boolean }) {
  const now = new Date();
  const overdueWhere: Prisma.ReferralWhereInput = { OR: [
    { status: 'SENT', signDueAt: { lt: now } }, { status: 'SIGNED', resultDueAt: { lt: now } },
  ] };
  const where: Prisma.ReferralWhereInput = { AND: [await visibleWhere(deps, actor), f.status ? { status: f.status } : {}, f.overdue ? overdueWhere : {}] };
  const rows = await deps.prisma.referral.findMany({
    where, orderBy: { createdAt: 'desc' }, take: 200,
    select: { id: true, caseId: true, fromOrgId: true, toOrgId: true, hazard: true, location: true, urgent: true, status: true,
      letterNumber: true, signDueAt: true, resultDueAt: true, signedAt: true, closedAt: true, createdAt: true },
  });
  const orgs = await deps.prisma.org.findMany({ where: { id: { in: [...new Set(rows.flatMap((r) => [r.fromOrgId, r.toOrgId]))] } }, select: { id: true, name: true } });
  const name = (id: string) => orgs.find((o) => o.id === id)?.name ?? id;
  const overdue = (r: (typeof rows)[number]) => (r.status === 'SENT' && !!r.signDueAt && r.signDueAt < now)
    || (r.status === 'SIGNED' && !!r.resultDueAt && r.resultDueAt < now);
  const items = rows.map((r) => ({ ...r, fromOrgName: name(r.fromOrgId), toOrgName: name(r.toOrgId), overdue: overdue(r) }));
  return { items, overdueByDepartment: isCity(actor) ? await overdueByDepartment(deps, actor, overdueWhere) : undefined };
}

/** The city's view: overdue referrals per receiving department, over all of the city's, not only the list's page. */
async function overdueByDepartment(deps: AppDeps, actor: Actor, overdueWhere: Prisma.ReferralWhereInput) {
  const all = await deps.prisma.referral.findMany({ where: { AND: [await visibleWhere(deps, actor), overdueWhere] }, select: { toOrgId: true } });
  const counts = new Map<string, number>();
  for (const r of all) counts.set(r.toOrgId, (counts.get(r.toOrgId) ?? 0) + 1);
  const names = await deps.prisma.org.findMany({ where: { id: { in: [...counts.keys()] } }, select: { id: true, name: true } });
  return [...counts].map(([orgId, count]) => ({ orgId, name: names.find((o) => o.id === orgId)?.name ?? orgId, count }))
    .sort((a, b) => b.count - a.count);
}

export async function getReferral(deps: AppDeps, actor: Actor, id: string) {
  const r = await deps.prisma.referral.findFirst({ where: { AND: [{ id }, await visibleWhere(deps, actor)] } });
  if (!r) throw notFound('移交事项');
  const [orgs, tasks, letters] = await Promise.all([
    deps.prisma.org.findMany({ where: { id: { in: [r.fromOrgId, r.toOrgId] } }, select: { id: true, name: true } }),
    deps.prisma.task.findMany({ where: { workflowId: referralWorkflowId(id) }, orderBy: { createdAt: 'asc' },
      select: { id: true, kind: true, title: true, orgId: true, status: true, dueAt: true, outcome: true, completedAt: true } }),
    deps.prisma.document.findMany({ where: { kind: 'REFERRAL_LETTER', key: { startsWith: `${referralWorkflowId(id)}/` } },
      select: { id: true, number: true, sha256: true, issuedAt: true } }),
  ]);
  const { requests: _r, actions: _a, ...data } = r.data as Record<string, unknown>;
  const name = (o: string) => orgs.find((x) => x.id === o)?.name ?? o;
  return { ...r, data, fromOrgName: name(r.fromOrgId), toOrgName: name(r.toOrgId), tasks, letters };
}

export interface AttachmentUpload { fileName: string; contentBase64: string }
type Step = 'approve' | 'sign' | 'refuse' | 'report' | 'ruling' | 'acceptance';
const STEP_KIND: Record<Step, string> = {
  approve: 'REFERRAL_APPROVAL', sign: 'REFERRAL_SIGN', refuse: 'REFERRAL_SIGN', report: 'REFERRAL_RESULT',
  ruling: 'REFERRAL_RULING', acceptance: 'REFERRAL_ACCEPTANCE',
};

function noOpenStep(step: Step, status: string): AppError {
  if ((step === 'sign' || step === 'refuse') && ['SIGNED', 'RESULT_REPORTED', 'CLOSED'].includes(status)) {
    return conflict(step === 'sign' ? '该移交事项已签收，不能重复签收' : '该移交事项已签收，签收后不能退回');
  }
  if (step === 'report' && ['SENT', 'REFUSED', 'AWAITING_APPROVAL'].includes(status)) return conflict('该移交事项尚未签收，请先签收再反馈办理结果');
  return conflict(`该移交事项当前（${status}）不在此办理环节`);
}

interface AttachmentMeta { fileName: string; mimeType: string; size: number; sha256: string }
/** What a step answers, kept per Idempotency-Key so that a retry gets the first answer. */
interface StepAnswer { referralId: string; step: Step; outcome: string; completedAt: string; taskId: string; attachments?: AttachmentMeta[] }

async function readAttachments(files: AttachmentUpload[]) {
  const out: { meta: AttachmentMeta; bytes: Buffer }[] = [];
  for (const f of files) {
    const bytes = Buffer.from(f.contentBase64, 'base64');
    if (bytes.length > MAX_REFERRAL_ATTACHMENT_BYTES) {
      throw new AppError('too_large', `附件“${f.fileName}”超过 ${MAX_REFERRAL_ATTACHMENT_BYTES / 1024 / 1024}MB`, 413);
    }
    const mimeType = (await fileTypeFromBuffer(bytes))?.mime;
    if (!mimeType || !(REFERRAL_ATTACHMENT_TYPES as readonly string[]).includes(mimeType)) {
      throw invalid(`附件“${f.fileName}”类型不允许（按内容识别为 ${mimeType ?? '未知'}），允许：${REFERRAL_ATTACHMENT_TYPES.join('、')}`);
    }
    out.push({ meta: { fileName: f.fileName, mimeType, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') }, bytes });
  }
  return out;
}

/**
 * One step of a referral, sent as the completion of its open task (the workflow validates the
 * actor and the state). Retries with the same Idempotency-Key get the first answer; without
 * one, a second sign is a 409. Nothing is written unless the workflow accepted the step.
 */
export async function referralStep(deps: AppDeps, actor: Actor, id: string, step: Step, outcome: string,
  data: Record<string, unknown>, files: AttachmentUpload[] = [], key?: string): Promise<StepAnswer> {
  const r = await deps.prisma.referral.findFirst({ where: { AND: [{ id }, await visibleWhere(deps, actor)] } });
  if (!r) throw notFound('移交事项');
  const requestKey = key ? `${actor.userId}:${step}:${key}` : undefined;
  const done = (r.data as { requests?: Record<string, StepAnswer> }).requests?.[requestKey ?? ''];
  if (done) return done;
  if (step === 'ruling' && outcome === 'REDIRECT') await requireDepartment(deps, String(data.toOrgId ?? ''));
  const task = await deps.prisma.task.findFirst({
    where: { workflowId: referralWorkflowId(id), kind: STEP_KIND[step], status: 'OPEN' }, orderBy: { createdAt: 'desc' },
  });
  if (!task) throw noOpenStep(step, r.status);
  if (task.orgId !== actor.orgId) throw new AppError('forbidden', '该环节不由您的单位办理', 403);
  const uploads = await readAttachments(files);
  const payload = uploads.length ? { ...data, attachments: uploads.map((u) => u.meta) } : data;
  const result = await completeTask(deps, actor, task.id, outcome, payload);
  const answer: StepAnswer = { referralId: id, step, outcome: result.outcome, completedAt: result.completedAt, taskId: task.id,
    ...(uploads.length ? { attachments: uploads.map((u) => u.meta) } : {}) };
  const evidenceIdOf = (sha256: string) => createHash('sha256').update(`referral\u0000${id}\u0000${sha256}`).digest('hex').slice(0, 32);
  // The bytes go to the object store first (write-once, keyed by content); the rows then name them.
  const keys = new Map<string, string>();
  for (const u of uploads) keys.set(u.meta.sha256, await storeAttachment(deps, evidenceIdOf(u.meta.sha256), u.bytes, u.meta.mimeType, u.meta.sha256));
  await deps.prisma.$transaction(async (tx) => {
    for (const u of uploads) {
      const evidenceId = evidenceIdOf(u.meta.sha256);
      if (await tx.evidence.findUnique({ where: { id: evidenceId }, select: { id: true } })) continue;
      // Department attachments are kept apart from the case file: pseudo case id `referral:<id>`.
      await tx.evidence.create({ data: {
        id: evidenceId, caseId: `referral:${id}`, kind: 'REFERRAL_ATTACHMENT', description: `移交事项办理附件：${u.meta.fileName}`,
        fileName: u.meta.fileName, mimeType: u.meta.mimeType, size: u.meta.size, sha256: u.meta.sha256, objectKey: keys.get(u.meta.sha256)!,
        collectedById: actor.userId,
      } });
      await appendAudit(tx, { actorKind: 'USER', actorId: actor.userId, ip: actor.ip, action: 'referral.attachment_stored',
        subjectType: 'Referral', subjectId: id, caseId: r.caseId, orgId: actor.orgId, data: { ...u.meta, evidenceId } });
    }
    if (requestKey) {
      await tx.$executeRaw`UPDATE "Referral" SET "data" = jsonb_set("data", ARRAY['requests'], COALESCE("data"->'requests', '{}'::jsonb) || jsonb_build_object(${requestKey}::text, ${JSON.stringify(answer)}::jsonb)) WHERE "id" = ${id}`;
    }
  });
  return answer;
}

/** A department's attachment, for those who may see the referral. */
export async function referralAttachment(deps: AppDeps, actor: Actor, id: string, sha256: string) {
  await getReferral(deps, actor, id);
  const e = await deps.prisma.evidence.findFirst({ where: { caseId: `referral:${id}`, sha256 } });
  if (!e || (!e.content && !e.objectKey)) throw notFound('附件');
  return e;
}
