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
