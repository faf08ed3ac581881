// Evidence uploads (issue 22, "Benchmarks"): a body-camera-sized file through the API's tus
// endpoint against the same bytes written straight to the backend, and the API's resident memory
// while it runs — for the folder backend and for S3 on a real SeaweedFS (infra/seaweedfs.ts).
// Each backend gets an API process of its own (bench/system.ts), so its RSS is that upload's alone.
// The bytes come from a seeded stream (AES-CTR keystream behind an MP4 `ftyp` box): never a file
// in the repo and never held whole in memory, on either side.
import { createCipheriv, createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { startSeaweedFs, type SeaweedFs } from '../infra/seaweedfs.ts';
import { folderStorage, s3Storage, type EvidenceStorage } from '../store/objects/index.ts';
import { processMemory } from './procs.ts';
import { round } from './stats.ts';
import { startPart, type Part } from './system.ts';

export const UPLOAD_BYTES_FULL = 2 * 1024 ** 3;
export const UPLOAD_BYTES_QUICK = 64 * 1024 ** 2;
/** What a phone or a desktop page sends per PATCH (tus-js-client's chunkSize in the page is of this order). */
const PATCH_BYTES = 64 * 1024 ** 2;
const MP4_HEAD = Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex');

export interface UploadSide {
  backend: 'folder' | 's3';
  bytes: number;
  apiSeconds: number;
  directSeconds: number;
  apiMBps: number;
  directMBps: number;
  /** API time over direct time (how many times longer the API takes; 1 = no overhead). */
  ratio: number;
  rssBeforeMb: number;
  rssPeakMb: number;
  rssGrowthMb: number;
  /** The SHA-256 the API recorded equals the one the direct write took of the same bytes. */
  sameHash: boolean;
}

export interface UploadBenchResult {
  bytes: number;
  folder: UploadSide | null;
  s3: UploadSide | null;
  errors: Partial<Record<'folder' | 's3', string>>;
}

/** `length` bytes of the seeded stream from `start` (a multiple of 16): AES-CTR, so any slice is cheap to regenerate. */
export function seededBytes(seed: string, start: number, length: number): Readable {
  if (start % 16) throw new Error('start must be a multiple of 16');
  const key = createHash('sha256').update(`zhifa-bench-upload:${seed}`).digest().subarray(0, 16);
  const iv = Buffer.alloc(16);
  iv.writeBigUInt64BE(BigInt(start / 16), 8);
  const cipher = createCipheriv('aes-128-ctr', key, iv);
  const zeros = Buffer.alloc(1024 * 1024);
  let at = start;
  const end = start + length;
  return new Readable({
    read() {
      if (at >= end) return void this.push(null);
      const n = Math.min(zeros.length, end - at);
      const b = cipher.update(zeros.subarray(0, n));
      // The first bytes make it a video/mp4 to file-type, as a body camera's file is.
      if (at < MP4_HEAD.length) MP4_HEAD.subarray(at, Math.min(MP4_HEAD.length, at + n)).copy(b, 0);
      at += n;
      this.push(b);
    },
  });
}

function request(url: string, method: string, headers: Record<string, string>, body?: Readable): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    if (body) body.pipe(req); else req.end();
  });
}

/** A tus upload (create, then PATCHes of PATCH_BYTES), as tus-js-client sends it; resolves with the API's SHA-256. */
async function tusUpload(baseUrl: string, token: string, seed: string, size: number): Promise<string> {
  const auth = { authorization: `Bearer ${token}`, 'tus-resumable': '1.0.0' };
  const created = await request(`${baseUrl}/api/uploads`, 'POST', {
    ...auth, 'upload-length': String(size), 'upload-metadata': `filename ${Buffer.from('执法记录仪-bench.mp4').toString('base64')}`, 'content-length': '0',
  });
  if (created.status !== 201) throw new Error(`tus create: ${created.status} ${created.text.slice(0, 200)}`);
  const location = created.headers.location!;
  const url = location.startsWith('http') ? location : baseUrl + location;
  let sha = '';
  for (let offset = 0; offset < size; offset += PATCH_BYTES) {
    const n = Math.min(PATCH_BYTES, size - offset);
    const r = await request(url, 'PATCH', {
      ...auth, 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream', 'content-length': String(n),
    }, seededBytes(seed, offset, n));
    if (r.status !== 204) throw new Error(`tus PATCH at ${offset}: ${r.status} ${r.text.slice(0, 200)}`);
    sha = String(r.headers['upload-sha256'] ?? '');
  }
  return sha;
}

/** Samples the process's RSS until stopped; the peak includes the kernel's high-water mark if it rose meanwhile. */
function watchRss(pid: number) {
  const before = processMemory(pid);
  let peak = before?.rssMb ?? 0;
  const timer = setInterval(() => { peak = Math.max(peak, processMemory(pid)?.rssMb ?? 0); }, 50);
  return {
    before: before?.rssMb ?? 0,
    stop() {
      clearInterval(timer);
      const after = processMemory(pid);
      if (after?.peakRssMb !== undefined && before?.peakRssMb !== undefined && after.peakRssMb > before.peakRssMb) peak = Math.max(peak, after.peakRssMb);
      return Math.max(peak, after?.rssMb ?? 0);
    },
  };
}

async function login(baseUrl: string, username: string, password: string): Promise<string> {
  const r = await fetch(`${baseUrl}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (!r.ok) throw new Error(`login as ${username}: ${r.status}`);
  return ((await r.json()) as { token: string }).token;
}

async function measureSide(o: {
  backend: 'folder' | 's3'; bytes: number; env: Record<string, string>; storage: EvidenceStorage;
  databaseUrl: string; temporalAddress: string; namespace: string; password: string; log: (l: string) => void;
}): Promise<UploadSide> {
  const api: Part = await startPart({
    role: 'api', databaseUrl: o.databaseUrl, temporalAddress: o.temporalAddress, namespace: o.namespace, taskQueue: 'bench-upload', logLevel: 'warn',
  }, o.log, o.env);
  try {
    const token = await login(`http://127.0.0.1:${api.port}`, 'hongta.handler1', o.password);
    const base = `http://127.0.0.1:${api.port}`;
    // One small upload first, so the modules the upload path loads are not counted as growth.
    await tusUpload(base, token, `${o.backend}-warmup`, 4 * 1024 * 1024);
    await new Promise((r) => setTimeout(r, 1000));
    const rss = watchRss(api.pid);
    o.log(`upload ${o.backend}: ${round(o.bytes / 2 ** 20)} MB through the API (tus, ${PATCH_BYTES / 2 ** 20} MB PATCHes)`);
    let t = performance.now();
    const apiSha = await tusUpload(base, token, o.backend, o.bytes);
    const apiSeconds = (performance.now() - t) / 1000;
    const rssPeakMb = rss.stop();
    o.log(`upload ${o.backend}: the same bytes straight to the store (ObjectStore.put: hashed, written once)`);
    t = performance.now();
    const direct = await o.storage.objects.put(`bench/direct-${o.backend}-${Date.now()}`, seededBytes(o.backend, 0, o.bytes), 'video/mp4');
    const directSeconds = (performance.now() - t) / 1000;
    const mb = o.bytes / 2 ** 20;
    return {
      backend: o.backend, bytes: o.bytes, apiSeconds: round(apiSeconds, 2), directSeconds: round(directSeconds, 2),
      apiMBps: round(mb / apiSeconds, 1), directMBps: round(mb / directSeconds, 1), ratio: round(apiSeconds / directSeconds),
      rssBeforeMb: rss.before, rssPeakMb, rssGrowthMb: round(rssPeakMb - rss.before, 1), sameHash: apiSha === direct.sha256,
    };
  } finally {
    await api.stop();
  }
}

export async function measureUploadBench(o: {
  quick: boolean; databaseUrl: string; temporalAddress: string; namespace: string; log: (l: string) => void; password?: string; bytes?: number;
}): Promise<UploadBenchResult> {
  const bytes = o.bytes ?? (o.quick ? UPLOAD_BYTES_QUICK : UPLOAD_BYTES_FULL);
  const password = o.password ?? process.env.ZHIFA_DEMO_PASSWORD ?? 'zhifa-demo-2026';
  const common = { bytes, databaseUrl: o.databaseUrl, temporalAddress: o.temporalAddress, namespace: o.namespace, password, log: o.log };
  const result: UploadBenchResult = { bytes, folder: null, s3: null, errors: {} };
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'zhifa-bench-upload-'));
  try {
    try {
      const dir = path.join(tmp, 'folder');
      result.folder = await measureSide({ ...common, backend: 'folder', env: { EVIDENCE_STORE: 'folder', DATA_DIR: dir }, storage: folderStorage(path.join(tmp, 'direct')) });
    } catch (e) {
      result.errors.folder = (e as Error).message;
      o.log(`upload folder: failed: ${(e as Error).message}`);
    }
    rmSync(path.join(tmp, 'folder'), { recursive: true, force: true });
    rmSync(path.join(tmp, 'direct'), { recursive: true, force: true });
    let weed: SeaweedFs | undefined;
    try {
      o.log('upload s3: starting SeaweedFS');
      weed = await startSeaweedFs({ dir: path.join(tmp, 'weed'), maxVolumes: 0 });
      await weed.createBucket('zhifa-bench');
      const creds = weed.client.credentials as { accessKeyId: string; secretAccessKey: string };
      result.s3 = await measureSide({
        ...common, backend: 's3', storage: s3Storage('zhifa-bench', 'direct/', weed.client),
        env: {
          EVIDENCE_STORE: 's3', S3_BUCKET: 'zhifa-bench', S3_ENDPOINT: weed.endpoint, S3_REGION: 'us-east-1', S3_FORCE_PATH_STYLE: 'true',
          S3_ACCESS_KEY_ID: creds.accessKeyId, S3_SECRET_ACCESS_KEY: creds.secretAccessKey, DATA_DIR: path.join(tmp, 's3-data'),
        },
      });
    } catch (e) {
      result.errors.s3 = (e as Error).message;
      o.log(`upload s3: failed: ${(e as Error).message}`);
    } finally {
      await weed?.stop();
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  for (const s of [result.folder, result.s3]) {
    if (s) o.log(`upload ${s.backend}: API ${s.apiMBps} MB/s vs direct ${s.directMBps} MB/s = ${s.ratio}×; API RSS +${s.rssGrowthMb} MB (${s.rssBeforeMb} → ${s.rssPeakMb}); same hash: ${s.sameHash}`);
  }
  return result;
}
