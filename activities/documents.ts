import { randomUUID } from 'node:crypto';
import { beat } from './heartbeat.ts';
import { ApplicationFailure } from '@temporalio/common';
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';
import { contentProblems, describeProblems } from '../documents/content.ts';
import { DOCUMENT_KINDS, documentNumber, isDocumentKind, type DocumentKind } from '../documents/kinds.ts';
import { documentHash, renderDocument } from '../documents/render.ts';
import { appendAudit, type AuditEntry } from '../store/audit.ts';
import { nextNumber, shanghaiYear } from '../store/numbering.ts';
import { FAILURE } from '../workflows/messages.ts';
import { workflowActor } from './audit-actor.ts';
import { caseDocumentData } from './document-data.ts';

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

function same(existing: { kind: string; orgId: string } & IssuedDocument, input: IssueDocumentInput): IssuedDocument {
  if (existing.kind !== input.kind || existing.orgId !== input.orgId) {
    throw ApplicationFailure.nonRetryable(`文书键 ${input.key} 已用于 ${existing.kind} ${existing.number}`, FAILURE.conflict);
  }
  return pick(existing);
}

async function issue(tx: Prisma.TransactionClient, input: IssueDocumentInput): Promise<IssuedDocument> {
  const existing = await tx.document.findUnique({ where: { key: input.key } });
  if (existing) return same(existing, input);

  const org = await tx.org.findUnique({ where: { id: input.orgId }, select: { name: true, shortName: true, regionCode: true } });
  if (!org) throw ApplicationFailure.nonRetryable(`机关 ${input.orgId} 不存在`, FAILURE.notFound);
  // 复议机关 of a county/city department is the same-level government (行政复议法 2023 Art 24).
  const reconsiderationOrgan = input.data.reconsiderationOrgan ?? (await tx.org.findFirst({
    where: { kind: 'RECONSIDERATION_ORGAN', regionCode: org.regionCode }, select: { name: true },
  }))?.name;

  const data = input.caseId ? await caseDocumentData(tx, input.caseId, input.kind, input.data) : input.data;
  const { series, title } = DOCUMENT_KINDS[input.kind];
  // No number of the official series for a document that lacks what the law requires it to state.
  const problems = contentProblems(input.kind, data);
  if (problems.length) {
    throw ApplicationFailure.create({ message: describeProblems(title, problems), type: FAILURE.invalid, nonRetryable: true, details: [problems] });
  }
  const now = new Date();
  const year = shanghaiYear(now);
  const number = documentNumber(org.shortName, input.kind, year, await nextNumber(tx, input.orgId, series, year));
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
  const sha256 = documentHash(html);
  const doc = await tx.document.create({
    data: { id: randomUUID(), key: input.key, caseId: input.caseId ?? null, orgId: input.orgId, kind: input.kind, series,
      number, title, html, sha256, issuedAt: now, issuedById: input.issuedById ?? null },
  });
  await appendAudit(tx, { ...issuer(input.issuedById), action: 'document.issued', subjectType: 'Document', subjectId: doc.id,
    caseId: input.caseId ?? null, orgId: input.orgId, data: { kind: input.kind, number, sha256 } });
  return pick(doc);
}

/**
 * Issues inside a caller's transaction, for a write whose other rows must commit with the
 * document (a record's content row). The caller handles a concurrent same-key insert.
 */
export function issueDocumentWithin(tx: Prisma.TransactionClient, input: IssueDocumentInput): Promise<IssuedDocument> {
  if (!isDocumentKind(input.kind)) throw ApplicationFailure.nonRetryable(`未知文书种类 ${String(input.kind)}`, FAILURE.invalid);
  return issue(tx, input);
}

/** 执法文书: rendered, numbered per org/series/year, hashed and stored once (DESIGN §6). */
export function documentActivities(prisma: PrismaClient) {
  return {
    async issueDocument(input: IssueDocumentInput): Promise<IssuedDocument> {
      if (!isDocumentKind(input.kind)) throw ApplicationFailure.nonRetryable(`未知文书种类 ${String(input.kind)}`, FAILURE.invalid);
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
