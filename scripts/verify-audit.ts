import { parseArgs } from 'node:util';
import { loadConfig } from '../infra/config.ts';
import { verifyAuditChain } from '../infra/audit-verify.ts';

// `npm run audit:verify [-- --full]`: from each chain's last checkpoint on, or everything again.
const { values: args } = parseArgs({ options: { full: { type: 'boolean', default: false } } });
const config = loadConfig();
if (!config.DATABASE_URL) throw new Error('DATABASE_URL is required');
const report = await verifyAuditChain(config.DATABASE_URL, { full: args.full });
const mode = report.full ? 'full' : 'incremental';
const b = report.firstBroken;
const chainName = (c: string) => (c === '' ? 'system' : c);
if (!b) console.log(`audit chain intact (${mode}): ${report.checked} events verified in ${report.chains.length} chains, ${report.anchorsChecked} anchors`);
else if (b.kind === 'ANCHOR') console.error(`audit chain BROKEN at anchor ${b.seq}: ${b.reason} (${mode})`);
else if (b.id) console.error(`audit chain BROKEN at event ${b.id}: ${b.reason} (chain ${chainName(b.chain)}, seq ${b.seq}; ${mode})`);
else console.error(`audit chain BROKEN in chain ${chainName(b.chain)} at seq ${b.seq}: ${b.reason} (${mode})`);
for (const c of report.chains.filter((x) => !x.ok && x.broken !== b)) console.error(`  also broken: chain ${chainName(c.chain)} at seq ${c.broken!.seq}${c.broken!.id ? ` (event ${c.broken!.id})` : ''}: ${c.broken!.reason}`);
process.exit(report.ok ? 0 : 1);
