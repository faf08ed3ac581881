// `npm run tools`: resolve (building if needed) the Temporal CLI, the time-skipping test
// server, SeaweedFS (the S3 server of the evidence store's tests) and the Temporal server of
// `npm run cluster`, so later dev/test/bench runs start without a multi-minute build.
import { resolveTemporalCli, resolveTemporalServer, resolveTestServer, resolveWeed } from '../infra/tools.ts';

// Sequential on purpose: the builds are CPU-heavy and the machine has 2 cores.
const cli = await resolveTemporalCli();
const testServer = await resolveTestServer();
const weed = await resolveWeed();
const server = await resolveTemporalServer(); // npm run cluster and its smoke test
process.stdout.write(`temporal CLI:          ${cli}\ntemporal test server:  ${testServer}\nSeaweedFS (weed):      ${weed}\ntemporal server:       ${server.server}\ntemporal-sql-tool:     ${server.sqlTool}\n`);
