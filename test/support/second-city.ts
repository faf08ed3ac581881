import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { freshUscc } from './cases.ts';
import { createStaff, type StaffMember } from './own-county.ts';

// Two cities of a test's own, for org scoping (issue 19 ⑤): city P with counties A (and township
// A1 under it) and B, and a second city Q with county C and township C1 — each with the staff who
// sign in with the demo password. The production reference data (prisma/seed-data/orgs.ts) knows
// one city only; a second one lives here. Seeded 玉溪 is a third city to these.

export type Relation = 'own' | 'sibling' | 'parentCity' | 'otherCity' | 'township';

export function twoCities(tag = randomUUID().slice(0, 8)) {
  const id = (k: string) => `sc-${tag}-${k}`;
  const orgs = {
    P: id('city'), A: id('a'), A1: id('a-t'), B: id('b'), Q: id('city2'), C: id('c'), C1: id('c-t'),
  };
  // Who signs in, by org and role; the username is the key (sc.<tag>.<key>).
  const people: Record<string, { org: keyof typeof orgs; roles: string[]; certified?: boolean }> = {
    'a.handler1': { org: 'A', roles: ['HANDLER'] }, 'a.handler2': { org: 'A', roles: ['HANDLER'] }, 'a.assistant': { org: 'A', roles: ['ASSISTANT'], certified: false },
    'a.supervisor': { org: 'A', roles: ['SUPERVISOR'] }, 'a.head': { org: 'A', roles: ['HEAD'] }, 'a.legal': { org: 'A', roles: ['LEGAL_REVIEWER'] },
    'a1.officer1': { org: 'A1', roles: ['TOWNSHIP_OFFICER'] }, 'a1.officer2': { org: 'A1', roles: ['TOWNSHIP_OFFICER'] },
    'b.handler': { org: 'B', roles: ['HANDLER'] }, 'b.supervisor': { org: 'B', roles: ['SUPERVISOR'] }, 'b.head': { org: 'B', roles: ['HEAD'] },
    'b.legal': { org: 'B', roles: ['LEGAL_REVIEWER'] }, 'b.assistant': { org: 'B', roles: ['ASSISTANT'], certified: false },
    'p.city': { org: 'P', roles: ['CITY_SUPERVISOR'] }, 'p.discipline': { org: 'P', roles: ['DISCIPLINE'], certified: false },
    'q.city': { org: 'Q', roles: ['CITY_SUPERVISOR'] }, 'q.discipline': { org: 'Q', roles: ['DISCIPLINE'], certified: false },
    'c.handler': { org: 'C', roles: ['HANDLER'] }, 'c.head': { org: 'C', roles: ['HEAD'] }, 'c1.officer': { org: 'C1', roles: ['TOWNSHIP_OFFICER'] },
  };
  const userId = (key: string) => `u-sc-${tag}-${key.replace('.', '-')}`;
  const username = (key: string) => `sc.${tag}.${key}`;

  async function create(prisma: PrismaClient) {
    // 530402 (红塔区) for A and B: the police, procuratorate and reconsideration organ of a case are found by region code.
    await prisma.org.createMany({ data: [
      { id: orgs.P, name: `测试甲市应急管理局${tag}`, shortName: `甲市${tag}`, kind: 'CITY_BUREAU', regionCode: '530400', parentId: null },
      { id: orgs.Q, name: `测试乙市应急管理局${tag}`, shortName: `乙市${tag}`, kind: 'CITY_BUREAU', regionCode: '530300', parentId: null },
    ] });
    await prisma.org.createMany({ data: [
      { id: orgs.A, name: `测试甲县应急管理局${tag}`, shortName: `甲县${tag}`, kind: 'COUNTY_BUREAU', regionCode: '530402', parentId: orgs.P },
      { id: orgs.B, name: `测试乙县应急管理局${tag}`, shortName: `乙县${tag}`, kind: 'COUNTY_BUREAU', regionCode: '530402', parentId: orgs.P },
      { id: orgs.C, name: `测试丙县应急管理局${tag}`, shortName: `丙县${tag}`, kind: 'COUNTY_BUREAU', regionCode: '530302', parentId: orgs.Q },
    ] });
    await prisma.org.createMany({ data: [
      { id: orgs.A1, name: `测试甲县甲镇人民政府${tag}`, shortName: `甲镇${tag}`, kind: 'TOWNSHIP', regionCode: '530402', parentId: orgs.A },
      { id: orgs.C1, name: `测试丙县丙镇人民政府${tag}`, shortName: `丙镇${tag}`, kind: 'TOWNSHIP', regionCode: '530302', parentId: orgs.C },
    ] });
    const staff: StaffMember[] = Object.entries(people).map(([key, p]) => ({
      id: userId(key), username: username(key), orgId: orgs[p.org], roles: p.roles, certified: p.certified ?? true, displayName: `测试${key}`,
    }));
    await createStaff(prisma, staff);
    // Enterprises A supervises, for its 双随机 draw (reference data, as the seed writes it).
    await prisma.enterprise.createMany({ data: [1, 2].map((n) => ({
      id: enterprises[n - 1]!, uscc: freshUscc(), name: `测试甲县企业${n}-${tag}`, industry: '危险化学品经营（带储存）', orgId: orgs.A,
      address: '测试地址', legalRep: '测试', riskLevel: 'HIGH',
    })) });
  }

  const enterprises = [id('ent1'), id('ent2')];
  return { tag, orgs, people, enterprises, userId, username, create };
}
export type TwoCities = ReturnType<typeof twoCities>;
