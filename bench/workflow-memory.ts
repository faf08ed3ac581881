// `npm run bench:memory [-- --workflows=600 --step=200]`: how much memory each open case costs
// the worker while Temporal keeps it in the sticky cache. Starts case workflows on a worker
// registered with no activities, so each one stops at its first activity (retried, never run)
// with its workflow state loaded: what remains is the workflow sandbox's own cost (module
// graph, form schemas, state). Prints the worker's RSS after each step and the growth per
// workflow; the number of open cases a worker can hold is maxCachedWorkflows × that, the rest
// are replayed from history on their next task.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import { startTemporalDevServer } from '../infra/temporal-dev-server.ts';
import { workflowsPath } from '../infra/temporal.ts';
import { configuredDataConverter } from '../infra/codec-keys.ts';
import { loadConfig } from '../infra/config.ts';
import type { CaseInput } from '../workflows/case-input.ts';

const { values: args } = parseArgs({ options: { workflows: { type: 'string', default: '600' }, step: { type: 'string', default: '200' } } });
const total = Number(args.workflows);
const step = Number(args.step);
const mb = (n: number) => n / 1_048_576;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const tmp = mkdtempSync(path.join(tmpdir(), 'zhifa-bench-memory-'));
const server = await startTemporalDevServer({ dbFile: path.join(tmp, 'temporal.db'), onLog: () => {} });
try {
  const dataConverter = configuredDataConverter(loadConfig());
  const client = new Client({ connection: await Connection.connect({ address: server.address }), dataConverter });
  const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: console.error };
  const worker = await Worker.create({
    connection: await NativeConnection.connect({ address: server.address }), taskQueue: 'bench-memory',
    workflowBundle: await bundleWorkflowCode({ workflowsPath, logger: quiet }), activities: {}, dataConverter,
  });
  const running = worker.run();
  const input = (i: number): CaseInput => ({
    caseId: `bench-memory-${i}`, orgId: 'bench-org', orgLevel: 'COUNTY', procedure: 'GENERAL',
    party: { kind: 'ORG', name: '测试企业', idNumber: '91530400MA000000X0' },
    catalog: { code: 'x', name: '测试事项', fineMinFen: 0, fineMaxFen: 100_000, penaltyTypes: ['FINE'] },
    source: 'INSPECTION', facts: '测试事实', occurredAt: new Date().toISOString(), harmToLife: false,
    registeredBy: 'bench', registeredAt: new Date().toISOString(),
  } as CaseInput);
  // Every workflow has run its first task once the server has no backlog for the queue.
  const settled = async () => {
    for (let i = 0; i < 120; i++) {
      const d = await client.workflowService.describeTaskQueue({ namespace: 'default', taskQueue: { name: 'bench-memory' }, reportStats: true, taskQueueType: 1 });
      const backlog = Number(d.stats?.approximateBacklogCount ?? 0);
      if (backlog === 0) return;
      await sleep(1000);
    }
  };
  const rss = async () => { await sleep(2000); global.gc?.(); return process.memoryUsage().rss; };
  await sleep(2000);
  const base = await rss();
  console.log(`worker RSS with no workflows: ${mb(base).toFixed(0)} MB (maxCachedWorkflows ${worker.options.maxCachedWorkflows})`);
  for (let n = 0; n < total;) {
    for (const end = Math.min(total, n + step); n < end; n++) {
      await client.workflow.start('caseWorkflow', { taskQueue: 'bench-memory', workflowId: `bench-memory-${n}`, args: [input(n)] });
    }
    await settled();
    const now = await rss();
    const cached = Math.min(n, worker.options.maxCachedWorkflows);
    console.log(`${n} open case workflows, ${cached} cached: RSS ${mb(now).toFixed(0)} MB, ${(mb(now - base) / cached).toFixed(2)} MB per cached workflow`);
  }
  worker.shutdown();
  await running;
} finally {
  await server.stop();
  rmSync(tmp, { recursive: true, force: true });
}
