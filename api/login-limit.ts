import { rateLimit } from 'express-rate-limit';
import { AppError } from './errors.ts';

// Account lockout (auth.ts) stops guessing one password; this stops one address from
// trying a few passwords on many accounts (password spraying). Only failed attempts count,
// so an office behind one NAT address can still sign in all morning.
export const LOGIN_FAILURES_PER_IP = 20;
export const LOGIN_WINDOW_MINUTES = 15;

export function loginLimiter() {
  return rateLimit({
    windowMs: LOGIN_WINDOW_MINUTES * 60_000,
    limit: LOGIN_FAILURES_PER_IP,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) => next(new AppError('rate_limited', `本地址登录失败次数过多，请${LOGIN_WINDOW_MINUTES}分钟后再试`, 429)),
  });
}
