import { describe, expect, it } from 'vitest';
import { AddressThrottle } from '../../api/login-limit.ts';
import { AppError } from '../../api/errors.ts';
import { loadConfig, loginLimits } from '../../infra/config.ts';

// The defaults of the configuration (LOGIN_* in infra/config.ts).
const limits = loginLimits(loadConfig({}));
const { addressFreeFailures: ADDRESS_FREE_FAILURES, addressWindowMinutes: ADDRESS_WINDOW_MINUTES, firstDelayMs: FIRST_DELAY_MS, maxDelayMs: MAX_DELAY_MS, maxWaitMs: MAX_WAIT_MS } = limits;

// The address brake on a clock of its own: the delays, their spacing, and their decay.
function fakeClock() {
  let t = 1_000_000;
  const slept: number[] = [];
  return { slept, advance: (ms: number) => { t += ms; }, now: () => t, sleep: async (ms: number) => { slept.push(ms); t += ms; } };
}

describe('address throttle', () => {
  it('does not delay until the address has failed ADDRESS_FREE_FAILURES times, then doubles the spacing up to the cap', () => {
    const clock = fakeClock();
    const th = new AddressThrottle(limits, clock);
    const delays: number[] = [];
    for (let i = 0; i < ADDRESS_FREE_FAILURES + 8; i++) { delays.push(th.delayMs('a')); th.failed('a'); }
    expect(delays.slice(0, ADDRESS_FREE_FAILURES)).toEqual(Array(ADDRESS_FREE_FAILURES).fill(0));
    expect(delays.slice(ADDRESS_FREE_FAILURES)).toEqual([1, 2, 4, 8, 16, 32, 64, 128].map((m) => Math.min(FIRST_DELAY_MS * m, MAX_DELAY_MS)));
    expect(th.delayMs('b')).toBe(0);
  });

  it('spaces parallel attempts from one address apart, and answers 429 only when the queue is longer than MAX_WAIT_MS', async () => {
    const clock = fakeClock();
    const th = new AddressThrottle(limits, { now: clock.now, sleep: async (ms) => { clock.slept.push(ms); } });
    for (let i = 0; i < ADDRESS_FREE_FAILURES + 1; i++) th.failed('a');
    const spacing = FIRST_DELAY_MS * 2;
    const waits: number[] = [];
    for (let i = 0; i * spacing <= MAX_WAIT_MS; i++) waits.push(await th.admit('a'));
    expect(waits).toEqual(waits.map((_, i) => i * spacing));
    await expect(th.admit('a')).rejects.toThrow(AppError);
    await expect(th.admit('a')).rejects.toThrow(/本地址登录尝试过于频繁/);
  });

  it('forgets failures older than the window', () => {
    const clock = fakeClock();
    const th = new AddressThrottle(limits, clock);
    for (let i = 0; i < ADDRESS_FREE_FAILURES + 4; i++) th.failed('a');
    expect(th.delayMs('a')).toBeGreaterThan(0);
    clock.advance(ADDRESS_WINDOW_MINUTES * 60_000 + 1);
    expect(th.delayMs('a')).toBe(0);
  });

  it('takes its numbers from the configuration', () => {
    const strict = loginLimits(loadConfig({ LOGIN_ADDRESS_FREE_FAILURES: '2', LOGIN_ADDRESS_FIRST_DELAY_MS: '100', LOGIN_ADDRESS_MAX_DELAY_MS: '300' }));
    const th = new AddressThrottle(strict, fakeClock());
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) { delays.push(th.delayMs('a')); th.failed('a'); }
    expect(delays).toEqual([0, 0, 100, 200, 300, 300]);
  });
});
