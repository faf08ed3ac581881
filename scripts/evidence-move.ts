import { loadConfig } from '../infra/config.ts';
import { createPrisma } from '../infra/db.ts';
import { storageFromConfig } from '../store/objects/index.ts';
import { copyLegacyEvidence, legacyRowsLeft, verifyLegacyEvidence } from '../store/objects/legacy-move.ts';

// `npm run evidence:move`: moves evidence kept in the database (bytea) to the configured object
// store (EVIDENCE_STORE), copy then verify, each re-hashing the stored object (issue 22). Safe to
// stop and run again: it resumes with the rows not done. Exits 1 while any row is left.
const config = loadConfig();
if (!config.DATABASE_URL) throw new Error('DATABASE_URL is required');
const prisma = createPrisma(config.DATABASE_URL, 2);
const { objects } = storageFromConfig(config);
try {
  const copied = await copyLegacyEvidence(prisma, objects, (l) => console.log(l));
  const verified = await verifyLegacyEvidence(prisma, objects, (l) => console.log(l));
  for (const r of [...copied.refused, ...verified.refused]) console.error(`NOT moved ${r.id}: ${r.reason}`);
  const left = await legacyRowsLeft(prisma);
  console.log(`copied ${copied.done}, verified and cleared ${verified.done}; ${left} rows still hold bytes in the database`);
  process.exitCode = left === 0 ? 0 : 1;
} finally {
  await prisma.$disconnect();
}
