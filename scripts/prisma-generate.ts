import { spawnSync } from 'node:child_process';

// `prisma generate` does not use the schema engine but insists on locating one, and would
// download it; pointing it at any existing file keeps generation offline.
const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath };
const run = spawnSync('npx', ['prisma', 'generate'], { stdio: 'inherit', env });
process.exit(run.status ?? 1);
