import type { NextFunction, Request, Response } from 'express';
import { loadConfig, loginLimits, type LoginLimits } from '../infra/config.ts';
import type { AppDeps } from './deps.ts';
import { AppError } from './errors.ts';

// Two brakes on password guessing. An account locks after repeated failures, for longer each
// time (api/auth.ts). This one slows an address that fails often across accounts (password
// spraying): past `addressFreeFailures` failures in the window, its sign-in attempts are
// spaced apart by a delay that doubles with each further failure. It delays and never refuses
// on account of earlier failures, so a person behind the same NAT as a guesser still signs in
// with the right password — only later. Only when so many attempts from one address are
// queued that the wait would pass `maxWaitMs` is one answered 429 at once (with Retry-After).
// Counters live in this process: each API process brakes on its own. The numbers are
// configuration (LOGIN_* in infra/config.ts), not law.
const MAX_ADDRESSES = 50_000;

let fromEnvironment: LoginLimits | undefined;
/** The brakes the app was given, or else those of the environment (read once). */
export const limitsFor = (deps: Pick<AppDeps, 'loginLimits'>): LoginLimits => deps.loginLimits ?? (fromEnvironment ??= loginLimits(loadConfig()));

export interface Clock { now(): number; sleep(ms: number): Promise<void> }
const realClock: Clock = { now: () => Date.now(), sleep: (ms) => new Promise((ok) => setTimeout(ok, ms)) };

export class AddressThrottle {
  private readonly failures = new Map<string, number[]>();
  private readonly nextSlot = new Map<string, number>();
  constructor(private readonly limits: LoginLimits, private readonly clock: Clock = realClock) {}

  private recent(address: string): number[] {
    const since = this.clock.now() - this.limits.addressWindowMinutes * 60_000;
    const kept = (this.failures.get(address) ?? []).filter((t) => t > since);
    if (kept.length) this.failures.set(address, kept);
    else this.failures.delete(address);
    return kept;
  }

  /** The spacing between this address's attempts now: 0 until it has failed often. */
  delayMs(address: string): number {
    const over = this.recent(address).length - this.limits.addressFreeFailures;
    return over < 0 ? 0 : Math.min(this.limits.firstDelayMs * 2 ** over, this.limits.maxDelayMs);
  }

  /** Waits for this address's next slot (how long it waited), or refuses if the queue is too long. */
  async admit(address: string): Promise<number> {
    const delay = this.delayMs(address);
    if (delay === 0) return 0;
    const now = this.clock.now();
    const slot = Math.max(now, this.nextSlot.get(address) ?? 0);
    const wait = slot - now;
    if (wait > this.limits.maxWaitMs) {
      throw new AppError('rate_limited', `本地址登录尝试过于频繁，请 ${Math.ceil(wait / 1000)} 秒后再试`, 429, { retryAfterSeconds: Math.ceil(wait / 1000) });
    }
    this.nextSlot.set(address, slot + delay);
    if (wait > 0) await this.clock.sleep(wait);
    return wait;
  }

  failed(address: string): void {
    if (this.failures.size >= MAX_ADDRESSES && !this.failures.has(address)) {
      // Forget the addresses with nothing recent, then the oldest, so a flood of addresses cannot fill memory.
      for (const a of this.failures.keys()) this.recent(a);
      if (this.failures.size >= MAX_ADDRESSES) this.failures.delete(this.failures.keys().next().value!);
      for (const a of this.nextSlot.keys()) if (!this.failures.has(a)) this.nextSlot.delete(a);
    }
    this.failures.set(address, [...this.recent(address), this.clock.now()]);
  }
}

/** Middleware for the sign-in routes: waits for the address's slot, counts a 401 as a failure. */
export function loginLimiter(throttle: AddressThrottle) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const address = req.ip ?? 'unknown';
    try {
      await throttle.admit(address);
    } catch (err) {
      const after = (err as AppError).details as { retryAfterSeconds?: number } | undefined;
      if (after?.retryAfterSeconds) res.set('Retry-After', String(after.retryAfterSeconds));
      throw err;
    }
    res.on('finish', () => { if (res.statusCode === 401) throttle.failed(address); });
    next();
  };
}
