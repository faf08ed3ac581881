import { Context } from '@temporalio/activity';
import type { Actor } from '../workflows/messages.ts';

/** Audit attribution for writes a workflow makes on its own (timers, system steps). */
export const workflowActor = () => ({
  actorKind: 'WORKFLOW' as const,
  actorId: Context.current().info.workflowExecution?.workflowId ?? 'unknown-workflow',
});

/** Audit attribution for writes done on a person's behalf. */
export const userActor = (a: Actor) => ({ actorKind: 'USER' as const, actorId: a.userId, ip: a.ip ?? null });
