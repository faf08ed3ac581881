// `npm run tools`: resolve (building if needed) the Temporal CLI and the time-skipping
// test server, so later dev/test/bench runs start without a multi-minute build.
import { resolveTemporalCli, resolveTestServer } from '../infra/tools.ts';

// Sequential on purpose: both builds are CPU-heavy and the machine has 2 cores.
const cli = await resolveTemporalCli();
const testServer = await resolveTestServer();
process.stdout.write(`temporal CLI:          ${cli}\ntemporal test server:  ${testServer}\n`);
