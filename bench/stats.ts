// Load generation and statistics: closed-loop concurrency, percentiles, power-law fits.
import { performance } from 'node:perf_hooks';

export interface Latency { n: number; p50: number; p95: number; p99: number; mean: number; max: number }

export interface LoadResult {
  latency: Latency;
  /** Successful operations per second of wall time. */
  perSecond: number;
  ok: number;
  errors: number;
  errorSamples: string[];
  wallMs: number;
  concurrency: number;
  /** Raw latencies (ms); left out of the JSON report. */
  samples: number[];
  /** Operations not issued because the run's time budget ran out. */
  skipped: number;
}

/** Nearest-rank percentile of an ascending array (ms, 2 decimals). */
function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return round(sorted[i]!);
}

export const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

export function summarise(ms: number[]): Latency {
  const s = [...ms].sort((a, b) => a - b);
  const mean = s.length ? s.reduce((a, b) => a + b, 0) / s.length : 0;
  return { n: s.length, p50: pct(s, 50), p95: pct(s, 95), p99: pct(s, 99), mean: round(mean), max: round(s.at(-1) ?? 0) };
}

/**
 * Runs `fn` once per item with `concurrency` callers, each taking the next item when its
 * previous call ends (closed loop). A call that throws counts as an error, never aborts the run.
 */
export async function runLoad<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>, until = Infinity): Promise<LoadResult> {
  const latencies: number[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  let next = 0;
  const start = performance.now();
  const caller = async () => {
    while (next < items.length && Date.now() < until) {
      const item = items[next++]!;
      const t0 = performance.now();
      try {
        await fn(item);
        latencies.push(performance.now() - t0);
      } catch (e) {
        errors++;
        if (errorSamples.length < 5) errorSamples.push(String((e as Error)?.message ?? e).slice(0, 300));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, caller));
  const wallMs = performance.now() - start;
  return {
    latency: summarise(latencies), perSecond: round(latencies.length / (wallMs / 1000)), ok: latencies.length,
    errors, errorSamples, wallMs: round(wallMs), concurrency, samples: latencies, skipped: items.length - next,
  };
}

/** Several consecutive runs as one: latencies pooled, throughput over their summed wall time. */
export function combineRuns(runs: LoadResult[]): LoadResult {
  const samples = runs.flatMap((r) => r.samples);
  const wallMs = runs.reduce((a, r) => a + r.wallMs, 0);
  return {
    latency: summarise(samples), perSecond: round(samples.length / (wallMs / 1000)), ok: samples.length,
    errors: runs.reduce((a, r) => a + r.errors, 0), errorSamples: runs.flatMap((r) => r.errorSamples).slice(0, 5),
    wallMs: round(wallMs), concurrency: runs[0]?.concurrency ?? 0, samples, skipped: runs.reduce((a, r) => a + r.skipped, 0),
  };
}

/** Warm-up items first (results discarded), then the measured ones. */
export async function warmThenMeasure<T>(items: T[], warmup: number, concurrency: number, fn: (item: T) => Promise<void>, until = Infinity) {
  const warm = await runLoad(items.slice(0, warmup), concurrency, fn, until);
  const measured = await runLoad(items.slice(warmup), concurrency, fn, until);
  // Errors during warm-up count too: "zero errors" means none at all.
  return { ...measured, errors: warm.errors + measured.errors, errorSamples: [...warm.errorSamples, ...measured.errorSamples].slice(0, 5) };
}

/** Times one async call in ms. */
export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** Least-squares slope of log(y) over log(x): y ∝ x^k. 0 = flat, 1 = linear. */
export function powerLawExponent(points: { x: number; y: number }[]): number {
  const pts = points.filter((p) => p.x > 0 && p.y > 0).map((p) => ({ x: Math.log(p.x), y: Math.log(p.y) }));
  if (pts.length < 2) return 0;
  const mx = pts.reduce((a, p) => a + p.x, 0) / pts.length;
  const my = pts.reduce((a, p) => a + p.y, 0) / pts.length;
  const num = pts.reduce((a, p) => a + (p.x - mx) * (p.y - my), 0);
  const den = pts.reduce((a, p) => a + (p.x - mx) ** 2, 0);
  return den === 0 ? 0 : round(num / den, 3);
}

/** a / b, rounded; null when the baseline is zero or missing. */
export const ratio = (a: number, b: number): number | null => (b > 0 && Number.isFinite(a) ? round(a / b, 2) : null);
