import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { appendAudit } from '../audit.ts';
import { ObjectExists, type ObjectStore } from './types.ts';

// Evidence stored in the `Evidence.content` bytea column before the object store (issue 22)
// moves to the store in two passes, each resumable (it picks up the rows still to do):
// 1. copy: the row's bytes are checked against its recorded SHA-256, written once under
//    `evidence/legacy/<id>`, read back and re-hashed; only then does the row get its objectKey.
// 2. verify: every moved row whose bytes are still in the column is re-hashed from the store
//    once more, and only a match clears the column. A later migration drops the column and
//    refuses to run while any row still holds bytes (README, "Evidence storage").

export const legacyKeyOf = (evidenceId: string) => `evidence/legacy/${evidenceId}`;

export interface MoveReport {
  /** Rows copied (pass 1) or cleared (pass 2) by this run. */
  done: number;
  /** Rows left as they were, with why: their bytes or the stored object do not match the recorded hash. */
  refused: { id: string; reason: string }[];
}

const BATCH = 20; // rows read at a time: bytea rows were up to 8 MB each

async function sha256Of(stream: Readable): Promise<{ sha256: string; size: number }> {
  const h = createHash('sha256');
  let size = 0;
  for await (const c of stream) { h.update(c as Buffer); size += (c as Buffer).length; }
  return { sha256: h.digest('hex'), size };
}

async function orgOf(prisma: PrismaClient, caseId: string) {
  return (await prisma.case.findUnique({ where: { id: caseId }, select: { orgId: true } }))?.orgId ?? null;
}

/** Pass 1: copies each row's bytes still only in the database to the store, verified by re-hashing the stored object. */
export async function copyLegacyEvidence(prisma: PrismaClient, objects: ObjectStore, log: (line: string) => void = () => undefined): Promise<MoveReport> {
  const report: MoveReport = { done: 0, refused: [] };
  let after = '';
  for (;;) {
    const rows = await prisma.evidence.findMany({
      where: { content: { not: null }, objectKey: null, id: { gt: after } }, orderBy: { id: 'asc' }, take: BATCH,
      select: { id: true, caseId: true, sha256: true, mimeType: true, content: true },
    });
    if (rows.length === 0) return report;
    for (const row of rows) {
      after = row.id;
      const bytes = Buffer.from(row.content!);
      const inRow = createHash('sha256').update(bytes).digest('hex');
      if (inRow !== row.sha256) {
        // Not ours to repair: a row whose bytes are not what was recorded stays in place, reported.
        report.refused.push({ id: row.id, reason: `bytes in the database hash to ${inRow}, recorded ${row.sha256}` });
        continue;
      }
      const key = legacyKeyOf(row.id);
      try {
        await objects.put(key, Readable.from([bytes]), row.mimeType ?? 'application/octet-stream');
      } catch (e) {
        // A run stopped after writing the object but before updating the row: the object is checked below like a new one.
        if (!(e instanceof ObjectExists)) throw e;
      }
      const stored = await sha256Of(await objects.get(key));
      if (stored.sha256 !== row.sha256 || stored.size !== bytes.length) {
        report.refused.push({ id: row.id, reason: `object ${key} hashes to ${stored.sha256} (${stored.size} bytes), recorded ${row.sha256} (${bytes.length} bytes)` });
        continue;
      }
      const orgId = await orgOf(prisma, row.caseId);
      await prisma.$transaction(async (tx) => {
        const n = await tx.evidence.updateMany({ where: { id: row.id, objectKey: null, sha256: row.sha256 }, data: { objectKey: key, size: BigInt(bytes.length) } });
        if (n.count === 1) {
          await appendAudit(tx, { actorKind: 'SYSTEM', action: 'evidence.moved', subjectType: 'Evidence', subjectId: row.id,
            caseId: row.caseId, orgId, data: { objectKey: key, sha256: row.sha256, size: bytes.length } });
        }
      });
      report.done++;
      log(`copied ${row.id} → ${key} (${bytes.length} bytes, sha256 ${row.sha256})`);
    }
  }
}

/** Pass 2: re-hashes each moved row's object from the store and, where it matches, clears the row's bytes. */
export async function verifyLegacyEvidence(prisma: PrismaClient, objects: ObjectStore, log: (line: string) => void = () => undefined): Promise<MoveReport> {
  const report: MoveReport = { done: 0, refused: [] };
  let after = '';
  for (;;) {
    const rows = await prisma.evidence.findMany({
      where: { content: { not: null }, objectKey: { not: null }, id: { gt: after } }, orderBy: { id: 'asc' }, take: 200,
      select: { id: true, caseId: true, sha256: true, objectKey: true, size: true },
    });
    if (rows.length === 0) return report;
    for (const row of rows) {
      after = row.id;
      const head = await objects.head(row.objectKey!);
      const stored = head ? await sha256Of(await objects.get(row.objectKey!)) : undefined;
      if (!stored || stored.sha256 !== row.sha256 || BigInt(stored.size) !== row.size) {
        report.refused.push({ id: row.id, reason: stored ? `object ${row.objectKey} hashes to ${stored.sha256}, recorded ${row.sha256}` : `object ${row.objectKey} is missing` });
        continue;
      }
      const orgId = await orgOf(prisma, row.caseId);
      await prisma.$transaction(async (tx) => {
        const n = await tx.evidence.updateMany({ where: { id: row.id, objectKey: row.objectKey, sha256: row.sha256, content: { not: null } }, data: { content: null } });
        if (n.count === 1) {
          await appendAudit(tx, { actorKind: 'SYSTEM', action: 'evidence.move_verified', subjectType: 'Evidence', subjectId: row.id,
            caseId: row.caseId, orgId, data: { objectKey: row.objectKey, sha256: row.sha256 } });
        }
      });
      report.done++;
      log(`verified ${row.id}: ${row.objectKey} matches sha256 ${row.sha256}; bytes cleared from the database`);
    }
  }
}

/** Rows whose bytes are still only, or also, in the database: the column may be dropped when this is 0. */
export const legacyRowsLeft = (prisma: PrismaClient) => prisma.evidence.count({ where: { content: { not: null } } });
