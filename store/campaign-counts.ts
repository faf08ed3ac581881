// 专项执法 (issue 21 item 1): what the inspections done for a campaign produced, per share —
// the campaign workflow's progress and summary and the API's detail page and chart read the same.
import { Prisma, type PrismaClient } from '../generated/prisma/client.ts';

export interface CampaignCountRow {
  orgId: string;
  orgName: string;
  target: number;
  /** Inspections whose on-site record is made. */
  inspections: number;
  /** Inspections started (notified) for the campaign, done or not. */
  started: number;
  hazardsFound: number;
  hazardsRectified: number;
  cases: number;
  /** Fines decided in those cases, in fen. */
  fineFen: number;
  transfers: number;
}

export type CampaignTotals = Omit<CampaignCountRow, 'orgId' | 'orgName'>;
export interface CampaignCounts { rows: CampaignCountRow[]; totals: CampaignTotals }

const ZERO: CampaignTotals = { target: 0, inspections: 0, started: 0, hazardsFound: 0, hazardsRectified: 0, cases: 0, fineFen: 0, transfers: 0 };

/** One statement, grouped in the database by the share's org. */
export async function campaignCounts(prisma: PrismaClient | Prisma.TransactionClient, campaignId: string): Promise<CampaignCounts> {
  const rows = await prisma.$queryRaw<{ orgId: string; orgName: string; target: number; started: bigint; inspections: bigint; found: bigint; rectified: bigint; cases: bigint; fine: Prisma.Decimal | null; transfers: bigint }[]>`
    SELECT s."orgId", o."name" AS "orgName", s."target",
      (SELECT count(*) FROM "Inspection" i WHERE i."campaignId" = s."campaignId" AND i."orgId" = s."orgId") AS "started",
      (SELECT count(*) FROM "Inspection" i WHERE i."campaignId" = s."campaignId" AND i."orgId" = s."orgId" AND i."recordNumber" IS NOT NULL) AS "inspections",
      (SELECT count(*) FROM "Hazard" h JOIN "Inspection" i ON i."id" = h."inspectionId" WHERE i."campaignId" = s."campaignId" AND i."orgId" = s."orgId") AS "found",
      (SELECT count(*) FROM "Hazard" h JOIN "Inspection" i ON i."id" = h."inspectionId" WHERE i."campaignId" = s."campaignId" AND i."orgId" = s."orgId" AND h."status" = 'RECTIFIED') AS "rectified",
      (SELECT count(*) FROM "Inspection" i WHERE i."campaignId" = s."campaignId" AND i."orgId" = s."orgId" AND i."caseId" IS NOT NULL) AS "cases",
      (SELECT sum((c."data" #>> '{state,decision,fineFen}')::numeric) FROM "Inspection" i JOIN "Case" c ON c."id" = i."caseId"
         WHERE i."campaignId" = s."campaignId" AND i."orgId" = s."orgId") AS "fine",
      (SELECT count(*) FROM "Inspection" i JOIN "Transfer" t ON t."caseId" = i."caseId" WHERE i."campaignId" = s."campaignId" AND i."orgId" = s."orgId") AS "transfers"
    FROM "CampaignShare" s JOIN "Org" o ON o."id" = s."orgId"
    WHERE s."campaignId" = ${campaignId}
    ORDER BY s."orgId"`;
  const out: CampaignCountRow[] = rows.map((r) => ({
    orgId: r.orgId, orgName: r.orgName, target: r.target, started: Number(r.started), inspections: Number(r.inspections),
    hazardsFound: Number(r.found), hazardsRectified: Number(r.rectified), cases: Number(r.cases), fineFen: Number(r.fine ?? 0), transfers: Number(r.transfers),
  }));
  const totals = out.reduce<CampaignTotals>((t, r) => ({
    target: t.target + r.target, inspections: t.inspections + r.inspections, started: t.started + r.started, hazardsFound: t.hazardsFound + r.hazardsFound,
    hazardsRectified: t.hazardsRectified + r.hazardsRectified, cases: t.cases + r.cases, fineFen: t.fineFen + r.fineFen, transfers: t.transfers + r.transfers,
  }), ZERO);
  return { rows: out, totals };
}
