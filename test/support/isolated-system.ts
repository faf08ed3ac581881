import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPrisma } from '../../infra/db.ts';
import { startEmbeddedPostgres } from '../../infra/embedded-postgres.ts';
import { migrate } from '../../infra/migrate.ts';
import { seed } from '../../prisma/seed.ts';
import { startSystem, type System } from './system.ts';

/**
 * A system on a PostgreSQL and a Temporal dev server of its own, migrated and seeded: for tests
 * that read or fill whole seeded counties (the demo set, the page crawl), which the other files
 * share and fill with hostile text and test codes of their own.
 */
export async function startIsolatedSystem(name: string, opts: Pick<Parameters<typeof startSystem>[0] & object, 'recordingOverrides'> = {}): Promise<System & { stopAll: () => Promise<void> }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `zhifa-${name}-`));
  const db = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), database: `zhifa_${name.replace(/\W/g, '_')}`, postgresFlags: ['-c', 'fsync=off'] });
  await migrate(db.url);
  const prisma = createPrisma(db.url, 2);
  await seed(prisma);
  await prisma.$disconnect();
  const sys = await startSystem({ databaseUrl: db.url, ownTemporal: true, ...opts });
  return Object.assign(sys, {
    async stopAll() {
      await sys.stop();
      await db.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}
