import pg from 'pg';
import { loadConfig, parseDeadlineOverrides, parseThresholdOverrides } from '../infra/config.ts';
import { createPrisma } from '../infra/db.ts';
import { createLogger } from '../infra/logger.ts';
import { connectClient, createWorker } from '../infra/temporal.ts';
import { seed } from '../prisma/seed.ts';
import { runDemoThroughApi } from './demo-api.ts';

// `npm run seed` loads the reference data; `npm run seed -- --demo` then fills the demo counties
// through a worker and an API of its own (on a free local port) against TEMPORAL_ADDRESS.
const demo = process.argv.includes('--demo');
// Before loadConfig, which in production first asks for secrets the refusal does not need.
if (demo && process.env.NODE_ENV === 'production') {
  console.error('seed --demo 只用于开发和演示环境：NODE_ENV=production 时不生成演示案件。');
  process.exit(1);
}
const config = loadConfig();
if (!config.DATABASE_URL) throw new Error('DATABASE_URL is required');
const prisma = createPrisma(config.DATABASE_URL);
try {
  console.log('seeded', await seed(prisma));
  if (demo) await seedDemo(config.DATABASE_URL);
} finally {
  await prisma.$disconnect();
}

async function seedDemo(databaseUrl: string) {
  const address = config.TEMPORAL_ADDRESS ?? 'localhost:7233';
  const deadlineOverrides = parseDeadlineOverrides(config.DEADLINE_OVERRIDES);
  const worker = await createWorker({ prisma, config, address, namespace: config.TEMPORAL_NAMESPACE, taskQueue: config.TEMPORAL_TASK_QUEUE, deadlineOverrides });
  const running = worker.run();
  const temporal = await connectClient(config, address);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  try {
    console.log('demo data', await runDemoThroughApi({
      prisma, temporal, taskQueue: config.TEMPORAL_TASK_QUEUE, logger: createLogger(config.LOG_LEVEL, 'zhifa-seed'),
      thresholdOverrides: parseThresholdOverrides(config.THRESHOLD_OVERRIDES), deadlineOverrides,
    }, pool));
  } finally {
    worker.shutdown();
    await running;
    await Promise.all([pool.end(), temporal.connection.close()]);
  }
}
