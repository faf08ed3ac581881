// The machine-readable summary of a run (issue 18): bench/results/latest.json after a full run,
// <out>/latest-quick.json after `--quick`. Every key is always present; a figure this run did not
// measure is null, with the reason under `notes` — never a made-up number.
import type { BenchReport, Phase } from './harness.ts';
import type { AuditBenchResult } from './measure-audit.ts';
import type { ClusterBenchResult } from './measure-cluster.ts';
import { round } from './stats.ts';

/** What bench/measure-audit.ts returns (the audit chain's part of issue 18). */
export type AuditBench = AuditBenchResult;
/** What bench/measure-cluster.ts returns (the cluster layout's part of issue 18). */
export type ClusterBench = ClusterBenchResult;

export const SUMMARY_KEYS = [
  'completion_p95_ratio', 'completion_cpu_ratio', 'completion_throughput_ratio', 'history_events_per_completion', 'sql_per_completion',
  'audit_lock_waits_per_completion', 'audit_verify_ratio_1m_vs_10k', 'cluster_errors', 'worker_mb_per_cached_case',
  'queue_variants_p95_ratio_max', 'dashboard_p95_ms_1m',
  'upload_api_vs_direct_ratio_folder', 'upload_api_vs_direct_ratio_s3', 'upload_rss_growth_mb_2gb_folder', 'upload_rss_growth_mb_2gb_s3',
] as const;
export type SummaryKey = (typeof SUMMARY_KEYS)[number];

export interface Summary extends Record<SummaryKey, number | null> {
  git_commit: string;
  generated_at: string;
  quick: boolean;
  cores: number;
  /** Why a figure is null, or what it was measured on when that differs from its name. */
  notes: Partial<Record<SummaryKey, string>>;
  /** The cluster figures beside cluster_errors (null in a quick run). */
  cluster: ClusterBench | null;
  /** The stamped report this summary was taken from (all numbers). */
  report: string;
}

export const NOT_MEASURED = 'not measured in this run';

/** CPU ms per operation of a phase, all processes (undefined where a process was not visible). */
export function cpuPerOp(p: Phase | undefined, part?: string): number | undefined {
  if (!p || p.operations <= 0) return undefined;
  const values = part ? [p.cpuSeconds[part]] : Object.values(p.cpuSeconds);
  if (values.some((v) => v === undefined)) return undefined;
  return Math.round((values.reduce((a, v) => a! + v!, 0)! * 1000 / p.operations) * 10) / 10;
}

export const APP_COMPLETIONS = 'task completions (API)';
export const WRITE_BASELINE = 'updates + row and audit write (raw)';

export function summarise(r: BenchReport, reportFile: string): Summary {
  const c = r.completion;
  const notes: Summary['notes'] = {};
  const phase = (name: string) => r.phases.find((p) => p.name === name);
  const app = phase(APP_COMPLETIONS), write = phase(WRITE_BASELINE);
  const appCpu = cpuPerOp(app), writeCpu = cpuPerOp(write);
  const statements = app?.statements;
  if (!statements) notes.sql_per_completion = `${NOT_MEASURED}: pg_stat_statements unavailable (${r.pgStatStatements.reason ?? 'not preloaded'})`;
  if (appCpu === undefined || !writeCpu) notes.completion_cpu_ratio = `${NOT_MEASURED}: a process's CPU time was not visible`;
  if (c.history.perCompletion === null) notes.history_events_per_completion = `${NOT_MEASURED}: no completed case's history could be read at rest`;
  if (r.memory.mbPerCachedWorkflow === null) notes.worker_mb_per_cached_case = `${NOT_MEASURED}: ${r.memory.error?.split('\n')[0] ?? 'failed'}`;
  for (const k of ['audit_lock_waits_per_completion', 'audit_verify_ratio_1m_vs_10k'] as const) {
    if (r.audit?.[k] == null) notes[k] = r.audit ? `${NOT_MEASURED} (bench/measure-audit.ts returned none)` : `${NOT_MEASURED} (bench/measure-audit.ts not wired in)`;
  }
  if (r.cluster?.cluster_errors == null) notes.cluster_errors = r.cluster ? `${NOT_MEASURED} (bench/measure-cluster.ts returned none)` : `${NOT_MEASURED} (the cluster layout runs in full runs only)`;
  const ratios = r.queue.variants.map((v) => v.p95Ratio).filter((x): x is number => x !== null);
  const at = (n: number | null) => (n === null ? '?' : n.toLocaleString('en'));
  const cut = r.durationS > r.budgetMinutes * 60 ? ` (the run's ${r.budgetMinutes}-minute budget was spent first)` : '';
  if (!ratios.length) notes.queue_variants_p95_ratio_max = NOT_MEASURED + cut;
  else if ((r.queue.variantsAt ?? 0) < 1_000_000) notes.queue_variants_p95_ratio_max = `measured at ${at(r.queue.variantsAt)} tasks, not 1M`;
  const d = r.queue.dashboard;
  if (d?.p95Ms == null) notes.dashboard_p95_ms_1m = NOT_MEASURED + cut;
  else if (d.benchTasks < 1_000_000) notes.dashboard_p95_ms_1m = `measured at ${at(d.benchTasks)} tasks / ${at(d.benchCases)} cases, not 1M / 250k`;
  const up = r.upload;
  for (const b of ['folder', 's3'] as const) {
    const side = up?.[b];
    const why = !up ? `${NOT_MEASURED} (bench/measure-upload.ts not in this report)` : !side ? `${NOT_MEASURED}: ${up.errors[b]?.split('\n')[0] ?? 'failed'}` : undefined;
    if (why) notes[`upload_api_vs_direct_ratio_${b}`] = notes[`upload_rss_growth_mb_2gb_${b}`] = why;
    else if (side!.bytes < 2 * 1024 ** 3) notes[`upload_rss_growth_mb_2gb_${b}`] = notes[`upload_api_vs_direct_ratio_${b}`] = `measured on ${round(side!.bytes / 2 ** 20)} MB, not 2 GB`;
  }
  return {
    completion_p95_ratio: c.vsWrite.p95Ratio,
    completion_cpu_ratio: appCpu !== undefined && writeCpu ? round(appCpu / writeCpu) : null,
    completion_throughput_ratio: c.vsWrite.throughputRatio,
    history_events_per_completion: c.history.perCompletion,
    sql_per_completion: statements && app!.operations > 0 ? round(statements.calls / app!.operations, 1) : null,
    audit_lock_waits_per_completion: r.audit?.audit_lock_waits_per_completion ?? null,
    audit_verify_ratio_1m_vs_10k: r.audit?.audit_verify_ratio_1m_vs_10k ?? null,
    cluster_errors: r.cluster?.cluster_errors ?? null,
    worker_mb_per_cached_case: r.memory.mbPerCachedWorkflow,
    queue_variants_p95_ratio_max: ratios.length ? Math.max(...ratios) : null,
    dashboard_p95_ms_1m: d?.p95Ms ?? null,
    upload_api_vs_direct_ratio_folder: up?.folder?.ratio ?? null,
    upload_api_vs_direct_ratio_s3: up?.s3?.ratio ?? null,
    upload_rss_growth_mb_2gb_folder: up?.folder?.rssGrowthMb ?? null,
    upload_rss_growth_mb_2gb_s3: up?.s3?.rssGrowthMb ?? null,
    git_commit: r.versions.zhifa ?? '?',
    generated_at: r.finishedAt,
    quick: r.quick,
    cores: r.machine.cpus,
    notes,
    cluster: r.cluster,
    report: reportFile,
  };
}
