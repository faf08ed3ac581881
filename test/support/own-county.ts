import type { PrismaClient } from '../../generated/prisma/client.ts';

// A county bureau of a test's own under the city bureau (and a township under it), with staff who
// sign in with the demo password: other test files, writing to the seeded orgs at the same time,
// never see these rows, and the test can assert exact figures about its own.

export interface StaffMember {
  id: string; username: string; orgId: string; roles: string[]; displayName?: string;
  /** Holds a valid 行政执法证 (default true). */
  certified?: boolean;
}

export async function createCounty(prisma: PrismaClient, c: { id: string; name: string; shortName: string; township?: { id: string; name: string; shortName: string } }) {
  await prisma.org.createMany({ data: [
    { id: c.id, name: c.name, shortName: c.shortName, kind: 'COUNTY_BUREAU', regionCode: '530499', parentId: 'yx-city' },
    ...(c.township ? [{ ...c.township, kind: 'TOWNSHIP', regionCode: '530499', parentId: c.id }] : []),
  ] });
}

export async function createStaff(prisma: PrismaClient, staff: StaffMember[]) {
  const { passwordHash } = await prisma.user.findUniqueOrThrow({ where: { username: 'hongta.head' }, select: { passwordHash: true } });
  await prisma.user.createMany({ data: staff.map((s) => ({
    id: s.id, username: s.username, displayName: s.displayName ?? `测试${s.username}`, passwordHash, orgId: s.orgId, roles: s.roles,
  })) });
  await prisma.certificate.createMany({ data: staff.filter((s) => s.certified ?? true).map((s) => ({
    id: `cert-${s.id}`, userId: s.id, number: `测试执字第${s.id.replace(/[^0-9a-z]/gi, '')}号`, issuer: '玉溪市人民政府', validFrom: new Date('2020-01-01'), validUntil: new Date('2099-12-31'),
  })) });
}
