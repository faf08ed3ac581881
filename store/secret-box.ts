// Secrets Zhifa must read back, sealed at rest (issue 24 with issue 19's key ring). A webhook's
// signing secret cannot be hashed like a client secret: Standard Webhooks signs with a shared key
// (HMAC), so the worker needs the key itself. What a database dump shows is this instead:
//
//   enc:v1:<keyId>:<iv b64url>:<tag b64url>:<ciphertext b64url>
//
// AES-256-GCM under the payload codec's key ring (infra/codec-keys.ts: TEMPORAL_CODEC_KEYS, the
// first key seals, every listed key still opens), so keys rotate the same way and no second key
// variable exists. The AES key is derived from the ring's key by HKDF with this purpose as info,
// so that a payload key is never used as-is for a second kind of data. The row's own id is the
// additional authenticated data: a sealed secret copied onto another row does not open there.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** A key of the payload codec's ring (infra/payload-codec.ts SealingKey), as the store receives it. */
export interface SealingKey { id: string; key: Buffer }

const PREFIX = 'enc:v1:';
const INFO = 'zhifa secret at rest v1';
const IV_BYTES = 12; // NIST SP 800-38D §8.2

const derived = new WeakMap<Buffer, Buffer>();
function aesKey(k: SealingKey): Buffer {
  let key = derived.get(k.key);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', k.key, Buffer.alloc(0), INFO, 32));
    derived.set(k.key, key);
  }
  return key;
}

export const isSealed = (stored: string) => stored.startsWith(PREFIX);

/** Seals `plain` under the ring's first key, bound to `context` (the row's id). */
export function sealSecret(keys: readonly SealingKey[], plain: string, context: string): string {
  const k = keys[0];
  if (!k) throw new Error('sealSecret needs at least one key');
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', aesKey(k), iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `${PREFIX}${k.id}:${iv.toString('base64url')}:${cipher.getAuthTag().toString('base64url')}:${ct.toString('base64url')}`;
}

export class SecretUnreadableError extends Error {}

/**
 * The secret a stored value holds. A value stored in clear (written before sealing existed) is
 * returned as it is, so nothing breaks before the start-up step has sealed it.
 */
export function openSecret(keys: readonly SealingKey[], stored: string, context: string): string {
  if (!isSealed(stored)) return stored;
  const [id, iv, tag, ct, extra] = stored.slice(PREFIX.length).split(':');
  if (!id || iv === undefined || tag === undefined || ct === undefined || extra !== undefined) throw new SecretUnreadableError('密文格式不正确');
  const k = keys.find((x) => x.id === id);
  if (!k) throw new SecretUnreadableError(`密文所用的密钥 ${id} 不在 TEMPORAL_CODEC_KEYS 之中`);
  try {
    // authTagLength: Node otherwise accepts a tag cut to 4 bytes, which is easier to forge.
    const decipher = createDecipheriv('aes-256-gcm', aesKey(k), Buffer.from(iv, 'base64url'), { authTagLength: 16 });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretUnreadableError('密文无法解密（已被改动，或不属于这一记录）');
  }
}
