import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { LoginLimits } from '../infra/config.ts';
import type { OAuthSettings } from './client-tokens.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';
import type { DeadlineOverrides } from '../rules/deadlines.ts';
import type { RecordingOverrides } from '../rules/recording-steps.ts';
import type { ThresholdOverrides } from '../rules/thresholds.ts';
import type { EvidenceStorage } from '../store/objects/index.ts';
import type { WebhookSettings } from '../infra/webhook-settings.ts';
import type { CodecKey } from '../infra/payload-codec.ts';

export interface AppDeps {
  prisma: PrismaClient;
  temporal: Client;
  taskQueue: string;
  logger: Logger;
  sessionSecret: string;
  /** Cookie `secure` flag: on behind TLS in production. */
  secureCookies?: boolean;
  /** Shared secret of the payment channel (罚缴分离); without it payments are refused. */
  paymentChannelToken?: string;
  /** Configured values of unconfirmed thresholds; frozen into each case when it is registered. */
  thresholdOverrides?: ThresholdOverrides;
  /** Configured values of unconfirmed deadline rows (the worker has the same). */
  deadlineOverrides?: DeadlineOverrides;
  /** Which unconfirmed 全过程音像记录 rows are switched off or on (rules/recording-steps.ts). */
  recordingOverrides?: RecordingOverrides;
  /** UPDATE_DEADLINE_MS: how long a request waits for a workflow's answer before 503 (api/workflow-calls.ts). */
  updateDeadlineMs?: number;
  /** Origins of the Temporal UI allowed to call /codec/* with cookies; by default CODEC_CORS_ORIGIN. */
  codecCorsOrigins?: readonly string[];
  /** The sign-in brakes (LOGIN_* in the configuration); by default from the environment. */
  loginLimits?: LoginLimits;
  /** Where evidence files are stored; by default from the configuration (EVIDENCE_STORE). */
  storage?: EvidenceStorage;
  /** PDF 文书 (issue 23): font files (PDF_FONT_REGULAR/BOLD) and the public address printed in their QR codes (PUBLIC_BASE_URL; else the request's). */
  /** Partner systems' tokens (OAUTH_* in the configuration; api/client-tokens.ts); by default from the environment. */
  oauth?: Partial<OAuthSettings>;
  documentPdf?: { fonts?: { PDF_FONT_REGULAR?: string; PDF_FONT_BOLD?: string }; publicBaseUrl?: string };
  /** Webhooks (issue 24): the hosts a subscription may name besides loopback, and the retry schedule a redelivery runs. */
  webhooks?: Pick<WebhookSettings, 'allowedHosts' | 'retryDelaysMs'>;
  /** The payload codec's key ring, which also seals webhook signing secrets (store/secret-box.ts); by default the configured one. */
  codecKeys?: readonly CodecKey[];
}
