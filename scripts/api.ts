import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createApp } from '../api/app.ts';
import { closeGracefully } from '../api/shutdown.ts';
import { loadConfig, loadPolicy, loginLimits } from '../infra/config.ts';
import { createPrisma } from '../infra/db.ts';
import { createLogger } from '../infra/logger.ts';
import { ensureAuditAnchorSchedule } from '../infra/audit-anchor-schedule.ts';
import { ensureCertificateSchedule } from '../infra/certificate-schedule.ts';
import { ensureWebhookDispatcher } from '../infra/webhook-dispatcher.ts';
import { webhookSettings } from '../infra/webhook-settings.ts';
import { connectClient } from '../infra/temporal.ts';

// API only, against external PostgreSQL and Temporal: scale out by running more of these.
const config = loadConfig();
if (!config.DATABASE_URL) throw new Error('DATABASE_URL is required for `npm run api`');
const logger = createLogger(config.LOG_LEVEL, 'zhifa-api');
const prisma = createPrisma(config.DATABASE_URL);
const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 4 });
const temporal = await connectClient(config);
await ensureCertificateSchedule(temporal, config.TEMPORAL_TASK_QUEUE);
await ensureAuditAnchorSchedule(temporal, config.TEMPORAL_TASK_QUEUE);
await ensureWebhookDispatcher(temporal, config.TEMPORAL_TASK_QUEUE);
const app = createApp({
  prisma, temporal, taskQueue: config.TEMPORAL_TASK_QUEUE, logger,
  sessionSecret: config.SESSION_SECRET ?? randomBytes(32).toString('hex'), secureCookies: config.NODE_ENV === 'production',
  paymentChannelToken: config.PAYMENT_CHANNEL_TOKEN, ...loadPolicy(config), updateDeadlineMs: config.UPDATE_DEADLINE_MS, loginLimits: loginLimits(config),
  documentPdf: { fonts: config, publicBaseUrl: config.PUBLIC_BASE_URL }, webhooks: webhookSettings(config),
}, pool, { metricsToken: config.METRICS_TOKEN });
const server = app.listen(config.PORT, config.HOST, () => logger.info(`API listening on http://${config.HOST}:${config.PORT}`));
const ops = app.ops.listen(config.METRICS_PORT, config.METRICS_HOST, () => logger.info(`metrics and health detail on http://${config.METRICS_HOST}:${config.METRICS_PORT}`));
const stop = async () => {
  await Promise.all([closeGracefully(server), closeGracefully(ops)]);
  await Promise.all([prisma.$disconnect(), pool.end(), temporal.connection.close()]);
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
