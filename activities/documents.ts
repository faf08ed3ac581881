import type { PrismaClient } from '../generated/prisma/client.ts';
import type { AuditEntry } from '../store/audit.ts';
import { issueDocumentWithin as issueWithin, isUniqueViolation, same, type IssueContext, type IssueDocumentInput, type IssuedDocument } from '../store/documents.ts';
import { workflowActor } from './audit-actor.ts';
import { beat } from './heartbeat.ts';

export type { IssueDocumentInput, IssuedDocument } from '../store/documents.ts';

// Called from a workflow the actor is that workflow; called directly (tests, tools) there is
// no activity Context, and the write is the system's. Rendering reports progress as a heartbeat.
function activityContext(audits?: AuditEntry[]): IssueContext {
  let actor: IssueContext['actor'];
  try { actor = workflowActor(); } catch { actor = undefined; }
  return { audits, actor, progress: beat };
}

/** A workflow step's document inside the step's transaction (activities/transition.ts). */
export const issueDocumentWithin = (tx: Parameters<typeof issueWithin>[0], input: IssueDocumentInput, audits?: AuditEntry[]): Promise<IssuedDocument> =>
  issueWithin(tx, input, activityContext(audits));

/** 执法文书: rendered, numbered per org/series/year, hashed and stored once (DESIGN §6). */
export function documentActivities(prisma: PrismaClient) {
  return {
    async issueDocument(input: IssueDocumentInput): Promise<IssuedDocument> {
      try {
        // Number, document and audit event commit together or not at all: no gap, no orphan.
        return await prisma.$transaction((tx) => issueWithin(tx, input, activityContext()));
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
