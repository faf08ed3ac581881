import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection, type ConnectionOptions } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker, type LogLevel, type WorkerOptions } from '@temporalio/worker';
import type { Logger } from 'pino';
import { createActivities, type ActivityDeps } from '../activities/index.ts';
import { codecDataConverter, loadCodecKeys } from './codec-keys.ts';
import { loadConfig, type Config } from './config.ts';
import type { CodecKey } from './payload-codec.ts';
import { webhookSettings } from './webhook-settings.ts';
import { sealWebhookSecrets } from '../store/webhooks.ts';

/** WORKER_ACTIVITY_SLOTS when no configuration is passed (tests, bench): the config's default. */
const DEFAULT_ACTIVITY_SLOTS = 20;
import { workflowIdRecorder } from './request-context.ts';

export const workflowsPath = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../workflows/index.ts');

function tlsFrom(config: Config): ConnectionOptions['tls'] {
  if (!config.TEMPORAL_TLS_CERT_PATH && !config.TEMPORAL_TLS_CA_PATH && !config.TEMPORAL_API_KEY) return undefined;
  return {
    serverNameOverride: config.TEMPORAL_TLS_SERVER_NAME,
    serverRootCACertificate: config.TEMPORAL_TLS_CA_PATH ? readFileSync(config.TEMPORAL_TLS_CA_PATH) : undefined,
    clientCertPair: config.TEMPORAL_TLS_CERT_PATH && config.TEMPORAL_TLS_KEY_PATH
      ? { crt: readFileSync(config.TEMPORAL_TLS_CERT_PATH), key: readFileSync(config.TEMPORAL_TLS_KEY_PATH) }
      : undefined,
  };
}

export async function connectClient(config: Config, address = config.TEMPORAL_ADDRESS ?? 'localhost:7233'): Promise<Client> {
  const connection = await Connection.connect({ address, tls: tlsFrom(config), apiKey: config.TEMPORAL_API_KEY });
  return new Client({
    connection, namespace: config.TEMPORAL_NAMESPACE, interceptors: { workflow: [workflowIdRecorder] },
    dataConverter: codecDataConverter(loadCodecKeys(config)),
  });
}

/**
 * Routes the SDK's logs (worker, workflow `log`, activity `log`) into the one pino logger and,
 * given an address, serves Temporal's worker metrics for Prometheus there.
 * Call once per process, before the first connection.
 */
export function installTemporalLogging(logger: Logger, level: LogLevel = 'INFO', metricsAddress?: string): void {
  const method = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;
  Runtime.install({
    logger: new DefaultLogger(level, ({ level: l, message, meta }) => logger[method[l]](meta ?? {}, message)),
    ...(metricsAddress ? {
      telemetryOptions: { metrics: { prometheus: { bindAddress: metricsAddress, countersTotalSuffix: true, useSecondsForDurations: true } } },
    } : {}),
  });
}

export interface WorkerSetup extends ActivityDeps {
  address: string;
  namespace: string;
  taskQueue: string;
  config?: Config;
  /** Payload encryption keys (tests); otherwise from `config`, or from the environment. */
  codecKeys?: CodecKey[];
  /** A prebuilt bundle (tests, production); otherwise workflows are bundled from source. */
  workflowBundle?: WorkerOptions['workflowBundle'];
}

export async function createWorker(s: WorkerSetup): Promise<Worker> {
  const codecKeys = s.codecKeys ?? loadCodecKeys(s.config ?? loadConfig());
  // Webhook secrets stored in clear before they were sealed, or under a retired key: sealed now (store/webhooks.ts).
  await sealWebhookSecrets(s.prisma, codecKeys);
  const connection = await NativeConnection.connect({
    address: s.address, tls: s.config ? tlsFrom(s.config) : undefined, apiKey: s.config?.TEMPORAL_API_KEY,
  });
  return Worker.create({
    connection, namespace: s.namespace, taskQueue: s.taskQueue,
    // Every payload the worker sends to Temporal is encrypted (infra/payload-codec.ts).
    dataConverter: codecDataConverter(codecKeys),
    // A prebuilt bundle (`npm run build:workflows`) in production; source in development.
    ...(s.workflowBundle ? { workflowBundle: s.workflowBundle }
      : s.config?.WORKFLOW_BUNDLE_PATH ? { workflowBundle: { codePath: s.config.WORKFLOW_BUNDLE_PATH } } : { workflowsPath }),
    activities: createActivities({ ...s, codecKeys, webhooks: s.webhooks ?? (s.config ? webhookSettings(s.config) : undefined) }),
    // Bounded by the database pool (infra/config.ts dbPoolFor): an activity never waits for a connection.
    maxConcurrentActivityTaskExecutions: s.config?.WORKER_ACTIVITY_SLOTS ?? DEFAULT_ACTIVITY_SLOTS,
    ...(s.config?.WORKER_MAX_CACHED_WORKFLOWS !== undefined ? { maxCachedWorkflows: s.config.WORKER_MAX_CACHED_WORKFLOWS } : {}),
    // A versioned worker: every run moves to the current build at its next task (AUTO_UPGRADE, kept
    // compatible by patched() and the replay suite). No type is declared PINNED in workflow code: a
    // worker without a build id (dev, tests) then had every such workflow task refused by the server.
    ...(s.config?.WORKER_BUILD_ID ? {
      workerDeploymentOptions: {
        useWorkerVersioning: true, defaultVersioningBehavior: 'AUTO_UPGRADE' as const,
        version: { deploymentName: s.config.WORKER_DEPLOYMENT_NAME, buildId: s.config.WORKER_BUILD_ID },
      },
    } : {}),
  });
}
