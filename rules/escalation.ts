// The escalation ladder (issue 8): a bureau duty past its limit goes to the team lead, then
// the bureau head, then the supervising organ above the bureau (the city bureau's
// CITY_SUPERVISOR for a county; 市应急管理部门 supervises and evaluates the counties, 行政处罚法
// Art 75). Pure: bundled into workflows.
import type { DeadlineId } from './deadlines.ts';
import { OFFICER_ROLES, type Role } from './roles.ts';

export interface Rung { rung: 1 | 2 | 3; role: Role; inParent: boolean; label: string }

export const ESCALATION_RUNGS: readonly Rung[] = [
  { rung: 1, role: 'SUPERVISOR', inParent: false, label: '执法队长（科长）' },
  { rung: 2, role: 'HEAD', inParent: false, label: '本局负责人' },
  { rung: 3, role: 'CITY_SUPERVISOR', inParent: true, label: '上级执法监督' },
];

/**
 * The first rung above everyone who may already do the step: a team lead's own step goes to
 * the head, the head's own step to the supervising organ.
 */
export function firstRung(candidateRoles: readonly Role[]): number {
  const held = ESCALATION_RUNGS.filter((r) => !r.inParent && candidateRoles.includes(r.role)).map((r) => r.rung);
  return held.length ? Math.max(...held) + 1 : 1;
}

/**
 * Extensions the law allows for a task's own limit, and who may approve them. Only these;
 * every other limit is fixed, so an escalation may not extend it.
 */
export const EXTENSIONS: Partial<Record<DeadlineId, { to: DeadlineId; approver: Role; basis: string }>> = {
  // 初步核查 +5 working days with the 负责人's approval (AB25 Art 34 ①).
  FILING_DECISION: { to: 'FILING_DECISION_EXTENSION', approver: 'HEAD', basis: '《安全生产违法行为行政处罚办法》第34条第1款' },
};

/** Why an escalation may not extend this step, or undefined when it may. */
export function extensionRefusal(deadlineId: string | undefined, actor: { orgId: string; roles: readonly Role[] }, taskOrgId: string): string | undefined {
  if (!deadlineId) return '该环节没有法定期限，无需延长';
  const rule = EXTENSIONS[deadlineId as DeadlineId];
  if (!rule) {
    const extended = Object.values(EXTENSIONS).some((e) => e?.to === deadlineId);
    return extended ? '该环节的期限已经延长过一次，法律不允许再次延长' : '法律没有规定该环节的期限可以延长';
  }
  if (actor.orgId !== taskOrgId || !actor.roles.includes(rule.approver)) {
    return `延长该期限须经本部门负责人批准（${rule.basis}）`;
  }
  return undefined;
}

/** The roles in which a person acts as an enforcement officer need a valid certificate to be assigned. */
export function needsCertificate(assigneeRoles: readonly Role[], candidateRoles: readonly Role[]): boolean {
  return assigneeRoles.some((r) => candidateRoles.includes(r) && (OFFICER_ROLES as readonly Role[]).includes(r));
}

/** How an escalation ended, as the read model and the evaluation count it. */
export const ESCALATION_OUTCOMES = {
  REASSIGNED: '已改派',
  EXTENDED: '已依法延长期限',
  TAKEN_OVER: '由督办人接手',
  COMMENTED: '已提出督办意见',
  ESCALATED: '未处理，已上报上一级',
  STEP_DONE: '环节已办结',
  STEP_CLOSED: '环节已撤销或终止',
} as const;
export type EscalationOutcome = keyof typeof ESCALATION_OUTCOMES;
