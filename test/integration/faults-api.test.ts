import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { caseIdFor } from '../../store/case-registration.ts';
import { freePort } from '../../infra/ports.ts';
import { caseWorkflowId } from '../../workflows/messages.ts';
import { leadBody } from '../support/cases.ts';
import { apiAs, eventually, startSystem, type System } from '../support/system.ts';

// The API process is killed (SIGKILL) with a registration in flight; the client retries with
// the same Idempotency-Key against a new API process and gets the same case: one case, one
// workflow, one filing task.
let sys: System;
let api: ChildProcess | undefined;
let port: number;

async function startApi(): Promise<string> {
  api = spawn(process.execPath, ['--import', 'tsx', 'scripts/api.ts'], {
    env: { ...process.env, DATABASE_URL: sys.databaseUrl, TEMPORAL_ADDRESS: sys.temporalAddress, TEMPORAL_TASK_QUEUE: sys.taskQueue, TEMPORAL_CODEC_KEYS: inject('codecKeys'), PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await eventually(async () => (await fetch(`${url}/api/health`).catch(() => undefined))?.ok, 60_000);
  return url;
}

/**
 * Resolves once the registration with this key is inside the handler: its case workflow exists,
 * which the handler's Update-with-Start creates before it answers (it answers only after the
 * workflow has written the case row). Polled without a pause, so the kill follows at once.
 */
async function insideHandler(key: string): Promise<void> {
  const me = await sys.prisma.user.findUniqueOrThrow({ where: { username: 'hongta.handler1' } });
  const handle = sys.temporal.workflow.getHandle(caseWorkflowId(caseIdFor({ userId: me.id }, key)));
  const until = Date.now() + 60_000;
  while (!(await handle.describe().then(() => true, () => false))) {
    if (Date.now() > until) throw new Error(`the registration ${key} never reached the handler`);
  }
}

beforeAll(async () => {
  sys = await startSystem();
  port = await freePort();
});
afterAll(async () => {
  api?.kill('SIGKILL');
  await sys?.stop();
});

describe('API killed mid-request', () => {
  it('a retry with the same Idempotency-Key has exactly one effect', { timeout: 180_000 }, async () => {
    let url = await startApi();
    const handler = await apiAs(url, 'hongta.handler1');
    const lead = leadBody();
    const key = `kill-${Date.now()}`;
    const first = fetch(`${url}/api/cases`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${handler.token}`, 'idempotency-key': key },
      body: JSON.stringify(lead),
    }).then((r) => r.status, () => 'connection lost');
    await insideHandler(key);
    api!.kill('SIGKILL');
    await new Promise((r) => api!.once('exit', r));
    await first;

    url = await startApi();
    const retry = await fetch(`${url}/api/cases`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${handler.token}`, 'idempotency-key': key },
      body: JSON.stringify(lead),
    });
    expect(retry.status).toBe(201);
    const { caseId } = await retry.json();
    await eventually(async () => (await sys.prisma.task.count({ where: { caseId, kind: 'FILING_APPROVAL' } })) === 1);
    expect(await sys.prisma.case.count({ where: { partyName: lead.party.name } })).toBe(1);
    const runs = sys.temporal.workflow.list({ query: `WorkflowId = '${caseWorkflowId(caseId)}'` });
    let n = 0;
    for await (const _ of runs) n += 1;
    expect(n).toBe(1);
  });
});

describe('API stopped with SIGTERM', () => {
  it('finishes the requests in flight, then exits 0 and takes no new ones', { timeout: 120_000 }, async () => {
    if (api && api.exitCode === null && api.signalCode === null) {
      const gone = new Promise((r) => api!.once('exit', r));
      api.kill('SIGKILL');
      await gone;
    }
    const url = await startApi();
    const handler = await apiAs(url, 'hongta.handler1');
    const leads = Array.from({ length: 5 }, () => leadBody());
    // Five kept-alive connections the server has already accepted, so the requests below reach
    // the app itself and not a listen backlog that closes with the listening socket.
    await Promise.all(leads.map(() => fetch(`${url}/api/health`).then((r) => r.text())));
    const keys = leads.map((_, i) => `term-${Date.now()}-${i}`);
    const inFlight = leads.map((lead, i) => fetch(`${url}/api/cases`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${handler.token}`, 'idempotency-key': keys[i]! }, body: JSON.stringify(lead),
    }).then((r) => r.status, (e: Error) => `${e.message}: ${String((e.cause as Error)?.message)}`));
    // SIGTERM only once every request is inside the handler (its workflow started), not while
    // one may still sit unread in a socket.
    await Promise.all(keys.map(insideHandler));
    const exited = new Promise<number | null>((r) => api!.once('exit', r));
    api!.kill('SIGTERM');
    expect(await Promise.all(inFlight)).toEqual([201, 201, 201, 201, 201]);
    expect(await exited).toBe(0);
    // undici's TypeError for a connection nobody answers (the port is closed).
    await expect(fetch(`${url}/api/health`)).rejects.toThrow(/fetch failed/);
    for (const lead of leads) expect(await sys.prisma.case.count({ where: { partyName: lead.party.name } })).toBe(1);
  });
});
