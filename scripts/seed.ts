import pg from 'pg';
import { loadConfig, loadPolicy } from '../infra/config.ts';
import { createPrisma } from '../infra/db.ts';
import { createLogger } from '../infra/logger.ts';
import { connectClient, createWorker } from '../infra/temporal.ts';
import { seedDemo, seedReference } from '../prisma/seed.ts';
import { runDemoThroughApi } from './demo-api.ts';

// `npm run seed` loads the reference data only (orgs, catalog; insert-only, prisma/seed.ts): safe
// in production, and it creates no user (the first administrator: npm run admin:create).
// `npm run seed -- --demo` adds the demo users (all with the published demo password) and fills
// the demo counties through a worker and an API of its own (on a free local port) against
// TEMPORAL_ADDRESS: never in production.
const demo = process.argv.includes('--demo');
// Before loadConfig, which in production first asks for secrets the refusal does not need.
if (demo && process.env.NODE_ENV === 'production') {
  console.error('seed --demo 只用于开发和演示环境：它创建使用公开演示密码的用户和演示案件，NODE_ENV=production 时拒绝执行。'
    + '\nseed --demo refused: NODE_ENV=production. Demo users share a published password. Run `npm run seed` (reference data only) and `npm run admin:create <username>`.');
  process.exit(1);
}
const config = loadConfig();
if (!config.DATABASE_URL) throw new Error('DATABASE_URL is required');
const prisma = createPrisma(config.DATABASE_URL);
try {
  console.log('reference data (rows inserted)', await seedReference(prisma));
  if (demo) {
    console.log('demo users, enterprises, experts (rows inserted)', await seedDemo(prisma));
    await seedDemoCases(config.DATABASE_URL);
  }
} finally {
  await prisma.$disconnect();
}

async function seedDemoCases(databaseUrl: string) {
  const address = config.TEMPORAL_ADDRESS ?? 'localhost:7233';
  const policy = loadPolicy(config);
  const worker = await createWorker({ prisma, config, address, namespace: config.TEMPORAL_NAMESPACE, taskQueue: config.TEMPORAL_TASK_QUEUE, ...policy });
  const running = worker.run();
  const temporal = await connectClient(config, address);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  try {
    console.log('demo data', await runDemoThroughApi({
      prisma, temporal, taskQueue: config.TEMPORAL_TASK_QUEUE, logger: createLogger(config.LOG_LEVEL, 'zhifa-seed'),
      ...policy,
    }, pool));
  } finally {
    worker.shutdown();
    await running;
    await Promise.all([pool.end(), temporal.connection.close()]);
  }
}
