import { createHash } from 'node:crypto';
import {
  WithStartWorkflowOperation, WorkflowIdConflictPolicy, WorkflowIdReusePolicy, type UpdateDefinition, type Workflow,
} from '@temporalio/client';
import { requestIdempotency } from '../infra/request-context.ts';
import { recordedUpdate } from '../workflows/recorded.ts';
import type { AppDeps } from './deps.ts';
import { AppError, fromTemporal } from './errors.ts';

// Every call the API makes to Temporal inside a request goes through here: it is bounded by
// UPDATE_DEADLINE_MS (a request never hangs on a workflow that cannot answer: 503 with
// Retry-After instead), and every Update carries an id fixed by the request, so the same
// Idempotency-Key later joins the same Update and gets its one result, never a second effect.

export const DEFAULT_UPDATE_DEADLINE_MS = 10_000;

/** Runs Temporal calls under the deadline, translating what the workflow said into AppErrors. */
export async function send<T>(deps: Pick<AppDeps, 'temporal' | 'updateDeadlineMs'>, fn: () => Promise<T>): Promise<T> {
  const ms = deps.updateDeadlineMs ?? DEFAULT_UPDATE_DEADLINE_MS;
  try {
    return await deps.temporal.withDeadline(Date.now() + ms, fn);
  } catch (err) {
    throw fromTemporal(err);
  }
}

/**
 * The Update's id: the one the caller names (a task id, a payment reference), else one derived
 * from the request's Idempotency-Key and its sender, else none (the SDK picks a random one: a
 * request without a key cannot be told apart from a new one).
 */
export function updateIdFor(workflowId: string, name: string, explicit?: string): string | undefined {
  if (explicit) return explicit;
  const idem = requestIdempotency();
  if (!idem) return undefined;
  return `${name}:${createHash('sha256').update(`${idem.userId}\u0000${workflowId}\u0000${name}\u0000${idem.key}`).digest('hex').slice(0, 32)}`;
}

/** Sends an Update and waits for its result, within the deadline. */
export function update<Ret, Args extends unknown[]>(
  deps: Pick<AppDeps, 'temporal' | 'updateDeadlineMs'>, workflowId: string, def: UpdateDefinition<Ret, Args>,
  args: Args, updateId?: string,
): Promise<Ret> {
  const id = updateIdFor(workflowId, def.name, updateId);
  return send(deps, () => deps.temporal.workflow.getHandle(workflowId).executeUpdate(def as unknown as UpdateDefinition<Ret, [unknown]>, { args: args as unknown as [unknown], ...(id ? { updateId: id } : {}) }));
}

/**
 * Business-keyed workflows (a case, a transfer, a referral…) run once per key: while it runs, a
 * repeated start finds the running one; once it has closed, a repeated start is refused
 * (WorkflowExecutionAlreadyStartedError), never a second run of the same matter.
 */
export const ONCE_PER_KEY = {
  workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
  workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
} as const;

/**
 * Update-with-Start: one call starts the workflow (or finds the running one, ONCE_PER_KEY) and
 * returns the Update's answer, e.g. once the workflow has recorded the matter.
 */
export function updateWithStart<Ret, Args extends unknown[], W extends Workflow>(
  deps: Pick<AppDeps, 'temporal' | 'updateDeadlineMs' | 'taskQueue'>,
  start: { workflowType: string; workflowId: string; args: Parameters<W> },
  def: UpdateDefinition<Ret, Args>, args: Args, updateId: string,
): Promise<Ret> {
  const startWorkflowOperation = new WithStartWorkflowOperation<W>(start.workflowType, {
    workflowId: start.workflowId, taskQueue: deps.taskQueue, args: start.args, ...ONCE_PER_KEY,
  } as never);
  return send(deps, () => deps.temporal.workflow.executeUpdateWithStart(def as unknown as UpdateDefinition<Ret, [unknown]>, { args: args as unknown as [unknown], updateId, startWorkflowOperation }));
}

/**
 * Starts a matter's workflow (or finds it running) and returns once the workflow has written the
 * matter's row (workflows/recorded.ts), in one call. 'closed': the same key's workflow already ran
 * to its end (ONCE_PER_KEY refused a second run); the caller answers with the matter as it stands.
 */
export async function startRecorded(
  deps: Pick<AppDeps, 'temporal' | 'updateDeadlineMs' | 'taskQueue'>, workflowType: string, workflowId: string, input: unknown,
): Promise<'recorded' | 'closed'> {
  try {
    await updateWithStart(deps, { workflowType, workflowId, args: [input] }, recordedUpdate, [], `recorded:${workflowId}`);
    return 'recorded';
  } catch (err) {
    if (err instanceof AppError && err.code === ALREADY_CLOSED) return 'closed';
    throw err;
  }
}

/** AppError code of a start refused because the same key's workflow has closed (api/errors.ts). */
export const ALREADY_CLOSED = 'already_closed';
