// Every signal, query and update of Zhifa's workflows, with their payload types.
// Wire names equal the stem and are a public API: never rename one.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Role } from '../rules/roles.ts';

/** Who is acting, as established by the API from the session or token. */
export interface Actor {
  userId: string;
  name: string;
  orgId: string;
  roles: Role[];
  /** Holds a valid 行政执法证 today. */
  certified: boolean;
  ip?: string;
}

export type TaskStatus = 'OPEN' | 'COMPLETED' | 'EXPIRED' | 'CANCELLED';

export interface TaskView {
  id: string;
  step: string;
  kind: string;
  title: string;
  orgId: string;
  candidateRoles: Role[];
  claimedBy?: string;
  status: TaskStatus;
  dueAt?: string;
  dueProvisional: boolean;
  escalationLevel: number;
}

export interface CompleteTaskInput { taskId: string; actor: Actor; outcome: string; data: Record<string, unknown> }
export interface TaskResult { taskId: string; outcome: string; data: Record<string, unknown>; completedBy: string; completedAt: string }
export interface ClaimTaskInput { taskId: string; actor: Actor }
export interface ReassignTaskInput { taskId: string; actor: Actor; to: Actor }

export const completeTaskUpdate = defineUpdate<TaskResult, [CompleteTaskInput]>('completeTask');
export const claimTaskUpdate = defineUpdate<TaskView, [ClaimTaskInput]>('claimTask');
export const unclaimTaskUpdate = defineUpdate<TaskView, [ClaimTaskInput]>('unclaimTask');
export const reassignTaskUpdate = defineUpdate<TaskView, [ReassignTaskInput]>('reassignTask');
export const openTasksQuery = defineQuery<TaskView[]>('openTasks');
/** The holiday calendar gained a year: provisional deadlines must be recomputed. */
export const calendarUpdatedSignal = defineSignal<[{ year: number }]>('calendarUpdated');

export interface CaseState {
  caseId: string;
  stage: string;
  status: 'OPEN' | 'REJECTED' | 'CLOSED' | 'ARCHIVED';
  number?: string;
}
export const caseStateQuery = defineQuery<CaseState>('caseState');

/** Business failures thrown by update validators; the API maps each type to an HTTP status. */
export const FAILURE = {
  notFound: 'NotFound',
  forbidden: 'Forbidden',
  conflict: 'Conflict',
  invalid: 'Invalid',
} as const;

export const caseWorkflowId = (caseId: string): string => `case-${caseId}`;
