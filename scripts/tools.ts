// `npm run tools`: resolve (building if needed) the Temporal CLI, the time-skipping test
// server and SeaweedFS (the S3 server of the evidence store's tests), so later dev/test/bench
// runs start without a multi-minute build.
import { resolveTemporalCli, resolveTestServer, resolveWeed } from '../infra/tools.ts';

// Sequential on purpose: the builds are CPU-heavy and the machine has 2 cores.
const cli = await resolveTemporalCli();
const testServer = await resolveTestServer();
const weed = await resolveWeed();
process.stdout.write(`temporal CLI:          ${cli}\ntemporal test server:  ${testServer}\nSeaweedFS (weed):      ${weed}\n`);
