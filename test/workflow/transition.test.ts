// One step, one transaction (issue 18 items 1 and 8): what a 立案审批 completion costs in history
// events and SQL statements, that its effects commit all or nothing, and that parallel stage
// writes to one case lose nothing.
import { randomUUID } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import { Client, Connection } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import { NativeConnection, Worker } from '@temporalio/worker';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createActivities } from '../../activities/index.ts';
import { transitionActivities, type Effect } from '../../activities/transition.ts';
import { PrismaClient } from '../../generated/prisma/client.ts';
import { createPrisma } from '../../infra/db.ts';
import type { CaseInput } from '../../workflows/case-input.ts';
import { caseWorkflowId, completeTaskUpdate, type Actor } from '../../workflows/messages.ts';
import { eventually } from '../support/system.ts';

/** Every statement the worker's activities send, counted at the pg client (BEGIN and COMMIT included). */
let statements = 0;
const pool = new pg.Pool({ connectionString: inject('databaseUrl'), max: 4 });
pool.on('connect', (client) => {
  const query = client.query.bind(client) as (...a: unknown[]) => unknown;
  (client as unknown as { query: (...a: unknown[]) => unknown }).query = (...a: unknown[]) => { statements += 1; return query(...a); };
});
const workerPrisma = new PrismaClient({ adapter: new PrismaPg(pool) });
/** The test's own reads, not counted. */
const prisma = createPrisma(inject('databaseUrl'), 2);

/** Fault injection: the filing's transition fails after its third effect while `blocked` holds. */
const fault = { blocked: false, attempts: 0, taskId: '' };

let worker: Worker;
let running: Promise<void>;
let client: Client;
const taskQueue = `transition-${randomUUID()}`;

beforeAll(async () => {
  const connection = await NativeConnection.connect({ address: inject('temporalAddress') });
  worker = await Worker.create({
    connection, taskQueue, workflowBundle: { codePath: inject('workflowBundlePath') },
    activities: createActivities({
      prisma: workerPrisma,
      transitionFaults: {
        failAfterEffects: (key) => {
          if (!fault.taskId || !key.endsWith(`/task/${fault.taskId}`)) return undefined;
          fault.attempts += 1;
          return fault.blocked ? 3 : undefined;
        },
      },
    }),
  });
  running = worker.run();
  client = new Client({ connection: await Connection.connect({ address: inject('temporalAddress') }) });
});
afterAll(async () => {
  worker?.shutdown();
  await running;
  await prisma.$disconnect();
  await workerPrisma.$disconnect();
});

const supervisor: Actor = { userId: 'u-hongta-supervisor', name: '队长', orgId: 'yx-hongta', roles: ['SUPERVISOR'], certified: true };
const lead = (): CaseInput => ({
  caseId: randomUUID(), orgId: 'yx-hongta', orgLevel: 'COUNTY', parentOrgId: 'yx-city', procedure: 'GENERAL',
  party: { kind: 'ORG', name: '测试一步公司', idNumber: '91530402MA6K00000X' },
  catalog: { code: 'AQ-099-1', name: '未设置安全警示标志', fineMinFen: 0, fineMaxFen: 5_000_000, penaltyTypes: ['WARNING', 'FINE'] },
  source: 'INSPECTION', facts: '未设置安全警示标志', occurredAt: new Date().toISOString(), harmToLife: false,
  registeredBy: 'u-hongta-handler1', registeredAt: new Date().toISOString(),
});

async function registered() {
  const input = lead();
  const handle = await client.workflow.start('caseWorkflow', { args: [input], workflowId: caseWorkflowId(input.caseId), taskQueue });
  const task = await eventually(() => prisma.task.findFirst({ where: { caseId: input.caseId, kind: 'FILING_APPROVAL', status: 'OPEN' } }));
  await idle(handle.workflowId);
  return { input, handle, task };
}

/** The workflow has nothing running: no activity pending and its history no longer grows. */
async function idle(workflowId: string): Promise<number> {
  const h = client.workflow.getHandle(workflowId);
  let last = -1;
  for (;;) {
    const d = await h.describe();
    const length = Number(d.historyLength);
    if (!d.raw.pendingActivities?.length && length === last) return length;
    last = length;
    await new Promise((r) => setTimeout(r, 300));
  }
}

describe('立案审批 completion: one activity, one transaction', () => {
  it('closes the task, files and numbers the case, issues the 立案审批表 and opens 调查取证 in one commit', { timeout: 60_000 }, async () => {
    const { input, handle, task } = await registered();
    const before = await idle(handle.workflowId);
    statements = 0;
    await handle.executeUpdate(completeTaskUpdate, { args: [{ taskId: task.id, actor: supervisor, outcome: 'APPROVE', data: {} }], updateId: task.id });
    // The answer waits for the commit: the next task is there when the person gets it.
    const next = await prisma.task.findFirst({ where: { caseId: input.caseId, kind: 'INVESTIGATION', status: 'OPEN' } });
    expect(next?.payload).toMatchObject({ caseNumber: expect.stringMatching(/^红塔应急立〔\d{4}〕\d+号$/) });
    const after = await idle(handle.workflowId);
    const sql = statements;

    const history = (await handle.fetchHistory()).events!.slice(before);
    const activities = history.filter((e) => e.activityTaskScheduledEventAttributes);
    console.log(`立案审批 completion: ${after - before} history events, ${activities.length} activity, ${sql} SQL statements (worker)`);
    expect(activities.map((e) => e.activityTaskScheduledEventAttributes!.activityType!.name)).toEqual(['commitTransition']);
    expect(after - before).toBeLessThanOrEqual(14);
    // BEGIN, the step's one read, the task closed, the numbers, 文书, next task, case, audit with the step's
    // record, COMMIT: 9 (+2 the first time a counter row of the year is created); issue 18's bound is 12.
    expect(sql).toBeLessThanOrEqual(12);

    const c = await prisma.case.findUniqueOrThrow({ where: { id: input.caseId } });
    expect(c.stage).toBe('INVESTIGATION');
    expect((c.data as { state: { number: string; decisionClock: { dueAt: string } } }).state).toMatchObject({
      number: c.number, decisionClock: { deadlineId: 'DECISION', dueAt: expect.any(String) },
    });
    expect(await prisma.document.count({ where: { caseId: input.caseId, kind: 'FILING_APPROVAL_FORM' } })).toBe(1);
    expect(await prisma.stepCommit.count({ where: { key: `${handle.workflowId}/task/${task.id}` } })).toBe(1);
    await handle.terminate('test finished');
  });

  it('a transition that fails inside its transaction leaves no row of it; the retry writes exactly one set', { timeout: 90_000 }, async () => {
    const { input, handle, task } = await registered();
    const audits = () => prisma.auditEvent.findMany({ where: { caseId: input.caseId }, select: { action: true }, orderBy: { id: 'asc' } });
    const registeredAudits = (await audits()).map((a) => a.action);
    Object.assign(fault, { blocked: true, attempts: 0, taskId: task.id });
    const completing = handle.executeUpdate(completeTaskUpdate, { args: [{ taskId: task.id, actor: supervisor, outcome: 'APPROVE', data: {} }], updateId: task.id });
    await eventually(async () => fault.attempts >= 2 || undefined, 30_000);

    // Failed twice after writing the task's close, the case's number and the 立案审批表: none of it is there.
    expect((await prisma.task.findUniqueOrThrow({ where: { id: task.id } })).status).toBe('OPEN');
    const unfiled = await prisma.case.findUniqueOrThrow({ where: { id: input.caseId } });
    expect([unfiled.number, unfiled.filedAt, unfiled.stage]).toEqual([null, null, 'FILING']);
    expect(await prisma.document.count({ where: { caseId: input.caseId } })).toBe(0);
    expect(await prisma.task.count({ where: { caseId: input.caseId, kind: 'INVESTIGATION' } })).toBe(0);
    expect(await prisma.caseAction.count({ where: { caseId: input.caseId } })).toBe(0);
    expect((await audits()).map((a) => a.action)).toEqual(registeredAudits);

    fault.blocked = false;
    const result = await completing;
    expect(result.outcome).toBe('APPROVE');
    await idle(handle.workflowId);
    const filed = await prisma.case.findUniqueOrThrow({ where: { id: input.caseId } });
    expect(filed.number).toMatch(/^红塔应急立/);
    expect(await prisma.document.count({ where: { caseId: input.caseId, kind: 'FILING_APPROVAL_FORM' } })).toBe(1);
    expect(await prisma.task.count({ where: { caseId: input.caseId, kind: 'INVESTIGATION' } })).toBe(1);
    const actions = (await audits()).map((a) => a.action).slice(registeredAudits.length);
    for (const a of ['task.completed', 'case.filed', 'document.issued', 'case.investigation_started', 'clock.due_computed', 'task.opened']) {
      expect(actions.filter((x) => x === a), a).toHaveLength(1);
    }
    // The stored result answers a retry of the committed step without writing.
    const commits = await prisma.stepCommit.findUniqueOrThrow({ where: { key: `${handle.workflowId}/task/${task.id}` } });
    const again = await new MockActivityEnvironment().run(transitionActivities(prisma).commitTransition, {
      key: commits.key, effects: [{ kind: 'fileCase', caseId: input.caseId, orgId: 'yx-hongta', approvedBy: supervisor.userId, filedAt: new Date().toISOString() }] as Effect[],
    });
    expect(again).toEqual(commits.result);
    expect((await audits()).length).toBe(registeredAudits.length + actions.length);
    fault.taskId = '';
    await handle.terminate('test finished');
  });
});

describe('case stage without races (issue 18 item 8)', () => {
  it('parallel steps of one case each land: stage history, view keys and audit events, none lost', { timeout: 60_000 }, async () => {
    const { input, handle } = await registered();
    await handle.terminate('the test writes the steps itself');
    const commit = transitionActivities(prisma).commitTransition;
    const n = 16;
    await Promise.all(Array.from({ length: n }, (_, i) => new MockActivityEnvironment().run(commit, {
      key: `race-${input.caseId}-${i}`,
      effects: [{ kind: 'caseStage', caseId: input.caseId, stage: 'FILING', action: 'test.parallel_step', key: `parallel.${i}`, data: { i }, view: { [`k${i}`]: i } }] as Effect[],
    })));
    // A retry of each changes nothing.
    await Promise.all(Array.from({ length: n }, (_, i) => new MockActivityEnvironment().run(commit, {
      key: `race-retry-${input.caseId}-${i}`,
      effects: [{ kind: 'caseStage', caseId: input.caseId, stage: 'FILING', action: 'test.parallel_step', key: `parallel.${i}`, data: { i }, view: { [`k${i}`]: i } }] as Effect[],
    })));
    const keys = (await prisma.caseAction.findMany({ where: { caseId: input.caseId, action: 'test.parallel_step' }, select: { key: true } })).map((a) => a.key);
    expect(keys.sort()).toEqual(Array.from({ length: n }, (_, i) => `parallel.${i}`).sort());
    const data = (await prisma.case.findUniqueOrThrow({ where: { id: input.caseId } })).data as Record<string, number>;
    for (let i = 0; i < n; i++) expect(data[`k${i}`]).toBe(i);
    expect(await prisma.auditEvent.count({ where: { caseId: input.caseId, action: 'test.parallel_step' } })).toBe(n);
  });
});
