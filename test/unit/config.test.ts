import { describe, expect, it } from 'vitest';
import { loadConfig, parseDeadlineOverrides, parseThresholdOverrides } from '../../infra/config.ts';
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
});
