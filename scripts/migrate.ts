import { loadConfig } from '../infra/config.ts';
import { createPrisma } from '../infra/db.ts';
import { migrate } from '../infra/migrate.ts';
import { seedReference } from '../prisma/seed.ts';

// Migrations, then the reference data (orgs, catalog): insert-only, so a deploy never
// overwrites what administrators changed, and never any demo user.
const config = loadConfig();
if (!config.DATABASE_URL) throw new Error('DATABASE_URL is required (npm run dev starts an embedded PostgreSQL instead)');
const result = await migrate(config.DATABASE_URL);
console.log(`migrations applied: ${result.applied.length ? result.applied.join(', ') : 'none'}; already applied: ${result.alreadyApplied.length}`);
const prisma = createPrisma(config.DATABASE_URL, 2);
try {
  console.log('reference data (rows inserted)', await seedReference(prisma));
} finally {
  await prisma.$disconnect();
}
