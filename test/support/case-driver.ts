import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { checkAnswer, currentFormVersion } from '../../rules/form-versions.ts';
import { usccCheckDigit } from '../../rules/uscc.ts';
import type { CaseInput } from '../../workflows/case-input.ts';
import { caseWorkflowId, completeTaskUpdate, type Actor } from '../../workflows/messages.ts';
import { eventually } from './system.ts';
import type { startTimeSkipping } from './workflow-env.ts';

type Env = Awaited<ReturnType<typeof startTimeSkipping>>;

const actor = (id: string, orgId: string, roles: Actor['roles'], name = id): Actor => ({ userId: id, name, orgId, roles, certified: true });
export const people = {
  handler1: actor('u-hongta-handler1', 'yx-hongta', ['HANDLER']),
  handler2: actor('u-hongta-handler2', 'yx-hongta', ['HANDLER']),
  supervisor: actor('u-hongta-supervisor', 'yx-hongta', ['SUPERVISOR']),
  head: actor('u-hongta-head', 'yx-hongta', ['HEAD']),
  legal: { ...actor('u-hongta-legal', 'yx-hongta', ['LEGAL_REVIEWER']), certified: false },
  cityHead: actor('u-city-head', 'yx-city', ['HEAD']),
};
export const officers = [people.handler1, people.handler2];

/** AQ-099-1 as seeded: fine 0–200,000 yuan. */
export function caseInput(registeredAt: string, overrides: Partial<CaseInput> = {}): CaseInput {
  const first17 = `91530402MA6K${randomUUID().replace(/[^0-9]/g, '').slice(0, 5).padEnd(5, '0')}`;
  return {
    caseId: randomUUID(), orgId: 'yx-hongta', orgLevel: 'COUNTY', parentOrgId: 'yx-city', procedure: 'GENERAL',
    party: { kind: 'ORG', name: '玉溪某化工有限公司', idNumber: first17 + usccCheckDigit(first17), address: '玉溪市红塔区玉兴路1号' },
    catalog: { code: 'AQ-099-1', name: '未在有较大危险因素的生产经营场所设置明显的安全警示标志', fineMinFen: 0, fineMaxFen: 20_000_000, penaltyTypes: ['FINE', 'SUSPENSION'] },
    source: 'INSPECTION', facts: '2026年11月检查发现储罐区未设置明显的安全警示标志。', occurredAt: registeredAt, harmToLife: false,
    registeredBy: people.handler1.userId, registeredAt, ...overrides,
  };
}

type Extra = { officers?: Actor[] };

/**
 * The answer as the API sends it: checked against the task's form and replaced by what the schema
 * made of it (api/services/tasks.ts); the workflow checks state only. A refusal throws its message.
 */
export function formChecked(kind: string, outcome: string, data: Record<string, unknown>, formVersion = currentFormVersion()): Record<string, unknown> {
  const answer = checkAnswer(kind, outcome, data, formVersion);
  if (!answer.ok) throw new FormRefusal(answer.message);
  return answer.data;
}
class FormRefusal extends Error {}

/**
 * Completes a workflow's open task of a kind as a person would through the API (the form checked
 * first, the task id is the update id), or returns the message a refused completion got — by the
 * form or by the workflow. `base` is added to every completion.
 */
export function taskActions(handle: WorkflowHandle, openTask: (kind: string) => Promise<{ id: string }>, base: Extra = {}) {
  return {
    async complete(kind: string, who: Actor, outcome: string, data: Record<string, unknown> = {}, extra: Extra = {}) {
      const task = await openTask(kind);
      return handle.executeUpdate(completeTaskUpdate, { args: [{ taskId: task.id, actor: who, outcome, data: formChecked(kind, outcome, data), ...base, ...extra }], updateId: task.id });
    },
    async refused(kind: string, who: Actor, outcome: string, data: Record<string, unknown> = {}, extra: Extra = {}) {
      const task = await openTask(kind);
      try {
        await handle.executeUpdate(completeTaskUpdate, { args: [{ taskId: task.id, actor: who, outcome, data: formChecked(kind, outcome, data), ...base, ...extra }] });
      } catch (err) {
        if (err instanceof FormRefusal) return err.message;
        return String((err as { cause?: { message?: string } }).cause?.message ?? err);
      }
      throw new Error(`${kind} ${outcome} was accepted`);
    },
  };
}

/** Drives one case: finds its open tasks in the read model and completes them as people would. */
export function drive(t: Env, caseId: string, handle: WorkflowHandle) {
  const openTask = (kind: string) => eventually(() => t.prisma.task.findFirst({ where: { caseId, kind, status: 'OPEN' } }));
  return {
    openTask,
    now: async () => new Date(await t.env.currentTimeMs()).toISOString(),
    ...taskActions(handle, openTask),
    /** Lets workflow time pass, then waits until the workers are idle again. */
    async sleepDays(days: number) { await t.env.sleep(days * 86_400_000); },
    caseRow: () => t.prisma.case.findUniqueOrThrow({ where: { id: caseId } }),
    documents: (kind: string) => t.prisma.document.findMany({ where: { caseId, kind } }),
  };
}

/** Starts a case workflow at the test server's current time and returns a driver for it. */
export async function startCase(t: Env, make: (now: string) => CaseInput = (now) => caseInput(now), workflowType = 'caseWorkflow') {
  const input = make(new Date(await t.env.currentTimeMs()).toISOString());
  const handle = await t.env.client.workflow.start(workflowType, { args: [input], workflowId: caseWorkflowId(input.caseId), taskQueue: t.taskQueue });
  return { input, handle, d: drive(t, input.caseId, handle) };
}
