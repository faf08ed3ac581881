import { randomUUID } from 'node:crypto';
import { beat } from './heartbeat.ts';
import { ApplicationFailure } from '@temporalio/common';
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';
import { contentProblems, describeProblems } from '../documents/content.ts';
import { DOCUMENT_KINDS, documentNumber, isDocumentKind, type DocumentKind } from '../documents/kinds.ts';
import { documentHash, renderDocument } from '../documents/render.ts';
import { appendAudit, type AuditEntry } from '../store/audit.ts';
import { DeferredNumbers, shanghaiYear, type Fill } from '../store/numbering.ts';
import { FAILURE } from '../workflows/messages.ts';
import { workflowActor } from './audit-actor.ts';
import { caseDocumentData } from './document-data.ts';
import { readStep, type IssuedRow, type ReadNeeds, type StepReads } from './step-reads.ts';

export interface IssueDocumentInput {
  /** Idempotency key (workflow id + step): a retried issue returns the same document. */
  key: string;
  caseId?: string;
  /** The deciding authority: for delegated matters the county bureau, never the township (CF 20). */
  orgId: string;
  kind: DocumentKind;
  /** Template fields (see the comment atop each template); authorityName / reconsiderationOrgan override the lookups. */
  data: Record<string, unknown>;
  /** The person on whose approval the document issues; audited as the actor when given. */
  issuedById?: string;
}

export interface IssuedDocument { id: string; number: string; sha256: string; title: string }

type Actor = Pick<AuditEntry, 'actorKind' | 'actorId'>;

// Called from a workflow the actor is that workflow; called directly (tests, tools) there is
// no activity Context, and the write is the system's.
function issuer(issuedById?: string): Actor {
  if (issuedById) return { actorKind: 'USER', actorId: issuedById };
  try {
    return workflowActor();
  } catch {
    return { actorKind: 'SYSTEM', actorId: null };
  }
}

const isUniqueViolation = (err: unknown) => (err as { code?: string })?.code === 'P2002';
const pick = (d: IssuedDocument): IssuedDocument => ({ id: d.id, number: d.number, sha256: d.sha256, title: d.title });

function same(existing: IssuedRow, input: IssueDocumentInput): IssuedDocument {
  if (existing.kind !== input.kind || existing.orgId !== input.orgId) {
    throw ApplicationFailure.nonRetryable(`文书键 ${input.key} 已用于 ${existing.kind} ${existing.number}`, FAILURE.conflict);
  }
  return pick(existing);
}

/** What a document needs read before it is issued, for readStep (activities/step-reads.ts). */
export const documentNeeds = (inputs: readonly IssueDocumentInput[]): ReadNeeds => ({
  caseIds: inputs.map((i) => i.caseId).filter((id): id is string => !!id),
  orgIds: inputs.map((i) => i.orgId),
  docKeys: inputs.map((i) => i.key),
  userIds: inputs.flatMap((i) => (i.data.officerIds as string[] | undefined) ?? []),
});

/** A document checked, rendered and staged under its number's placeholder; `finish` states the number. */
export interface DraftDocument {
  result: IssuedDocument;
  event: AuditEntry;
  /** Fills the number in, hashes the final text; returns the row to insert (result and event updated). */
  finish(fill: Fill): Prisma.DocumentCreateManyInput;
}

/**
 * The document of `input` from the step's reads: the one already issued under its key, or a draft
 * numbered by the placeholder `numbers` hands out. Throws, before any number is taken, for a
 * document that lacks what the law requires it to state.
 */
export function draftDocument(reads: StepReads, input: IssueDocumentInput, numbers: DeferredNumbers): { issued: IssuedDocument } | { draft: DraftDocument } {
  if (!isDocumentKind(input.kind)) throw ApplicationFailure.nonRetryable(`未知文书种类 ${String(input.kind)}`, FAILURE.invalid);
  const existing = reads.documents.get(input.key);
  if (existing) return { issued: same(existing, input) };
  const org = reads.orgs.get(input.orgId);
  if (!org) throw ApplicationFailure.nonRetryable(`机关 ${input.orgId} 不存在`, FAILURE.notFound);
  // 复议机关 of a county/city department is the same-level government (行政复议法 2023 Art 24).
  const reconsiderationOrgan = input.data.reconsiderationOrgan ?? org.organ ?? undefined;
  const file = input.caseId ? reads.cases.get(input.caseId) : undefined;
  const data = input.caseId ? caseDocumentData(file, input.kind, input.data, reads.officers) : input.data;
  const { series, title } = DOCUMENT_KINDS[input.kind];
  // No number of the official series for a document that lacks what the law requires it to state.
  const problems = contentProblems(input.kind, data);
  if (problems.length) {
    throw ApplicationFailure.create({ message: describeProblems(title, problems), type: FAILURE.invalid, nonRetryable: true, details: [problems] });
  }
  const now = new Date();
  const year = shanghaiYear(now);
  const number = documentNumber(org.shortName, input.kind, year, numbers.placeholder({ orgId: input.orgId, series, year }));
  let html: string;
  beat('rendering');
  try {
    html = renderDocument(input.kind, {
      ...data,
      // 局队合一: the bureau enforces in its own name, not the 大队's (seed: org name "局（大队）").
      authorityName: (data.authorityName as string | undefined) ?? org.name.replace(/（[^）]*）$/, ''),
      reconsiderationOrgan, number, issuedAt: (data.issuedAt as string | undefined) ?? now.toISOString(),
    });
  } catch (err) {
    // Bad data stays bad on retry; the rollback gives the number back.
    throw ApplicationFailure.nonRetryable(`文书生成失败：${(err as Error).message}`, FAILURE.invalid);
  }
  beat('rendered');
  const result: IssuedDocument = { id: randomUUID(), number, sha256: '', title };
  const event: AuditEntry = { ...issuer(input.issuedById), action: 'document.issued', subjectType: 'Document', subjectId: result.id,
    caseId: input.caseId ?? null, orgId: input.orgId, data: { kind: input.kind, number } };
  // A later document of the same step (a decision's 送达回证) states this one.
  file?.docs.push({ kind: input.kind, number, title, issuedAt: now.toISOString() });
  return {
    draft: {
      result, event,
      finish(fill) {
        const final = fill(html);
        Object.assign(result, { number: fill(number), sha256: documentHash(final) });
        event.data = { kind: input.kind, number: result.number, sha256: result.sha256 };
        return { id: result.id, key: input.key, caseId: input.caseId ?? null, orgId: input.orgId, kind: input.kind, series,
          number: result.number, title, html: final, sha256: result.sha256, issuedAt: now, issuedById: input.issuedById ?? null };
      },
    },
  };
}

async function issue(tx: Prisma.TransactionClient, input: IssueDocumentInput, audits?: AuditEntry[]): Promise<IssuedDocument> {
  const numbers = new DeferredNumbers();
  const staged = draftDocument(await readStep(tx, documentNeeds([input])), input, numbers);
  if ('issued' in staged) return staged.issued;
  const { draft } = staged;
  await tx.document.create({ data: draft.finish(await numbers.take(tx)) });
  if (audits) audits.push(draft.event); else await appendAudit(tx, draft.event);
  return pick(draft.result);
}

/**
 * Issues inside a caller's transaction, for a write whose other rows must commit with the
 * document (a record's content row, a workflow step's transition). The caller handles a concurrent
 * same-key insert; given `audits`, the audit event is left there for the caller to append.
 */
export function issueDocumentWithin(tx: Prisma.TransactionClient, input: IssueDocumentInput, audits?: AuditEntry[]): Promise<IssuedDocument> {
  return issue(tx, input, audits);
}

/** 执法文书: rendered, numbered per org/series/year, hashed and stored once (DESIGN §6). */
export function documentActivities(prisma: PrismaClient) {
  return {
    async issueDocument(input: IssueDocumentInput): Promise<IssuedDocument> {
      try {
        // Number, document and audit event commit together or not at all: no gap, no orphan.
        return await prisma.$transaction((tx) => issue(tx, input));
      } catch (err) {
        // A concurrent attempt with the same key won the insert; its document is the answer.
        if (!isUniqueViolation(err)) throw err;
        const winner = await prisma.document.findUnique({ where: { key: input.key } });
        if (!winner) throw err;
        return same(winner, input);
      }
    },
  };
}
