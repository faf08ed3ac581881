import { describe, expect, it } from 'vitest';
import { certificateStatus, currentCertificate, isOfficer, QUALIFIED_SHARE_TARGET, qualifiedShare } from '../../rules/workforce.ts';

const cert = (validFrom: string, validUntil: string, revoked = false) => ({ validFrom, validUntil, revoked });

describe('certificate status', () => {
  it('counts both ends of validity, warns from the reminder day, and names every other state', () => {
    const c = cert('2024-03-01', '2026-12-31');
    expect(certificateStatus(c, '2024-03-01')).toBe('VALID');
    expect(certificateStatus(c, '2026-12-31')).toBe('VALID');
    expect(certificateStatus(c, '2027-01-01')).toBe('EXPIRED');
    expect(certificateStatus(c, '2024-02-29')).toBe('NOT_YET_VALID');
    expect(certificateStatus(c, '2026-11-01', '2026-11-01')).toBe('EXPIRING');
    expect(certificateStatus(c, '2026-10-31', '2026-11-01')).toBe('VALID');
    expect(certificateStatus(cert('2024-03-01', '2026-12-31', true), '2025-01-01')).toBe('REVOKED');
    expect(certificateStatus(undefined, '2025-01-01')).toBe('NONE');
  });

  it('the certificate that counts is the valid one ending last, else the latest', () => {
    const old = cert('2020-01-01', '2025-05-31');
    const renewed = cert('2025-05-01', '2030-04-30');
    expect(currentCertificate([old, renewed], '2025-05-15')).toBe(renewed);
    expect(currentCertificate([old], '2026-01-01')).toBe(old);
    expect(currentCertificate([], '2026-01-01')).toBeUndefined();
  });
});

describe('qualification share against the plan target', () => {
  it('is 75 % with its source in the Yuxi plan', () => {
    expect(QUALIFIED_SHARE_TARGET.percent).toBe(75);
    expect(QUALIFIED_SHARE_TARGET.source.instrument).toContain('玉溪市深化应急管理综合行政执法改革实施方案');
  });

  it('meets the target at exactly 75 % (不低于), not below; blank entries do not count', () => {
    const q = (n: number) => Array.from({ length: n }, () => ({ qualifications: ['注册安全工程师'] }));
    const none = (n: number) => Array.from({ length: n }, () => ({ qualifications: [] as string[] }));
    expect(qualifiedShare([...q(3), ...none(1)])).toMatchObject({ officers: 4, qualified: 3, percent: 75, meetsTarget: true });
    expect(qualifiedShare([...q(2), ...none(1)])).toMatchObject({ percent: 66.7, meetsTarget: false });
    expect(qualifiedShare([...q(1), { qualifications: ['  '] }])).toMatchObject({ qualified: 1, percent: 50 });
    expect(qualifiedShare([])).toMatchObject({ officers: 0, percent: null, meetsTarget: null });
    expect(qualifiedShare(q(2), 100).meetsTarget).toBe(true);
  });

  it('officers are active holders of an officer role; 法制审核 and assistants are not', () => {
    expect(isOfficer({ roles: ['HANDLER'], active: true })).toBe(true);
    expect(isOfficer({ roles: ['TOWNSHIP_OFFICER'], active: true })).toBe(true);
    expect(isOfficer({ roles: ['HANDLER'], active: false })).toBe(false);
    expect(isOfficer({ roles: ['LEGAL_REVIEWER'], active: true })).toBe(false);
    expect(isOfficer({ roles: ['ASSISTANT'], active: true })).toBe(false);
  });
});
