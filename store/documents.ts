import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { Prisma } from '../generated/prisma/client.ts';
import { contentProblems, describeProblems } from '../documents/content.ts';
import { DOCUMENT_KINDS, documentNumber, isDocumentKind, type DocumentKind } from '../documents/kinds.ts';
import { documentHash, renderDocument } from '../documents/render.ts';
import { FAILURE } from '../workflows/messages.ts';
import { appendAudit, type AuditEntry } from './audit.ts';
import { caseDocumentData } from './document-data.ts';
import { nextNumber, shanghaiYear } from './numbering.ts';

// Issuing a 执法文书 is one operation for everyone who issues one: an activity for a workflow's
// step (activities/documents.ts), the API for a record's content (api/services/records.ts).

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

export type Issuer = Pick<AuditEntry, 'actorKind' | 'actorId'>;

/** What the caller adds: who the audit names when no person issued it, and a progress report for long renders. */
export interface IssueContext {
  /** Given, the audit event is left here for the caller to append with its own. */
  audits?: AuditEntry[];
  /** The actor when `issuedById` is absent; by default the system. */
  actor?: Issuer;
  progress?: (step: string) => void;
}

const issuer = (issuedById: string | undefined, ctx: IssueContext): Issuer =>
  (issuedById ? { actorKind: 'USER', actorId: issuedById } : ctx.actor ?? { actorKind: 'SYSTEM', actorId: null });

export const isUniqueViolation = (err: unknown) => (err as { code?: string })?.code === 'P2002';
const pick = (d: IssuedDocument): IssuedDocument => ({ id: d.id, number: d.number, sha256: d.sha256, title: d.title });

export function same(existing: { kind: string; orgId: string } & IssuedDocument, input: IssueDocumentInput): IssuedDocument {
  if (existing.kind !== input.kind || existing.orgId !== input.orgId) {
    throw ApplicationFailure.nonRetryable(`文书键 ${input.key} 已用于 ${existing.kind} ${existing.number}`, FAILURE.conflict);
  }
  return pick(existing);
}

async function issue(tx: Prisma.TransactionClient, input: IssueDocumentInput, ctx: IssueContext): Promise<IssuedDocument> {
  const existing = await tx.document.findUnique({ where: { key: input.key } });
  if (existing) return same(existing, input);

  // 复议机关 of a county/city department is the same-level government (行政复议法 2023 Art 24); read with the org.
  const [org] = await tx.$queryRaw<{ name: string; shortName: string; organ: string | null }[]>`
    SELECT o."name", o."shortName", (SELECT r."name" FROM "Org" r WHERE r."kind" = 'RECONSIDERATION_ORGAN' AND r."regionCode" = o."regionCode" ORDER BY r."id" LIMIT 1) AS "organ"
    FROM "Org" o WHERE o."id" = ${input.orgId}`;
  if (!org) throw ApplicationFailure.nonRetryable(`机关 ${input.orgId} 不存在`, FAILURE.notFound);
  const reconsiderationOrgan = input.data.reconsiderationOrgan ?? org.organ ?? undefined;

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
  ctx.progress?.('rendering');
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
  ctx.progress?.('rendered');
  const sha256 = documentHash(html);
  const doc = await tx.document.create({
    data: { id: randomUUID(), key: input.key, caseId: input.caseId ?? null, orgId: input.orgId, kind: input.kind, series,
      number, title, html, sha256, issuedAt: now, issuedById: input.issuedById ?? null },
  });
  const event: AuditEntry = { ...issuer(input.issuedById, ctx), action: 'document.issued', subjectType: 'Document', subjectId: doc.id,
    caseId: input.caseId ?? null, orgId: input.orgId, data: { kind: input.kind, number, sha256 } };
  if (ctx.audits) ctx.audits.push(event); else await appendAudit(tx, event);
  return pick(doc);
}

/**
 * Issues inside a transaction: the activity's own, or a caller's for a write whose other rows must
 * commit with the document (a record's content row, a workflow step's transition). The caller
 * handles a concurrent same-key insert.
 */
export function issueDocumentWithin(tx: Prisma.TransactionClient, input: IssueDocumentInput, ctx: IssueContext = {}): Promise<IssuedDocument> {
  if (!isDocumentKind(input.kind)) throw ApplicationFailure.nonRetryable(`未知文书种类 ${String(input.kind)}`, FAILURE.invalid);
  return issue(tx, input, ctx);
}
