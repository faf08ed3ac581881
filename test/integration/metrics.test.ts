import { afterAll, beforeAll, expect, it } from 'vitest';
import { leadBody, openTaskOf } from '../support/cases.ts';
import { apiAs, startSystem, type System } from '../support/system.ts';

let sys: System;
beforeAll(async () => { sys = await startSystem(); });
afterAll(async () => sys?.stop());

it('exposes Prometheus metrics: request latency and the open task backlog by kind and org', async () => {
  const handler = await apiAs(sys.baseUrl, 'hongta.handler1');
  const reg = await handler.post('/api/cases', leadBody());
  await openTaskOf(await apiAs(sys.baseUrl, 'hongta.supervisor'), reg.body.caseId, 'FILING_APPROVAL');
  const text = await (await fetch(`${sys.baseUrl}/metrics`)).text();
  expect(text).toMatch(/zhifa_open_tasks\{kind="FILING_APPROVAL",org="yx-hongta"\} [1-9]/);
  expect(text).toMatch(/zhifa_http_request_duration_seconds_bucket\{le="[\d.]+",method="POST",route="\/api\/cases",status="201"\}/);
});
