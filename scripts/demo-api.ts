import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type pg from 'pg';
import { createApp } from '../api/app.ts';
import type { AppDeps } from '../api/deps.ts';
import { runDemo } from '../prisma/demo/index.ts';
import { DEMO_PASSWORD } from '../prisma/seed.ts';

/**
 * Runs the demo set through an API of its own on a free local port (same database, Temporal and
 * task queue; its request log quiet), so the demo's hundreds of calls don't bury the console.
 */
export async function runDemoThroughApi(deps: Omit<AppDeps, 'sessionSecret' | 'paymentChannelToken'>, pool: pg.Pool, log?: (line: string) => void) {
  const paymentChannelToken = randomBytes(24).toString('base64url');
  const app = createApp({ ...deps, logger: deps.logger.child({ name: 'zhifa-demo' }, { level: 'warn' }), sessionSecret: randomBytes(32).toString('hex'), paymentChannelToken }, pool);
  const server = app.listen(0, '127.0.0.1');
  try {
    await new Promise((ok) => server.once('listening', ok));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return await runDemo({ baseUrl, prisma: deps.prisma, password: DEMO_PASSWORD, paymentChannelToken, log });
  } finally {
    await new Promise((ok) => server.close(ok));
  }
}
