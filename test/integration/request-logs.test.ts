import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../infra/logger.ts';
import { leadBody } from '../support/cases.ts';
import { apiAs, eventually, startSystem, type System } from '../support/system.ts';

// One JSON line per request, carrying the request id (the caller's X-Request-Id, echoed back)
// and the ids of the workflows the request started or talked to — the thread from an
// officer's complaint to the workflow history.
const lines: Record<string, any>[] = [];
let sys: System;

beforeAll(async () => {
  const logger = createLogger('info', 'zhifa', { write: (s: string) => { lines.push(JSON.parse(s)); } });
  sys = await startSystem({ logger });
});
afterAll(async () => { await sys?.stop(); });

describe('request logs', () => {
  it('name the request id and the workflows the request touched', async () => {
    const handler = await apiAs(sys.baseUrl, 'hongta.handler1');
    const res = await fetch(`${sys.baseUrl}/api/cases`, {
      method: 'POST', body: JSON.stringify(leadBody()),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${handler.token}`, 'x-request-id': 'officer-report-42' },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-request-id')).toBe('officer-report-42');
    const { caseId } = await res.json();
    const line = await eventually(async () => lines.find((l) => l.req?.id === 'officer-report-42' && l.res));
    expect(line.workflowIds).toEqual([`case-${caseId}`]);
    expect(line.res.statusCode).toBe(201);

    const state = await fetch(`${sys.baseUrl}/api/cases/${caseId}/state`, { headers: { authorization: `Bearer ${handler.token}`, 'x-request-id': 'bad id with spaces' } });
    const stateLine = await eventually(async () => lines.find((l) => l.req?.url === `/api/cases/${caseId}/state` && l.res));
    expect(stateLine.req.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(state.headers.get('x-request-id')).toBe(stateLine.req.id);
    expect(state.status).toBe(200);
    expect(stateLine.workflowIds).toEqual([`case-${caseId}`]);
    // Credentials never reach the log.
    expect(line.req.headers.authorization).toBe('[masked]');
    expect(JSON.stringify(lines)).not.toContain(handler.token);
  });
});
