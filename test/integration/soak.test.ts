import type { ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processMemory } from '../../bench/procs.ts';
import { summarise } from '../../bench/stats.ts';
import { leadBody } from '../support/cases.ts';
import { apiAs, eventually, startSystem, type Api, type System } from '../support/system.ts';
import { startWorkerProcess, workerPolling } from '../support/worker-process.ts';

// A bounded soak on loopback: a steady rate of new cases, task completions and page views
// for SOAK_SECONDS (120 in `npm test`; `SOAK_SECONDS=600 npx vitest run test/integration/soak.test.ts`
// for the 10-minute run). It must end with no error at all and the API's heap, measured after a
// full GC once warm and again at the end, grown by less than HEAP_GROWTH_BOUND_MB. Latencies
// are reported, never asserted (speed is the benchmarks' business).
const SECONDS = Number(process.env.SOAK_SECONDS ?? 120);
const PER_SECOND = Number(process.env.SOAK_RATE ?? 1);
const WARMUP_SECONDS = Math.min(30, SECONDS / 4);
const HEAP_GROWTH_BOUND_MB = 48;
// A slow machine must not turn into errors: at most this many iterations run at once (a tick
// that finds them all busy waits), and a task may take up to TASK_WAIT_MS to reach the queue.
const MAX_IN_FLIGHT = 4;
const TASK_WAIT_MS = 120_000;

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const heapMb = () => { gc(); gc(); return process.memoryUsage().heapUsed / 2 ** 20; };

let sys: System;
let worker: ChildProcess;
beforeAll(async () => {
  sys = await startSystem({ inProcessWorker: false });
  worker = startWorkerProcess(sys);
  await workerPolling(sys);
});
afterAll(async () => {
  worker?.kill('SIGTERM');
  await sys?.stop();
});

async function page(api: Api, path: string): Promise<void> {
  const res = await fetch(sys.baseUrl + path, { headers: { accept: 'text/html', authorization: `Bearer ${api.token}` } });
  await res.text();
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status}`);
}

describe('bounded soak', () => {
  it(`${SECONDS} s at ${PER_SECOND} case/s: no errors, bounded heap, p95 reported`, { timeout: (SECONDS + 180) * 1000 }, async () => {
    const [handler, supervisor] = await Promise.all([apiAs(sys.baseUrl, 'hongta.handler1'), apiAs(sys.baseUrl, 'hongta.supervisor')]);
    const times: Record<string, number[]> = { register: [], complete: [], queuePage: [], casePage: [] };
    const errors: string[] = [];
    const time = async <T>(op: string, fn: () => Promise<T>): Promise<T> => {
      const t0 = performance.now();
      const out = await fn();
      times[op]!.push(performance.now() - t0);
      return out;
    };
    const iteration = async () => {
      const reg = await time('register', () => handler.post('/api/cases', leadBody()));
      if (reg.status !== 201) throw new Error(`register: ${reg.status} ${reg.body?.message}`);
      const task = await eventually(async () => (await supervisor.get(`/api/tasks?kind=FILING_APPROVAL&pageSize=200`)).body.items
        .find((t: { caseId: string }) => t.caseId === reg.body.caseId), TASK_WAIT_MS);
      const done = await time('complete', () => supervisor.post(`/api/tasks/${task.id}/complete`, { outcome: 'APPROVE', data: {} }));
      if (done.status !== 200) throw new Error(`complete: ${done.status} ${done.body?.message}`);
      await time('queuePage', () => page(handler, '/tasks'));
      await time('casePage', () => page(handler, `/cases/${reg.body.caseId}`));
    };

    const inFlight = new Set<Promise<void>>();
    const start = Date.now();
    let warmHeap: number | undefined;
    let started = 0;
    let delayedTicks = 0;
    while (Date.now() - start < SECONDS * 1000) {
      if (inFlight.size >= MAX_IN_FLIGHT) {
        delayedTicks += 1;
        await Promise.race(inFlight);
      }
      if (warmHeap === undefined && Date.now() - start >= WARMUP_SECONDS * 1000) warmHeap = heapMb();
      const p = iteration().catch((e: Error) => { errors.push(e.message); }).finally(() => inFlight.delete(p));
      inFlight.add(p);
      started += 1;
      await new Promise((r) => setTimeout(r, Math.max(0, start + (started * 1000) / PER_SECOND - Date.now())));
    }
    await Promise.all(inFlight);
    const endHeap = heapMb();

    const report = {
      seconds: SECONDS, iterations: started, delayedTicks, errors: errors.length,
      heapMb: { warm: Math.round(warmHeap!), end: Math.round(endHeap), growth: Math.round(endHeap - warmHeap!) },
      workerRssMb: processMemory(worker.pid)?.rssMb,
      latencyMs: Object.fromEntries(Object.entries(times).map(([op, ms]) => [op, summarise(ms)])),
    };
    console.log(`soak report ${JSON.stringify(report, null, 1)}`);
    expect(errors.slice(0, 5)).toEqual([]);
    expect(times.complete!.length).toBe(started);
    expect(endHeap - warmHeap!).toBeLessThan(HEAP_GROWTH_BOUND_MB);
  });
});
