import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { verify } from '@node-rs/argon2';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { loadActor } from '../store/users.ts';
import type { Actor } from '../workflows/messages.ts';
import { AppError } from './errors.ts';

declare module 'express-session' {
  interface SessionData { userId?: string; csrf?: string }
}
declare global {
  namespace Express { interface Request { actor?: Actor; authVia?: 'session' | 'token' } }
}

const LOCK_AFTER = 5;
const LOCK_MINUTES = 15;
const TOKEN_DAYS = 30;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Checks a password; locks the account for a while after repeated failures. */
export async function checkPassword(prisma: PrismaClient, username: string, password: string): Promise<string> {
  const user = await prisma.user.findUnique({ where: { username } });
  const refused = new AppError('unauthorized', '用户名或密码错误', 401);
  if (!user || !user.active) throw refused;
  if (user.lockedUntil && user.lockedUntil > new Date()) {
    throw new AppError('locked', `登录失败次数过多，账号已锁定至 ${user.lockedUntil.toISOString()}`, 429);
  }
  if (!(await verify(user.passwordHash, password))) {
    const failed = user.failedLogins + 1;
    await prisma.user.update({
      where: { id: user.id },
      data: { failedLogins: failed, lockedUntil: failed >= LOCK_AFTER ? new Date(Date.now() + LOCK_MINUTES * 60_000) : null },
    });
    throw refused;
  }
  if (user.failedLogins) await prisma.user.update({ where: { id: user.id }, data: { failedLogins: 0, lockedUntil: null } });
  return user.id;
}

/** Issues a random bearer token; only its hash is stored. */
export async function issueToken(prisma: PrismaClient, userId: string): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + TOKEN_DAYS * 86_400_000);
  await prisma.apiToken.create({ data: { id: randomUUID(), userId, tokenHash: sha256(token), expiresAt } });
  return { token, expiresAt };
}

export async function revokeToken(prisma: PrismaClient, token: string): Promise<void> {
  await prisma.apiToken.updateMany({ where: { tokenHash: sha256(token) }, data: { expiresAt: new Date(0) } });
}

export const bearerOf = (req: Request) => /^Bearer (.+)$/i.exec(req.get('authorization') ?? '')?.[1];

/** Establishes req.actor from a bearer token or the session; never rejects by itself. */
export function identify(prisma: PrismaClient) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const bearer = bearerOf(req);
    if (bearer) {
      const row = await prisma.apiToken.findUnique({ where: { tokenHash: sha256(bearer) } });
      if (!row || row.expiresAt <= new Date()) throw new AppError('unauthorized', '令牌无效或已过期', 401);
      req.actor = (await loadActor(prisma, row.userId)) ?? undefined;
      req.authVia = 'token';
    } else if (req.session?.userId) {
      req.actor = (await loadActor(prisma, req.session.userId)) ?? undefined;
      req.authVia = 'session';
    }
    if (req.actor) req.actor = { ...req.actor, ip: req.ip };
    next();
  };
}

export function csrfToken(req: Request): string {
  req.session.csrf ??= randomBytes(24).toString('base64url');
  return req.session.csrf;
}

/**
 * Every cookie-authenticated form post outside the JSON API is checked here, before any route,
 * so a new page cannot forget it (the JSON routes check in api/route.ts). Login has no session yet.
 */
export function csrfOnPageWrites(req: Request, _res: unknown, next: () => void): void {
  if (!req.path.startsWith('/api/') && req.path !== '/login') checkCsrf(req);
  next();
}

/** Cookie-authenticated writes must echo the session's CSRF token; bearer calls need not. */
export function checkCsrf(req: Request): void {
  if (req.method === 'GET' || req.method === 'HEAD' || req.authVia !== 'session') return;
  const sent = String(req.get('x-csrf-token') ?? (req.body as Record<string, unknown> | undefined)?._csrf ?? '');
  const expected = req.session.csrf ?? '';
  if (!expected || sent.length !== expected.length || !timingSafeEqual(Buffer.from(sent), Buffer.from(expected))) {
    throw new AppError('csrf', '页面已过期，请刷新后重试（CSRF 校验失败）', 403);
  }
}
