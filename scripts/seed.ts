import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { createApp } from '../api/app.ts';
import { loadConfig, parseDeadlineOverrides } from '../infra/config.ts';
import { createPrisma } from '../infra/db.ts';
import { createLogger } from '../infra/logger.ts';
import { connectClient, createWorker } from '../infra/temporal.ts';
import { runDemo } from '../prisma/demo/index.ts';
import { DEMO_PASSWORD, seed } from '../prisma/seed.ts';

// `npm run seed` loads the reference data; `npm run seed -- --demo` then fills the demo counties
// through a worker and an API of its own (on a free local port) against TEMPORAL_ADDRESS.
const config = loadConfig();
const demo = process.argv.includes('--demo');
if (demo && config.NODE_ENV === 'production') {
  console.error('seed --demo 只用于开发和演示环境：NODE_ENV=production 时不生成演示案件。');
  process.exit(1);
}
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
  const worker = await createWorker({
    prisma, config, address, namespace: config.TEMPORAL_NAMESPACE, taskQueue: config.TEMPORAL_TASK_QUEUE,
    deadlineOverrides: parseDeadlineOverrides(config.DEADLINE_OVERRIDES),
  });
  const running = worker.run();
  const temporal = await connectClient(config, address);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const paymentChannelToken = randomBytes(24).toString('base64url');
  const app = createApp({
    prisma, temporal, taskQueue: config.TEMPORAL_TASK_QUEUE, logger: createLogger('warn', 'zhifa-seed'),
    sessionSecret: randomBytes(32).toString('hex'), paymentChannelToken,
  }, pool);
  const server = app.listen(0, '127.0.0.1');
  try {
    await new Promise((ok) => server.once('listening', ok));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    console.log('demo data', await runDemo({ baseUrl, prisma, password: DEMO_PASSWORD, paymentChannelToken }));
  } finally {
    await new Promise((ok) => server.close(ok));
    worker.shutdown();
    await running;
    await Promise.all([pool.end(), temporal.connection.close()]);
  }
}
