import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { ObjectExists } from '../../store/objects/index.ts';
import type { AppDeps } from '../deps.ts';

// Referral and reconsideration attachments (a few MB, sent as base64) go to the object store like
// case evidence (issue 22), never to the `Evidence.content` bytea column, so that the column can
// be dropped once `npm run evidence:move` has emptied it (README, "Evidence storage").

export const attachmentKeyOf = (evidenceId: string) => `evidence/attachments/${evidenceId}`;

async function sha256Of(stream: Readable): Promise<string> {
  const h = createHash('sha256');
  for await (const c of stream) h.update(c as Buffer);
  return h.digest('hex');
}

function objectsOf(deps: AppDeps) {
  if (!deps.storage) throw new Error('evidence storage not configured (api/app.ts sets deps.storage)');
  return deps.storage.objects;
}

/**
 * Writes the bytes once under the row's key and returns the key. The key follows from the content
 * (the row id is a hash of it), so a retry finds the object there: it is re-hashed, not rewritten.
 */
export async function storeAttachment(deps: AppDeps, evidenceId: string, bytes: Buffer, mimeType: string, sha256: string): Promise<string> {
  const objects = objectsOf(deps);
  const key = attachmentKeyOf(evidenceId);
  try {
    const stored = await objects.put(key, Readable.from([bytes]), mimeType);
    if (stored.sha256 !== sha256) throw new Error(`attachment ${evidenceId}: stored bytes hash to ${stored.sha256}, expected ${sha256}`);
  } catch (e) {
    if (!(e instanceof ObjectExists)) throw e;
    const there = await sha256Of(await objects.get(key));
    if (there !== sha256) throw new Error(`attachment ${evidenceId}: the object already at ${key} hashes to ${there}, expected ${sha256}`);
  }
  return key;
}

/** An attachment's bytes: from the store, or from the row for one written before the store. */
export async function readAttachment(deps: AppDeps, e: { objectKey: string | null; content: Uint8Array | null }): Promise<Readable> {
  if (e.objectKey) return objectsOf(deps).get(e.objectKey);
  return Readable.from([Buffer.from(e.content!)]);
}
