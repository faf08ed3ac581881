import type { DocumentKind } from '../documents/kinds.ts';
import type { CaseFile, StepReads } from './step-reads.ts';
import { CASE_SOURCE_LABELS, labelOf, PENALTY_STATUTE_LABELS as PENALTY_LABELS, SERVICE_METHOD_LABELS as METHOD_LABELS } from '../api/labels.ts';

const ENDINGS: Record<string, string> = {
  PAID: '罚款已全额缴纳', NO_FINE: '处罚决定已执行完毕', NO_PENALTY: '决定不予行政处罚', COURT_ACCEPTED: '人民法院已受理强制执行申请',
  COURT_REFUSED: '人民法院不予受理或者裁定不准予执行',
  REVOKED: '行政处罚决定已被行政复议决定撤销',
};

/** 警告、罚款 — the fine itself is printed by the template from fineFen. */
export const penaltyWords = (types: string[]) => types.map((t) => PENALTY_LABELS[t] ?? t).join('、');

/**
 * The template fields every case document shares, read from the case file: party with its
 * address, 案由, the legal bases of the catalog item, the officers, the decision. Workflows pass
 * only what the step produced; this fills in the rest and turns codes into the words the
 * document must state. The case file is read with the step's other reads (activities/step-reads.ts).
 */
export function caseDocumentData(c: CaseFile | undefined, kind: DocumentKind, d: Record<string, unknown>, officers: StepReads['officers']): Record<string, unknown> {
  if (!c) return d;
  const { item, enterprise, docs } = c;
  const delegatedHandler = c.delegated ? { name: c.delegated.name, entrustment: c.delegated.entrustment ?? undefined } : undefined;
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
    caseName: item?.name ?? c.catalogItemId, caseNumber: c.number, source: labelOf(CASE_SOURCE_LABELS, c.source), receivedAt: c.registeredAt,
    facts: c.facts, violationBasis: item?.violationBasis, penaltyBasis: item?.penaltyBasis, occurredAt: c.occurredAt,
    place: party.address, filedAt: c.filedAt ?? undefined,
    decisionNumber: decision?.number, decisionAt: (view.state?.decision?.decidedAt ?? decision?.issuedAt),
    decisionServedAt: view.state?.servedAt, noticeNumber: notice?.number, noticeTitle: notice?.title,
    reminderNumber: latest('REMINDER')?.number,
    ...(delegatedHandler ? { delegatedHandler } : {}),
    ...(decided?.penaltyTypes?.length ? { penalty: penaltyWords(decided.penaltyTypes), fineFen: decided.fineFen ?? 0 } : {}),
    ...d,
    party,
    ...proposalFields(d),
    ...(typeof penalty === 'object' && penalty ? { penalty: penaltyWords(penalty.penaltyTypes ?? []), fineFen: penalty.fineFen ?? 0 } : {}),
    ...(officerIds.length ? { officers: officerIds.flatMap((id) => officers.get(id) ?? []) } : {}),
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
