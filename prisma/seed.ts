// Reference data for Yuxi: organisations, demo users with certificates, the first
// enforcement catalog and a few regulated enterprises. Idempotent: every row is an
// upsert keyed on a stable id, so a second run changes nothing.
//
// Demo users share DEMO_PASSWORD. Callers decide whether demo users belong in the
// target database (scripts/dev.ts prints the password in development only).

import { hash, type Algorithm, type Options } from '@node-rs/argon2';
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';
import { CATALOG } from './seed-data/catalog.ts';
import { ENTERPRISES } from './seed-data/enterprises.ts';
import { EXPERTS } from './seed-data/experts.ts';
import { ORGS } from './seed-data/orgs.ts';
import { USERS, type SeedUser } from './seed-data/users.ts';

export const DEMO_PASSWORD = 'zhifa-demo-2026';

/**
 * Argon2id at the OWASP minimum (19 MiB, 2 passes, 1 lane). Pinned rather than left to
 * package defaults so an upgrade cannot change them silently; verify() reads them from
 * the PHC string. `Algorithm` is an ambient const enum, which isolatedModules may not
 * read, hence the literal: 2 = Algorithm.Argon2id.
 */
export const PASSWORD_HASH_OPTIONS: Options = {
  algorithm: 2 as Algorithm,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
};

export interface SeedCounts {
  orgs: number;
  users: number;
  /** users that did not exist before this run (the only ones that got a password hash) */
  usersCreated: number;
  certificates: number;
  catalogItems: number;
  enterprises: number;
  /** 执法+专家 pool (issue 9) */
  experts: number;
}

type Tx = Prisma.TransactionClient;

const day = (iso: string) => new Date(`${iso}T00:00:00.000Z`);
export const certificateId = (userId: string) => `cert-${userId}`;

export async function seed(prisma: PrismaClient): Promise<SeedCounts> {
  // Hashing is the slow part: do it once, outside the transaction, and only if some
  // demo user is missing. Existing users keep their hash (and any password they set).
  const existing = await prisma.user.findMany({ where: { id: { in: USERS.map((u) => u.id) } }, select: { id: true } });
  const known = new Set(existing.map((u) => u.id));
  const missing = USERS.filter((u) => !known.has(u.id));
  const passwordHash = missing.length > 0 ? await hash(DEMO_PASSWORD, PASSWORD_HASH_OPTIONS) : '';

  return prisma.$transaction(
    async (tx) => {
      await upsertOrgs(tx);
      const certificates = await upsertUsers(tx, passwordHash);
      await upsertCatalog(tx);
      await upsertEnterprises(tx);
      await upsertExperts(tx);
      return {
        orgs: ORGS.length,
        users: USERS.length,
        usersCreated: missing.length,
        certificates,
        catalogItems: CATALOG.length,
        enterprises: ENTERPRISES.length,
        experts: EXPERTS.length,
      };
    },
    { timeout: 60_000 },
  );
}

async function upsertOrgs(tx: Tx): Promise<void> {
  // ORGS lists parents before children, so the parentId foreign key always resolves.
  for (const { id, ...data } of ORGS) {
    await tx.org.upsert({ where: { id }, create: { id, ...data }, update: data });
  }
}

async function upsertUsers(tx: Tx, passwordHash: string): Promise<number> {
  let certificates = 0;
  for (const u of USERS) {
    // Reference fields follow the seed; passwordHash, lock-out state and `active` are
    // the user's own and are never overwritten.
    const data = { username: u.username, displayName: u.displayName, orgId: u.orgId, roles: u.roles, qualifications: u.qualifications };
    await tx.user.upsert({ where: { id: u.id }, create: { id: u.id, passwordHash, ...data }, update: data });
    if (u.certificate) {
      await upsertCertificate(tx, u, u.certificate);
      certificates++;
    }
  }
  return certificates;
}

async function upsertCertificate(tx: Tx, u: SeedUser, c: NonNullable<SeedUser['certificate']>): Promise<void> {
  const id = certificateId(u.id);
  const data = { userId: u.id, number: c.number, issuer: c.issuer, validFrom: day(c.validFrom), validUntil: day(c.validUntil) };
  await tx.certificate.upsert({ where: { id }, create: { id, ...data }, update: data });
}

async function upsertCatalog(tx: Tx): Promise<void> {
  for (const { code, ...data } of CATALOG) {
    await tx.catalogItem.upsert({ where: { code }, create: { code, ...data }, update: data });
  }
}

async function upsertEnterprises(tx: Tx): Promise<void> {
  for (const { id, ...data } of ENTERPRISES) {
    await tx.enterprise.upsert({ where: { id }, create: { id, ...data }, update: data });
  }
}

async function upsertExperts(tx: Tx): Promise<void> {
  for (const { id, ...data } of EXPERTS) {
    await tx.expert.upsert({ where: { id }, create: { id, ...data }, update: data });
  }
}
