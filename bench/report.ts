// The report: bench/results/<stamp>.json (all numbers), <stamp>.md (the summary) and
// <stamp>-*.svg (its charts); a full run also copies the summary to BENCHMARKS.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BenchReport, Phase } from './harness.ts';
import { round, type Latency, type LoadResult } from './stats.ts';
import { isBenchOwn } from './pgstat.ts';
import { APP_COMPLETIONS, cpuPerOp, NOT_MEASURED, summarise, WRITE_BASELINE, type SummaryKey } from './summary.ts';
import { barChart } from './svg.ts';

export interface Target { id: string; target: string; measured: string; holds: boolean | null }

/** Issue 18's targets (and the work queue's earlier ones), each judged on this run's numbers (null: not measured here). */
export function targets(r: BenchReport): Target[] {
  const c = r.completion;
  const sm = summarise(r, '');
  const big = r.queue.steps.at(-1);
  const size = big ? big.benchTasks.toLocaleString('en') : '?';
  const million = (n: number | null | undefined) => (n ?? 0) >= 1_000_000;
  const allErrors = c.app.errors + r.lifecycle.app.errors;
  const w = c.baselineWithWrite;
  const appCpu = cpuPerOp(r.phases.find((p) => p.name === APP_COMPLETIONS));
  const writeCpu = cpuPerOp(r.phases.find((p) => p.name === WRITE_BASELINE));
  const why = (k: SummaryKey) => sm.notes[k] ?? NOT_MEASURED;
  const judge = (k: SummaryKey, ok: (x: number) => boolean, show: (x: number) => string, only1m?: boolean): Pick<Target, 'measured' | 'holds'> => {
    const x = sm[k];
    if (x === null) return { measured: why(k), holds: null };
    return { measured: show(x) + (sm.notes[k] ? ` (${sm.notes[k]})` : ''), holds: only1m && sm.notes[k] ? null : ok(x) };
  };
  const cl = r.cluster;
  const variantsSame = r.queue.variants.every((v) => v.sameRows);
  return [
    { id: '1a', target: 'completion p95 ≤ 1.5× raw update + one-transaction row and audit write', ...judge('completion_p95_ratio', (x) => x <= 1.5, (x) => `${c.app.latency.p95} ms vs ${w.latency.p95} ms = ${x}×`) },
    { id: '1b', target: 'CPU per completion ≤ 2× that baseline\'s', ...judge('completion_cpu_ratio', (x) => x <= 2, (x) => `${appCpu} vs ${writeCpu} CPU ms = ${x}×`) },
    { id: '1c', target: 'completion throughput ≥ 0.5× that baseline\'s', ...judge('completion_throughput_ratio', (x) => x >= 0.5, (x) => `${c.app.perSecond}/s vs ${w.perSecond}/s = ${x}×`) },
    { id: '1d', target: 'zero errors (starts and completions)', measured: `${allErrors} errors`, holds: allErrors === 0 },
    { id: '2a', target: 'history events per 立案审批 completion ≤ 12', ...judge('history_events_per_completion', (x) => x <= 12, (x) => `${x} (${c.history.min}–${c.history.max} over ${c.history.sampled} cases)`) },
    { id: '2b', target: 'SQL statements per completion ≤ 12', ...judge('sql_per_completion', (x) => x <= 12, (x) => `${x}`) },
    { id: '3a', target: 'audit lock waits per completion ≈ 0 (8 concurrent orgs)', ...judge('audit_lock_waits_per_completion', (x) => x < 0.01, (x) => `${x}`) },
    { id: '3b', target: 'incremental audit verify, 1M vs 10k existing events ≤ 1.5×', ...judge('audit_verify_ratio_1m_vs_10k', (x) => x <= 1.5, (x) => `${x}×`) },
    {
      id: '4', target: 'cluster (2 API + 2 workers): zero errors, throughput at 32 clients ≥ at 8',
      measured: cl?.cluster_errors == null ? why('cluster_errors') : `${cl.cluster_errors} errors (${cl.retries_total ?? 0} requests retried after a 503); ${cl.throughput_8}/s at 8, ${cl.throughput_32}/s at 32 (p95 ${cl.p95_ms_8} / ${cl.p95_ms_32} ms) on ${cl.cores} cores`,
      holds: cl?.cluster_errors == null ? null : cl.cluster_errors === 0 && cl.throughput_8 !== null && cl.throughput_32 !== null && cl.throughput_32 >= cl.throughput_8,
    },
    { id: '5', target: 'worker memory per cached open case ≤ 0.5 MB', ...judge('worker_mb_per_cached_case', (x) => x <= 0.5, (x) => `${x} MB`) },
    { id: '6a', target: 'work queue p95 ≤ 50 ms at 1M tasks', measured: big ? `${big.app.p95} ms listQueue + ${r.queue.httpOverhead.p95Ms} ms HTTP (p95s added) at ${size}` : 'n/a', holds: million(big?.benchTasks) ? big!.app.p95 + Math.max(0, r.queue.httpOverhead.p95Ms) <= 50 : null },
    { id: '6b', target: 'work queue p95 ≤ 1.5× the raw indexed query', measured: big ? `${big.app.p95} ms vs ${big.raw.p95} ms = ${big.p95Ratio ?? '?'}× at ${size}` : 'n/a', holds: big?.p95Ratio == null ? null : big.p95Ratio <= 1.5 },
    { id: '6c', target: 'the queue (every view) returns the same rows as the raw query', measured: r.queue.steps.every((s) => s.sameRows) && variantsSame ? 'same page, total, overdue and near counts' : 'DIFFERENT', holds: r.queue.steps.every((s) => s.sameRows) && variantsSame },
    { id: '6d', target: 'queue views (overdue, procedure, enterprise, name search) p95 ≤ 1.5× raw SQL at 1M tasks', ...judge('queue_variants_p95_ratio_max', (x) => x <= 1.5, (x) => `worst ${x}× (${r.queue.variants.map((v) => `${v.name} ${v.p95Ratio ?? '?'}×`).join(', ')})`, true) },
    { id: '6e', target: 'supervision dashboard figures p95 ≤ 500 ms at 1M tasks / 250k cases', ...judge('dashboard_p95_ms_1m', (x) => x <= 500, (x) => `slowest ${x} ms`, true) },
    ...(['folder', 's3'] as const).map((b, i) => ({
      id: `7${'ab'[i]}`, target: `API RSS growth during a 2 GB evidence upload < 100 MB (${b === 's3' ? 'S3 on SeaweedFS' : 'folder'})`,
      ...judge(`upload_rss_growth_mb_2gb_${b}`, (x) => x < 100, (x) => `+${x} MB; API ${r.upload?.[b]?.apiMBps} MB/s vs straight to the store ${r.upload?.[b]?.directMBps} MB/s = ${sm[`upload_api_vs_direct_ratio_${b}`]}× the time`, true),
    })),
  ];
}

/** The database-only phases (no workflow work): left out of the load chart and the polling check. */
const isQueuePhase = (name: string) => /^(work queue|queue variants|dashboard) /.test(name);
const yesNo = (h: boolean | null) => (h === null ? '— not judged (not measured, or not at that size)' : h ? '✅ holds' : '❌ does not hold');
const lat = (l: Latency) => `${l.p50} | ${l.p95} | ${l.p99} | ${l.mean}`;
const loadRow = (name: string, r: LoadResult) => `| ${name} | ${lat(r.latency)} | ${r.perSecond} | ${r.latency.n} | ${r.errors} |`;
const n = (x: number | string | undefined | null, unit = '') => (x === undefined || x === null ? 'n/a' : `${x}${unit}`);

/** CPU ms per operation of one process in a phase (all processes when `part` is omitted). */
function perOp(p: Phase, part?: string): number | undefined {
  const values = part ? [p.cpuSeconds[part]] : Object.values(p.cpuSeconds);
  if (values.some((v) => v === undefined) || p.operations <= 0) return undefined;
  return Math.round((values.reduce((a, v) => a! + v!, 0)! * 1000 / p.operations) * 10) / 10;
}
const cpuOf = (r: BenchReport, phase: string) => { const p = r.phases.find((x) => x.name === phase); return p && perOp(p); };

export function markdown(r: BenchReport, chartPrefix: string, targetList: Target[]): string {
  const c = r.completion, lc = r.lifecycle, q = r.queue;
  const sm = summarise(r, '');
  const completionPhase = r.phases.find((p) => p.name === APP_COMPLETIONS), writePhase = r.phases.find((p) => p.name === WRITE_BASELINE);
  const completionStatements = completionPhase?.statements, writeStatements = writePhase?.statements;
  const parts = Object.keys(r.phases[0]?.cpuSeconds ?? {});
  const L: string[] = [
    '# Zhifa benchmarks', '',
    `Generated by \`npm run bench${r.quick ? ' -- --quick' : ''}\` on ${r.startedAt.slice(0, 16).replace('T', ' ')} UTC in ${r.durationS} s.`,
    'A benchmark, not a test: it reports and never fails on a slow machine. Every number is compared with a baseline measured in the same run on the same servers.',
    ...(r.quick ? ['', '**Quick mode** (tiny sizes, for `npm test`): the numbers say nothing about performance.'] : []),
    '', '## Targets', '', 'Issue 18\'s targets (ratios against baselines measured in this run) and the work queue\'s. Machine-readable: `bench/results/latest.json` (written by each full run).', '', '| | target | measured | verdict |', '|---|---|---|---|',
    ...targetList.map((t) => `| ${t.id} | ${t.target} | ${t.measured} | ${yesNo(t.holds)} |`),
    '', '## Reading the numbers', '', ...observations(r).map((o) => `- ${o}`),
    '', '## Machine and versions', '',
    `- ${r.machine.cpus} × ${r.machine.cpuModel}, ${r.machine.memoryGb} GB, ${r.machine.os}`,
    `- load average before / after: ${r.machine.loadAvgBefore.join(' ')} / ${r.machine.loadAvgAfter.join(' ')} (other work on the machine shares the cores)`,
    `- ${Object.entries(r.versions).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    `- PostgreSQL: ${r.infra.postgres}; Temporal: ${r.infra.temporal}`,
    `- sizes: ${r.sizes.cases} cases, ${r.sizes.warmup} warm-up operations per load run, concurrency ${r.sizes.concurrency}; queue sizes ${r.sizes.queueSizes.map((s) => s.toLocaleString('en')).join(' / ')} over ${r.sizes.queueOrgs} organisations, ${r.sizes.queueQueries} queries per size and side`,
    '', '## 1. Task completion', '',
    'POST /api/tasks/:id/complete (approve a 立案审批 task: HTTP → validation → Temporal Update → workflow → the activities recording the step and setting off the filing → response) against raw Temporal Updates sent straight from a client to a minimal workflow on the same server (bench/baseline-workflow.ts): bare; with one no-op activity; and with one activity that writes one row and one audit event (store/audit.ts `appendAudit`, same org as the app\'s completions) in one transaction — the floor for a durable step with its record, and the reference of issue 18\'s ratios.', '',
    '| | p50 ms | p95 ms | p99 ms | mean ms | per second | measured | errors | CPU ms per op |', '|---|---|---|---|---|---|---|---|---|',
    ...([['API task completion', c.app, APP_COMPLETIONS], ['raw update + row and audit write in one transaction (reference)', c.baselineWithWrite, WRITE_BASELINE],
      ['raw update + 1 no-op activity', c.baselineWithActivity, 'updates + no-op activity (raw)'], ['raw update', c.baseline, 'updates (raw)']] as const)
      .map(([name, run, ph]) => `${loadRow(name, run)} ${n(cpuOf(r, ph))} |`), '',
    `Against the reference: p50 ${n(c.vsWrite.p50Ratio, '×')}, p95 ${n(c.vsWrite.p95Ratio, '×')}, throughput ${n(c.vsWrite.throughputRatio, '×')}, CPU ${n(sm.completion_cpu_ratio, '×')}. Against the bare update: p95 ${n(c.p95Ratio, '×')}, throughput ${n(c.throughputRatio, '×')}. After each round of completions the workflows needed up to ${c.settle.ms} ms more to file them; ${c.settle.filed}/${c.settle.cases} completed cases got their 立案编号, 立案审批表 and next task.`,
    '', '**History events per completion** (`history_events_per_completion`): in the case workflow\'s history, the events from the completion Update\'s `WorkflowExecutionUpdateAccepted` (update id = the task id) through the last event recorded before the workflow comes to rest with its next task (调查取证) open — no activity, child workflow or workflow task pending. The workflow task that accepted the Update comes before and is not counted (' + n(c.history.acceptingTaskEvents) + ' events).',
    c.history.perCompletion === null ? 'Not measured in this run (no history could be read at rest).'
      : `Mean ${c.history.perCompletion} (min ${c.history.min}, max ${c.history.max}) over the last ${c.history.sampled} completed cases; by type: ${Object.entries(c.history.byType).map(([k, v]) => `${k} ${v}`).join(', ')}.`,
    '', '**SQL statements per completion** (`sql_per_completion`): every statement PostgreSQL executed during the completion phase (pg_stat_statements `calls`, reset at the start of each round; the filing each completion sets off included; the bench\'s own polling and BEGIN/COMMIT left out) divided by the completions measured.',
    sm.sql_per_completion === null ? `${sm.notes.sql_per_completion ?? NOT_MEASURED}.`
      : `${sm.sql_per_completion} statements and ${n(completionStatements && round(completionStatements.transactionControl / Math.max(1, completionPhase!.operations), 1))} transaction-control statements per completion; for the reference ${n(writeStatements && round(writeStatements.calls / Math.max(1, writePhase!.operations), 1))} statements.`,
    ...(c.app.errorSamples.length ? ['', `Errors seen: ${c.app.errorSamples.map((e) => `\`${e}\``).join('; ')}`] : []),
    '', `![task completion latency](${chartPrefix}-completion.svg)`,
    '', '## 2. Work queue', '',
    "The 'my tasks' query (org and role filtered, sorted by due date, first page of 20, total and overdue counts) through the app's `listQueue` service with a synthetic person of a bench organisation, against hand-written SQL (one page query and one count query, in parallel) returning the same rows. The bulk rows are written by SQL (`bench/seed-queue.ts`), not through the workflows.", '',
    '| bench tasks | table rows | table MB | listQueue p50 / p95 ms | raw SQL p50 / p95 ms | p95 ratio | same rows | visible open tasks | insert s |', '|---|---|---|---|---|---|---|---|---|',
    ...q.steps.map((s) => `| ${s.benchTasks.toLocaleString('en')} | ${s.tableTasks.toLocaleString('en')} | ${s.tableMb} | ${s.app.p50} / ${s.app.p95} | ${s.raw.p50} / ${s.raw.p95} | ${n(s.p95Ratio, '×')} | ${s.sameRows ? 'yes' : '**no**'} | ${s.visibleTotals.join(', ')} | ${(s.insertMs / 1000).toFixed(1)} |`),
    '', `HTTP, sign-in and JSON on top (GET /api/tasks minus listQueue, same user, small queue): p50 ${q.httpOverhead.p50Ms} ms, p95 ${q.httpOverhead.p95Ms} ms.`,
    '', `![work queue p95](${chartPrefix}-queue.svg)`,
    ...(q.steps.length ? ['', '<details><summary>Query plans of the raw SQL at the largest size</summary>', '', '```', q.steps.at(-1)!.plans.items, '', q.steps.at(-1)!.plans.counts, '```', '</details>'] : []),
    '', '### Other views of the queue', '',
    q.variants.length ? `At ${n(q.variantsAt?.toLocaleString('en'))} tasks (${q.dashboard ? q.dashboard.benchCases.toLocaleString('en') : '?'} cases), through \`listQueue\` with the filter the page sends, against hand-written SQL for the same rows. The queue has no enterprise field: one enterprise's tasks are found by searching its full name.` : 'Not measured in this run.', '',
    ...(q.variants.length ? ['| view | filter | listQueue p50 / p95 ms | raw SQL p50 / p95 ms | p95 ratio | same rows | rows |', '|---|---|---|---|---|---|---|',
      ...q.variants.map((v) => `| ${v.name} | \`${new URLSearchParams(Object.entries(v.filter).map(([k, x]) => [k, String(x)])).toString()}\` | ${v.app.p50} / ${v.app.p95} | ${v.raw.p50} / ${v.raw.p95} | ${n(v.p95Ratio, '×')} | ${v.sameRows ? 'yes' : '**no**'} | ${v.total} |`),
      '', '<details><summary>Plans of the raw counts per view</summary>', '', '```', ...q.variants.flatMap((v) => [`-- ${v.name}`, v.plan, '']), '```', '</details>'] : []),
    '', '### Oversight figures', '',
    q.dashboard ? `At ${q.dashboard.benchTasks.toLocaleString('en')} tasks / ${q.dashboard.benchCases.toLocaleString('en')} cases of the bench organisations, through the app's services (\`dashboardFigures\`: every figure of the supervision dashboard, in parallel as the page runs them; \`deadlinesAtRisk\`: the 期限督办 list).` : 'Not measured in this run.', '',
    ...(q.dashboard ? ['| figure | p50 ms | p95 ms | p99 ms | measured |', '|---|---|---|---|---|', ...q.dashboard.figures.map((f) => `| ${f.name} | ${f.latency.p50} | ${f.latency.p95} | ${f.latency.p99} | ${f.latency.n} |`)] : []),
    '', '## 3. Case lifecycle', '',
    '| | p50 ms | p95 ms | p99 ms | mean ms | per second | measured | errors |', '|---|---|---|---|---|---|---|---|',
    loadRow('POST /api/cases (start + case row written)', lc.app), loadRow('raw workflow start (baseline)', lc.baseline), '',
    `Starts per second through the API are ${n(lc.throughputRatio, '×')} the raw rate. The API answers only once the workflow's first activity has written the case row, so its latency includes one workflow task and one activity; the raw start returns when the server has accepted it.`,
    'Complete cases per minute are not measured: the general procedure waits on statutory periods (e.g. the party\'s statement period) that a real-time server cannot skip; the time-skipping workflow tests cover whole cases functionally.',
    '', '## 4. Growth', '',
    `Work-queue p50 grows as size^${q.exponent.app} through listQueue and size^${q.exponent.raw} for the raw SQL over ${q.steps.map((s) => s.benchTasks.toLocaleString('en')).join(' → ')} tasks (0 = flat, 1 = linear).`, '',
    '| open case workflows | start p50 ms | start p95 ms | worker RSS MB | API RSS MB |', '|---|---|---|---|---|',
    ...lc.batches.filter((b) => b.startP50Ms > 0).map((b) => `| ${b.openCases} | ${b.startP50Ms} | ${b.startP95Ms} | ${n(b.worker?.rssMb)} | ${n(b.api?.rssMb)} |`), '',
    '| after phase | API RSS (peak) MB | worker RSS (peak) MB | baseline worker RSS MB | Temporal server RSS MB | PostgreSQL PSS MB |', '|---|---|---|---|---|---|',
    ...r.phases.map((p) => `| ${p.name} | ${n(p.memoryAfter.api?.rssMb)} (${n(p.memoryAfter.api?.peakRssMb)}) | ${n(p.memoryAfter.worker?.rssMb)} (${n(p.memoryAfter.worker?.peakRssMb)}) | ${n(p.memoryAfter.baseline?.rssMb)} | ${n(p.memoryAfter.temporal?.rssMb)} | ${n(p.postgresPssMb)} |`),
    '', `**Worker memory per cached open case** (\`worker_mb_per_cached_case\`, \`npm run bench:memory\` run against this run's Temporal server with the same bundle, a worker of its own with no activities, so each case stops at its first activity with its state loaded): ${r.memory.mbPerCachedWorkflow === null ? `${sm.notes.worker_mb_per_cached_case ?? NOT_MEASURED}.` : `${r.memory.mbPerCachedWorkflow} MB (worker RSS ${n(r.memory.baseRssMb)} MB with none; ${r.memory.steps.map((x) => `${x.cached} cached: ${x.rssMb} MB`).join(', ')}; maxCachedWorkflows ${n(r.memory.maxCachedWorkflows)}).`}`,
    '', '## Audit chain and cluster', '',
    `Audit writes from 8 concurrent orgs: lock waits per completion ${n(sm.audit_lock_waits_per_completion)}; incremental verify after 1,000 new events at 1M vs 10k existing: ${n(sm.audit_verify_ratio_1m_vs_10k, '×')}${r.audit ? '' : ` — ${NOT_MEASURED} (bench/measure-audit.ts not wired in)`}.`,
    r.cluster ? `Cluster (2 API + 2 workers) on ${r.cluster.cores} cores: ${n(r.cluster.cluster_errors)} errors, ${n(r.cluster.retries_total ?? 0)} requests answered 503 and sent again with the same Idempotency-Key (${n(r.cluster.retries_8 ?? 0)} at 8 clients, ${n(r.cluster.retries_32 ?? 0)} at 32; an error is a request still failing after ${'4'} attempts); ${n(r.cluster.throughput_8)}/s with 8 clients (p95 ${n(r.cluster.p95_ms_8)} ms), ${n(r.cluster.throughput_32)}/s with 32 (p95 ${n(r.cluster.p95_ms_32)} ms).`
      : `Cluster (2 API + 2 workers): ${NOT_MEASURED} (bench/measure-cluster.ts not wired in).`,
    '', '## Evidence uploads', '',
    'A seeded body-camera-sized file (bench/measure-upload.ts) through the API\'s tus endpoint (64 MB PATCHes; the API hashes it on the way, reads its type, then moves it to the evidence store) against the same bytes written straight to the store (`ObjectStore.put`: hashed, written once), each backend with an API process of its own; RSS sampled every 50 ms. Ratio = API time / direct time.', '',
    '| backend | MB | API MB/s | direct MB/s | ratio | API RSS before → peak MB | growth MB | same SHA-256 |', '|---|---|---|---|---|---|---|---|',
    ...(['folder', 's3'] as const).map((b) => {
      const u = r.upload?.[b];
      return u ? `| ${b} | ${Math.round(u.bytes / 2 ** 20)} | ${u.apiMBps} | ${u.directMBps} | ${u.ratio}× | ${u.rssBeforeMb} → ${u.rssPeakMb} | ${u.rssGrowthMb} | ${u.sameHash ? 'yes' : 'NO'} |`
        : `| ${b} | ${sm.notes[`upload_rss_growth_mb_2gb_${b}`] ?? NOT_MEASURED} | | | | | | |`;
    }),
    '', '## 5. Where the time goes', '',
    'CPU milliseconds per measured operation, by process, during each phase (CPU time is less disturbed by other work on the machine than wall time). The driver is the bench itself: HTTP and Temporal clients, and in the work-queue phases both sides of the comparison (Prisma and raw SQL). Task completions include the filing each one sets off.', '',
    `| phase | operations | wall s | ${parts.join(' | ')} | total |`, `|---|---|---|${parts.map(() => '---').join('|')}|---|`,
    ...r.phases.map((p) => `| ${p.name} | ${p.operations} | ${(p.wallMs / 1000).toFixed(1)} | ${parts.map((k) => n(perOp(p, k))).join(' | ')} | ${n(perOp(p))} |`),
    '', `![CPU per operation](${chartPrefix}-cpu.svg)`, '',
    r.pgStatStatements.available ? 'Top statements by total execution time (pg_stat_statements, reset at the start of each phase):' : `pg_stat_statements was not available (${r.pgStatStatements.reason}); see the CPU table above.`,
  ];
  for (const p of r.phases) {
    const top = p.topQueries?.filter((q) => !isBenchOwn(q.query));
    if (!top?.length) continue;
    L.push('', `**${p.name}**`, '', '| share | total ms | calls | mean ms | statement |', '|---|---|---|---|---|',
      ...top.slice(0, 6).map((t) => `| ${t.sharePct}% | ${t.totalMs} | ${t.calls} | ${t.meanMs} | \`${t.query.slice(0, 160).replace(/\|/g, '\\|')}${t.query.length > 160 ? '…' : ''}\` |`));
  }
  L.push('', '## Method', '',
    '- `npm run bench` starts an embedded PostgreSQL (with pg_stat_statements) and a Temporal dev server in a temporary folder, or uses `BENCH_DATABASE_URL` / `BENCH_TEMPORAL_ADDRESS`; migrates and seeds as the tests do. `--quick` uses tiny sizes (run by `npm test`).',
    '- The API, the app worker and the baseline worker run as separate processes (as in production), so their CPU and memory are measured apart; the bench drives them from a fourth. The baseline worker also runs the reference activity (its row goes to the bench\'s own table `zhifa_bench.step`, outside the app\'s schema; its audit event through `appendAudit` into `AuditEvent`). Worker memory per cached case runs `bench/workflow-memory.ts` as a fifth process on its own task queue.',
    '- Queue and oversight data: the million tasks come with their 250,000 cases (`bench/seed-queue.ts`, in organisations `bench-org-N`), which the name searches and the dashboard read.',
    '- Cases are registered through the API (the app\'s code path); the million-row queue is bulk SQL into organisations `bench-org-N`, which no seeded person belongs to.',
    '- Load runs are closed loops at a fixed concurrency; the first operations of each side are warm-up and not measured; latencies are per operation as the client sees them. Errors count warm-up too.',
    '- App and baseline run in alternating rounds (starts: 3, completions: up to 5), each round waiting for the work it set off, so outside load falls on both alike; each side\'s rounds add up to one phase. Every load run and wait is capped (`maxRunSeconds`) and the whole run has a time budget (`--budget-minutes`).',
    `- Raw numbers: \`${chartPrefix}.json\`.`);
  return L.join('\n') + '\n';
}

/** Plain statements drawn from this run's numbers (they change with the numbers). */
function observations(r: BenchReport): string[] {
  const c = r.completion;
  const out: string[] = [];
  const load = r.machine.loadAvgBefore[0] ?? 0;
  if (load > r.machine.cpus / 2) {
    out.push(`The machine was busy with other work (load average ${load} on ${r.machine.cpus} cores when the run began): absolute times are pessimistic; the ratios compare runs made side by side under the same load.`);
  }
  const done = r.phases.find((p) => p.name === 'task completions (API)');
  const raw = r.phases.find((p) => p.name === 'updates (raw)');
  const skipped = [c.app, c.baseline, c.baselineWithActivity, r.lifecycle.app, r.lifecycle.baseline].reduce((a, x) => a + x.skipped, 0);
  if (skipped || r.queue.steps.length < r.sizes.queueSizes.length) {
    out.push(`**The time caps cut the run short** (${r.sizes.maxRunSeconds} s per load round, ${r.budgetMinutes} minutes in all): ${skipped} load operations were not issued${r.queue.steps.length < r.sizes.queueSizes.length ? ` and the work queue was measured only up to ${r.queue.steps.at(-1)?.benchTasks.toLocaleString('en') ?? 'no size'}` : ''}; the numbers cover what ran.`);
  }
  if (r.temporalLog && (r.temporalLog.warnings || r.temporalLog.errors)) {
    out.push(`The Temporal dev server logged ${r.temporalLog.warnings} warnings and ${r.temporalLog.errors} errors during the run (${r.temporalLog.examples.map((x) => `\`${x}\``).join('; ')}): its SQLite persistence was saturated, which bounds the baseline and the app alike.`);
  }
  if (c.baseline.perSecond < 100) {
    out.push(`The raw Temporal baseline itself reached ${c.baseline.perSecond} updates/s at concurrency ${c.baseline.concurrency}${raw ? `, at ${n(perOp(raw))} CPU ms per update (${n(perOp(raw, 'temporal'))} of them in the Temporal server)` : ''}: on this machine any step's rate is bounded by the Temporal server sharing the cores, before any of the app's work.`);
  }
  if (done && raw) {
    out.push(`One API completion costs ${n(perOp(done))} CPU ms in all (API ${n(perOp(done, 'api'))}, worker ${n(perOp(done, 'worker'))}, Temporal ${n(perOp(done, 'temporal'))}, PostgreSQL ${n(perOp(done, 'postgres'))}) against ${n(perOp(raw))} for a raw update: the approval sets off the filing (case number, 立案审批表 document, next task), written by one activity in one transaction (activities/transition.ts).`);
  }
  const top = done?.topQueries?.filter((q) => !isBenchOwn(q.query)).slice(0, 2) ?? [];
  if (top.length) {
    out.push(`During completions ${top.map((q) => `${q.sharePct}% of database time went to \`${q.query.slice(0, 60)}…\` (${q.calls} calls, mean ${q.meanMs} ms)`).join(' and ')}.`);
  }
  for (const p of r.phases.filter((x) => !isQueuePhase(x.name) && x.operations > 0)) {
    for (const q of p.topQueries?.filter((x) => !isBenchOwn(x.query) && x.calls >= 10 * p.operations) ?? []) {
      out.push(`In ${p.name}, \`${q.query.slice(0, 60)}…\` ran ${Math.round(q.calls / p.operations)} times per operation: that looks like polling.`);
    }
  }
  const big = r.queue.steps.at(-1);
  const queuePhase = r.phases.filter((p) => p.name.startsWith('work queue')).at(-1);
  const counts = queuePhase?.topQueries?.filter((q) => /count\(\*\)/i.test(q.query)).reduce((a, q) => a + q.sharePct, 0);
  if (big && counts !== undefined) {
    out.push(`At ${big.benchTasks.toLocaleString('en')} tasks the count queries (total and overdue) take ${Math.round(counts)}% of the work queue's database time; the page itself is cheap (an index scan in due-date order).`);
  }
  return out;
}

function charts(r: BenchReport) {
  const c = r.completion;
  const pick = (l: Latency) => [l.p50, l.p95, l.p99];
  const parts = Object.keys(r.phases[0]?.cpuSeconds ?? {});
  const load = r.phases.filter((p) => !isQueuePhase(p.name));
  return {
    completion: barChart({
      title: 'Task completion latency', unit: 'ms', categories: ['p50', 'p95', 'p99'],
      series: [{ name: 'API completion', values: pick(c.app.latency) }, { name: 'update + row/audit write', values: pick(c.baselineWithWrite.latency) },
        { name: 'Temporal + no-op activity', values: pick(c.baselineWithActivity.latency) },
        { name: 'raw Temporal update', values: pick(c.baseline.latency) }],
    }),
    queue: barChart({
      title: 'Work queue p95 by table size', unit: 'ms', categories: r.queue.steps.map((s) => `${s.benchTasks.toLocaleString('en')} tasks`),
      series: [{ name: 'listQueue (app)', values: r.queue.steps.map((s) => s.app.p95) }, { name: 'raw indexed SQL', values: r.queue.steps.map((s) => s.raw.p95) }],
    }),
    cpu: barChart({
      title: 'CPU ms per operation, by process', unit: 'CPU ms', categories: load.map((p) => p.name.replace(/ \((API|raw)\)$/, '')),
      series: parts.filter((k) => k !== 'baseline' || load.some((p) => (p.cpuSeconds.baseline ?? 0) > 0))
        .map((k) => ({ name: k, values: load.map((p) => perOp(p, k) ?? null) })),
    }),
  };
}

/**
 * Writes the report files; returns their paths. `summaryTo` also gets the Markdown (BENCHMARKS.md);
 * the machine-readable summary (bench/summary.ts) goes to `latestTo`, by default `<dir>/latest.json`
 * after a full run and `<dir>/latest-quick.json` after a quick one (never over the committed file).
 */
export function writeReport(r: BenchReport, dir: string, summaryTo?: string, latestTo?: string): { json: string; markdown: string; svgs: string[]; latest: string } {
  mkdirSync(dir, { recursive: true });
  const stamp = r.startedAt.slice(0, 16).replace(':', '-') + (r.quick ? '-quick' : '');
  const base = path.join(dir, stamp);
  const t = targets(r);
  const json = `${base}.json`;
  writeFileSync(json, JSON.stringify({ ...r, targets: t }, (k, v) => (k === 'samples' ? undefined : v), 2) + '\n');
  const svgs = Object.entries(charts(r)).map(([name, svg]) => {
    const file = `${base}-${name}.svg`;
    writeFileSync(file, svg);
    return file;
  });
  const md = `${base}.md`;
  writeFileSync(md, markdown(r, stamp, t));
  if (summaryTo) {
    // Same text, with links relative to the summary's own folder.
    const rel = path.relative(path.dirname(summaryTo), base).split(path.sep).join('/');
    writeFileSync(summaryTo, markdown(r, rel, t));
  }
  const latest = latestTo ?? path.join(dir, r.quick ? 'latest-quick.json' : 'latest.json');
  const rel = path.relative(path.dirname(latest), json).split(path.sep).join('/');
  writeFileSync(latest, JSON.stringify({ ...summarise(r, rel), targets: Object.fromEntries(t.map((x) => [x.id, { target: x.target, measured: x.measured, holds: x.holds }])) }, null, 2) + '\n');
  return { json, markdown: md, svgs, latest };
}
