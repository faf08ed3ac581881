import { deflateSync } from 'node:zlib';
import * as tus from 'tus-js-client';

export interface Uploaded { id: string; url: string; sha256: string | null; status: number }

/** Uploads `data` with the real tus client, signed in by bearer token; `stopAt` aborts once that many bytes are accepted. */
export function tusUpload(baseUrl: string, token: string, data: Buffer, opts: {
  chunkSize?: number; filename?: string; uploadUrl?: string; stopAt?: number; onFirstChunk?: (accepted: number) => void;
} = {}): Promise<Uploaded & { aborted: boolean }> {
  return new Promise((resolve, reject) => {
    let first = true;
    const up: tus.Upload = new tus.Upload(data, {
      endpoint: `${baseUrl}/api/uploads`, uploadUrl: opts.uploadUrl, chunkSize: opts.chunkSize ?? Infinity, retryDelays: [],
      headers: { authorization: `Bearer ${token}` }, metadata: { filename: opts.filename ?? 'file.bin' },
      onChunkComplete: (_size, accepted) => {
        if (first) opts.onFirstChunk?.(accepted);
        first = false;
        if (opts.stopAt !== undefined && accepted >= opts.stopAt) {
          void up.abort().then(() => resolve({ id: up.url!.split('/').pop()!, url: up.url!, sha256: null, status: 0, aborted: true }));
        }
      },
      onSuccess: (p) => resolve({
        id: up.url!.split('/').pop()!, url: up.url!, sha256: p.lastResponse.getHeader('Upload-SHA256') ?? null, status: p.lastResponse.getStatus(), aborted: false,
      }),
      onError: (e) => reject(e),
    });
    up.start();
  });
}

/** The status and body a tus upload was refused with (DetailedError), or undefined if it succeeded. */
export async function tusRefusal(baseUrl: string, token: string, data: Buffer): Promise<{ status: number; body: string } | undefined> {
  try {
    await tusUpload(baseUrl, token, data);
    return undefined;
  } catch (e) {
    const res = (e as tus.DetailedError).originalResponse;
    return { status: res?.getStatus() ?? 0, body: res?.getBody() ?? String(e) };
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (b: Buffer) => { let c = 0xffffffff; for (const x of b) c = crcTable[(c ^ x) & 0xff]! ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
const chunk = (type: string, body: Buffer) => {
  const len = Buffer.alloc(4); len.writeUInt32BE(body.length);
  const tb = Buffer.concat([Buffer.from(type, 'ascii'), body]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(tb));
  return Buffer.concat([len, tb, crc]);
};

/** A real PNG (w×h, one colour), made here so no fixture file is needed. */
export function makePng(w = 64, h = 48, rgb: [number, number, number] = [200, 40, 40]): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4); ihdr[8] = 8; ihdr[9] = 2; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  const row = Buffer.concat([Buffer.from([0]), Buffer.concat(Array.from({ length: w }, () => Buffer.from(rgb)))]);
  const raw = Buffer.concat(Array.from({ length: h }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** `size` bytes that file-type reads as video/mp4 (an ISO BMFF `ftyp` box, then filler). */
export function makeMp4Like(size: number, seed = 1): Buffer {
  const b = Buffer.alloc(size);
  let x = seed;
  for (let i = 0; i < size; i += 4) { x = (x * 1103515245 + 12345) >>> 0; b.writeUInt32LE(x, Math.min(i, size - 4)); }
  Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex').copy(b, 0);
  return b;
}
