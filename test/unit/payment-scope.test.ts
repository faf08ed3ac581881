import { describe, expect, it } from 'vitest';
import { scopeProblem } from '../../rules/api-scopes.ts';

// Who may hold payments:notify (rules/api-scopes.ts): the payment platform, registered to a bureau, and only that scope.
describe('payments:notify is for a bureau\'s payment platform only', () => {
  it.each(['CITY_BUREAU', 'COUNTY_BUREAU'])('a %s system may hold payments:notify and nothing else', (kind) => {
    expect(scopeProblem(kind, ['payments:notify'])).toBeUndefined();
    expect(scopeProblem(kind, ['payments:notify', 'events:read'])).toMatch(/只能是 payments:notify/);
    expect(scopeProblem(kind, ['referrals:read'])).toMatch(/只能是 payments:notify/);
  });

  it.each(['DEPARTMENT', 'PUBLIC_SECURITY', 'PROCURATORATE'])('a %s system keeps its scopes but never payments:notify', (kind) => {
    expect(scopeProblem(kind, ['referrals:read', 'transfers:respond'])).toBeUndefined();
    expect(scopeProblem(kind, ['referrals:read', 'payments:notify'])).toMatch(/只授予登记在应急管理局的缴款平台/);
  });
});
