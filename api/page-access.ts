import type { Request, Response } from 'express';
import type { Role } from '../rules/roles.ts';
import { csrfToken } from './auth.ts';

/** A page for some roles: true when admitted; otherwise the answer (login redirect or a 403 page) is sent. */
export function admitPage(req: Request, res: Response, roles: readonly Role[], refusal: string): boolean {
  if (!req.actor) {
    res.redirect(`/login?next=${encodeURIComponent(req.originalUrl)}`);
    return false;
  }
  if (req.actor.roles.some((r) => roles.includes(r))) return true;
  res.status(403).render('error', { status: 403, message: refusal, me: req.actor, csrf: csrfToken(req), title: '无权限' });
  return false;
}

const BUREAU: readonly Role[] = ['HANDLER', 'SUPERVISOR', 'HEAD'];
const LEADERS: readonly Role[] = ['SUPERVISOR', 'HEAD', 'CITY_SUPERVISOR'];
/** Every role that is given steps to do (rules/task-forms.ts candidates); 纪检 and the administrator get none. */
const TASKED: readonly Role[] = ['HANDLER', 'ASSISTANT', 'LEGAL_REVIEWER', 'SUPERVISOR', 'HEAD', 'TOWNSHIP_OFFICER', 'CITY_SUPERVISOR',
  'DEPT_RECEIVER', 'PSB_RECEIVER', 'PROCURATOR', 'RECON_CLERK'];

/**
 * The modules of the signed-in pages and the roles whose work each one is: the nav shows a person
 * these only (issue 17), in this order. A module's roles are those its page admits (the same lists
 * as the routes' `access`), narrowed to whose daily work it is: a handler is not shown 委托执法 and
 * 行政复议, which the leaders and the legal reviewer handle; the pages themselves still admit everyone
 * their routes admit.
 */
export const MODULES: readonly { href: string; label: string; roles: readonly Role[] }[] = [
  { href: '/tasks', label: '我的待办', roles: TASKED },
  { href: '/cases', label: '案件', roles: [...BUREAU, 'ASSISTANT', 'LEGAL_REVIEWER', 'TOWNSHIP_OFFICER', 'CITY_SUPERVISOR', 'DISCIPLINE'] },
  // POST /api/cases admits handlers only; township officers register their 简易程序 cases from 委托执法.
  { href: '/cases/new', label: '登记案件', roles: ['HANDLER'] },
  // 监督检查 and 检查计划 (issue 9).
  { href: '/inspections', label: '监督检查', roles: [...BUREAU, 'CITY_SUPERVISOR'] },
  { href: '/plans', label: '检查计划', roles: [...BUREAU, 'CITY_SUPERVISOR'] },
  // 移交有关部门: the bureau sends, the department signs, the city settles a refusal.
  { href: '/referrals', label: '移交事项', roles: [...BUREAU, 'TOWNSHIP_OFFICER', 'CITY_SUPERVISOR', 'DEPT_RECEIVER'] },
  // 行刑衔接 (issue 5): the bureau, the police, the procuratorate and the city.
  { href: '/transfers', label: '行刑衔接', roles: [...BUREAU, 'CITY_SUPERVISOR', 'PSB_RECEIVER', 'PROCURATOR'] },
  // 委托乡镇执法 (issue 4): the county's leaders and legal reviewer, the township officers, the city.
  { href: '/delegations', label: '委托执法', roles: ['SUPERVISOR', 'HEAD', 'LEGAL_REVIEWER', 'TOWNSHIP_OFFICER', 'CITY_SUPERVISOR'] },
  // 行政复议 (issue 7): the organ's clerks and, for the respondent bureau, its leaders and legal reviewer.
  { href: '/reconsiderations', label: '行政复议', roles: ['SUPERVISOR', 'HEAD', 'LEGAL_REVIEWER', 'CITY_SUPERVISOR', 'RECON_CLERK'] },
  { href: '/supervision', label: '期限督办', roles: LEADERS },
  // 逾期升级督办 and 执法监督看板 (issue 8).
  { href: '/escalations', label: '升级督办', roles: LEADERS },
  { href: '/dashboard', label: '监督看板', roles: LEADERS },
  // 执法队伍, 案卷抽查, 全过程记录校验, 干预留痕 (issue 8).
  { href: '/workforce', label: '执法队伍', roles: ['HEAD', 'CITY_SUPERVISOR'] },
  { href: '/case-reviews', label: '案卷抽查', roles: ['CITY_SUPERVISOR', 'DISCIPLINE', 'LEGAL_REVIEWER', 'HEAD', 'SUPERVISOR'] },
  { href: '/audit/verify', label: '记录校验', roles: ['CITY_SUPERVISOR', 'DISCIPLINE', 'ADMIN'] },
  { href: '/interference', label: '干预记录', roles: ['CITY_SUPERVISOR', 'DISCIPLINE'] },
  // 三个规定: anyone may have to record interference; the readers file theirs from 干预记录.
  { href: '/interference/new', label: '记录干预', roles: TASKED.filter((r) => r !== 'CITY_SUPERVISOR') },
  { href: '/admin/calendar', label: '节假日安排', roles: ['ADMIN'] },
  { href: '/admin/webhooks', label: '事件推送', roles: ['ADMIN'] },
  { href: '/admin/api-clients', label: '接入系统', roles: ['ADMIN'] },
];

/** The public pages: the nav of the signed-out, the footer of the signed-in. */
export const PUBLIC_MODULES: readonly { href: string; label: string }[] = [
  { href: '/public/disclosures', label: '执法公示' },
  { href: '/public/enforcement', label: '事前公开' },
  { href: '/public/plans', label: '年度计划公示' },
];

/** The modules a person with these roles sees, the current one marked. */
export function navFor(roles: readonly string[], path = ''): { href: string; label: string; current: boolean }[] {
  const mine = MODULES.filter((m) => roles.some((r) => (m.roles as readonly string[]).includes(r)));
  // The longest matching href is the current module: /cases/new is not also 案件.
  const current = mine.filter((m) => path === m.href || path.startsWith(`${m.href}/`)).sort((a, b) => b.href.length - a.href.length)[0];
  return mine.map((m) => ({ href: m.href, label: m.label, current: m === current }));
}

/** Where `/` takes a person: their first module (the queue, for anyone who is given steps). */
export const homeFor = (roles: readonly string[]): string => navFor(roles)[0]?.href ?? '/public/disclosures';
