// What a partner system's token may do (issue 24), as OAuth 2.0 scopes (RFC 6749 §3.3). Pure:
// the API marks each partner endpoint with the scope it needs; people signed in are not scoped.
// A scope never widens the policy table: the client's role and org decide as for its people.

export const API_SCOPES = {
  'referrals:read': '读取移交本部门的事项',
  'referrals:respond': '签收、退回移交事项，反馈办理进展和结果',
  'transfers:read': '读取移送本机关的涉嫌犯罪案件',
  'transfers:respond': '签收移送案件，立案或不予立案、复议、反馈刑事处理结果，检察监督答复与检察意见',
  'payments:notify': '通知罚没款缴纳情况（罚缴分离）',
  'events:read': '按顺序读取本单位的事件（事件订阅）',
} as const;

export type ApiScope = keyof typeof API_SCOPES;
export const API_SCOPE_IDS = Object.keys(API_SCOPES) as ApiScope[];
export const isApiScope = (s: string): s is ApiScope => s in API_SCOPES;

/**
 * The role a partner system holds: the one its org's people hold (DESIGN §1). Orgs of other kinds
 * (the bureaus themselves, courts) have no partner system here.
 */
export const CLIENT_ROLE_BY_ORG_KIND: Readonly<Record<string, 'DEPT_RECEIVER' | 'PSB_RECEIVER' | 'PROCURATOR'>> = {
  DEPARTMENT: 'DEPT_RECEIVER',
  PUBLIC_SECURITY: 'PSB_RECEIVER',
  PROCURATORATE: 'PROCURATOR',
};

/**
 * 罚缴分离: the payment platform (非税收入电子缴款平台, or a bank's) reports money received; officers
 * never do. Its system is registered to the bureau whose fines it collects and may report only
 * payments, for that bureau's cases and those of every org under it (the org tree, store/visibility.ts):
 * a client of the city bureau for every case of the city, a county bureau's client for its county's
 * cases and its townships'. It holds no role, so no other route is open to it, and `payments:notify`
 * is granted to no other kind of org (a department or police system has no case to be paid).
 */
export const PAYMENT_SCOPE = 'payments:notify' satisfies ApiScope;
export const PAYMENT_CLIENT_ORG_KINDS: readonly string[] = ['CITY_BUREAU', 'COUNTY_BUREAU'];

/** Why these scopes may not be granted to a system of an org of this kind, in Chinese; undefined when they may. */
export function scopeProblem(orgKind: string, scopes: readonly string[]): string | undefined {
  if (PAYMENT_CLIENT_ORG_KINDS.includes(orgKind)) {
    return scopes.every((s) => s === PAYMENT_SCOPE) ? undefined : `应急管理局登记的接入系统只用于缴款通知，权限范围只能是 ${PAYMENT_SCOPE}`;
  }
  return scopes.includes(PAYMENT_SCOPE) ? `缴款通知（${PAYMENT_SCOPE}）只授予登记在应急管理局的缴款平台` : undefined;
}
