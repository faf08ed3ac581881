import { loadConfig } from '../infra/config.ts';
import { migrate } from '../infra/migrate.ts';

const config = loadConfig();
if (!config.DATABASE_URL) throw new Error('DATABASE_URL is required (npm run dev starts an embedded PostgreSQL instead)');
const result = await migrate(config.DATABASE_URL);
console.log(`migrations applied: ${result.applied.length ? result.applied.join(', ') : 'none'}; already applied: ${result.alreadyApplied.length}`);
