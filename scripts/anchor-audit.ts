import pg from 'pg';
import { loadConfig } from '../infra/config.ts';
import { anchorAuditChainsWith } from '../infra/audit-verify.ts';

// `npm run audit:anchor`: takes an anchor over every audit chain's head now (the worker's daily
// schedule does the same; docs/audit-chain.md).
const config = loadConfig();
if (!config.DATABASE_URL) throw new Error('DATABASE_URL is required');
const client = new pg.Client({ connectionString: config.DATABASE_URL });
await client.connect();
try {
  console.log(`audit anchor ${await anchorAuditChainsWith(async (sql, p) => (await client.query(sql, p)).rows)} taken`);
} finally {
  await client.end();
}
