import { describe, expect, it } from 'vitest';
import { readSummary } from '../../scripts/fuzz-summary.ts';

// The tail of a Schemathesis 4.32 run as `npm run fuzz` receives it (--no-color). An error (a request
// past the timeout, a failed health check) fails the run with no check failing: the summary must say so.
// Python's str.center, as Schemathesis draws its section names.
const rule = (title: string, sep = '=') => {
  const pad = 80 - title.length - 2;
  return `${sep.repeat(Math.floor(pad / 2))} ${title} ${sep.repeat(Math.ceil(pad / 2))}`;
};
const run = (extra: { errors?: string; failures?: string }) => [
  ...(extra.errors ? [rule('ERRORS'), rule('POST /api/cases/{id}/records', '_'), extra.errors, '', 'Need more help?', '    Join our Discord server: https://discord.gg/R9ASRAmHnA', ''] : []),
  rule('SUMMARY'), '', 'API Operations:', '  Selected: 160/164', '  Tested: 160', '',
  'Test Phases:', '  ⏭  Examples', '  ✅ Coverage', '  ✅ Fuzzing', '',
  ...(extra.failures ? ['Failures:', extra.failures, ''] : []),
  ...(extra.errors ? ['Errors:', '  🚫 Network Error: 1', ''] : []),
  'Warnings:', '  ⚠️ Missing test data: 8 operations repeatedly returned 404 responses', '',
  'Test cases:', '  10594 generated, 10594 passed, 147 skipped', '', 'Seed: 1', '', rule('1 error, 1 warning in 241.31s'),
].join('\n');

describe('reading Schemathesis’ summary (scripts/fuzz-summary.ts)', () => {
  it('reads operations and test cases, and no failure or error from a clean run', () => {
    const s = readSummary(run({}));
    expect(s).toMatchObject({ operations: '160 tested of 160/164 selected', testCases: '10594 generated, 10594 passed, 147 skipped', errorDetail: '' });
    expect([...s.failures]).toEqual([]);
    expect([...s.errors]).toEqual([]);
  });

  it('names an error and the start of its detail, where no check failed', () => {
    const s = readSummary(run({ errors: 'Network Error\n\nRead timed out. (read timeout=30.0)\n\nReproduce with:\n\n    curl -X POST http://127.0.0.1/api/cases/x/records' }));
    expect([...s.errors]).toEqual([['Network Error', 1]]);
    expect([...s.failures]).toEqual([]);
    expect(s.errorDetail).toContain('Read timed out. (read timeout=30.0)');
    expect(s.errorDetail).toContain('POST /api/cases/{id}/records');
    expect(s.errorDetail).not.toContain('Need more help');
  });

  it('counts failures by check', () => {
    const s = readSummary(run({ failures: '  ❌ Response violates schema: 2\n  ❌ Server error: 1' }));
    expect([...s.failures]).toEqual([['Response violates schema', 2], ['Server error', 1]]);
  });
});
