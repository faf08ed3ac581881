import { describe, expect, it } from 'vitest';
import { newCodecKey } from '../../infra/payload-codec.ts';
import { isSealed, openSecret, sealSecret, SecretUnreadableError } from '../../store/secret-box.ts';

// Webhook signing secrets sealed at rest with the payload codec's key ring (store/secret-box.ts).
const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const [a, b] = [newCodecKey('a'), newCodecKey('b')];

describe('secrets sealed at rest', () => {
  it('seals under the first key of the ring, naming it, without the secret in the stored text', () => {
    const stored = sealSecret([a, b], secret, 'whs_1');
    expect(stored.startsWith(`enc:v1:${a.id}:`)).toBe(true);
    expect(stored).not.toContain(secret.slice('whsec_'.length));
    expect(isSealed(stored)).toBe(true);
    expect(openSecret([a, b], stored, 'whs_1')).toBe(secret);
    // A fresh IV each time: the same secret never seals to the same text.
    expect(sealSecret([a], secret, 'whs_1')).not.toBe(sealSecret([a], secret, 'whs_1'));
  });

  it('a rotated ring still opens what the old first key sealed; a ring without that key cannot', () => {
    const old = sealSecret([a], secret, 'whs_1');
    expect(openSecret([b, a], old, 'whs_1')).toBe(secret);
    expect(() => openSecret([b], old, 'whs_1')).toThrow(SecretUnreadableError);
    expect(() => openSecret([b], old, 'whs_1')).toThrow(new RegExp(`密钥 ${a.id} 不在`));
  });

  it('a value stored in clear (before sealing existed) is read as it is', () => {
    expect(isSealed(secret)).toBe(false);
    expect(openSecret([a], secret, 'whs_1')).toBe(secret);
  });

  it('refuses a sealed value moved to another row, altered, or with its tag cut short', () => {
    const stored = sealSecret([a], secret, 'whs_1');
    expect(() => openSecret([a], stored, 'whs_2')).toThrow(/无法解密/);
    const parts = stored.split(':');
    const ct = Buffer.from(parts[5]!, 'base64url');
    ct[0]! ^= 1;
    expect(() => openSecret([a], [...parts.slice(0, 5), ct.toString('base64url')].join(':'), 'whs_1')).toThrow(/无法解密/);
    const shortTag = Buffer.from(parts[4]!, 'base64url').subarray(0, 4).toString('base64url');
    expect(() => openSecret([a], [...parts.slice(0, 4), shortTag, parts[5]].join(':'), 'whs_1')).toThrow(/无法解密/);
    expect(() => openSecret([a], `${stored}:extra`, 'whs_1')).toThrow(/格式不正确/);
  });
});
