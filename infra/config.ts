import { z } from 'zod';
import { withOverrides, type DeadlineOverrides } from '../rules/deadlines.ts';
import { withRecordingOverrides, type RecordingOverrides } from '../rules/recording-steps.ts';
import { withThresholdOverrides, type ThresholdOverrides } from '../rules/thresholds.ts';

// One parse of the environment at start-up, shared by API, worker and scripts.
// Never imported by workflows/ (they must not read the environment).
const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  DATABASE_URL: z.string().url().optional(),
  TEMPORAL_ADDRESS: z.string().optional(),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('zhifa'),
  TEMPORAL_TLS_CERT_PATH: z.string().optional(),
  TEMPORAL_TLS_KEY_PATH: z.string().optional(),
  TEMPORAL_TLS_CA_PATH: z.string().optional(),
  TEMPORAL_TLS_SERVER_NAME: z.string().optional(),
  TEMPORAL_API_KEY: z.string().optional(),
  // Payload encryption keys (infra/payload-codec.ts): `id:base64key,...`, the first encrypts; or a
  // file holding the same. Required in production; elsewhere a dev key is made in DATA_DIR.
  TEMPORAL_CODEC_KEYS: z.string().optional(),
  TEMPORAL_CODEC_KEYS_FILE: z.string().optional(),
  // The Temporal UI's origin allowed to call /codec/decode with its cookies (CORS).
  CODEC_CORS_ORIGIN: z.string().url().optional(),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  TEMPORAL_UI_PORT: z.coerce.number().int().min(0).max(65535).default(8233),
  // Ports of the servers `npm run dev` starts itself (embedded PostgreSQL, Temporal dev server).
  DEV_POSTGRES_PORT: z.coerce.number().int().min(1).max(65535).default(5433),
  DEV_TEMPORAL_PORT: z.coerce.number().int().min(1).max(65535).default(7233),
  SESSION_SECRET: z.string().min(16).optional(),
  // The operations listener (api/ops.ts: /metrics, health detail): loopback unless told
  // otherwise; with METRICS_TOKEN every scrape must send "Authorization: Bearer <token>".
  METRICS_HOST: z.string().default('127.0.0.1'),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  METRICS_TOKEN: z.string().min(16).optional(),
  PAYMENT_CHANNEL_TOKEN: z.string().min(16).optional(),
  // Partner systems' OAuth 2.0 access tokens (api/client-tokens.ts, issue 24): their lifetime, how long a
  // rotated client secret keeps working beside the new one, and the HS256 signing secret (the same for
  // every API process; unset: derived from SESSION_SECRET). An operator's choice, not law.
  OAUTH_TOKEN_SECONDS: z.coerce.number().int().min(30).max(86_400).default(600),
  OAUTH_SECRET_OVERLAP_HOURS: z.coerce.number().min(0).max(720).default(24),
  OAUTH_SIGNING_SECRET: z.string().min(32).optional(),
  DATA_DIR: z.string().default('.data'),
  // npm run dev fills the demo counties with cases made through the API (prisma/demo); never in production.
  DEMO_DATA: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  WORKFLOW_BUNDLE_PATH: z.string().optional(),
  // Open workflows a worker keeps loaded (Temporal's sticky cache); the others are replayed
  // from history on their next task. ~1.6 MB each (npm run bench:memory); unset = the SDK's
  // default, which scales with the heap (2,310 on a 24 GB machine, ~4 GB of RSS when full).
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).optional(),
  // Worker Versioning (README, "Changing a live procedure"): a worker started with a build id joins the
  // deployment WORKER_DEPLOYMENT_NAME as that version; new runs go to the version set current
  // (`temporal worker deployment set-current-version`). Unset: an unversioned worker, as before.
  WORKER_DEPLOYMENT_NAME: z.string().regex(/^[\w.-]+$/, '字母、数字、点、横线').default('zhifa'),
  WORKER_BUILD_ID: z.string().regex(/^[\w.+-]+$/, '字母、数字、点、横线').optional(),
  // host:port where a worker serves Temporal's own Prometheus metrics (pollers, task latency,
  // schedule-to-start, sticky cache); off when unset.
  // Activities one worker runs at once (the SDK's maxConcurrentActivityTaskExecutions). Each
  // holds at most one database connection, so the worker's pool is sized from it (dbPoolFor).
  WORKER_ACTIVITY_SLOTS: z.coerce.number().int().min(1).max(1000).default(20),
  // How long the API waits for a workflow to answer an Update before it answers 503 with
  // Retry-After; the Update keeps its id, so a retry with the same key gets the one result.
  UPDATE_DEADLINE_MS: z.coerce.number().int().min(100).max(300_000).default(10_000),
  WORKER_METRICS_ADDRESS: z.string().regex(/^[\w.-]+:\d{1,5}$/, 'host:port').optional(),
  // The two sign-in brakes (api/auth.ts, api/login-limit.ts). An account locks after
  // LOGIN_LOCK_AFTER wrong passwords, first for LOGIN_LOCK_FIRST_MINUTES, doubling with each
  // further failure up to LOGIN_LOCK_MAX_MINUTES. An address is slowed (never locked) once it has
  // failed LOGIN_ADDRESS_FREE_FAILURES times within LOGIN_ADDRESS_WINDOW_MINUTES: its attempts are
  // spaced LOGIN_ADDRESS_FIRST_DELAY_MS apart, doubling up to LOGIN_ADDRESS_MAX_DELAY_MS; past
  // LOGIN_ADDRESS_MAX_WAIT_MS of queue an attempt is answered 429 at once. No statute sets these:
  // they are an operator's choice (GB/T 22239-2019 asks for a limit on failed logins, not a number).
  LOGIN_LOCK_AFTER: z.coerce.number().int().min(1).max(100).default(5),
  LOGIN_LOCK_FIRST_MINUTES: z.coerce.number().int().min(1).max(1440).default(1),
  LOGIN_LOCK_MAX_MINUTES: z.coerce.number().int().min(1).max(10_080).default(60),
  LOGIN_ADDRESS_FREE_FAILURES: z.coerce.number().int().min(0).max(10_000).default(20),
  LOGIN_ADDRESS_WINDOW_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  LOGIN_ADDRESS_FIRST_DELAY_MS: z.coerce.number().int().min(1).max(60_000).default(250),
  LOGIN_ADDRESS_MAX_DELAY_MS: z.coerce.number().int().min(1).max(300_000).default(8_000),
  LOGIN_ADDRESS_MAX_WAIT_MS: z.coerce.number().int().min(0).max(600_000).default(30_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Configurable values for rows of the deadline table marked UNCONFIRMED (JSON object
  // {"<deadlineId>": {"amount": n, "unit": "WORKING_DAY"}}); confirmed rows cannot be overridden.
  DEADLINE_OVERRIDES: z.string().optional(),
  // Values for UNCONFIRMED thresholds, e.g. a province's own 听证 "较大数额" (AB25 Art 55 ②):
  // {"HEARING_FINE_MIN_ORGANISATION": {"value": 5000000}} (fen). Confirmed law cannot be changed.
  THRESHOLD_OVERRIDES: z.string().optional(),
  // Which unconfirmed 全过程音像记录 rows apply (rules/recording-steps.ts), e.g.
  // {"HEARING": {"required": false}}; the confirmed row (查封扣押) cannot be switched off.
  RECORDING_OVERRIDES: z.string().optional(),
  // Evidence files (issue 22): a folder under DATA_DIR (default) or any S3 API.
  // PDF 文书 (issue 23): font files, `path` or `path#PostScriptName` inside a .ttc (default: Debian's fonts-noto-cjk),
  // and the public address its QR codes point to (/verify/<id>); without it, the address the request came to.
  PDF_FONT_REGULAR: z.string().optional(),
  PDF_FONT_BOLD: z.string().optional(),
  PUBLIC_BASE_URL: z.string().url().optional(),
  EVIDENCE_STORE: z.enum(['folder', 's3']).default('folder'),
  S3_BUCKET: z.string().optional(),
  S3_PREFIX: z.string().regex(/^([A-Za-z0-9._-]+\/)*$/, 'empty or ending in /').default('evidence/'),
  S3_ENDPOINT: z.string().url().optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  // Path-style URLs (bucket in the path): what SeaweedFS and most self-hosted S3 servers need.
  S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).default('true'),
  // Webhooks (issue 24, infra/webhook-settings.ts): hosts besides loopback a subscription may name
  // (comma-separated), the retry delays (JSON array of ms; default rules/webhook-retry.ts), the outbox poll.
  WEBHOOK_ALLOWED_HOSTS: z.string().default(''),
  WEBHOOK_RETRY_DELAYS_MS: z.string().optional(),
  WEBHOOK_POLL_SECONDS: z.coerce.number().int().min(1).max(3600).default(5),
});

export type Config = Readonly<z.infer<typeof schema>>;

/** A worker's database connections: one per activity slot, and two for what runs beside them (start-up, health). */
export const dbPoolFor = (activitySlots: number) => activitySlots + 2;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  if (parsed.data.NODE_ENV === 'production' && !parsed.data.SESSION_SECRET) {
    throw new Error('Invalid configuration: SESSION_SECRET is required in production');
  }
  // Codec keys are required where a Temporal client or worker starts (infra/codec-keys.ts), not
  // here: migrate, seed and admin:create talk only to the database.
  if (parsed.data.LOGIN_LOCK_MAX_MINUTES < parsed.data.LOGIN_LOCK_FIRST_MINUTES) {
    throw new Error('Invalid configuration: LOGIN_LOCK_MAX_MINUTES must not be less than LOGIN_LOCK_FIRST_MINUTES');
  }
  if (parsed.data.LOGIN_ADDRESS_MAX_DELAY_MS < parsed.data.LOGIN_ADDRESS_FIRST_DELAY_MS) {
    throw new Error('Invalid configuration: LOGIN_ADDRESS_MAX_DELAY_MS must not be less than LOGIN_ADDRESS_FIRST_DELAY_MS');
  }
  if (parsed.data.EVIDENCE_STORE === 's3' && !parsed.data.S3_BUCKET) {
    throw new Error('Invalid configuration: S3_BUCKET is required when EVIDENCE_STORE=s3');
  }
  return Object.freeze(parsed.data);
}

/** The sign-in brakes, as api/auth.ts and api/login-limit.ts use them. */
export interface LoginLimits {
  lockAfter: number; lockFirstMinutes: number; lockMaxMinutes: number;
  addressFreeFailures: number; addressWindowMinutes: number; firstDelayMs: number; maxDelayMs: number; maxWaitMs: number;
}

export const loginLimits = (c: Config): LoginLimits => Object.freeze({
  lockAfter: c.LOGIN_LOCK_AFTER, lockFirstMinutes: c.LOGIN_LOCK_FIRST_MINUTES, lockMaxMinutes: c.LOGIN_LOCK_MAX_MINUTES,
  addressFreeFailures: c.LOGIN_ADDRESS_FREE_FAILURES, addressWindowMinutes: c.LOGIN_ADDRESS_WINDOW_MINUTES,
  firstDelayMs: c.LOGIN_ADDRESS_FIRST_DELAY_MS, maxDelayMs: c.LOGIN_ADDRESS_MAX_DELAY_MS, maxWaitMs: c.LOGIN_ADDRESS_MAX_WAIT_MS,
});

function parseJson<T>(name: string, json?: string): T | Record<string, never> {
  if (!json) return {};
  try {
    return JSON.parse(json) as T;
  } catch {
    throw new Error(`Invalid configuration: ${name} is not valid JSON`);
  }
}

/** DEADLINE_OVERRIDES, checked against the deadline table: confirmed law cannot be overridden. */
export function parseDeadlineOverrides(json?: string): DeadlineOverrides {
  const overrides = parseJson<DeadlineOverrides>('DEADLINE_OVERRIDES', json);
  withOverrides(overrides);
  return overrides;
}

/** RECORDING_OVERRIDES, checked against the recording table the same way. */
export function parseRecordingOverrides(json?: string): RecordingOverrides {
  const overrides = parseJson<RecordingOverrides>('RECORDING_OVERRIDES', json);
  withRecordingOverrides(overrides);
  return overrides;
}

/** THRESHOLD_OVERRIDES, checked against the threshold table the same way. */
export function parseThresholdOverrides(json?: string): ThresholdOverrides {
  const overrides = parseJson<ThresholdOverrides>('THRESHOLD_OVERRIDES', json);
  withThresholdOverrides(overrides);
  return overrides;
}

/**
 * The values of the law-as-data tables this deployment configures (unconfirmed deadline rows and
 * thresholds). The API and the worker both take them from here, and both hand them on as
 * `deadlineOverrides` / `thresholdOverrides` (api/deps.ts, activities/index.ts): a case opened by
 * a workflow (from an inspection) freezes the same thresholds as one registered through the API.
 */
export interface Policy {
  readonly deadlineOverrides: DeadlineOverrides;
  readonly thresholdOverrides: ThresholdOverrides;
  /** Unconfirmed 全过程音像记录 rows switched off (rules/recording-steps.ts). */
  readonly recordingOverrides: RecordingOverrides;
}

/** The policy of `config`; a bad or forbidden override stops start-up here. */
export function loadPolicy(config: Pick<Config, 'DEADLINE_OVERRIDES' | 'THRESHOLD_OVERRIDES' | 'RECORDING_OVERRIDES'>): Policy {
  return Object.freeze({
    deadlineOverrides: parseDeadlineOverrides(config.DEADLINE_OVERRIDES),
    thresholdOverrides: parseThresholdOverrides(config.THRESHOLD_OVERRIDES),
    recordingOverrides: parseRecordingOverrides(config.RECORDING_OVERRIDES),
  });
}
