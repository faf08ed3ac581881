// A private SeaweedFS (master, volume, filer and S3 gateway in one `weed server`) in a folder
// of its own, on free ports: the real S3 server the evidence store's S3 backend is tested
// against (issue 22). Nothing of it is reachable beyond 127.0.0.1.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { CreateBucketCommand, ListBucketsCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { freePort } from './ports.ts';
import { resolveWeed } from './tools.ts';

export interface SeaweedFs {
  endpoint: string;
  /** Client settings for this server (any key works: no identities are configured). */
  client: S3ClientConfig;
  createBucket(name: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * `maxVolumes`: weed's `-volume.max` (default 8 volumes of 64 MB, room for about 500 MB); 0 sizes it
 * by the free disk space, for the upload bench's 2 GB (written twice: the tus parts, then the object).
 */
export async function startSeaweedFs(opts: { dir: string; onLog?: (line: string) => void; maxVolumes?: number }): Promise<SeaweedFs> {
  const weed = await resolveWeed();
  mkdirSync(opts.dir, { recursive: true });
  const [master, masterGrpc, volume, volumeGrpc, filer, filerGrpc, s3, s3Grpc] = await Promise.all(Array.from({ length: 8 }, () => freePort()));
  const args = [
    'server', `-dir=${opts.dir}`, '-ip=127.0.0.1', '-ip.bind=127.0.0.1', '-master.telemetry=false', '-master.volumeSizeLimitMB=64',
    `-master.port=${master}`, `-master.port.grpc=${masterGrpc}`, `-volume.port=${volume}`, `-volume.port.grpc=${volumeGrpc}`,
    `-volume.max=${opts.maxVolumes ?? 8}`, '-filer', `-filer.port=${filer}`, `-filer.port.grpc=${filerGrpc}`,
    '-s3', `-s3.port=${s3}`, `-s3.port.grpc=${s3Grpc}`, '-s3.port.iceberg=0', '-s3.port.lance=0',
  ];
  // weed reads DEBUG as its own -debug flag (and then refuses to start): not ours to pass on.
  const { DEBUG: _debug, ...env } = process.env;
  const child = spawn(weed, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  let tail = '';
  const onData = (d: Buffer) => {
    tail = (tail + d.toString()).slice(-4000);
    opts.onLog?.(d.toString());
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const endpoint = `http://127.0.0.1:${s3}`;
  const client: S3ClientConfig = {
    endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'zhifa-test', secretAccessKey: 'zhifa-test-secret' },
  };
  const s3c = new S3Client(client);
  const stop = async () => {
    s3c.destroy();
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    }
  };
  // Up when the gateway answers and the volume server has joined (a write needs both).
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`weed server exited with ${child.exitCode}:\n${tail}`);
    const ok = await s3c.send(new ListBucketsCommand({})).then(() => true, () => false);
    if (ok) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`SeaweedFS did not answer on ${endpoint} within 90s:\n${tail}`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return {
    endpoint, client, stop,
    async createBucket(name: string) {
      // The master may still be assigning its first volume: retry a little.
      for (let i = 0; ; i++) {
        try {
          await s3c.send(new CreateBucketCommand({ Bucket: name }));
          return;
        } catch (e) {
          if (i > 50) throw e;
          await new Promise((r) => setTimeout(r, 300));
        }
      }
    },
  };
}
