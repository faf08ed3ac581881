// What a step's effects read, in ONE statement at the start of its transaction (issue 18: a
// 立案审批 completion cost eight reads for its 立案审批表 alone): the holiday calendar, the case
// files its documents state, the issuing orgs, documents already issued under the step's keys
// and the officers named. Nothing here changes while the step runs except what the step itself
// writes, and that the step keeps in these objects (a document issued earlier in it, the number).
import { Prisma } from '../generated/prisma/client.ts';

export interface CaseFile {
  id: string; orgId: string; number: string | null; filedAt: string | null; partyKind: string; partyName: string;
  partyIdNumber: string; catalogItemId: string; source: string; facts: string; occurredAt: string; registeredAt: string;
  data: Record<string, unknown>;
  item: { name: string; violationBasis: string; penaltyBasis: string } | null;
  enterprise: { legalRep: string; address: string } | null;
  /** Documents of the case, oldest first. */
  docs: { kind: string; number: string; title: string; issuedAt: string }[];
  /** 委托执法 (issue 4): the township that handled the matter in the county bureau's name (CF 20). */
  delegated: { name: string; entrustment: string | null } | null;
}
export interface OrgInfo { name: string; shortName: string; /** 复议机关 of the org's region (行政复议法 2023 Art 24). */ organ: string | null }
export interface IssuedRow { id: string; kind: string; orgId: string; number: string; sha256: string; title: string }
export interface HolidayRow { year: number; holidays: string[]; workdays: string[] }

export interface StepReads {
  holidays: HolidayRow[];
  cases: Map<string, CaseFile>;
  orgs: Map<string, OrgInfo>;
  /** Documents by idempotency key. */
  documents: Map<string, IssuedRow>;
  /** Officers by user id: name and latest certificate number. */
  officers: Map<string, { name: string; certNo: string }>;
}
export interface ReadNeeds { holidays?: boolean; caseIds?: string[]; orgIds?: string[]; docKeys?: string[]; userIds?: string[] }

// Timestamps are stored as UTC without zone; stated the way Date#toISOString states them.
const iso = (col: string) => Prisma.raw(`to_char(${col}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);
const uniq = (xs: (string | undefined | null)[] = []) => [...new Set(xs.filter((x): x is string => !!x))];

export async function readStep(tx: Prisma.TransactionClient, needs: ReadNeeds): Promise<StepReads> {
  const [caseIds, orgIds, docKeys, userIds] = [uniq(needs.caseIds), uniq(needs.orgIds), uniq(needs.docKeys), uniq(needs.userIds)];
  const empty: StepReads = { holidays: [], cases: new Map(), orgs: new Map(), documents: new Map(), officers: new Map() };
  if (!needs.holidays && !caseIds.length && !orgIds.length && !docKeys.length && !userIds.length) return empty;
  const [row] = await tx.$queryRaw<{ holidays: HolidayRow[] | null; cases: CaseFile[] | null; orgs: (OrgInfo & { id: string })[] | null;
    documents: (IssuedRow & { key: string })[] | null; officers: { id: string; name: string; certNo: string }[] | null }[]>`
    SELECT
      CASE WHEN ${!!needs.holidays} THEN (SELECT json_agg(json_build_object('year', h."year", 'holidays', h."holidays", 'workdays', h."workdays")) FROM "HolidayYear" h) END AS "holidays",
      (SELECT json_agg(json_build_object(
        'id', c."id", 'orgId', c."orgId", 'number', c."number", 'filedAt', ${iso('c."filedAt"')}, 'partyKind', c."partyKind",
        'partyName', c."partyName", 'partyIdNumber', c."partyIdNumber", 'catalogItemId', c."catalogItemId", 'source', c."source",
        'facts', c."facts", 'occurredAt', ${iso('c."occurredAt"')}, 'registeredAt', ${iso('c."registeredAt"')}, 'data', c."data",
        'item', (SELECT json_build_object('name', i."name", 'violationBasis', i."violationBasis", 'penaltyBasis', i."penaltyBasis")
                 FROM "CatalogItem" i WHERE i."code" = c."catalogItemId"),
        'enterprise', (SELECT json_build_object('legalRep', e."legalRep", 'address', e."address") FROM "Enterprise" e WHERE e."id" = c."enterpriseId"),
        'docs', COALESCE((SELECT json_agg(json_build_object('kind', d."kind", 'number', d."number", 'title', d."title", 'issuedAt', ${iso('d."issuedAt"')})
                 ORDER BY d."issuedAt", d."id") FROM "Document" d WHERE d."caseId" = c."id"), '[]'),
        'delegated', (SELECT json_build_object('name', COALESCE(t."name", m."townshipOrgId"), 'entrustment', g."letterNumber")
                 FROM "DelegatedMatter" m LEFT JOIN "Org" t ON t."id" = m."townshipOrgId" LEFT JOIN "Delegation" g ON g."id" = m."delegationId"
                 WHERE m."caseId" = c."id")))
        FROM "Case" c WHERE c."id" = ANY(${caseIds}::text[])) AS "cases",
      (SELECT json_agg(json_build_object('id', o."id", 'name', o."name", 'shortName', o."shortName",
        'organ', (SELECT r."name" FROM "Org" r WHERE r."kind" = 'RECONSIDERATION_ORGAN' AND r."regionCode" = o."regionCode" ORDER BY r."id" LIMIT 1)))
        FROM "Org" o WHERE o."id" = ANY(${orgIds}::text[])) AS "orgs",
      (SELECT json_agg(json_build_object('key', d."key", 'id', d."id", 'kind', d."kind", 'orgId', d."orgId", 'number', d."number", 'sha256', d."sha256", 'title', d."title"))
        FROM "Document" d WHERE d."key" = ANY(${docKeys}::text[])) AS "documents",
      (SELECT json_agg(json_build_object('id', u."id", 'name', u."displayName",
        'certNo', COALESCE((SELECT k."number" FROM "Certificate" k WHERE k."userId" = u."id" ORDER BY k."validUntil" DESC LIMIT 1), '')))
        FROM "User" u WHERE u."id" = ANY(${userIds}::text[])) AS "officers"`;
  return {
    holidays: row?.holidays ?? [],
    cases: new Map((row?.cases ?? []).map((c) => [c.id, c])),
    orgs: new Map((row?.orgs ?? []).map(({ id, ...o }) => [id, o])),
    documents: new Map((row?.documents ?? []).map(({ key, ...d }) => [key, d])),
    officers: new Map((row?.officers ?? []).map(({ id, ...u }) => [id, u])),
  };
}
