import { describe, expect, it } from 'vitest';
import { CATALOG, CATALOG_CATEGORIES } from '../../prisma/seed-data/catalog.ts';
import { ENTERPRISES, RISK_LEVELS } from '../../prisma/seed-data/enterprises.ts';
import { ORGS, type OrgKind } from '../../prisma/seed-data/orgs.ts';
import { EXPIRED_CERT_USERNAME, USERS, type SeedUser } from '../../prisma/seed-data/users.ts';
import { ROLES, needsCertificate, type Role } from '../../rules/roles.ts';

// law/deadlines.md §12 — the nine county-level units of 玉溪市 (530400).
const COUNTY_CODES: Record<string, string> = {
  红塔区: '530402', 江川区: '530403', 澄江市: '530481', 通海县: '530423', 华宁县: '530424',
  易门县: '530425', 峨山彝族自治县: '530426', 新平彝族傣族自治县: '530427', 元江哈尼族彝族傣族自治县: '530428',
};

const orgById = new Map(ORGS.map((o) => [o.id, o]));
const ofKind = (kind: OrgKind) => ORGS.filter((o) => o.kind === kind);
const counties = ofKind('COUNTY_BUREAU');
const usersOf = (orgId: string, role: Role) => USERS.filter((u) => u.orgId === orgId && u.roles.includes(role));
const today = new Date().toISOString().slice(0, 10);
const certValidToday = (u: SeedUser) => !!u.certificate && u.certificate.validFrom <= today && today <= u.certificate.validUntil;
const unique = (xs: readonly string[]) => new Set(xs).size === xs.length;

describe('organisations', () => {
  it('have unique ids, and every parent exists and is listed before its children', () => {
    expect(unique(ORGS.map((o) => o.id))).toBe(true);
    const seen = new Set<string>();
    for (const o of ORGS) {
      if (o.parentId !== null) expect(seen.has(o.parentId), `${o.id} → ${o.parentId}`).toBe(true);
      seen.add(o.id);
    }
  });

  it('are the nine county-level units with the region codes of deadlines.md §12, under the city bureau', () => {
    expect(counties).toHaveLength(9);
    for (const [name, code] of Object.entries(COUNTY_CODES)) {
      const bureau = counties.find((c) => c.name.includes(`${name}应急管理局`));
      expect(bureau, name).toBeDefined();
      expect(bureau!.regionCode).toBe(code);
      expect(bureau!.parentId).toBe('yx-city');
      expect(bureau!.name).toContain(`${name}应急管理综合行政执法大队`);
    }
    expect(orgById.get('yx-city')).toMatchObject({ kind: 'CITY_BUREAU', regionCode: '530400', shortName: '玉溪应急' });
    expect(orgById.get('yx-hongta')?.shortName).toBe('红塔应急');
  });

  it('give every county at least two townships', () => {
    for (const c of counties) {
      expect(ofKind('TOWNSHIP').filter((t) => t.parentId === c.id).length, c.name).toBeGreaterThanOrEqual(2);
    }
  });

  it('give every county its own public security, procuratorate, government and court (same-level routing)', () => {
    for (const c of counties) {
      for (const kind of ['PUBLIC_SECURITY', 'PROCURATORATE', 'RECONSIDERATION_ORGAN', 'COURT'] as const) {
        const organ = ORGS.find((o) => o.id === `${c.id}-${{ PUBLIC_SECURITY: 'psb', PROCURATORATE: 'procuratorate', RECONSIDERATION_ORGAN: 'gov', COURT: 'court' }[kind]}`);
        expect(organ?.kind, `${c.id} ${kind}`).toBe(kind);
        expect(organ?.regionCode).toBe(c.regionCode);
      }
    }
  });

  it('include the city-level organs, a development zone and the receiving departments', () => {
    for (const id of ['yx-gov', 'yx-psb', 'yx-procuratorate', 'yx-court', 'yx-wso']) expect(orgById.has(id), id).toBe(true);
    expect(ofKind('WORK_SAFETY_OFFICE')).toHaveLength(1);
    expect(ofKind('DEV_ZONE').length).toBeGreaterThanOrEqual(1);
    expect(ofKind('DEPARTMENT').length).toBeGreaterThanOrEqual(7);
  });

  it('use region codes of Yuxi only', () => {
    for (const o of ORGS) expect(o.regionCode, o.id).toMatch(/^5304\d\d$/);
  });
});

describe('users', () => {
  it('have unique ids and ASCII usernames, valid roles, and an existing org', () => {
    expect(unique(USERS.map((u) => u.id))).toBe(true);
    expect(unique(USERS.map((u) => u.username))).toBe(true);
    for (const u of USERS) {
      expect(u.username).toMatch(/^[a-z][a-z0-9.]*$/);
      expect(orgById.has(u.orgId), `${u.username} → ${u.orgId}`).toBe(true);
      expect(u.roles.length).toBeGreaterThan(0);
      for (const r of u.roles) expect(ROLES).toContain(r);
    }
  });

  it('every officer-role user of an enforcement body holds a certificate valid today, except the deliberately expired one', () => {
    // 安委办 coordinates between departments; it does not enforce, so its staff hold no 执法证.
    const enforcing = (u: (typeof USERS)[number]) => u.orgId !== 'yx-wso';
    for (const u of USERS.filter((x) => needsCertificate(x.roles) && enforcing(x) && x.username !== EXPIRED_CERT_USERNAME)) {
      expect(certValidToday(u), u.username).toBe(true);
    }
  });

  it('the expired user is a handler whose certificate has lapsed', () => {
    const expired = USERS.find((u) => u.username === EXPIRED_CERT_USERNAME)!;
    expect(expired.roles).toContain('HANDLER');
    expect(expired.certificate!.validUntil < today).toBe(true);
  });

  it('assistants hold no certificate; certificate numbers are unique', () => {
    for (const u of USERS.filter((x) => x.roles.includes('ASSISTANT'))) expect(u.certificate, u.username).toBeUndefined();
    const numbers = USERS.flatMap((u) => (u.certificate ? [u.certificate.number] : []));
    expect(unique(numbers)).toBe(true);
    for (const n of numbers) expect(n).toMatch(/^云应急执字第5304\d{6}号$/);
  });

  it('legal reviewers are qualified lawyers (CF 58②)', () => {
    for (const u of USERS.filter((x) => x.roles.includes('LEGAL_REVIEWER'))) {
      expect(u.qualifications.some((q) => q.includes('法律职业资格')), u.username).toBe(true);
    }
  });

  it('give the city, 红塔 and 江川 a full set and every other county handlers, a supervisor and a head', () => {
    for (const org of ['yx-city', 'yx-hongta', 'yx-jiangchuan']) {
      expect(usersOf(org, 'HANDLER').filter(certValidToday).length, org).toBeGreaterThanOrEqual(3);
      for (const r of ['ASSISTANT', 'LEGAL_REVIEWER', 'SUPERVISOR', 'HEAD'] as const) expect(usersOf(org, r).length, `${org} ${r}`).toBeGreaterThanOrEqual(1);
    }
    for (const c of counties) {
      expect(usersOf(c.id, 'HANDLER').length, c.id).toBeGreaterThanOrEqual(2);
      expect(usersOf(c.id, 'SUPERVISOR').length).toBeGreaterThanOrEqual(1);
      expect(usersOf(c.id, 'HEAD').length).toBeGreaterThanOrEqual(1);
    }
  });

  it('cover the other organs: townships, departments, police, procuratorate, reconsideration, oversight', () => {
    const townshipsWithOfficers = new Set(USERS.filter((u) => u.roles.includes('TOWNSHIP_OFFICER')).map((u) => u.orgId));
    expect(townshipsWithOfficers.size).toBeGreaterThanOrEqual(2);
    for (const t of townshipsWithOfficers) expect(orgById.get(t)?.kind).toBe('TOWNSHIP');
    for (const d of ofKind('DEPARTMENT')) expect(usersOf(d.id, 'DEPT_RECEIVER').length, d.id).toBeGreaterThanOrEqual(1);
    for (const [org, role] of [
      ['yx-psb', 'PSB_RECEIVER'], ['yx-hongta-psb', 'PSB_RECEIVER'], ['yx-procuratorate', 'PROCURATOR'],
      ['yx-gov', 'RECON_CLERK'], ['yx-hongta-gov', 'RECON_CLERK'], ['yx-city', 'CITY_SUPERVISOR'],
      ['yx-city', 'DISCIPLINE'], ['yx-city', 'ADMIN'],
    ] as const) expect(usersOf(org, role).length, `${org} ${role}`).toBeGreaterThanOrEqual(1);
  });

  it('keep the logins other code relies on', () => {
    const byName = new Map(USERS.map((u) => [u.username, u]));
    expect(byName.get('hongta.handler1')?.roles).toEqual(['HANDLER']);
    expect(byName.get('hongta.supervisor')?.roles).toEqual(['SUPERVISOR']);
    expect(byName.get('jiangchuan.supervisor')?.roles).toEqual(['SUPERVISOR']);
    expect(byName.get('hongta.head')?.roles).toEqual(['HEAD']);
    expect(byName.get('city.supervisor')?.roles).toEqual(['CITY_SUPERVISOR']);
  });
});

describe('enforcement catalog', () => {
  it('has at least 12 items with unique codes across the four categories', () => {
    expect(CATALOG.length).toBeGreaterThanOrEqual(12);
    expect(unique(CATALOG.map((c) => c.code))).toBe(true);
    for (const cat of CATALOG_CATEGORIES) expect(CATALOG.some((c) => c.category === cat), cat).toBe(true);
  });

  it('fine ranges are both set or both empty, non-negative, and min ≤ max', () => {
    for (const c of CATALOG) {
      expect(c.fineMinFen === null, c.code).toBe(c.fineMaxFen === null);
      if (c.fineMinFen !== null && c.fineMaxFen !== null) {
        expect(c.fineMinFen >= 0n && c.fineMinFen <= c.fineMaxFen, c.code).toBe(true);
        expect(c.penaltyTypes).toContain('FINE');
      }
    }
  });

  it('delegable ⇒ summary-eligible and not coercive (CF 20-21; QZ 17)', () => {
    for (const c of CATALOG.filter((x) => x.delegable)) expect(c.summaryEligible && !c.coercive, c.code).toBe(true);
    expect(CATALOG.some((c) => c.delegable)).toBe(true);
  });

  it('summary-eligible only where a warning or a fine ≤ 3000 yuan may be all (CF 51)', () => {
    for (const c of CATALOG.filter((x) => x.summaryEligible)) {
      const smallFine = c.fineMinFen !== null && c.fineMinFen <= 3000n * 100n;
      expect(smallFine || c.penaltyTypes.includes('WARNING'), c.code).toBe(true);
      expect(c.penaltyTypes, c.code).not.toContain('CONFISCATION');
    }
  });

  it('has a coercive measure, which is non-delegable and carries no penalty', () => {
    const coercive = CATALOG.filter((c) => c.coercive);
    expect(coercive.length).toBeGreaterThanOrEqual(1);
    for (const c of coercive) {
      expect(c.delegable || c.summaryEligible, c.code).toBe(false);
      expect(c.penaltyTypes).toEqual([]);
      expect(c.fineMinFen).toBeNull();
    }
  });

  it('cites its legal basis', () => {
    for (const c of CATALOG) {
      expect(c.violationBasis, c.code).toMatch(/《.+》/);
      expect(c.penaltyBasis, c.code).toMatch(/《.+》第.+条/);
      expect(c.code).toMatch(/^[A-Z]+-\d{3}(-\d+)?$/);
    }
  });
});

describe('enterprises', () => {
  it('at least ten, unique, supervised by an existing county bureau, with a known risk level', () => {
    expect(ENTERPRISES.length).toBeGreaterThanOrEqual(10);
    expect(unique(ENTERPRISES.map((e) => e.id))).toBe(true);
    expect(unique(ENTERPRISES.map((e) => e.uscc))).toBe(true);
    for (const e of ENTERPRISES) {
      expect(orgById.get(e.orgId)?.kind, e.id).toBe('COUNTY_BUREAU');
      expect(RISK_LEVELS).toContain(e.riskLevel);
    }
    expect(new Set(ENTERPRISES.map((e) => e.orgId)).size).toBeGreaterThanOrEqual(5);
  });
});
