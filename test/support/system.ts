import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import pg from 'pg';
import type { Logger } from 'pino';
import { inject } from 'vitest';
import { createApp } from '../../api/app.ts';
import type { AppDeps } from '../../api/deps.ts';
import { createPrisma } from '../../infra/db.ts';
import { createLogger } from '../../infra/logger.ts';
import { workflowIdRecorder } from '../../infra/request-context.ts';
import { createWorker } from '../../infra/temporal.ts';
import { codecDataConverter } from '../../infra/codec-keys.ts';
import { parseCodecKeys } from '../../infra/payload-codec.ts';
import { startTemporalDevServer, type TemporalDevServer } from '../../infra/temporal-dev-server.ts';
import { folderStorage, type EvidenceStorage } from '../../store/objects/index.ts';
import { RECORDING_RULES, type RecordingOverrides } from '../../rules/recording-steps.ts';
import type { WebhookSettings } from '../../infra/webhook-settings.ts';

const UNCONFIRMED_RECORDINGS_OFF: RecordingOverrides = Object.fromEntries(
  Object.values(RECORDING_RULES).filter((r) => !r.confirmed).map((r) => [r.id, { required: false }]),
);

/**
 * Starts a real worker (own task queue) and the real Express app against the shared servers.
 * `paymentChannelToken` is the payment channel's shared secret (X-Payment-Channel-Token);
 * by default a random one, returned on the system object. `ownTemporal` starts a private Temporal
 * dev server: for tests of what exists once per server (the city's review cycle, the certificate
 * Schedule), which another test file walking every route would otherwise start first.
 */
export async function startSystem(opts: {
  paymentChannelToken?: string; databaseUrl?: string; temporalAddress?: string; inProcessWorker?: boolean; logger?: Logger;
  ownTemporal?: boolean;
  /** UPDATE_DEADLINE_MS of the app (api/workflow-calls.ts); the default otherwise. */
  updateDeadlineMs?: number;
  /** Evidence files; by default a folder store in a temp dir removed on stop. */
  storage?: EvidenceStorage;
  /** Temporal UI origins allowed to call /codec/* (api/routes/codec.ts). */
  codecCorsOrigins?: string[];
  /**
   * RECORDING_OVERRIDES of the app. By default the unconfirmed 全过程音像记录 rows are off, so the
   * many tests that walk steps through the API need no recording for each; `{}` is production's
   * default, which test/integration/evidence-recording.test.ts runs with.
   */
  recordingOverrides?: RecordingOverrides;
  /** Webhook settings of the worker and the app (allow-list, short retry delays, poll). */
  webhooks?: WebhookSettings;
  /** Partner systems' token settings (api/client-tokens.ts); by default from the environment. */
  oauth?: AppDeps['oauth'];
} = {}) {
  const paymentChannelToken = opts.paymentChannelToken ?? `pct-${randomUUID()}`;
  const databaseUrl = opts.databaseUrl ?? inject('databaseUrl');
  let own: { server: TemporalDevServer; dir: string } | undefined;
  if (opts.ownTemporal) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'zhifa-own-temporal-'));
    own = { dir, server: await startTemporalDevServer({ dbFile: path.join(dir, 'temporal.db'), onLog: () => undefined }) };
  }
  const address = own?.server.address ?? opts.temporalAddress ?? inject('temporalAddress');
  const prisma = createPrisma(databaseUrl, 5);
  const taskQueue = `test-${randomUUID()}`;
  const codecKeys = parseCodecKeys(inject('codecKeys'));
  const makeWorker = () => createWorker({
    prisma, address, codecKeys, namespace: 'default', taskQueue, workflowBundle: { codePath: inject('workflowBundlePath') }, webhooks: opts.webhooks,
  });
  // Fault tests run the worker as a process of its own, to kill it.
  const inProcess = opts.inProcessWorker ?? true;
  let worker: Worker | undefined = inProcess ? await makeWorker() : undefined;
  let running: Promise<void> = worker ? worker.run() : Promise.resolve();
  const connection = await Connection.connect({ address });
  const temporal = new Client({ connection, namespace: 'default', interceptors: { workflow: [workflowIdRecorder] }, dataConverter: codecDataConverter(codecKeys) });
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const storageDir = opts.storage ? undefined : mkdtempSync(path.join(os.tmpdir(), 'zhifa-evidence-'));
  const storage = opts.storage ?? folderStorage(storageDir!);
  const app = createApp({
    prisma, temporal, taskQueue, logger: opts.logger ?? createLogger('silent'), sessionSecret: randomUUID() + randomUUID(), paymentChannelToken, storage,
    ...(opts.updateDeadlineMs ? { updateDeadlineMs: opts.updateDeadlineMs } : {}),
    codecKeys, codecCorsOrigins: opts.codecCorsOrigins, recordingOverrides: opts.recordingOverrides ?? UNCONFIRMED_RECORDINGS_OFF, webhooks: opts.webhooks,
    ...(opts.oauth ? { oauth: opts.oauth } : {}),
  }, pool);
  const server = app.listen(0, '127.0.0.1');
  await new Promise((ok) => server.once('listening', ok));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    baseUrl, prisma, temporal, taskQueue, databaseUrl, paymentChannelToken, temporalAddress: address, app, storage,
    /** Stops the worker and starts a fresh one, as after a crash or deploy. */
    async restartWorker() {
      worker?.shutdown();
      await running;
      worker = await makeWorker();
      running = worker.run();
    },
    async stop() {
      await new Promise((ok) => server.close(ok));
      worker?.shutdown();
      await running;
      await Promise.all([prisma.$disconnect(), pool.end(), connection.close()]);
      if (storageDir) rmSync(storageDir, { recursive: true, force: true });
      if (own) {
        await own.server.stop();
        rmSync(own.dir, { recursive: true, force: true });
      }
    },
  };
}
export type System = Awaited<ReturnType<typeof startSystem>>;

export interface Reply<T = any> { status: number; body: T }

/** A JSON API client signed in as a seeded demo user. */
export async function apiAs(baseUrl: string, username: string, password = process.env.ZHIFA_DEMO_PASSWORD ?? 'zhifa-demo-2026') {
  const call = async <T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> => {
    const res = await fetch(baseUrl + path, {
      method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  let token: string | undefined;
  const login = await call<{ token: string }>('POST', '/api/login', { username, password });
  if (login.status !== 201) throw new Error(`login ${username} failed: ${login.status} ${JSON.stringify(login.body)}`);
  token = login.body.token;
  return {
    token,
    get: <T = any>(path: string) => call<T>('GET', path),
    post: <T = any>(path: string, body?: unknown, headers?: Record<string, string>) => call<T>('POST', path, body ?? {}, headers),
  };
}
export type Api = Awaited<ReturnType<typeof apiAs>>;

/** Polls until `fn` returns a truthy value (workflows write the read model asynchronously). */
export async function eventually<T>(fn: () => Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
