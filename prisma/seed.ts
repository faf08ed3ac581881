// Two sets, kept apart so that a production database never receives demo credentials:
//
// - seedReference: the reference data every install needs — Yuxi's organisations and the
//   enforcement catalog. `npm run seed` and `npm run migrate` load only this. It inserts
//   missing rows and never updates existing ones, so what administrators changed stays, and
//   it records which version of each set was offered (table ReferenceData). Deadlines are
//   code (rules/deadlines.ts); holiday calendars load with `npm run holidays:load`.
// - seedDemo: demo users with certificates (all sharing DEMO_PASSWORD), invented enterprises
//   and experts. Only `npm run dev`, `npm run seed -- --demo` (refused in production) and the
//   tests load it; it too only inserts, so a re-run keeps an administrator's change to a
//   demo user's roles or certificate.

import { createHash } from 'node:crypto';
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';
import { CATALOG } from './seed-data/catalog.ts';
import { ENTERPRISES } from './seed-data/enterprises.ts';
import { EXPERTS } from './seed-data/experts.ts';
import { ORGS } from './seed-data/orgs.ts';
import { USERS } from './seed-data/users.ts';
import { hashPassword } from '../store/passwords.ts';

export const DEMO_PASSWORD = 'zhifa-demo-2026';

/** Rows this run inserted, per set (rows that already existed are left as they are). */
export interface ReferenceCounts { orgs: number; catalogItems: number }
export interface DemoCounts { users: number; certificates: number; enterprises: number; experts: number }

type Tx = Prisma.TransactionClient;

const day = (iso: string) => new Date(`${iso}T00:00:00.000Z`);
export const certificateId = (userId: string) => `cert-${userId}`;
/** A set's version is its content's digest: a changed seed file is a new version. */
export const referenceVersion = (rows: readonly unknown[]) => createHash('sha256').update(JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))).digest('hex').slice(0, 16);

/** Reference data only (orgs, catalog): inserts what is missing, records the versions offered. */
export async function seedReference(prisma: PrismaClient): Promise<ReferenceCounts> {
  return prisma.$transaction(async (tx) => {
    // ORGS lists parents before children; the foreign key is checked at the statement's end.
    const orgs = (await tx.org.createMany({ data: [...ORGS], skipDuplicates: true })).count;
    const catalogItems = (await tx.catalogItem.createMany({ data: [...CATALOG], skipDuplicates: true })).count;
    for (const [name, rows, inserted] of [['orgs', ORGS, orgs], ['catalog', CATALOG, catalogItems]] as const) {
      const version = referenceVersion(rows);
      await tx.referenceData.upsert({ where: { name }, create: { name, version, inserted }, update: { version, inserted, appliedAt: new Date() } });
    }
    return { orgs, catalogItems };
  }, { timeout: 60_000 });
}

/** Demo users (DEMO_PASSWORD), certificates, enterprises and experts: never in production. */
export async function seedDemo(prisma: PrismaClient): Promise<DemoCounts> {
  // Hashing is the slow part: once, outside the transaction, and only if some demo user is
  // missing. Existing users keep everything: hash, roles, org, certificates, lock-out state.
  const existing = await prisma.user.findMany({ where: { id: { in: USERS.map((u) => u.id) } }, select: { id: true } });
  const known = new Set(existing.map((u) => u.id));
  const missing = USERS.filter((u) => !known.has(u.id));
  const passwordHash = missing.length > 0 ? await hashPassword(DEMO_PASSWORD) : '';
  return prisma.$transaction(async (tx: Tx) => {
    const users = (await tx.user.createMany({
      data: missing.map((u) => ({ id: u.id, username: u.username, displayName: u.displayName, orgId: u.orgId, roles: u.roles, qualifications: u.qualifications, passwordHash })),
      skipDuplicates: true,
    })).count;
    // A certificate comes with its user: one an administrator revoked or replaced is not brought back.
    const certificates = (await tx.certificate.createMany({
      data: missing.flatMap((u) => (u.certificate ? [{
        id: certificateId(u.id), userId: u.id, number: u.certificate.number, issuer: u.certificate.issuer,
        validFrom: day(u.certificate.validFrom), validUntil: day(u.certificate.validUntil),
      }] : [])),
      skipDuplicates: true,
    })).count;
    const enterprises = (await tx.enterprise.createMany({ data: [...ENTERPRISES], skipDuplicates: true })).count;
    const experts = (await tx.expert.createMany({ data: [...EXPERTS], skipDuplicates: true })).count;
    return { users, certificates, enterprises, experts };
  }, { timeout: 60_000 });
}

/** Reference and demo data together: development, tests, the bench and the fuzzer. */
export async function seed(prisma: PrismaClient): Promise<ReferenceCounts & { demo: DemoCounts }> {
  const reference = await seedReference(prisma);
  return { ...reference, demo: await seedDemo(prisma) };
}
