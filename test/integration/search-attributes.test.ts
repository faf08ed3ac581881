import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEARCH_KEYS } from '../../workflows/search-attributes.ts';
import { caseWorkflowId } from '../../workflows/messages.ts';
import { leadBody, openTaskOf } from '../support/cases.ts';
import { apiAs, eventually, startSystem, type Api, type System } from '../support/system.ts';

// Issue 18 item 9: the Temporal UI (and CLI) finds cases through Temporal's own visibility
// store — one county's overdue cases, a case by its number — without Zhifa's database.
let sys: System;
let handler: Api, supervisor: Api;
const DAY = 86_400_000;

beforeAll(async () => {
  sys = await startSystem();
  [handler, supervisor] = await Promise.all([apiAs(sys.baseUrl, 'hongta.handler1'), apiAs(sys.baseUrl, 'hongta.supervisor')]);
});
afterAll(async () => sys?.stop());

/** Workflow ids and search attributes of the running workflows the visibility query lists. */
async function list(query: string) {
  const found = new Map<string, Record<string, unknown>>();
  for await (const wf of sys.temporal.workflow.list({ query })) {
    found.set(wf.workflowId, Object.fromEntries(wf.typedSearchAttributes.getAll().map((p) => [p.key.name, p.value])));
  }
  return found;
}

describe('search attributes of the case workflow', () => {
  it("a visibility query lists one county's overdue cases, and a case is found by its number", async () => {
    // 立案审批 runs 5 working days from receipt (AB25 Art 34 ①): received 20 days ago, it is overdue.
    const late = await handler.post('/api/cases', leadBody({
      occurredAt: new Date(Date.now() - 30 * DAY).toISOString(), receivedAt: new Date(Date.now() - 20 * DAY).toISOString(),
    }));
    const onTime = await handler.post('/api/cases', leadBody());
    expect([late.status, onTime.status]).toEqual([201, 201]);
    await Promise.all([openTaskOf(supervisor, late.body.caseId, 'FILING_APPROVAL'), openTaskOf(supervisor, onTime.body.caseId, 'FILING_APPROVAL')]);

    const now = new Date().toISOString();
    const overdue = `ZhifaOrgId = 'yx-hongta' AND ZhifaDueAt < '${now}' AND ExecutionStatus = 'Running'`;
    // Visibility is updated after the workflow task that upserted: eventually consistent.
    const rows = await eventually(async () => {
      const r = await list(overdue);
      return r.has(caseWorkflowId(late.body.caseId)) ? r : undefined;
    });
    expect(rows.has(caseWorkflowId(onTime.body.caseId))).toBe(false);
    for (const attrs of rows.values()) {
      expect(attrs[SEARCH_KEYS.orgId.name]).toBe('yx-hongta');
      expect((attrs[SEARCH_KEYS.dueAt.name] as Date).getTime()).toBeLessThan(Date.parse(now));
    }
    const lateAttrs = rows.get(caseWorkflowId(late.body.caseId))!;
    expect(lateAttrs).toMatchObject({ ZhifaStage: 'FILING', ZhifaProcedure: 'GENERAL' });
    expect(lateAttrs.ZhifaCaseNumber).toBeUndefined();

    // The on-time case is approved: it is numbered, moves on,.
    const task = await openTaskOf(supervisor, onTime.body.caseId, 'FILING_APPROVAL');
    expect((await supervisor.post(`/api/tasks/${task.id}/complete`, { outcome: 'APPROVE', data: { comment: '同意立案' } })).status).toBe(200);
    const number = await eventually(async () => (await handler.get(`/api/cases/${onTime.body.caseId}`)).body.case.number as string | null);
    const byNumber = await eventually(async () => {
      const r = await list(`ZhifaCaseNumber = '${number}'`);
      return r.size ? r : undefined;
    });
    expect([...byNumber.keys()]).toEqual([caseWorkflowId(onTime.body.caseId)]);
    expect(byNumber.get(caseWorkflowId(onTime.body.caseId))).toMatchObject({ ZhifaOrgId: 'yx-hongta', ZhifaStage: 'INVESTIGATION' });
  });
});
