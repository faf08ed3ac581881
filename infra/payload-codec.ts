// Encryption of every payload Temporal stores (workflow inputs, update arguments, results,
// activity arguments): a workflow history holds parties' resident ID numbers, names and addresses,
// and whoever reads the Temporal UI or its database must not read them (issue 19 item 2).
// AES-256-GCM with the key's id in the payload's metadata, so that keys can rotate: the first key
// encrypts, every listed key still decrypts what was written under it.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, ValueError, type Payload, type PayloadCodec } from '@temporalio/common';
// A CommonJS module whose named exports Node's ESM loader cannot see (the worker runs under plain Node + tsx).
import protos from '@temporalio/proto';

const { temporal } = protos;

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
const IV_BYTES = 12; // GCM's recommended nonce size (NIST SP 800-38D §8.2)
const TAG_BYTES = 16;

export interface CodecKey { id: string; key: Buffer }

const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
const text = (b: Uint8Array | null | undefined) => (b ? Buffer.from(b).toString('utf8') : undefined);

/**
 * Keys written as `id:base64key,id:base64key,...` (commas or new lines between them); the first
 * encrypts. Each key is 32 bytes (AES-256); ids are short names that never change meaning.
 */
export function parseCodecKeys(spec: string, source = 'TEMPORAL_CODEC_KEYS'): CodecKey[] {
  const keys = spec.split(/[,\n]/).map((s) => s.trim()).filter((s) => s && !s.startsWith('#')).map((entry) => {
    const at = entry.indexOf(':');
    const id = entry.slice(0, at).trim();
    if (at <= 0 || !/^[\w.-]{1,64}$/.test(id)) throw new Error(`Invalid configuration: ${source}: each key is id:base64key (id of letters, digits, _ . -)`);
    const key = Buffer.from(entry.slice(at + 1).trim(), 'base64');
    if (key.length !== 32) throw new Error(`Invalid configuration: ${source}: key "${id}" is ${key.length} bytes, AES-256 needs 32`);
    return { id, key };
  });
  if (!keys.length) throw new Error(`Invalid configuration: ${source} lists no key`);
  const ids = keys.map((k) => k.id);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice) throw new Error(`Invalid configuration: ${source}: key id "${twice}" appears twice`);
  return keys;
}

export const formatCodecKeys = (keys: CodecKey[]) => keys.map((k) => `${k.id}:${k.key.toString('base64')}`).join(',');

/** A fresh key with an id that says when it was made (ids must not repeat across rotations). */
export function newCodecKey(prefix = 'k'): CodecKey {
  return { id: `${prefix}-${new Date().toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(3).toString('hex')}`, key: randomBytes(32) };
}

export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly byId: Map<string, Buffer>;
  private readonly current: CodecKey;

  constructor(keys: CodecKey[]) {
    if (!keys.length) throw new Error('AesGcmPayloadCodec needs at least one key');
    this.current = keys[0]!;
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: { [METADATA_ENCODING_KEY]: utf8(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: utf8(this.current.id) },
        data: new Uint8Array(sealed),
      };
    });
  }

  /** Payloads not encrypted (written before the codec, or by Temporal itself) pass through unchanged. */
  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (text(payload.metadata?.[METADATA_ENCODING_KEY]) !== ENCRYPTED_ENCODING) return payload;
      const id = text(payload.metadata?.[KEY_ID_METADATA]);
      const key = id === undefined ? undefined : this.byId.get(id);
      if (!key) throw new ValueError(`payload encrypted with key "${id ?? '(none)'}", which is not among the configured codec keys`);
      const data = Buffer.from(payload.data ?? new Uint8Array());
      if (data.length < IV_BYTES + TAG_BYTES) throw new ValueError('encrypted payload too short');
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
      return temporal.api.common.v1.Payload.decode(plain);
    });
  }
}
