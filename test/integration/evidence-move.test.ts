import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createPrisma } from '../../infra/db.ts';
import { startSeaweedFs, type SeaweedFs } from '../../infra/seaweedfs.ts';
import { FolderObjectStore, S3ObjectStore, type ObjectStore } from '../../store/objects/index.ts';
import { copyLegacyEvidence, legacyKeyOf, verifyLegacyEvidence } from '../../store/objects/legacy-move.ts';
import { makeMp4Like, makePng } from '../support/uploads.ts';

// The move of evidence kept in the `bytea` column to the object store (issue 22): identical
// hashes, resumable after a crash, bytes cleared from the database only after re-hashing.
const prisma = createPrisma(inject('databaseUrl'), 2);
const dir = mkdtempSync(path.join(os.tmpdir(), 'zhifa-move-'));
let weed: SeaweedFs;
beforeAll(async () => {
  weed = await startSeaweedFs({ dir: path.join(dir, 'weed') });
  await weed.createBucket('zhifa-move');
}, 300_000);
afterAll(async () => {
  await weed?.stop();
  await prisma.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const readAll = async (s: NodeJS.ReadableStream) => { const p: Buffer[] = []; for await (const c of s) p.push(c as Buffer); return Buffer.concat(p); };

/** Legacy rows as the 8 MB base64 upload wrote them: bytes, type and hash in the row, no object. */
async function legacyRows(caseId: string) {
  const files = [makePng(64, 48), makePng(320, 240, [10, 120, 30]), makeMp4Like(7 * 1024 * 1024 + 3, 11), makeMp4Like(100_001, 5)];
  const rows = files.map((b, i) => ({
    id: `legacy-${randomUUID()}`, caseId, kind: i < 2 ? 'PHOTO' : 'VIDEO', description: `旧版证据文件 ${i + 1}`, fileName: `old-${i}.bin`,
    mimeType: i < 2 ? 'image/png' : 'video/mp4', size: BigInt(b.length), sha256: sha(b), content: new Uint8Array(b), collectedById: 'legacy-test',
  }));
  await prisma.evidence.createMany({ data: rows });
  return rows.map((r, i) => ({ id: r.id, bytes: files[i]!, sha256: r.sha256 }));
}

/** A store that fails after `n` writes, as a crash of the command half way would leave things. */
const failingAfter = (store: ObjectStore, n: number): ObjectStore => {
  let left = n;
  return { kind: store.kind, head: (k) => store.head(k), get: (k, r) => store.get(k, r),
    put: async (k, b, t) => { if (left-- <= 0) throw new Error('connection reset (simulated crash)'); return store.put(k, b, t); } };
};

const backends: [string, () => ObjectStore][] = [
  ['folder', () => new FolderObjectStore(path.join(dir, 'folder'))],
  ['s3 (SeaweedFS)', () => new S3ObjectStore({ bucket: 'zhifa-move', prefix: 'evidence/', client: weed.client })],
];

describe.each(backends)('moving bytea evidence to the store: %s', (_name, make) => {
  it('copies with identical hashes, resumes after a crash, and clears the column only after re-hashing', async () => {
    const store = make();
    const caseId = `move-case-${randomUUID()}`;
    const rows = await legacyRows(caseId);
    const mine = (ids: { id: string }[]) => ids.filter((r) => rows.some((x) => x.id === r.id));

    // A crash after two objects: the rows not done keep their bytes and have no key.
    await expect(copyLegacyEvidence(prisma, failingAfter(store, 2))).rejects.toThrow(/simulated crash/);
    // A crash between writing an object and updating its row: the object exists, the row has no key.
    const pending = await prisma.evidence.findMany({ where: { caseId, objectKey: null }, orderBy: { id: 'asc' } });
    expect(pending.length).toBeGreaterThan(0);
    const orphan = rows.find((r) => r.id === pending[0]!.id)!;
    const { Readable } = await import('node:stream');
    await store.put(legacyKeyOf(orphan.id), Readable.from([orphan.bytes]), 'image/png');

    const resumed = await copyLegacyEvidence(prisma, store);
    expect(mine(resumed.refused)).toEqual([]);
    const copied = await prisma.evidence.findMany({ where: { caseId } });
    for (const r of copied) {
      expect(r.objectKey).toBe(legacyKeyOf(r.id));
      // Pass 1 keeps the bytes in the row: nothing is cleared before the second re-hash.
      expect(r.content).not.toBeNull();
    }

    const verified = await verifyLegacyEvidence(prisma, store);
    expect(mine(verified.refused)).toEqual([]);
    for (const r of rows) {
      const after = await prisma.evidence.findUniqueOrThrow({ where: { id: r.id } });
      expect(after).toMatchObject({ sha256: r.sha256, size: BigInt(r.bytes.length), content: null, objectKey: legacyKeyOf(r.id) });
      // The hash of what the store now holds, taken here from its bytes, is the row's unchanged hash.
      expect(sha(await readAll(await store.get(after.objectKey!)))).toBe(r.sha256);
    }
    const audit = await prisma.auditEvent.findMany({ where: { caseId, action: { in: ['evidence.moved', 'evidence.move_verified'] } } });
    expect(audit.filter((a) => a.action === 'evidence.moved').map((a) => a.subjectId).sort()).toEqual(rows.map((r) => r.id).sort());
    expect(audit.filter((a) => a.action === 'evidence.move_verified')).toHaveLength(rows.length);
    // Run again: nothing left to do, nothing written twice.
    const again = await copyLegacyEvidence(prisma, store);
    expect(await prisma.evidence.count({ where: { caseId, content: { not: null } } })).toBe(0);
    expect(mine((await verifyLegacyEvidence(prisma, store)).refused)).toEqual([]);
    expect(mine(again.refused)).toEqual([]);
    expect(await prisma.auditEvent.count({ where: { caseId, action: 'evidence.moved' } })).toBe(rows.length);
  });

  it('leaves a row whose bytes do not match its recorded hash where it is, and says so', async () => {
    const store = make();
    const caseId = `move-case-${randomUUID()}`;
    const id = `legacy-${randomUUID()}`;
    const bytes = makePng(10, 10);
    await prisma.evidence.create({ data: { id, caseId, kind: 'PHOTO', description: '哈希不符的旧版证据', mimeType: 'image/png', size: BigInt(bytes.length),
      sha256: sha(Buffer.from('something else')), content: new Uint8Array(bytes), collectedById: 'legacy-test' } });
    const report = await copyLegacyEvidence(prisma, store);
    expect(report.refused.find((r) => r.id === id)?.reason).toMatch(/recorded/);
    expect(await prisma.evidence.findUniqueOrThrow({ where: { id } })).toMatchObject({ objectKey: null, content: new Uint8Array(bytes) });
    expect(await store.head(legacyKeyOf(id))).toBeUndefined();
  });
});
