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
