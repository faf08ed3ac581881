import { createHash, randomUUID } from 'node:crypto';
import { isValidResidentId } from '../../rules/resident-id.ts';
import { isValidUscc } from '../../rules/uscc.ts';
import { limitationExpired, limitationRule } from '../../rules/limitation.ts';
import { canSeeOrg, orgFilter } from '../../store/visibility.ts';
import { caseWorkflowId, type Actor } from '../../workflows/messages.ts';
import type { CaseInput } from '../../workflows/case-input.ts';
import { actionDateRefusal, dateTolerance } from '../../rules/date-bounds.ts';
import type { AppDeps } from '../deps.ts';
import { loadCalendar, remaining } from './deadline-view.ts';
import { caseReconsiderations } from './reconsiderations.ts';
import { forbidden, invalid, notFound } from '../errors.ts';
import { startRecorded } from '../workflow-calls.ts';
import { crimeTitle, isCrimeCategory } from '../../rules/criminal-thresholds.ts';
import { TRANSFER_STATUS_LABELS } from '../labels.ts';

export interface RegisterCase {
  party: CaseInput['party'];
  catalogItemId: string;
  source: CaseInput['source'];
  facts: string;
  occurredAt: string;
  /** 发现线索或者收到材料之日 (AB25 Art 34 ①); absent = now */
  receivedAt?: string;
  harmToLife: boolean;
}

// Same person + same Idempotency-Key = same case, however often the request is retried.
export const caseIdFor = (actor: Pick<Actor, 'userId'>, key?: string) => {
  if (!key) return randomUUID();
  const h = createHash('sha256').update(`${actor.userId}\u0000${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

/** Validates a lead and builds the workflow input; shared by both procedures. Writes nothing. */
export async function prepareCase(deps: AppDeps, actor: Actor, body: RegisterCase, idempotencyKey?: string) {
  if (!actor.certified) throw forbidden('登记案件需持有有效的行政执法证');
  const item = await deps.prisma.catalogItem.findUnique({ where: { code: body.catalogItemId } });
  if (!item) throw invalid(`执法事项 ${body.catalogItemId} 不在执法事项清单中`, { field: 'catalogItemId' });
  if (item.coercive) throw invalid(`执法事项 ${item.code} 是行政强制措施，不能作为行政处罚案件登记`, { field: 'catalogItemId' });
  if (body.party.kind === 'ORG' && !isValidUscc(body.party.idNumber)) {
    throw invalid(`统一社会信用代码 ${body.party.idNumber} 校验位不正确`, { field: 'party.idNumber' });
  }
  if (body.party.kind === 'PERSON' && !isValidResidentId(body.party.idNumber)) {
    throw invalid(`居民身份证号码 ${body.party.idNumber} 校验位不正确`, { field: 'party.idNumber' });
  }
  if (body.party.enterpriseId) {
    const ent = await deps.prisma.enterprise.findUnique({ where: { id: body.party.enterpriseId } });
    if (!ent) throw invalid(`生产经营单位 ${body.party.enterpriseId} 不存在`, { field: 'party.enterpriseId' });
  }
  const now = new Date();
  const occurred = new Date(body.occurredAt);
  const notYet = actionDateRefusal('registration.occurredAt', body.occurredAt, {}, now.getTime(), dateTolerance(deps.thresholdOverrides));
  if (notYet) throw invalid(notYet, { field: 'occurredAt' });
  if (body.receivedAt !== undefined) {
    const late = actionDateRefusal('registration.receivedAt', body.receivedAt, { occurredAt: body.occurredAt }, now.getTime(), dateTolerance(deps.thresholdOverrides));
    if (late) throw invalid(late, { field: 'receivedAt' });
  }
  if (limitationExpired(occurred, now, body.harmToLife)) {
    const rule = limitationRule(body.harmToLife);
    throw invalid(`违法行为已超过行政处罚时效（${rule.amount / 12}年，${rule.source.instrument}${rule.source.article}），不予立案`, { field: 'occurredAt' });
  }
  const org = await deps.prisma.org.findUniqueOrThrow({ where: { id: actor.orgId }, select: { kind: true, parentId: true } });
  if (org.kind !== 'COUNTY_BUREAU' && org.kind !== 'CITY_BUREAU') throw forbidden('只有应急管理部门可以立案');
  const input: CaseInput = {
    caseId: caseIdFor(actor, idempotencyKey), orgId: actor.orgId, orgLevel: org.kind === 'CITY_BUREAU' ? 'CITY' : 'COUNTY',
    parentOrgId: org.parentId ?? undefined, procedure: 'GENERAL', party: body.party, catalog: catalogView(item),
    source: body.source, facts: body.facts, occurredAt: occurred.toISOString(), harmToLife: body.harmToLife,
    ...(body.receivedAt !== undefined ? { receivedAt: new Date(body.receivedAt).toISOString() } : {}), registeredBy: actor.userId, registeredAt: now.toISOString(), ...(actor.ip ? { registeredFromIp: actor.ip } : {}),
    ...(deps.thresholdOverrides && Object.keys(deps.thresholdOverrides).length ? { thresholdOverrides: deps.thresholdOverrides } : {}),
  };
  return { input, item };
}

export async function registerCase(deps: AppDeps, actor: Actor, body: RegisterCase, idempotencyKey?: string) {
  const { input } = await prepareCase(deps, actor, body, idempotencyKey);
  return startCase(deps, 'caseWorkflow', input);
}

/**
 * Starts the case's workflow and answers once it has written the case row (Update-with-Start),
 * so the page the person is sent to exists. The same key after the case closed names the same
 * case: its run is not started again (ONCE_PER_KEY), the closed case is the answer.
 */
export async function startCase(deps: AppDeps, workflowType: 'caseWorkflow' | 'summaryCaseWorkflow', input: CaseInput) {
  await startRecorded(deps, workflowType, caseWorkflowId(input.caseId), input);
  return { caseId: input.caseId, workflowId: caseWorkflowId(input.caseId) };
}

export const catalogView = (item: { code: string; name: string; fineMinFen: bigint | null; fineMaxFen: bigint | null; penaltyTypes: string[] }) => ({
  code: item.code, name: item.name, penaltyTypes: item.penaltyTypes,
  fineMinFen: item.fineMinFen === null ? null : Number(item.fineMinFen),
  fineMaxFen: item.fineMaxFen === null ? null : Number(item.fineMaxFen),
});

/** The accesses to an evidence file the custody log records (issue 22), each an event of the audit chain. */
const ACCESS_ACTIONS: Record<string, string> = { 'evidence.viewed': '查看', 'evidence.downloaded': '下载', 'evidence.exported': '导出' };

/**
 * Each item with its chain of custody (issue 22): who uploaded it, from which device, when it was
 * captured vs uploaded vs attached, its step, and every later view, download and export.
 */
function custody<E extends { id: string; collectedById: string; taskId: string | null; uploadId: string | null }>(
  evidence: E[], timeline: { action: string; subjectId: string; actorId: string | null; at: Date; ip: string | null }[], names: Map<string, string>,
  tasks: { id: string; title: string }[], uploads: Map<string, { uploadedById: string; finishedAt: Date; deviceId: string | null }>,
) {
  const accesses = new Map<string, { action: string; by: string | null; at: Date }[]>();
  for (const e of timeline) {
    const action = ACCESS_ACTIONS[e.action];
    if (!action) continue;
    const list = accesses.get(e.subjectId) ?? [];
    list.push({ action, by: e.actorId ? names.get(e.actorId) ?? null : null, at: e.at });
    accesses.set(e.subjectId, list);
  }
  const steps = new Map(tasks.map((t) => [t.id, t.title]));
  return evidence.map((e) => {
    const u = e.uploadId ? uploads.get(e.uploadId) : undefined;
    return {
      ...e, collectedByName: names.get(e.collectedById) ?? null, stepTitle: e.taskId ? steps.get(e.taskId) ?? null : null,
      uploadedByName: u ? names.get(u.uploadedById) ?? null : null, uploadedAt: u?.finishedAt ?? null, uploadDeviceId: u?.deviceId ?? null,
      accesses: accesses.get(e.id) ?? [], downloads: (accesses.get(e.id) ?? []).length,
    };
  });
}

export async function getCase(deps: AppDeps, actor: Actor, caseId: string) {
  const c = await deps.prisma.case.findUnique({ where: { id: caseId } });
  if (!c || !(await canSeeOrg(deps.prisma, actor, c.orgId))) throw notFound('案件');
  const [tasks, timeline, documents, evidence, referrals, item, org] = await Promise.all([
    deps.prisma.task.findMany({ where: { caseId }, orderBy: { createdAt: 'asc' } }),
    deps.prisma.auditEvent.findMany({ where: { caseId }, orderBy: { id: 'asc' } }),
    deps.prisma.document.findMany({ where: { caseId }, orderBy: { issuedAt: 'asc' }, select: { id: true, kind: true, number: true, title: true, sha256: true, issuedAt: true } }),
    deps.prisma.evidence.findMany({ where: { caseId }, orderBy: { collectedAt: 'asc' }, select: { id: true, kind: true, description: true, fileName: true, mimeType: true, size: true, sha256: true, collectedById: true, collectedAt: true, capturedAt: true, deviceId: true, keptAt: true, custodian: true, recordId: true, taskId: true, uploadId: true } }),
    deps.prisma.referral.findMany({ where: { caseId }, orderBy: { createdAt: 'asc' }, select: { id: true, toOrgId: true, hazard: true, status: true, letterNumber: true, signDueAt: true, resultDueAt: true } }),
    deps.prisma.catalogItem.findUnique({ where: { code: c.catalogItemId } }),
    deps.prisma.org.findUnique({ where: { id: c.orgId }, select: { name: true } }),
  ]);
  const uploadRows = await deps.prisma.evidenceUpload.findMany({
    where: { id: { in: evidence.map((e) => e.uploadId).filter((x): x is string => !!x) } }, select: { id: true, uploadedById: true, finishedAt: true, deviceId: true },
  });
  const uploads = new Map(uploadRows.map((u) => [u.id, u]));
  const actors = await deps.prisma.user.findMany({
    where: { id: { in: [...new Set([...timeline.map((e) => e.actorId), ...uploadRows.map((u) => u.uploadedById)].filter((x): x is string => !!x))] } },
    select: { id: true, displayName: true },
  });
  const names = new Map(actors.map((u) => [u.id, u.displayName]));
  const departments = new Map((await deps.prisma.org.findMany({ where: { id: { in: referrals.map((r) => r.toOrgId) } }, select: { id: true, name: true } })).map((o) => [o.id, o.name]));
  const calendar = await loadCalendar(deps.prisma);
  const reconsiderations = await caseReconsiderations(deps, caseId);
  const transfers = (await deps.prisma.transfer.findMany({
    where: { caseId }, orderBy: { createdAt: 'asc' }, select: { id: true, category: true, status: true, letterNumber: true },
  })).map((t) => ({ ...t, categoryLabel: isCrimeCategory(t.category) ? crimeTitle(t.category) : t.category, statusLabel: TRANSFER_STATUS_LABELS[t.status] ?? t.status }));
  return {
    reconsiderations, transfers, case: c, orgName: org?.name, catalogItem: item ? { code: item.code, name: item.name } : null, documents, evidence: custody(evidence, timeline, names, tasks, uploads), referrals: referrals.map((r) => ({ ...r, toOrgName: departments.get(r.toOrgId) ?? r.toOrgId })),
    tasks: tasks.map((t) => ({ ...t, left: t.status === 'OPEN' ? remaining(calendar, t.dueAt, t.deadlineId) : null })),
    timeline: timeline.map((e) => ({ ...e, id: e.id.toString(), actorName: e.actorKind === 'USER' && e.actorId ? names.get(e.actorId) ?? e.actorId : null })),
  };
}

export async function listCases(deps: AppDeps, actor: Actor, page: number, pageSize: number) {
  const where = { orgId: await orgFilter(deps.prisma, actor) };
  const [items, total] = await Promise.all([
    deps.prisma.case.findMany({ where, orderBy: [{ registeredAt: 'desc' }, { id: 'desc' }], skip: (page - 1) * pageSize, take: pageSize }),
    deps.prisma.case.count({ where }),
  ]);
  return { items, total, page, pageSize };
}
