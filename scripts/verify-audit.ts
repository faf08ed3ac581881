import { loadConfig } from '../infra/config.ts';
import { verifyAuditChain } from '../infra/audit-verify.ts';

const config = loadConfig();
if (!config.DATABASE_URL) throw new Error('DATABASE_URL is required');
const report = await verifyAuditChain(config.DATABASE_URL);
if (report.ok) console.log(`audit chain intact: ${report.checked} events verified`);
else console.error(`audit chain BROKEN at event ${report.firstBroken!.id}: ${report.firstBroken!.reason} (${report.checked} verified before it)`);
process.exit(report.ok ? 0 : 1);
