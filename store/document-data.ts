import type { Prisma } from '../generated/prisma/client.ts';
import type { DocumentKind } from '../documents/kinds.ts';
import { CASE_SOURCE_LABELS, labelOf, PENALTY_STATUTE_LABELS as PENALTY_LABELS, SERVICE_METHOD_LABELS as METHOD_LABELS } from '../documents/labels.ts';

const ENDINGS: Record<string, string> = {
  PAID: '罚款已全额缴纳', NO_FINE: '处罚决定已执行完毕', NO_PENALTY: '决定不予行政处罚', COURT_ACCEPTED: '人民法院已受理强制执行申请',
  COURT_REFUSED: '人民法院不予受理或者裁定不准予执行',
  REVOKED: '行政处罚决定已被行政复议决定撤销',
};

/** 警告、罚款 — the fine itself is printed by the template from fineFen. */
export const penaltyWords = (types: string[]) => types.map((t) => PENALTY_LABELS[t] ?? t).join('、');

async function officersOf(tx: Prisma.TransactionClient, ids: string[]) {
  const users = await tx.user.findMany({ where: { id: { in: ids } }, select: { id: true, displayName: true, certificates: { select: { number: true }, orderBy: { validUntil: 'desc' }, take: 1 } } });
  return ids.map((id) => users.find((u) => u.id === id)).filter((u) => !!u).map((u) => ({ name: u!.displayName, certNo: u!.certificates[0]?.number ?? '' }));
}

/**
 * The template fields every case document shares, read from the case file: party with its
 * address, 案由, the legal bases of the catalog item, the officers, the decision. Workflows pass
 * only what the step produced; this fills in the rest and turns codes into the words the
 * document must state.
 */
export async function caseDocumentData(tx: Prisma.TransactionClient, caseId: string, kind: DocumentKind, d: Record<string, unknown>): Promise<Record<string, unknown>> {
  const c = await tx.case.findUnique({ where: { id: caseId } });
  if (!c) return d;
  // One after another: a transaction's connection runs one query at a time (pg deprecates queueing).
  const item = await tx.catalogItem.findUnique({ where: { code: c.catalogItemId } });
  const enterprise = c.enterpriseId ? await tx.enterprise.findUnique({ where: { id: c.enterpriseId } }) : null;
  const docs = await tx.document.findMany({ where: { caseId }, select: { kind: true, number: true, title: true, issuedAt: true } });
  const delegatedHandler = await delegatedHandlerOf(tx, caseId);
  const view = c.data as {
    partyAddress?: string;
    state?: { decision?: { number?: string; decidedAt?: string; penaltyTypes?: string[]; fineFen?: number }; servedAt?: string };
  };
  const decided = view.state?.decision;
  const given = (d.party ?? {}) as Record<string, unknown>;
  const party = {
    name: c.partyName, idNumber: c.partyIdNumber, kind: c.partyKind, legalRep: enterprise?.legalRep,
    address: (given.address as string | undefined) ?? view.partyAddress ?? enterprise?.address ?? '（当事人未提供住所）',
  };
  const penalty = d.penalty as { penaltyTypes?: string[]; fineFen?: number } | string | undefined;
  const officerIds = (d.officerIds as string[] | undefined) ?? [];
  const latest = (k: DocumentKind) => docs.filter((x) => x.kind === k).at(-1);
  const decision = latest('PENALTY_DECISION') ?? latest('SUMMARY_DECISION');
  const notice = latest('PENALTY_NOTICE');
  return {
    caseName: item?.name ?? c.catalogItemId, caseNumber: c.number, source: labelOf(CASE_SOURCE_LABELS, c.source), receivedAt: c.registeredAt.toISOString(),
    facts: c.facts, violationBasis: item?.violationBasis, penaltyBasis: item?.penaltyBasis, occurredAt: c.occurredAt.toISOString(),
    place: party.address, filedAt: c.filedAt?.toISOString(),
    decisionNumber: decision?.number, decisionAt: (view.state?.decision?.decidedAt ?? decision?.issuedAt.toISOString()),
    decisionServedAt: view.state?.servedAt, noticeNumber: notice?.number, noticeTitle: notice?.title,
    reminderNumber: latest('REMINDER')?.number,
    ...(delegatedHandler ? { delegatedHandler } : {}),
    ...(decided?.penaltyTypes?.length ? { penalty: penaltyWords(decided.penaltyTypes), fineFen: decided.fineFen ?? 0 } : {}),
    ...d,
    party,
    ...proposalFields(d),
    ...(typeof penalty === 'object' && penalty ? { penalty: penaltyWords(penalty.penaltyTypes ?? []), fineFen: penalty.fineFen ?? 0 } : {}),
    ...(officerIds.length ? { officers: await officersOf(tx, officerIds) } : {}),
    ...(d.decidedAt && (kind === 'PENALTY_DECISION' || kind === 'NO_PENALTY_DECISION' || kind === 'SUMMARY_DECISION') ? { issuedAt: d.decidedAt } : {}),
    ...(d.method ? { method: METHOD_LABELS[d.method as string] ?? d.method } : {}),
    ...(d.ending ? { closingReason: ENDINGS[d.ending as string] ?? d.ending, execution: ENDINGS[d.ending as string] ?? d.ending } : {}),
    ...(d.document && decision ? { documents: [{ title: decision.title, number: decision.number }] } : {}),
    ...(d.presidingOfficer ? { host: d.presidingOfficer } : {}),
    ...(typeof d.attendees === 'string' ? { attendees: d.attendees.split(/[、,，;；\s]+/).filter(Boolean) } : {}),
    ...(d.minutes ? { conclusion: d.minutes } : {}),
    ...(d.opinion && kind === 'LEGAL_REVIEW_OPINION' ? { conclusion: d.opinion } : {}),
    ...(d.summary ? { handlerOpinion: d.summary } : {}),
  };
}

/** 委托执法 (issue 4): a matter decided by a township in the county bureau's name names it as 受委托组织 (CF 20). */
async function delegatedHandlerOf(tx: Prisma.TransactionClient, caseId: string) {
  const m = await tx.delegatedMatter.findUnique({ where: { caseId }, select: { townshipOrgId: true, delegationId: true } });
  if (!m) return undefined;
  const org = await tx.org.findUnique({ where: { id: m.townshipOrgId }, select: { name: true } });
  const d = await tx.delegation.findUnique({ where: { id: m.delegationId }, select: { letterNumber: true } });
  return { name: org?.name ?? m.townshipOrgId, entrustment: d?.letterNumber ?? undefined };
}

/** A proposal or recommendation object becomes the words a form or notice states. */
function proposalFields(d: Record<string, unknown>): Record<string, unknown> {
  const p = d.proposal as { penaltyTypes?: string[]; fineFen?: number } | undefined;
  const r = d.recommendation as { reasons?: string[] } | undefined;
  const words = p && typeof p === 'object' ? penaltyWords(p.penaltyTypes ?? []) + (p.fineFen ? `，罚款${(p.fineFen / 100).toFixed(2)}元` : '') : undefined;
  return {
    ...(words !== undefined ? { proposal: words } : {}),
    ...(words !== undefined && d.penalty === undefined ? { penalty: penaltyWords(p!.penaltyTypes ?? []), fineFen: p!.fineFen ?? 0 } : {}),
    ...(r && typeof r === 'object' ? { recommendation: undefined, discretion: (r.reasons ?? []).join('；') || undefined } : {}),
    ...(typeof d.findings === 'string' ? { facts: d.findings } : {}),
  };
}
