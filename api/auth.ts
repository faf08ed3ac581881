import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { hashPassword, verifyNobody, verifyPassword } from '../store/passwords.ts';
import { loadSignedIn } from '../store/users.ts';
import type { Actor } from '../workflows/messages.ts';
import type { LoginLimits } from '../infra/config.ts';
import { AppError } from './errors.ts';
import { looksLikeJwt, type ClientClaims } from './client-tokens.ts';

declare module 'express-session' {
  interface SessionData { userId?: string; csrf?: string }
}
declare global {
  namespace Express {
    interface Request {
      actor?: Actor; authVia?: 'session' | 'token' | 'client'; mustChangePassword?: boolean;
      /**
       * A partner system's token (issue 24): the actor is its org's system, `scopes` limit the routes
       * (api/route.ts). Not `req.client`: Node's IncomingMessage already has that (the socket).
       */
      apiClient?: ClientClaims;
    }
  }
}

// An account locks after `lockAfter` wrong passwords (LOGIN_LOCK_AFTER); each failure past it
// locks it again for twice as long as the last time, from `lockFirstMinutes` up to
// `lockMaxMinutes` (infra/config.ts). A right password resets the count.
const TOKEN_DAYS = 30;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

const lockedError = (until: Date) => new AppError('locked', `登录失败次数过多，账号已锁定至 ${until.toISOString()}`, 429);

/**
 * Checks a password; locks the account for a growing while after repeated failures. The
 * failure count is raised in one UPDATE, and only while the account is unlocked, so parallel
 * guesses lock it at `lockAfter` exactly: each later one finds it locked.
 */
export async function checkPassword(prisma: PrismaClient, username: string, password: string, limits: LoginLimits): Promise<string> {
  const user = await prisma.user.findUnique({ where: { username }, select: { id: true, active: true, passwordHash: true, failedLogins: true, lockedUntil: true } });
  const refused = new AppError('unauthorized', '用户名或密码错误', 401);
  if (!user || !user.active) {
    await verifyNobody(password);
    throw refused;
  }
  if (user.lockedUntil && user.lockedUntil > new Date()) throw lockedError(user.lockedUntil);
  if (!(await verifyPassword(user.passwordHash, password))) {
    const counted = await prisma.$queryRaw<{ failedLogins: number }[]>`
      UPDATE "User" SET "failedLogins" = "failedLogins" + 1,
        "lockedUntil" = CASE WHEN "failedLogins" + 1 >= ${limits.lockAfter}
          THEN now() + make_interval(mins => LEAST(${limits.lockFirstMinutes} * power(2, LEAST("failedLogins" + 1 - ${limits.lockAfter}, 16)), ${limits.lockMaxMinutes})::int)
          ELSE NULL END
      WHERE "id" = ${user.id} AND ("lockedUntil" IS NULL OR "lockedUntil" <= now())
      RETURNING "failedLogins"`;
    if (counted.length === 0) throw lockedError((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).lockedUntil ?? new Date());
    throw refused;
  }
  if (user.failedLogins || user.lockedUntil) {
    // Not while a parallel guess has just locked it: a locked account stays locked.
    const reset = await prisma.user.updateMany({ where: { id: user.id, OR: [{ lockedUntil: null }, { lockedUntil: { lte: new Date() } }] }, data: { failedLogins: 0, lockedUntil: null } });
    if (reset.count === 0) throw lockedError((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).lockedUntil ?? new Date());
  }
  return user.id;
}

/** Replaces a user's password after checking the current one; clears the first-login flag. */
export async function changePassword(prisma: PrismaClient, userId: string, current: string, next: string): Promise<{ ok: true }> {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } });
  if (!(await verifyPassword(user.passwordHash, current))) throw new AppError('invalid', '当前密码不正确', 422, { field: 'currentPassword' });
  if (next === current) throw new AppError('invalid', '新密码不能与当前密码相同', 422, { field: 'newPassword' });
  await prisma.user.update({ where: { id: userId }, data: { passwordHash: await hashPassword(next), mustChangePassword: false, failedLogins: 0, lockedUntil: null } });
  return { ok: true };
}

/** A new session id for a signed-in user (a session fixed before sign-in is worth nothing after it), saved before answering. */
export async function startSession(req: Request, userId: string): Promise<void> {
  await new Promise<void>((ok, no) => req.session.regenerate((err: unknown) => (err ? no(err) : ok())));
  req.session.userId = userId;
  await new Promise<void>((ok, no) => req.session.save((err: unknown) => (err ? no(err) : ok())));
}

/** Removes the session from the store, so its cookie is worth nothing even if kept. */
export async function endSession(req: Request, res: Response): Promise<void> {
  await new Promise<void>((ok, no) => req.session.destroy((err: unknown) => (err ? no(err) : ok())));
  res.clearCookie(SESSION_COOKIE);
}

export const SESSION_COOKIE = 'zhifa.sid';

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

/**
 * Establishes req.actor from a bearer token (a person's, or a partner system's JWT) or the session;
 * refuses only a bearer that is not valid. A partner system's token is for the JSON API alone.
 */
export function identify(prisma: PrismaClient, verifyClientToken?: (bearer: string) => Promise<ClientClaims>) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const bearer = bearerOf(req);
    if (bearer && verifyClientToken && looksLikeJwt(bearer)) {
      const client = await verifyClientToken(bearer);
      if (!req.path.startsWith('/api/')) throw new AppError('forbidden', '接入令牌只能调用接口（/api/），不能打开页面', 403);
      Object.assign(req, await loadSignedIn(prisma, client.id));
      if (!req.actor) throw new AppError('invalid_token', '接入令牌无效、已过期或已被停用', 401);
      req.apiClient = client;
      req.authVia = 'client';
    } else if (bearer) {
      const row = await prisma.apiToken.findUnique({ where: { tokenHash: sha256(bearer) } });
      if (!row || row.expiresAt <= new Date()) throw new AppError('unauthorized', '令牌无效或已过期', 401);
      Object.assign(req, await loadSignedIn(prisma, row.userId));
      req.authVia = 'token';
    } else if (req.session?.userId) {
      Object.assign(req, await loadSignedIn(prisma, req.session.userId));
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

// Where a user who must still replace a printed password may go (the page and API that replace it, and sign-out).
const PASSWORD_CHANGE_PATHS = new Set(['/password', '/api/password', '/logout', '/api/logout', '/login', '/api/login']);

/**
 * A user created with a printed password (npm run admin:create) must choose their own before
 * anything else: pages send them to /password, the API answers 403 with code password_change_required.
 */
export function requirePasswordChange(req: Request, res: Response, next: NextFunction): void {
  if (!req.actor || !req.mustChangePassword || PASSWORD_CHANGE_PATHS.has(req.path)) return next();
  if (req.path.startsWith('/api/')) throw new AppError('password_change_required', '首次登录须先修改密码（POST /api/password）', 403);
  res.redirect('/password');
}
