import { defineConfig } from 'prisma/config';

// The url is only read by `prisma migrate` where its engine is available; Zhifa applies
// migrations itself (scripts/migrate.ts) and connects through @prisma/adapter-pg.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://zhifa@localhost:5432/zhifa' },
});
