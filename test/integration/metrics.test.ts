import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createOpsApp } from '../../api/ops.ts';
import { leadBody, openTaskOf } from '../support/cases.ts';
import { apiAs, startSystem, type System } from '../support/system.ts';

// Metrics and the health detail live on the operations listener (api/ops.ts), never on the
// application port; scripts/api.ts binds it to 127.0.0.1 unless METRICS_HOST says otherwise.
let sys: System;
const servers: Server[] = [];
const listen = async (app: import('express').Express) => {
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((ok) => server.once('listening', ok));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};
beforeAll(async () => { sys = await startSystem(); });
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((ok) => s.close(ok))));
  await sys?.stop();
});

it('serves Prometheus metrics on the operations listener: request latency and the open task backlog by kind and org', async () => {
  const ops = await listen(sys.app.ops);
  const handler = await apiAs(sys.baseUrl, 'hongta.handler1');
  const reg = await handler.post('/api/cases', leadBody());
  await openTaskOf(await apiAs(sys.baseUrl, 'hongta.supervisor'), reg.body.caseId, 'FILING_APPROVAL');
  const text = await (await fetch(`${ops}/metrics`)).text();
  expect(text).toMatch(/zhifa_open_tasks\{kind="FILING_APPROVAL",org="yx-hongta"\} [1-9]/);
  expect(text).toMatch(/zhifa_http_request_duration_seconds_bucket\{le="[\d.]+",method="POST",route="\/api\/cases",status="201"\}/);
  const health = await fetch(`${ops}/health`);
  expect(health.status).toBe(200);
  expect(await health.json()).toEqual({ status: 'ok', postgres: { ok: true }, temporal: { ok: true } });
});

it('answers 404 for /metrics on the application port, and its health check says up or down only', async () => {
  const res = await fetch(`${sys.baseUrl}/metrics`);
  expect(res.status).toBe(404);
  expect(await res.text()).not.toContain('zhifa_open_tasks');
  const health = await fetch(`${sys.baseUrl}/api/health`);
  expect(health.status).toBe(200);
  expect(await health.json()).toEqual({ status: 'ok' });
});

it('with a token, refuses a scrape that does not carry it', async () => {
  const ops = await listen(createOpsApp(sys, (await import('express')).Router(), 'ops-token-0123456789'));
  expect((await fetch(`${ops}/health`)).status).toBe(401);
  expect((await fetch(`${ops}/health`, { headers: { authorization: 'Bearer ops-token-wrong-6789' } })).status).toBe(401);
  const ok = await fetch(`${ops}/health`, { headers: { authorization: 'Bearer ops-token-0123456789' } });
  expect(ok.status).toBe(200);
  expect((await ok.json()).status).toBe('ok');
});
