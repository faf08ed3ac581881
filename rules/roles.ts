// Roles of Zhifa users (DESIGN.md §1). Pure: shared by workflows (task candidate
// roles) and the API (who may do what); imports nothing.

export const ROLES = [
  'HANDLER',
  'ASSISTANT',
  'LEGAL_REVIEWER',
  'SUPERVISOR',
  'HEAD',
  'TOWNSHIP_OFFICER',
  'CITY_SUPERVISOR',
  'DEPT_RECEIVER',
  'PSB_RECEIVER',
  'PROCURATOR',
  'RECON_CLERK',
  'DISCIPLINE',
  'ADMIN',
] as const;

export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  HANDLER: '执法人员（承办人）',
  ASSISTANT: '执法辅助人员',
  LEGAL_REVIEWER: '法制审核人员',
  SUPERVISOR: '执法队长（科长）',
  HEAD: '行政机关负责人（局长）',
  TOWNSHIP_OFFICER: '乡镇（街道）执法人员',
  CITY_SUPERVISOR: '市局执法监督人员',
  DEPT_RECEIVER: '有关部门接收人',
  PSB_RECEIVER: '公安机关接收人',
  PROCURATOR: '检察人员',
  RECON_CLERK: '行政复议工作人员',
  DISCIPLINE: '纪检监察人员',
  ADMIN: '系统管理员',
};

/**
 * Roles whose holder acts as an enforcement officer and therefore needs a valid
 * 行政执法证 to act in that role (CF 42: 具有行政执法资格的执法人员, ≥ 2; 安全生产法 67:
 * 出示有效的行政执法证件; reform plan: 没有取得执法资格证的不得从事执法活动).
 *
 * - HANDLER, TOWNSHIP_OFFICER: investigate, inspect, impose summary penalties.
 * - SUPERVISOR, HEAD: in 局队合一 the 局长 is also the brigade's 队长 and the 队长/科长
 *   lead inspections and sign as officers; their approvals are enforcement acts.
 * - CITY_SUPERVISOR: the city handles major and cross-county cases and does 交叉执法 /
 *   抽查 itself (plan §市应急管理部门).
 *
 * Deliberately NOT here:
 * - LEGAL_REVIEWER: 法制审核 is an internal check of a draft decision, not an act towards
 *   the party; the requirement is legal competence (first-time reviewers need
 *   法律职业资格, CF 58②), checked through `qualifications`, not a certificate.
 * - ASSISTANT: 辅助人员 never hold a certificate and may never sign or decide.
 * - DEPT/PSB receivers, procurators, reconsideration clerks, discipline, admin: they
 *   belong to other organs or do no enforcement in the bureau's name.
 */
export const OFFICER_ROLES = [
  'HANDLER',
  'SUPERVISOR',
  'HEAD',
  'TOWNSHIP_OFFICER',
  'CITY_SUPERVISOR',
] as const satisfies readonly Role[];

export type OfficerRole = (typeof OFFICER_ROLES)[number];

/**
 * Who may upload and attach evidence: every officer who may be sent to a scene (a 队长 or 局长 is
 * drawn for 双随机 checks like a handler and records what they find) and the 辅助人员 who film
 * and photograph for them (AB25 Art 24). Legal reviewers, receivers and clerks do not collect.
 */
export const EVIDENCE_COLLECTORS = [...OFFICER_ROLES, 'ASSISTANT'] as const satisfies readonly Role[];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function isOfficerRole(role: Role): role is OfficerRole {
  return (OFFICER_ROLES as readonly Role[]).includes(role);
}

/** A user needs a valid certificate if any of their roles is an officer role. */
export function needsCertificate(roles: readonly Role[]): boolean {
  return roles.some(isOfficerRole);
}
