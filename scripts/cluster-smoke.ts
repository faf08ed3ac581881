// The cluster layout's smoke test, run by .ci/run (issue 18 item 10): with the first worker
// stopped, a case is registered and its 立案审批 completed through the second API instance,
// on the real Temporal server. Exits non-zero, with the processes' last output, on failure.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startClusterLayout } from '../infra/cluster-layout.ts';
import { DEMO_PASSWORD } from '../prisma/seed.ts';
import { leadOf } from './cluster-load.ts';

const started = Date.now();
const dir = mkdtempSync(path.join(os.tmpdir(), 'zhifa-cluster-smoke-'));
const logs: string[] = [];
const layout = await startClusterLayout({ dataDir: dir, apis: 2, workers: 2, onLog: (l) => logs.push(l) }).catch((e) => {
  rmSync(dir, { recursive: true, force: true });
  throw e;
});
const say = (m: string) => console.log(`[cluster-smoke] ${m} (${Math.round((Date.now() - started) / 1000)}s)`);
try {
  say(`up: ${layout.apis.length} APIs, ${layout.workers.length} workers, Temporal ${layout.temporalAddress}`);
  const [first, second] = layout.workers;
  await first!.stop();
  assert.equal(first!.running(), false);
  say(`stopped worker1 (pid ${first!.pid}); worker2 (pid ${second!.pid}) carries on`);

  const api2 = layout.apis[1]!.url;
  const call = async (token: string | undefined, method: string, p: string, body?: unknown) => {
    const res = await fetch(api2 + p, {
      method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json().catch(() => undefined) as any };
  };
  const login = async (username: string) => (await call(undefined, 'POST', '/api/login', { username, password: DEMO_PASSWORD })).body.token as string;
  const [handler, supervisor] = [await login('hongta.handler1'), await login('hongta.supervisor')];

  const reg = await call(handler, 'POST', '/api/cases', leadOf(1));
  assert.equal(reg.status, 201, JSON.stringify(reg.body));
  let task: { id: string } | undefined;
  for (const until = Date.now() + 60_000; !task && Date.now() < until; await new Promise((r) => setTimeout(r, 250))) {
    task = (await call(supervisor, 'GET', '/api/tasks?kind=FILING_APPROVAL&pageSize=200')).body.items.find((t: { caseId: string }) => t.caseId === reg.body.caseId);
  }
  assert.ok(task, '立案审批 task did not reach the queue');
  const done = await call(supervisor, 'POST', `/api/tasks/${task.id}/complete`, { outcome: 'APPROVE', data: { comment: '同意立案' } });
  assert.equal(done.status, 200, JSON.stringify(done.body));
  let number: string | null = null;
  for (const until = Date.now() + 60_000; !number && Date.now() < until; await new Promise((r) => setTimeout(r, 250))) {
    number = (await call(handler, 'GET', `/api/cases/${reg.body.caseId}`)).body.case.number;
  }
  assert.match(number ?? '', /^红塔应急立〔\d{4}〕\d+号$/);
  say(`case ${number} registered and filed through api2 with worker1 stopped: ok`);
} catch (e) {
  console.error(logs.slice(-60).join('\n'));
  throw e;
} finally {
  await layout.stop();
  rmSync(dir, { recursive: true, force: true });
}
