import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { runBench, type BenchReport } from '../../bench/harness.ts';
import { targets, writeReport } from '../../bench/report.ts';
import { SUMMARY_KEYS } from '../../bench/summary.ts';

// `npm run bench` in quick mode, in-process against the test servers, so the harness cannot
// rot. It checks that every section is there with plausible numbers — never how fast anything is.
const out = mkdtempSync(path.join(os.tmpdir(), 'zhifa-bench-quick-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Every number in the report, with its path. */
function numbers(v: unknown, at = ''): [string, number][] {
  if (typeof v === 'number') return [[at, v]];
  if (Array.isArray(v)) return v.flatMap((x, i) => numbers(x, `${at}[${i}]`));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => numbers(x, at ? `${at}.${k}` : k));
  return [];
}
// Differences and fitted exponents may be negative on a noisy machine; nothing else may.
const signed = /(exponent\.|httpOverhead\.p\d+Ms$)/;

describe('npm run bench -- --quick', () => {
  let report: BenchReport;
  let files: ReturnType<typeof writeReport>;

  it('runs against the test servers and writes the report', async () => {
    report = await runBench({
      quick: true, databaseUrl: inject('databaseUrl'), temporalAddress: inject('temporalAddress'),
      appBundlePath: inject('workflowBundlePath'), infra: { postgres: 'test server', temporal: 'test server' },
      cleanupQueue: true, log: () => undefined,
    });
    files = writeReport(report, out, path.join(out, 'BENCHMARKS.md'));
    expect(report.quick).toBe(true);
  }, 300_000);

  it('has finite, non-negative numbers throughout', () => {
    const all = numbers(JSON.parse(readFileSync(files.json, 'utf8')));
    expect(all.length).toBeGreaterThan(100);
    for (const [at, x] of all) {
      expect(Number.isFinite(x), at).toBe(true);
      if (!signed.test(at)) expect(x, at).toBeGreaterThanOrEqual(0);
    }
  });

  it('measures completions and starts against the raw Temporal baseline, without errors', () => {
    const { completion: c, lifecycle: lc, sizes } = report;
    for (const run of [c.app, c.baseline, c.baselineWithActivity, c.baselineWithWrite, lc.app, lc.baseline]) {
      expect(run.errors, run.errorSamples.join('\n')).toBe(0);
      expect(run.latency.n).toBe(sizes.cases - sizes.warmup);
      expect(run.latency.p50).toBeGreaterThan(0);
      expect(run.latency.p95).toBeGreaterThanOrEqual(run.latency.p50);
      expect(run.perSecond).toBeGreaterThan(0);
    }
    expect(c.p95Ratio).toBeGreaterThan(0);
    expect(c.vsWrite.p95Ratio).toBeGreaterThan(0);
    expect(c.vsWrite.throughputRatio).toBeGreaterThan(0);
    // Read from the completed cases' workflow histories: at least the Update's acceptance and completion.
    expect(c.history.sampled).toBeGreaterThan(0);
    expect(c.history.perCompletion).toBeGreaterThanOrEqual(2);
    expect(c.history.byType.WORKFLOW_EXECUTION_UPDATE_ACCEPTED).toBe(1);
    expect(c.throughputRatio).toBeGreaterThan(0);
    expect(lc.throughputRatio).toBeGreaterThan(0);
    expect(c.settle.filed).toBe(sizes.cases);
  });

  it('measures the work queue at three sizes against the raw SQL, with the same rows', () => {
    const q = report.queue;
    expect(q.steps.map((s) => s.benchTasks)).toEqual(report.sizes.queueSizes);
    for (const s of q.steps) {
      expect(s.sameRows).toBe(true);
      expect(s.app.n).toBe(report.sizes.queueQueries);
      expect(s.p95Ratio).toBeGreaterThan(0);
      expect(s.visibleTotals.some((n) => n > 0)).toBe(true);
    }
    expect(q.httpOverhead.api.n).toBeGreaterThan(0);
  });

  it('measures the queue\'s other views and the oversight figures at the largest size', () => {
    const q = report.queue;
    expect(q.variantsAt).toBe(report.sizes.queueSizes.at(-1));
    expect(q.variants.map((v) => v.name)).toEqual(['overdue only', 'by procedure (案件办理)', 'by enterprise (its full name)', 'party-name search (a fragment)']);
    for (const v of q.variants) {
      expect(v.sameRows, v.name).toBe(true);
      expect(v.app.n, v.name).toBeGreaterThan(0);
      expect(v.p95Ratio, v.name).toBeGreaterThan(0);
    }
    // The searches find the enterprise's and the fragment's tasks, not an empty page.
    expect(q.variants.slice(2).every((v) => v.total > 0)).toBe(true);
    expect(q.dashboard!.benchCases).toBe(Math.floor(report.sizes.queueSizes.at(-1)! / 4) + 1);
    expect(q.dashboard!.figures).toHaveLength(3);
    expect(q.dashboard!.p95Ms).toBeGreaterThan(0);
  });

  it('measures worker memory per cached case', () => {
    expect(report.memory.error).toBeUndefined();
    expect(report.memory.steps.map((s) => s.open)).toEqual([report.sizes.memoryStep, report.sizes.memoryWorkflows]);
    expect(report.memory.mbPerCachedWorkflow).toBeGreaterThan(0);
  });

  it('writes the summary JSON with every key of issue 18, null only with a reason', () => {
    const latest = JSON.parse(readFileSync(files.latest, 'utf8')) as Record<string, unknown> & { notes: Record<string, string> };
    expect(path.basename(files.latest)).toBe('latest-quick.json');
    for (const k of SUMMARY_KEYS) {
      expect(k in latest, k).toBe(true);
      const v = latest[k];
      if (v === null) expect(latest.notes[k], k).toMatch(/not measured in this run/);
      else expect(typeof v === 'number' && Number.isFinite(v), k).toBe(true);
    }
    // Measured in every run, the quick one included (the test servers lack pg_stat_statements,
    // and the audit and cluster parts are wired in by their own files).
    for (const k of ['completion_p95_ratio', 'completion_cpu_ratio', 'completion_throughput_ratio', 'history_events_per_completion',
      'worker_mb_per_cached_case', 'queue_variants_p95_ratio_max', 'dashboard_p95_ms_1m'] as const) {
      expect(latest[k], k).toBeGreaterThan(0);
    }
    if (report.pgStatStatements.available) expect(latest.sql_per_completion).toBeGreaterThan(0);
    expect(latest.git_commit).toMatch(/^[0-9a-f]{7,}/);
    expect(Date.parse(String(latest.generated_at))).not.toBeNaN();
    expect(latest.quick).toBe(true);
  });

  it('reports growth, memory and where the time goes', () => {
    expect(report.lifecycle.batches).toHaveLength(3);
    expect(report.phases.map((p) => p.name)).toEqual([
      'workflow starts (raw)', 'case starts (API)', 'updates (raw)', 'updates + no-op activity (raw)', 'updates + row and audit write (raw)', 'task completions (API)',
      ...report.sizes.queueSizes.map((s) => `work queue at ${s.toLocaleString('en')}`),
      `queue variants at ${report.sizes.queueSizes.at(-1)!.toLocaleString('en')}`, `dashboard at ${report.sizes.queueSizes.at(-1)!.toLocaleString('en')}`,
    ]);
    for (const p of report.phases) {
      expect(p.operations).toBeGreaterThan(0);
      expect(p.memoryAfter.api?.rssMb).toBeGreaterThan(0);
      expect(p.memoryAfter.worker?.rssMb).toBeGreaterThan(0);
      expect(p.cpuSeconds.worker).toBeGreaterThanOrEqual(0);
    }
    // The test server does not preload pg_stat_statements: the report must say so, not break.
    if (!report.pgStatStatements.available) expect(report.pgStatStatements.reason).toBeTruthy();
  });

  it('writes JSON, Markdown with every section, and SVG charts', () => {
    const md = readFileSync(files.markdown, 'utf8');
    for (const h of ['## Targets', '## Machine and versions', '## 1. Task completion', '## 2. Work queue', '### Other views of the queue', '### Oversight figures',
      '## 3. Case lifecycle', '## 4. Growth', '## Audit chain and cluster', '## 5. Where the time goes', '## Evidence uploads']) {
      expect(md).toContain(h);
    }
    expect(md).toContain('Quick mode');
    expect(readFileSync(path.join(out, 'BENCHMARKS.md'), 'utf8')).toContain('## Targets');
    expect(files.svgs).toHaveLength(3);
    for (const f of files.svgs) expect(readFileSync(f, 'utf8')).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(targets(report).map((t) => t.id)).toEqual(['1a', '1b', '1c', '1d', '2a', '2b', '3a', '3b', '4', '5', '6a', '6b', '6c', '6d', '6e', '7a', '7b']);
  });
});
