import { loadConfig } from '../infra/config.ts';
import { createPrisma } from '../infra/db.ts';
import { seed } from '../prisma/seed.ts';

const config = loadConfig();
if (!config.DATABASE_URL) throw new Error('DATABASE_URL is required');
const prisma = createPrisma(config.DATABASE_URL);
try {
  console.log('seeded', await seed(prisma));
} finally {
  await prisma.$disconnect();
}
