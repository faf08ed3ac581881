import { canSeeCase, casesMovedAway, orgFilter } from '../../store/visibility.ts';
import { caseWorkflowId, type Actor } from '../../workflows/messages.ts';
import type { CaseInput } from '../../workflows/case-input.ts';
import type { AppDeps } from '../deps.ts';
import { prepareCase, type RegisterCase } from '../../store/case-registration.ts';
import { loadCalendar, remaining } from './deadline-view.ts';
import { caseReconsiderations } from './reconsiderations.ts';
import { notFound } from '../errors.ts';
import { startRecorded } from '../workflow-calls.ts';
import { crimeTitle, isCrimeCategory } from '../../rules/criminal-thresholds.ts';
import type { Role } from '../../rules/roles.ts';
import { TRANSFER_STATUS_LABELS } from '../labels.ts';

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

const ADDRESS_READERS = ['SUPERVISOR', 'HEAD', 'CITY_SUPERVISOR', 'DISCIPLINE'] as const satisfies readonly Role[];

export async function getCase(deps: AppDeps, actor: Actor, caseId: string) {
  const c = await deps.prisma.case.findUnique({ where: { id: caseId } });
  if (!c || !(await canSeeCase(deps.prisma, actor, c))) throw notFound('案件');
  const [tasks, timeline, documents, evidence, referrals, item, org, moves] = await Promise.all([
    deps.prisma.task.findMany({ where: { caseId }, orderBy: { createdAt: 'asc' } }),
    deps.prisma.auditEvent.findMany({ where: { caseId }, orderBy: { id: 'asc' } }),
    deps.prisma.document.findMany({ where: { caseId }, orderBy: { issuedAt: 'asc' }, select: { id: true, kind: true, number: true, title: true, sha256: true, issuedAt: true } }),
    deps.prisma.evidence.findMany({ where: { caseId }, orderBy: { collectedAt: 'asc' }, select: { id: true, kind: true, description: true, fileName: true, mimeType: true, size: true, sha256: true, collectedById: true, collectedAt: true, capturedAt: true, deviceId: true, keptAt: true, custodian: true, recordId: true, taskId: true, uploadId: true } }),
    deps.prisma.referral.findMany({ where: { caseId }, orderBy: { createdAt: 'asc' }, select: { id: true, toOrgId: true, hazard: true, status: true, letterNumber: true, signDueAt: true, resultDueAt: true } }),
    deps.prisma.catalogItem.findUnique({ where: { code: c.catalogItemId } }),
    deps.prisma.org.findUnique({ where: { id: c.orgId }, select: { name: true, parentId: true, kind: true } }),
    deps.prisma.caseJurisdiction.findMany({ where: { caseId }, orderBy: { at: 'asc' } }),
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
  const departments = new Map((await deps.prisma.org.findMany({
    where: { id: { in: [...referrals.map((r) => r.toOrgId), ...moves.flatMap((m) => [m.fromOrgId, m.toOrgId])] } }, select: { id: true, name: true },
  })).map((o) => [o.id, o.name]));
  const people = new Map((await deps.prisma.user.findMany({
    where: { id: { in: moves.flatMap((m) => [m.decidedById, m.requestedById ?? '']) } }, select: { id: true, displayName: true },
  })).map((u) => [u.id, u.displayName]));
  const calendar = await loadCalendar(deps.prisma);
  const reconsiderations = await caseReconsiderations(deps, caseId);
  // A colleague's network address is for those who oversee the record (执法监督, 纪检), not for every reader of the case.
  const seesAddresses = actor.roles.some((r) => (ADDRESS_READERS as readonly string[]).includes(r));
  const transfers = (await deps.prisma.transfer.findMany({
    where: { caseId }, orderBy: { createdAt: 'asc' }, select: { id: true, category: true, status: true, letterNumber: true },
  })).map((t) => ({ ...t, categoryLabel: isCrimeCategory(t.category) ? crimeTitle(t.category) : t.category, statusLabel: TRANSFER_STATUS_LABELS[t.status] ?? t.status }));
  return {
    reconsiderations, transfers, case: c, orgName: org?.name, orgParentId: org?.parentId ?? null, orgKind: org?.kind ?? null,
    // 提级管辖 / 指定管辖 (issue 21): who moved the case, from whom to whom, and why.
    jurisdiction: moves.map((m) => ({
      kindLabel: m.kind === 'TAKE_UP' ? '提级管辖' : '指定管辖', at: m.at, reason: m.reason,
      fromOrgName: departments.get(m.fromOrgId) ?? '原办案单位', toOrgName: departments.get(m.toOrgId) ?? '新办案单位',
      decidedByName: people.get(m.decidedById) ?? '上级应急管理部门', requestedByName: m.requestedById ? people.get(m.requestedById) ?? '办案单位负责人' : null,
    })), catalogItem: item ? { code: item.code, name: item.name } : null, documents, evidence: custody(evidence, timeline, names, tasks, uploads), referrals: referrals.map((r) => ({ ...r, toOrgName: departments.get(r.toOrgId) ?? r.toOrgId })),
    tasks: tasks.map((t) => ({ ...t, left: t.status === 'OPEN' ? remaining(calendar, t.dueAt, t.deadlineId) : null })),
    timeline: timeline.map((e) => ({ ...e, ip: seesAddresses ? e.ip : null, id: e.id.toString(), actorName: e.actorKind === 'USER' && e.actorId ? names.get(e.actorId) ?? e.actorId : null })),
  };
}

export async function listCases(deps: AppDeps, actor: Actor, page: number, pageSize: number) {
  // A case moved to another bureau stays in the former bureau's list, read-only (store/visibility.ts canSeeCase).
  const moved = await casesMovedAway(deps.prisma, actor);
  const where = moved.length ? { OR: [{ orgId: await orgFilter(deps.prisma, actor) }, { id: { in: moved } }] } : { orgId: await orgFilter(deps.prisma, actor) };
  const [items, total] = await Promise.all([
    deps.prisma.case.findMany({ where, orderBy: [{ registeredAt: 'desc' }, { id: 'desc' }], skip: (page - 1) * pageSize, take: pageSize }),
    deps.prisma.case.count({ where }),
  ]);
  return { items, total, page, pageSize };
}
