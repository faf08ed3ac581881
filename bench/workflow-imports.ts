// `npm run bench:imports [-- --runs=300]`: what each module the workflow bundle may import costs
// per workflow. Temporal's sandbox evaluates the bundle's modules afresh for every workflow run
// it loads (a start, or a replay after eviction), and a cached run keeps what they built for as
// long as it stays cached: a module's tables, closures and schemas are paid once per cached case.
// Here each module (with everything it imports) is bundled alone and its body evaluated `runs`
// times, each result kept alive like a cached run's module registry; the retained heap divided
// by `runs` is its cost per workflow. No Temporal server is needed; the figures add up to the
// module part of `npm run bench:memory` (which adds the SDK's own per-run state and the run's
// history-derived state). docs/workflow-memory.md keeps the table.
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '300' } } });
const runs = Number(args.runs);
if (!global.gc) throw new Error('run with node --expose-gc (npm run bench:imports does)');

/** The rules/ modules in the workflow bundle since the forms left it (webpack's module list of workflows/index.ts). */
const BUNDLED_RULES = [
  'calendar-pauses.ts', 'calendar.ts', 'case-review.ts', 'criminal-thresholds.ts', 'date-bounds.ts', 'deadlines.ts', 'delegation-rules.ts',
  'discretion.ts', 'escalation.ts', 'iso-date.ts', 'late-fee.ts', 'legal-sources.ts', 'penalty-rules.ts', 'plan-schedule.ts', 'random-draw.ts',
  'reconsideration-rules.ts', 'roles.ts', 'task-kinds.ts', 'thresholds.ts',
];

/** What a workflow run may evaluate; `then` runs in the fresh module scope (e.g. builds schemas, as validating one answer did). */
interface Target { label: string; source: string; then?: string }
const mod = (file: string, label = file): Target => ({ label, source: `export * as m from ${JSON.stringify(path.join(root, file))};` });
const TARGETS: Target[] = [
  { label: 'zod (the library alone)', source: `export { z } from 'zod';` },
  mod('rules/forms/fields.ts', 'rules/forms/fields.ts (zod + shared fields)'),
  mod('rules/task-forms.ts', 'rules/task-forms.ts (all task forms, schemas not built)'),
  {
    ...mod('rules/task-forms.ts'), label: 'rules/task-forms.ts + one outcome schema built (one completion validated)',
    then: `m.TASK_FORMS.FILING_APPROVAL.outcomes.APPROVE.schema;`,
  },
  {
    ...mod('rules/task-forms.ts'), label: 'rules/task-forms.ts + every outcome schema built',
    then: `for (const f of Object.values(m.TASK_FORMS)) for (const o of Object.values(f.outcomes)) o.schema;`,
  },
  mod('rules/task-kinds.ts', 'rules/task-kinds.ts (what the workflow keeps: outcomes, certificate flag)'),
  mod('rules/deadlines.ts', 'rules/deadlines.ts (deadline table, all rows)'),
  mod('rules/legal-sources.ts'),
  mod('rules/thresholds.ts'),
  mod('rules/discretion.ts'),
  mod('rules/penalty-rules.ts'),
  mod('rules/date-bounds.ts'),
  mod('rules/escalation.ts'),
  mod('rules/late-fee.ts'),
  mod('rules/reconsideration-rules.ts'),
  mod('rules/delegation-rules.ts'),
  mod('rules/case-review.ts'),
  mod('rules/plan-schedule.ts'),
  mod('rules/criminal-thresholds.ts'),
  mod('rules/calendar.ts'),
  mod('api/labels.ts', 'api/labels.ts (not in the bundle; for comparison)'),
  {
    label: 'everything of rules/ the workflow bundle imports now, together',
    source: BUNDLED_RULES.map((f, i) => `export * as m${i} from ${JSON.stringify(path.join(root, 'rules', f))};`).join('\n'),
  },
];

async function factory(t: Target): Promise<() => unknown> {
  const out = await build({
    stdin: { contents: t.source, resolveDir: root, loader: 'ts' }, bundle: true, write: false, format: 'cjs',
    platform: 'neutral', mainFields: ['module', 'main'], logLevel: 'silent', target: 'es2022',
  });
  const code = out.outputFiles[0]!.text;
  // One compiled function, called once per "workflow": every call runs every module body again.
  const fn = vm.runInThisContext(`(function () { const module = { exports: {} }; const exports = module.exports;\n${code}\n;const m = module.exports.m ?? module.exports; ${t.then ?? ''} return module.exports; })`) as () => unknown;
  return fn;
}

const heap = () => { global.gc!(); global.gc!(); return process.memoryUsage().heapUsed; };

const rows: { label: string; kbPerWorkflow: number; bundleKb: number }[] = [];
for (const t of TARGETS) {
  const fn = await factory(t).catch((err: Error) => { console.error(`${t.label}: ${err.message.split('\n')[0]}`); return undefined; });
  if (!fn) continue;
  fn(); // compile and warm up once: code is shared by all runs, like the bundle's one compiled script
  const keep: unknown[] = [];
  const before = heap();
  for (let i = 0; i < runs; i++) keep.push(fn());
  const after = heap();
  rows.push({ label: t.label, kbPerWorkflow: Math.round(((after - before) / runs / 1024) * 10) / 10, bundleKb: Math.round(fn.toString().length / 1024) });
  keep.length = 0;
}
console.log(`| module (with what it imports) | retained KB per workflow | bundled source KB |\n|---|---:|---:|`);
for (const r of rows) console.log(`| ${r.label} | ${r.kbPerWorkflow} | ${r.bundleKb} |`);
