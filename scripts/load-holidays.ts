import { HOLIDAY_FILES_DIR, loadHolidayFiles } from '../api/services/holidays.ts';
import { loadConfig } from '../infra/config.ts';
import { createPrisma } from '../infra/db.ts';
import { createLogger } from '../infra/logger.ts';
import { connectClient } from '../infra/temporal.ts';

// Loads every committed data/holidays/<year>.json (see data/holidays/README.md) into the
// holiday calendar, against DATABASE_URL and TEMPORAL_ADDRESS, and tells the running
// workflows to recompute their provisional deadlines. Safe to run again: a year loaded
// with the same content is left alone. Exits 1 if any file was refused.
//   npx tsx scripts/load-holidays.ts [dir]
const config = loadConfig();
if (!config.DATABASE_URL) throw new Error('DATABASE_URL is required');
const logger = createLogger(config.LOG_LEVEL, 'zhifa-holidays');
const prisma = createPrisma(config.DATABASE_URL, 2);
const temporal = await connectClient(config);
try {
  const results = await loadHolidayFiles({ prisma, temporal, logger }, process.argv[2] ?? HOLIDAY_FILES_DIR);
  if (results.length === 0) console.log('no holiday files in', process.argv[2] ?? HOLIDAY_FILES_DIR);
  for (const r of results) {
    console.log(r.status === 'error'
      ? `${r.file}: refused — ${r.message}`
      : `${r.file}: ${r.status} ${r.year} (signalled ${r.signalled}, closed ${r.closed}, failed ${r.failed})`);
  }
  if (results.some((r) => r.status === 'error' || r.failed > 0)) process.exitCode = 1;
} finally {
  await Promise.all([prisma.$disconnect(), temporal.connection.close()]);
}
