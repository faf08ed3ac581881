import { canSeeOrg } from '../../store/visibility.ts';
import {
  caseWorkflowId, moveJurisdictionUpdate, requestTakeUpUpdate, type Actor, type JurisdictionKind, type JurisdictionTarget,
} from '../../workflows/messages.ts';
import type { AppDeps } from '../deps.ts';
import { conflict, invalid, notFound } from '../errors.ts';
import { update } from '../workflow-calls.ts';

// 提级管辖 / 指定管辖 and 报请提级管辖 (issue 21 item 4): the API names the bureaus from the org
// table; the case workflow decides who may move the case and when (workflows/case-jurisdiction.ts).

async function openCase(deps: AppDeps, caseId: string) {
  const c = await deps.prisma.case.findUnique({ where: { id: caseId }, select: { orgId: true, status: true } });
  if (!c) return undefined;
  const org = await deps.prisma.org.findUnique({ where: { id: c.orgId }, select: { parentId: true } });
  return { ...c, parentId: org?.parentId ?? null };
}

async function target(deps: AppDeps, orgId: string, what: string): Promise<JurisdictionTarget & { kind: string }> {
  const o = await deps.prisma.org.findUnique({ where: { id: orgId }, select: { id: true, name: true, kind: true, parentId: true } });
  if (!o) throw invalid(`${what}不存在`);
  return {
    orgId: o.id, name: o.name, kind: o.kind, level: o.kind === 'CITY_BUREAU' ? 'CITY' : 'COUNTY',
    ...(o.parentId ? { parentOrgId: o.parentId } : {}),
  };
}

const refuseClosed = (status: string) => {
  if (status !== 'OPEN') throw conflict('案件已结案或不予立案，不能改变管辖');
};

/** The superior takes the case up, or assigns it to one of its county bureaus. */
export async function moveJurisdiction(deps: AppDeps, actor: Actor, caseId: string, body: { kind: JurisdictionKind; toOrgId?: string; reason: string }) {
  const c = await openCase(deps, caseId);
  // The superior of the handling bureau reaches the case even where its role reads only its own org.
  if (!c || (actor.orgId !== c.parentId && !(await canSeeOrg(deps.prisma, actor, c.orgId)))) throw notFound('案件');
  refuseClosed(c.status);
  if (body.kind === 'ASSIGN' && !body.toOrgId) throw invalid('请选择指定管辖的单位');
  const to = await target(deps, body.kind === 'TAKE_UP' ? actor.orgId : body.toOrgId!, '指定管辖的单位');
  if (body.kind === 'ASSIGN' && to.kind !== 'COUNTY_BUREAU') throw invalid('指定管辖的单位须是县级应急管理部门');
  const { kind: _k, ...toBureau } = to;
  return update(deps, caseWorkflowId(caseId), moveJurisdictionUpdate, [{ actor, kind: body.kind, to: toBureau, reason: body.reason }]);
}

/** The handling bureau's head asks its superior to take the case up (the 办法 Art 11 ②). */
export async function requestTakeUp(deps: AppDeps, actor: Actor, caseId: string, reason: string) {
  const c = await openCase(deps, caseId);
  if (!c || !(await canSeeOrg(deps.prisma, actor, c.orgId))) throw notFound('案件');
  refuseClosed(c.status);
  if (!c.parentId) throw conflict('办案单位没有上一级应急管理部门，不能报请提级管辖');
  const { kind: _k, ...to } = await target(deps, c.parentId, '上一级应急管理部门');
  return update(deps, caseWorkflowId(caseId), requestTakeUpUpdate, [{ actor, reason, to }]);
}
