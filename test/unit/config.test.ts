import { describe, expect, it } from 'vitest';
import { loadConfig, loginLimits, parseDeadlineOverrides, parseThresholdOverrides } from '../../infra/config.ts';
import { hearingEligible } from '../../rules/penalty-rules.ts';
import { withThresholdOverrides } from '../../rules/thresholds.ts';

describe('configuration', () => {
  it('parses the environment once and refuses what it cannot use', () => {
    expect(loadConfig({ PORT: '4000' }).PORT).toBe(4000);
    expect(() => loadConfig({ PORT: 'x' })).toThrow(/PORT/);
    expect(loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '500' }).WORKER_MAX_CACHED_WORKFLOWS).toBe(500);
    expect(() => loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '-1' })).toThrow(/WORKER_MAX_CACHED_WORKFLOWS/);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET/);
  });

  it('lets a province set its own 听证 amount, an unconfirmed threshold', () => {
    const overrides = parseThresholdOverrides('{"HEARING_FINE_MIN_ORGANISATION": {"value": 5000000}}');
    const fine = { partyKind: 'ORG' as const, fineFen: 6_000_000, penaltyTypes: ['FINE'] };
    expect(hearingEligible(fine)).toBe(false);
    expect(hearingEligible(fine, withThresholdOverrides(overrides))).toBe(true);
  });

  it('never lets configuration change confirmed law', () => {
    expect(() => parseThresholdOverrides('{"SUMMARY_FINE_MAX_ORGANISATION": {"value": 1}}')).toThrow(/不能通过配置修改/);
    expect(() => parseDeadlineOverrides('{"DECISION": {"amount": 365, "unit": "CALENDAR_DAY"}}')).toThrow(/不能通过配置修改/);
    expect(parseDeadlineOverrides('{"REFERRAL_SIGN": {"amount": 5, "unit": "WORKING_DAY"}}')).toEqual({ REFERRAL_SIGN: { amount: 5, unit: 'WORKING_DAY' } });
    expect(() => parseDeadlineOverrides('{oops')).toThrow(/not valid JSON/);
  });

  it('takes the sign-in brakes from the environment, and refuses a cap below its start', () => {
    expect(loginLimits(loadConfig({}))).toEqual({
      lockAfter: 5, lockFirstMinutes: 1, lockMaxMinutes: 60, addressFreeFailures: 20, addressWindowMinutes: 15, firstDelayMs: 250, maxDelayMs: 8000, maxWaitMs: 30000,
    });
    expect(loginLimits(loadConfig({ LOGIN_LOCK_AFTER: '10', LOGIN_ADDRESS_WINDOW_MINUTES: '30' }))).toMatchObject({ lockAfter: 10, addressWindowMinutes: 30 });
    expect(() => loadConfig({ LOGIN_LOCK_AFTER: '0' })).toThrow(/LOGIN_LOCK_AFTER/);
    expect(() => loadConfig({ LOGIN_LOCK_FIRST_MINUTES: '30', LOGIN_LOCK_MAX_MINUTES: '10' })).toThrow(/LOGIN_LOCK_MAX_MINUTES/);
    expect(() => loadConfig({ LOGIN_ADDRESS_FIRST_DELAY_MS: '500', LOGIN_ADDRESS_MAX_DELAY_MS: '100' })).toThrow(/LOGIN_ADDRESS_MAX_DELAY_MS/);
  });
});
