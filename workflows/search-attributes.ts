// Search attributes (issue 18 item 9): what Temporal's own visibility store knows of a case,
// so an operator can find one in the Temporal UI or CLI without Zhifa's database, e.g.
//   ZhifaOrgId = 'org-hongta' AND ZhifaDueAt < '2026-12-06T00:00:00Z' AND ExecutionStatus = 'Running'
// lists one county's overdue cases. The keys are registered on every server Zhifa runs on
// (infra/search-attributes.ts); a server without them fails the workflow task that upserts.
// Each upsert is one history event, so only values that changed are sent, and a step's changes go
// out together once its transaction has committed (visibility follows the database): one event.
import { defineSearchAttributeKey, type SearchAttributeUpdatePair } from '@temporalio/common';
import { upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { settled } from './transition.ts';

export const SEARCH_KEYS = {
  caseNumber: defineSearchAttributeKey('ZhifaCaseNumber', 'KEYWORD'),
  orgId: defineSearchAttributeKey('ZhifaOrgId', 'KEYWORD'),
  procedure: defineSearchAttributeKey('ZhifaProcedure', 'KEYWORD'),
  stage: defineSearchAttributeKey('ZhifaStage', 'KEYWORD'),
  /** Earliest statutory limit among the workflow's open tasks; absent when none runs. */
  dueAt: defineSearchAttributeKey('ZhifaDueAt', 'DATETIME'),
  /** Who has claimed the open tasks (several tasks can be open at once). */
  assignees: defineSearchAttributeKey('ZhifaAssignee', 'KEYWORD_LIST'),
} as const;

type Keys = typeof SEARCH_KEYS;
type CaseFields = Partial<{ caseNumber: string; orgId: string; procedure: string; stage: string }>;

// What this run has upserted (or started with), to send only changes.
const sent = new Map<string, string | undefined>();

function current(name: keyof Keys): string | undefined {
  if (sent.has(SEARCH_KEYS[name].name)) return sent.get(SEARCH_KEYS[name].name);
  const v = workflowInfo().typedSearchAttributes.get(SEARCH_KEYS[name]);
  return v === undefined ? undefined : JSON.stringify(v);
}

function upsertChanged(values: Partial<{ [K in keyof Keys]: SearchAttributeUpdatePair['value'] }>): void {
  for (const [name, value] of Object.entries(values) as [keyof Keys, SearchAttributeUpdatePair['value']][]) {
    const empty = value === null || value === undefined || (Array.isArray(value) && value.length === 0);
    const encoded = empty ? undefined : JSON.stringify(value);
    if (current(name) === encoded) continue;
    sent.set(SEARCH_KEYS[name].name, encoded);
    queued.set(SEARCH_KEYS[name].name, { key: SEARCH_KEYS[name], value: empty ? null : value } as SearchAttributeUpdatePair);
  }
  if (queued.size && !flushing) { flushing = true; void flush(); }
}

let queued = new Map<string, SearchAttributeUpdatePair>();
let flushing = false;

async function flush(): Promise<void> {
  await settled();
  flushing = false;
  const pairs = [...queued.values()];
  queued = new Map();
  if (pairs.length) upsertSearchAttributes(pairs);
}

/** The case's identity and stage (at registration, on every stage change, once numbered). */
export function upsertCaseSearch(fields: CaseFields): void {
  upsertChanged(Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)));
}

/** The workflow's open tasks: their earliest limit and who holds them. */
export function upsertTaskSearch(tasks: Iterable<{ status: string; dueAt?: string; periodEnd?: string; claimedBy?: string }>): void {
  let due: string | undefined;
  const who = new Set<string>();
  for (const t of tasks) {
    if (t.status !== 'OPEN') continue;
    // An escalated task keeps its period's end: it is still overdue.
    const d = t.dueAt ?? t.periodEnd;
    if (d && (!due || Date.parse(d) < Date.parse(due))) due = d;
    if (t.claimedBy) who.add(t.claimedBy);
  }
  upsertChanged({ dueAt: due ? new Date(due) : null, assignees: [...who].sort() });
}
