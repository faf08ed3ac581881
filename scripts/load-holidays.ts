import { HOLIDAY_FILES_DIR, loadHolidayFiles } from '../api/services/holidays.ts';
import { loadConfig } from '../infra/config.ts';
import { createPrisma } from '../infra/db.ts';
import { createLogger } from '../infra/logger.ts';
import { connectClient } from '../infra/temporal.ts';
import type { calendarRecomputeWorkflow } from '../workflows/calendar-recompute.ts';

// Loads every committed data/holidays/<year>.json (see data/holidays/README.md) into the
// holiday calendar, against DATABASE_URL and TEMPORAL_ADDRESS, and tells the running
// workflows to recompute their provisional deadlines (a fan-out workflow per year, whose end
// this waits for). Safe to run again: a year loaded with the same content is left alone.
// Exits 1 if any file was refused or any workflow could not be told.
//   npx tsx scripts/load-holidays.ts [dir]
const config = loadConfig();
if (!config.DATABASE_URL) throw new Error('DATABASE_URL is required');
const logger = createLogger(config.LOG_LEVEL, 'zhifa-holidays');
const prisma = createPrisma(config.DATABASE_URL, 2);
const temporal = await connectClient(config);
try {
  const results = await loadHolidayFiles({ prisma, temporal, taskQueue: config.TEMPORAL_TASK_QUEUE, logger }, process.argv[2] ?? HOLIDAY_FILES_DIR);
  if (results.length === 0) console.log('no holiday files in', process.argv[2] ?? HOLIDAY_FILES_DIR);
  for (const r of results) {
    if (r.status === 'error') {
      console.log(`${r.file}: refused — ${r.message}`);
      process.exitCode = 1;
      continue;
    }
    const done = await temporal.workflow.getHandle<typeof calendarRecomputeWorkflow>(r.recompute.workflowId).result();
    console.log(`${r.file}: ${r.status} ${r.year} (signalled ${done.signalled}, closed ${done.closed}, failed ${done.failed})`);
    if (done.failed > 0) process.exitCode = 1;
  }
} finally {
  await Promise.all([prisma.$disconnect(), temporal.connection.close()]);
}
