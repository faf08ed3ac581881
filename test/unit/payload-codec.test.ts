import { defaultPayloadConverter } from '@temporalio/common';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEV_KEYS_FILE, loadCodecKeys } from '../../infra/codec-keys.ts';
import { loadConfig } from '../../infra/config.ts';
import { AesGcmPayloadCodec, ENCRYPTED_ENCODING, KEY_ID_METADATA, newCodecKey, parseCodecKeys } from '../../infra/payload-codec.ts';

const party = { kind: 'PERSON', name: '张三丰', idNumber: '530402199001011234', address: '玉溪市红塔区玉兴路1号' };
const text = (b?: Uint8Array | null) => Buffer.from(b ?? []).toString('utf8');

describe('payload codec (AES-256-GCM)', () => {
  it('encrypts a payload beyond recognition and names its key; decrypts it back', async () => {
    const key = newCodecKey('a');
    const codec = new AesGcmPayloadCodec([key]);
    const plain = defaultPayloadConverter.toPayload({ party });
    const [sealed] = await codec.encode([plain]);
    expect(text(sealed!.metadata!.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(text(sealed!.metadata![KEY_ID_METADATA])).toBe(key.id);
    for (const secret of [party.name, party.idNumber, party.address, 'json/plain']) expect(Buffer.from(sealed!.data!).includes(secret)).toBe(false);
    const [opened] = await codec.decode([sealed!]);
    expect(defaultPayloadConverter.fromPayload(opened!)).toEqual({ party });
  });

  it('after rotation the new key encrypts and the old one still decrypts; without the old key it is refused', async () => {
    const [old, rotated] = [newCodecKey('old'), newCodecKey('new')];
    const [underOld] = await new AesGcmPayloadCodec([old]).encode([defaultPayloadConverter.toPayload(party)]);
    const after = new AesGcmPayloadCodec([rotated, old]);
    expect(defaultPayloadConverter.fromPayload((await after.decode([underOld!]))[0]!)).toEqual(party);
    const [underNew] = await after.encode([defaultPayloadConverter.toPayload(party)]);
    expect(text(underNew!.metadata![KEY_ID_METADATA])).toBe(rotated.id);
    await expect(new AesGcmPayloadCodec([rotated]).decode([underOld!])).rejects.toThrow(`payload encrypted with key "${old.id}"`);
  });

  it('refuses a payload altered after encryption (the GCM tag)', async () => {
    const codec = new AesGcmPayloadCodec([newCodecKey()]);
    const [sealed] = await codec.encode([defaultPayloadConverter.toPayload(party)]);
    const data = Buffer.from(sealed!.data!);
    data[20] = data[20]! ^ 1;
    await expect(codec.decode([{ ...sealed!, data }])).rejects.toThrow(/unable to authenticate data/);
  });

  it('passes through payloads written before the codec', async () => {
    const plain = defaultPayloadConverter.toPayload('旧数据');
    expect(await new AesGcmPayloadCodec([newCodecKey()]).decode([plain])).toEqual([plain]);
  });

  it('reads keys as id:base64, refuses wrong lengths, repeated ids and empty lists', () => {
    const k = Buffer.alloc(32, 7).toString('base64');
    expect(parseCodecKeys(`k2:${k},\nk1:${k}`).map((x) => x.id)).toEqual(['k2', 'k1']);
    expect(() => parseCodecKeys(`k1:${Buffer.alloc(16).toString('base64')}`)).toThrow(/16 bytes, AES-256 needs 32/);
    expect(() => parseCodecKeys(`k1:${k},k1:${k}`)).toThrow(/appears twice/);
    expect(() => parseCodecKeys(' , ')).toThrow(/lists no key/);
    expect(() => parseCodecKeys(k)).toThrow(/id:base64key/);
  });

  it('production refuses a Temporal client or worker without keys (database-only scripts need none); development makes one key in DATA_DIR and keeps it', () => {
    expect(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32) }).NODE_ENV).toBe('production');
    expect(() => loadCodecKeys({ NODE_ENV: 'production', DATA_DIR: '.data' })).toThrow(/required in production/);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'zhifa-codec-keys-'));
    try {
      const first = loadCodecKeys({ NODE_ENV: 'development', DATA_DIR: dir });
      expect(loadCodecKeys({ NODE_ENV: 'development', DATA_DIR: dir })).toEqual(first);
      expect(readFileSync(path.join(dir, DEV_KEYS_FILE), 'utf8')).toMatch(/development only/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
