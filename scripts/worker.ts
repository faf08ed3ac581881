import { dbPoolFor, loadConfig, loadPolicy } from '../infra/config.ts';
import { createPrisma } from '../infra/db.ts';
import { createWorker, installTemporalLogging } from '../infra/temporal.ts';
import { createLogger } from '../infra/logger.ts';

// Worker only, against external PostgreSQL and Temporal: scale out by running more of these.
const config = loadConfig();
if (!config.DATABASE_URL) throw new Error('DATABASE_URL is required for `npm run worker`');
const policy = loadPolicy(config); // refuses a bad override at start-up
installTemporalLogging(createLogger(config.LOG_LEVEL, 'zhifa-worker'), 'INFO', config.WORKER_METRICS_ADDRESS);
const prisma = createPrisma(config.DATABASE_URL, dbPoolFor(config.WORKER_ACTIVITY_SLOTS));
const worker = await createWorker({
  prisma, config, address: config.TEMPORAL_ADDRESS ?? 'localhost:7233', namespace: config.TEMPORAL_NAMESPACE,
  taskQueue: config.TEMPORAL_TASK_QUEUE, ...policy,
});
try {
  await worker.run(); // SIGINT/SIGTERM make the SDK drain and return
} finally {
  await prisma.$disconnect();
}
