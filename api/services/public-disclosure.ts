import type { Prisma } from '../../generated/prisma/client.ts';
import { DEADLINES, type DeadlineId } from '../../rules/deadlines.ts';
import { CATEGORY_LABELS } from '../../rules/inspection-checklists.ts';
import { PENALTY_STATUTE_LABELS, PERIOD_UNIT_LABELS } from '../labels.ts';
import type { AppDeps } from '../deps.ts';

// 行政执法公示, readable without logging in. 事前公开 (CF 39; AB25 14): the bureaus, the items
// they enforce with their bases, the procedure and the remedies. 事后公开 (118): decisions,
// masked when they were published (activities/disclosure.ts); withdrawn ones leave the list and
// remain only as the notice of withdrawal with its reason (CF 48 ②: 撤回并说明理由).

export interface DisclosureQuery { orgId?: string; item?: string; from?: string; to?: string; page: number }

const PAGE = 20;
const BUREAU_KINDS = ['CITY_BUREAU', 'COUNTY_BUREAU'];
const startOfDay = (d: string) => new Date(`${d}T00:00:00+08:00`);

function where(q: DisclosureQuery): Prisma.DisclosureWhereInput {
  return {
    ...(q.orgId ? { orgId: q.orgId } : {}),
    ...(q.item ? { catalogItemId: q.item } : {}),
    ...(q.from || q.to ? { decidedAt: {
      ...(q.from ? { gte: startOfDay(q.from) } : {}),
      ...(q.to ? { lt: new Date(startOfDay(q.to).getTime() + 86_400_000) } : {}),
    } } : {}),
  };
}

async function bureaus(deps: AppDeps) {
  return deps.prisma.org.findMany({ where: { kind: { in: BUREAU_KINDS } }, select: { id: true, name: true }, orderBy: { regionCode: 'asc' } });
}

export async function searchDisclosures(deps: AppDeps, q: DisclosureQuery) {
  const live: Prisma.DisclosureWhereInput = { ...where(q), withdrawnAt: null };
  const [items, total, withdrawn, orgs, catalog] = await Promise.all([
    deps.prisma.disclosure.findMany({ where: live, orderBy: [{ decidedAt: 'desc' }, { id: 'asc' }], skip: (q.page - 1) * PAGE, take: PAGE,
      select: { id: true, orgId: true, decisionNumber: true, partyName: true, catalogItemId: true, facts: true, penalty: true, basis: true, decidedAt: true, publishedAt: true } }),
    deps.prisma.disclosure.count({ where: live }),
    deps.prisma.disclosure.findMany({ where: { ...where(q), withdrawnAt: { not: null } }, orderBy: { withdrawnAt: 'desc' }, take: PAGE,
      select: { id: true, orgId: true, decisionNumber: true, withdrawnAt: true, withdrawReason: true } }),
    bureaus(deps),
    deps.prisma.catalogItem.findMany({ select: { code: true, name: true }, orderBy: { code: 'asc' } }),
  ]);
  const orgName = new Map(orgs.map((o) => [o.id, o.name]));
  const itemName = new Map(catalog.map((c) => [c.code, c.name]));
  return {
    items: items.map((d) => ({ ...d, orgName: orgName.get(d.orgId) ?? d.orgId, itemName: itemName.get(d.catalogItemId) ?? d.catalogItemId })),
    withdrawn: withdrawn.map((d) => ({ ...d, orgName: orgName.get(d.orgId) ?? d.orgId })),
    total, page: q.page, pages: Math.max(1, Math.ceil(total / PAGE)), multiPage: total > PAGE, orgs, catalog,
  };
}

/** The latest decisions of every bureau, for the RSS and JSON feeds (withdrawn ones excluded). */
export async function latestDisclosures(deps: AppDeps, limit = 50) {
  const [items, orgs] = await Promise.all([
    deps.prisma.disclosure.findMany({ where: { withdrawnAt: null }, orderBy: [{ publishedAt: 'desc' }, { id: 'asc' }], take: limit }),
    bureaus(deps),
  ]);
  const orgName = new Map(orgs.map((o) => [o.id, o.name]));
  return items.map((d) => ({ ...d, orgName: orgName.get(d.orgId) ?? d.orgId }));
}

const UNIT = PERIOD_UNIT_LABELS;
const limit = (id: DeadlineId) => {
  const r = DEADLINES[id];
  return { id, label: r.label, period: `${r.amount}${UNIT[r.unit]}`, source: `${r.source.instrument}${r.source.article}` };
};

/** The steps and remedies as the public reads them, each limit from the deadline table with its source. */
export const PROCEDURE = {
  general: [
    { step: '立案', limit: limit('FILING_DECISION') },
    { step: '调查取证（两名以上持证执法人员，出示执法证件）', limit: null },
    { step: '告知拟作出的处罚及陈述、申辩权利', limit: limit('STATEMENT_AND_DEFENCE') },
    { step: '听证（符合条件的，当事人可以要求）', limit: limit('HEARING_REQUEST') },
    { step: '法制审核、集体讨论（依法需要的）', limit: null },
    { step: '作出行政处罚决定', limit: limit('DECISION') },
    { step: '送达行政处罚决定书', limit: limit('DECISION_SERVICE') },
    { step: '公开行政处罚决定信息', limit: limit('DISCLOSURE') },
  ],
  summary: [
    { step: '当场作出行政处罚决定（违法事实确凿、有法定依据，对公民处200元以下、对法人或者其他组织处3000元以下罚款或者警告）', limit: null },
    { step: '报所属行政机关备案', limit: limit('SUMMARY_FILING') },
  ],
  remedies: [
    { step: '申请行政复议（向本级人民政府）', limit: limit('RECONSIDERATION_APPLICATION') },
    { step: '提起行政诉讼', limit: limit('LITIGATION_DIRECT') },
    { step: '撤回已被变更、撤销、确认违法或者无效的公开信息', limit: limit('DISCLOSURE_WITHDRAWAL') },
  ],
};

const PENALTY_LABELS = PENALTY_STATUTE_LABELS;

/** 事前公开: 实施机关、执法事项及依据、程序、救济渠道. */
export async function enforcementCatalog(deps: AppDeps) {
  const [orgs, items] = await Promise.all([
    bureaus(deps),
    deps.prisma.catalogItem.findMany({ orderBy: { code: 'asc' } }),
  ]);
  return {
    orgs,
    items: items.map((i) => ({
      code: i.code, name: i.name, category: (CATEGORY_LABELS as Record<string, string>)[i.category] ?? i.category, violationBasis: i.violationBasis, penaltyBasis: i.penaltyBasis,
      penalties: i.penaltyTypes.map((t) => PENALTY_LABELS[t] ?? t).join('、'),
      fineMinFen: i.fineMinFen === null ? null : Number(i.fineMinFen), fineMaxFen: i.fineMaxFen === null ? null : Number(i.fineMaxFen),
      summaryEligible: i.summaryEligible,
    })),
    procedure: PROCEDURE,
  };
}
