import type { PrismaClient } from '../generated/prisma/client.ts';

// What the public verification page (/verify/<id>, issue 23) may say about a document: its
// number, kind, issuing organ, date and whether it is still in force — never a party's data.

export type Standing = 'IN_FORCE' | 'CORRECTED' | 'REVOKED' | 'CHANGED' | 'DECLARED_UNLAWFUL';

export const STANDING_LABELS: Record<Standing, string> = {
  IN_FORCE: '有效', CORRECTED: '已被更正', REVOKED: '已被撤销', CHANGED: '已被变更', DECLARED_UNLAWFUL: '已被确认违法',
};

// 复议决定 (行政复议法 Art 64–66) and court judgments (行政诉讼法 Art 70, 77) that end or alter a decision.
const BY_RECONSIDERATION: Record<string, Standing> = { REVOKE: 'REVOKED', CHANGE: 'CHANGED', DECLARE_UNLAWFUL: 'DECLARED_UNLAWFUL' };
const BY_JUDGMENT: Record<string, Standing> = { REVOKED: 'REVOKED', CHANGED: 'CHANGED' };

interface Remedy { outcome: string | null; decidedAt: Date | null; data: unknown }

/** The latest remedy wins: a court's judgment comes after the reconsideration it reviews. */
export function standingOf(remedies: Remedy[]): { standing: Standing; by?: 'RECONSIDERATION' | 'JUDGMENT' } {
  let out: { standing: Standing; by?: 'RECONSIDERATION' | 'JUDGMENT' } = { standing: 'IN_FORCE' };
  for (const r of [...remedies].sort((a, b) => (a.decidedAt?.getTime() ?? 0) - (b.decidedAt?.getTime() ?? 0))) {
    if (r.decidedAt && r.outcome && BY_RECONSIDERATION[r.outcome]) out = { standing: BY_RECONSIDERATION[r.outcome], by: 'RECONSIDERATION' };
    const events = ((r.data as { events?: { action?: string; result?: string }[] } | null)?.events ?? []);
    const judged = events.filter((e) => e.action === 'reconsideration.lawsuit_judged' && e.result && BY_JUDGMENT[e.result]).at(-1);
    if (judged) out = { standing: BY_JUDGMENT[judged.result!], by: 'JUDGMENT' };
  }
  return out;
}

/** The organ the document was issued by, as printed in its head (a delegated township acts in the bureau's name). */
const printedAuthority = (html: string) => /<p class="authority">([^<]*)<\/p>/.exec(html)?.[1]
  ?.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#x27;/g, "'");

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface Verification {
  number: string; title: string; authority: string; issuedAt: Date;
  standing: Standing; standingLabel: string; standingBy?: 'RECONSIDERATION' | 'JUDGMENT';
  /** The number of the document that corrects this one (a signed or numbered record is never edited). */
  correctedBy?: string;
  /** Whether the SHA-256 given matches the issued HTML or a PDF of it that Zhifa handed out; absent when none was given. */
  hashMatches?: boolean;
}

/** null for an unknown id and for anything that is not an id at all: the answer must not tell them apart. */
export async function verifyDocument(prisma: PrismaClient, id: string, sha256?: string): Promise<Verification | null> {
  if (!UUID.test(id)) return null;
  const doc = await prisma.document.findUnique({ where: { id }, select: { id: true, number: true, title: true, html: true, sha256: true, issuedAt: true, orgId: true } });
  if (!doc) return null;
  const remedies = await prisma.reconsideration.findMany({
    where: { decisionNumber: doc.number, respondentOrgId: doc.orgId }, select: { outcome: true, decidedAt: true, data: true },
  });
  const remedy = standingOf(remedies);
  const correctedBy = remedy.standing === 'IN_FORCE' ? await correctingNumber(prisma, doc.id) : undefined;
  const { standing, by } = correctedBy ? { standing: 'CORRECTED' as const, by: undefined } : remedy;
  let hashMatches: boolean | undefined;
  if (sha256 !== undefined) {
    const h = sha256.toLowerCase();
    hashMatches = h === doc.sha256 || (await prisma.documentRendering.count({ where: { documentId: doc.id, sha256: h } })) > 0;
  }
  return {
    number: doc.number, title: doc.title, authority: printedAuthority(doc.html) ?? '', issuedAt: doc.issuedAt,
    standing, standingLabel: STANDING_LABELS[standing], ...(by ? { standingBy: by } : {}), ...(correctedBy ? { correctedBy } : {}), ...(hashMatches === undefined ? {} : { hashMatches }),
  };
}

/** A record (笔录) is corrected by a new numbered record naming it (api/services/records.ts). */
async function correctingNumber(prisma: PrismaClient, documentId: string): Promise<string | undefined> {
  const record = await prisma.caseRecord.findUnique({ where: { documentId }, select: { id: true } });
  if (!record) return undefined;
  const fix = await prisma.caseRecord.findFirst({ where: { correctsId: record.id, documentId: { not: null } }, orderBy: { createdAt: 'desc' }, select: { documentId: true } });
  if (!fix?.documentId) return undefined;
  return (await prisma.document.findUnique({ where: { id: fix.documentId }, select: { number: true } }))?.number;
}

/** Remembers a PDF handed out, once per distinct content. */
export async function recordRendering(prisma: PrismaClient, documentId: string, sha256: string, format: 'PDF'): Promise<void> {
  await prisma.documentRendering.createMany({ data: [{ documentId, sha256, format }], skipDuplicates: true });
}
