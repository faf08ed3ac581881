// `npm run cluster`: Zhifa in its scale-out layout on this machine — embedded PostgreSQL
// (.data/cluster/postgres) with Zhifa's database and Temporal's two, the real Temporal server
// (built from go.temporal.io/server the first time, ~10 minutes), 2 API instances and 2 workers.
// README "集群部署" says how a bureau moves from here to a managed cluster. Ctrl-C stops everything.
import path from 'node:path';
import { startClusterLayout } from '../infra/cluster-layout.ts';
import { DEMO_PASSWORD } from '../prisma/seed.ts';

const dataDir = path.resolve(process.env.DATA_DIR ?? '.data', 'cluster');
const layout = await startClusterLayout({
  dataDir, apis: 2, workers: 2, numHistoryShards: 4,
  ports: { postgres: 5434, temporal: 17233, apis: [3001, 3002] },
  onLog: (line) => process.stderr.write(`${line}\n`), logLevel: process.env.LOG_LEVEL ?? 'info',
});
console.log(`
  执法 Zhifa cluster layout is running (${layout.cores} cores)
    API instances  ${layout.apis.map((a) => a.url).join('  ')}
    workers        ${layout.workers.map((w) => `pid ${w.pid}`).join(', ')} on task queue ${layout.taskQueue}
    Temporal       ${layout.temporalAddress} (namespace ${layout.namespace}, 4 history shards, all services in one process)
    PostgreSQL     ${layout.databaseUrl.replace(/\/\/([^:@/]+):[^@]*@/, '//$1:***@')} (+ temporal, temporal_visibility)
  demo logins as in npm run dev (password: ${DEMO_PASSWORD}); Ctrl-C stops everything.
`);
let stopping = false;
const shutdown = () => {
  if (stopping) return;
  stopping = true;
  void layout.stop().then(() => process.exit(0));
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
