import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { PrismaClient } from '../generated/prisma/client.ts';
import type { DeadlineOverrides } from '../rules/deadlines.ts';
import type { ThresholdOverrides } from '../rules/thresholds.ts';
import type { EvidenceStorage } from '../store/objects/index.ts';

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
  /** UPDATE_DEADLINE_MS: how long a request waits for a workflow's answer before 503 (api/workflow-calls.ts). */
  updateDeadlineMs?: number;
  /** Origins of the Temporal UI allowed to call /codec/* with cookies; by default CODEC_CORS_ORIGIN. */
  codecCorsOrigins?: readonly string[];
  /** Where evidence files are stored; by default from the configuration (EVIDENCE_STORE). */
  storage?: EvidenceStorage;
  /** PDF 文书 (issue 23): font files (PDF_FONT_REGULAR/BOLD) and the public address printed in their QR codes (PUBLIC_BASE_URL; else the request's). */
  documentPdf?: { fonts?: { PDF_FONT_REGULAR?: string; PDF_FONT_BOLD?: string }; publicBaseUrl?: string };
}
