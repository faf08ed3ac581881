import { createHash, randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { ApplicationFailure } from '@temporalio/common';
import { issueDocumentWithin, type IssuedDocument } from '../../activities/documents.ts';
import { RECORD_CONTENT, type InspectionContent, type InterviewContent, type RecordBody, type RecordKind } from '../../rules/forms/records.ts';
import { confirmationWords, serviceReceipt, signaturesOf } from '../../rules/on-site-service.ts';
import { appendAudit } from '../../store/audit.ts';
import { certificateDay } from '../../store/users.ts';
import { canSeeCase, canSeeOrg } from '../../store/visibility.ts';
import { FAILURE, type Actor } from '../../workflows/messages.ts';
import type { AppDeps } from '../deps.ts';
import { dateTolerance } from '../../rules/date-bounds.ts';
import { AppError, conflict, invalid, notFound } from '../errors.ts';
import { ID_TYPE_LABELS, RECORD_KIND_LABELS, RELATION_LABELS, SEX_LABELS } from '../labels.ts';

// 询问笔录 and 现场检查记录 of a case (issue 17): saved as drafts, numbered only when their content
// is complete (rules/forms/records.ts) and their officers hold valid certificates, never edited
// once numbered — a correction is a new numbered record naming the one it corrects.

export interface FieldProblem { path: string; message: string }
const fieldsInvalid = (problems: FieldProblem[]) =>
  invalid(problems.map((p) => `${p.path}: ${p.message}`).join('；'), problems);

async function recordCase(deps: AppDeps, actor: Actor, caseId: string) {
  const c = await deps.prisma.case.findUnique({ where: { id: caseId }, select: { id: true, number: true, orgId: true, status: true, occurredAt: true, partyName: true, data: true, enterpriseId: true } });
  if (!c || !(await canSeeOrg(deps.prisma, actor, c.orgId))) throw notFound('案件');
  if (c.orgId !== actor.orgId) throw new AppError('forbidden', '只有办案单位可以制作笔录', 403);
  if (c.status !== 'OPEN') throw new AppError('archived', '案件已结案或归档，不能再制作笔录', 409);
  // 执法人员 only (CF 42): an assistant or a holder of an expired certificate may not make a record.
  if (!actor.certified) throw new AppError('forbidden', '制作笔录须由持有有效行政执法证的执法人员进行', 403);
  return c;
}

const validToday = () => {
  const today = certificateDay();
  return { revokedAt: null, validFrom: { lte: today }, validUntil: { gte: today } };
};

/** The org's officers who may sign a record today: active, not only assistants, with a valid 行政执法证. */
export async function certifiedOfficers(deps: AppDeps, orgId: string) {
  const users = await deps.prisma.user.findMany({
    where: { orgId, active: true, roles: { hasSome: ['HANDLER', 'SUPERVISOR', 'HEAD', 'TOWNSHIP_OFFICER'] }, certificates: { some: validToday() } },
    select: { id: true, displayName: true, certificates: { where: validToday(), select: { number: true }, orderBy: { validUntil: 'desc' }, take: 1 } },
    orderBy: { username: 'asc' },
  });
  return users.map((u) => ({ id: u.id, name: u.displayName, certNo: u.certificates[0]?.number ?? '' }));
}

/** Each officer named in a record, checked against the case org's certified officers; problems by field. */
async function officersFor(deps: AppDeps, orgId: string, wanted: { path: string; id: string }[]) {
  const officers = await certifiedOfficers(deps, orgId);
  const problems: FieldProblem[] = [];
  const found = wanted.map(({ path, id }) => {
    const o = officers.find((x) => x.id === id);
    if (!o) problems.push({ path, message: '不是本单位持有有效行政执法证的执法人员' });
    return o;
  });
  if (problems.length) throw fieldsInvalid(problems);
  return found.map((o) => ({ name: o!.name, certNo: o!.certNo }));
}

/** Times of what happened: not before the act the case is about, not in the future. */
function checkTimes(c: { occurredAt: Date }, d: { startedAt: string; endedAt: string }, toleranceMinutes: number) {
  const problems: FieldProblem[] = [];
  // A phone's clock or the walk to the desk may put a time a little ahead: the policy allowance, no more.
  const limit = Date.now() + toleranceMinutes * 60_000;
  if (Date.parse(d.startedAt) < c.occurredAt.getTime()) problems.push({ path: 'data.startedAt', message: '开始时间不能早于案件违法行为发生时间' });
  if (Date.parse(d.startedAt) > limit) problems.push({ path: 'data.startedAt', message: '开始时间不能晚于现在' });
  if (Date.parse(d.endedAt) > limit) problems.push({ path: 'data.endedAt', message: '结束时间不能晚于现在' });
  if (problems.length) throw fieldsInvalid(problems);
}

/** The template fields of a record, with names and words in place of ids and codes. */
async function documentData(deps: AppDeps, orgId: string, kind: RecordKind, content: InterviewContent | InspectionContent, actor: Actor, corrects?: { number: string }) {
  if (kind === 'INTERVIEW_RECORD') {
    const d = content as InterviewContent;
    const [interviewer, recordKeeper] = await officersFor(deps, orgId, [{ path: 'data.interviewerId', id: d.interviewerId }, { path: 'data.recorderId', id: d.recorderId }]);
    const p = d.interviewee;
    return {
      startedAt: d.startedAt, endedAt: d.endedAt, place: d.place, interviewer, recordKeeper, officers: [interviewer, recordKeeper],
      interviewee: {
        ...p, idType: ID_TYPE_LABELS[p.idType], sex: SEX_LABELS[p.sex],
        relation: p.relation === 'OTHER' ? p.relationNote : `${RELATION_LABELS[p.relation]}${p.relationNote ? `（${p.relationNote}）` : ''}`,
      },
      rightsNotified: true, qa: d.qa, confirmation: confirmationWords(d.confirmation, '被询问人'), ...(corrects ? { corrects } : {}),
      signatures: signaturesOf(d.signing, [d.interviewerId, d.recorderId], [interviewer, recordKeeper]),
    };
  }
  const d = content as InspectionContent;
  const officers = await officersFor(deps, orgId, d.officerIds.map((id, n) => ({ path: `data.officerIds.${n}`, id })));
  return {
    startedAt: d.startedAt, endedAt: d.endedAt, place: d.place, officers, recorder: actor.name,
    inspected: { name: d.inspected.name, address: d.inspected.address },
    escort: { name: d.inspected.headName, title: d.inspected.headPosition, phone: d.inspected.headPhone ?? '' },
    findings: d.findings, measures: d.measures, confirmation: confirmationWords(d.confirmation, '被检查单位现场负责人'), ...(corrects ? { corrects } : {}),
    signatures: signaturesOf(d.signing, d.officerIds, officers),
  };
}

async function correctedDocument(deps: AppDeps, caseId: string, kind: RecordKind, documentId: string | undefined) {
  if (!documentId) return undefined;
  const doc = await deps.prisma.document.findUnique({ where: { id: documentId }, select: { id: true, caseId: true, kind: true, number: true } });
  if (!doc || doc.caseId !== caseId || doc.kind !== kind) {
    throw fieldsInvalid([{ path: 'corrects', message: `被更正的记录须为本案已编号的${RECORD_KIND_LABELS[kind]}` }]);
  }
  return doc;
}

const answer = (recordId: string, doc: IssuedDocument) => ({ recordId, status: 'ISSUED' as const, ...doc });
const isUniqueViolation = (err: unknown) => (err as { code?: string })?.code === 'P2002';

/** A content failure at issue is the caller's input (422), not the server's fault. */
function fromIssue(err: unknown): unknown {
  if (err instanceof ApplicationFailure && err.type === FAILURE.invalid) {
    const problems = (err.details?.[0] as FieldProblem[] | undefined) ?? [];
    return invalid(err.message, problems.map((p) => ({ path: `data.${p.path}`, message: p.message })));
  }
  return err;
}

/**
 * Numbers a record: its content row and its document, with the document's audit event, commit
 * together; a record already numbered (a retried request) answers with its document.
 */
async function issueRecord(deps: AppDeps, actor: Actor, c: { id: string; orgId: string }, recordId: string, body: RecordBody & { draft?: false }, existing: boolean) {
  const kind = body.kind;
  const content = RECORD_CONTENT[kind].parse(body.data) as InterviewContent | InspectionContent;
  checkTimes(await deps.prisma.case.findUniqueOrThrow({ where: { id: c.id }, select: { occurredAt: true } }), content, dateTolerance(deps.thresholdOverrides));
  const corrected = await correctedDocument(deps, c.id, kind, body.corrects);
  const data = await documentData(deps, c.orgId, kind, content, actor, corrected ? { number: corrected.number } : undefined);
  const key = `record:${recordId}`;
  try {
    return await deps.prisma.$transaction(async (tx) => {
      const doc = await issueDocumentWithin(tx, { key, caseId: c.id, orgId: c.orgId, kind, data, issuedById: actor.userId });
      if (content.signing && data.signatures) {
        const refusal = content.confirmation.status === 'REFUSED' ? content.confirmation.reason : undefined;
        const [recipient, party] = kind === 'INTERVIEW_RECORD'
          ? [(content as InterviewContent).interviewee.name, { name: (content as InterviewContent).interviewee.name }]
          : [(content as InspectionContent).inspected.headName, { name: (content as InspectionContent).inspected.name, address: (content as InspectionContent).inspected.address }];
        await issueDocumentWithin(tx, { key: `${key}/service`, caseId: c.id, orgId: c.orgId, kind: 'SERVICE_RECEIPT', issuedById: actor.userId,
          data: serviceReceipt({ title: doc.title, number: doc.number }, recipient, party, content.signing, data.signatures, refusal) });
      }
      const row = { status: 'ISSUED', data: content as object, documentId: doc.id, correctsId: corrected?.id ?? null };
      if (existing) await tx.caseRecord.updateMany({ where: { id: recordId, status: 'DRAFT' }, data: row });
      else await tx.caseRecord.create({ data: { id: recordId, caseId: c.id, orgId: c.orgId, kind, createdById: actor.userId, ...row } });
      return answer(recordId, doc);
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw fromIssue(err);
    // A concurrent attempt with the same key numbered it first: its document is the answer.
    const doc = await deps.prisma.document.findUnique({ where: { key } });
    if (!doc) throw err;
    return answer(recordId, { id: doc.id, number: doc.number, sha256: doc.sha256, title: doc.title });
  }
}

async function saveDraft(deps: AppDeps, actor: Actor, c: { id: string; orgId: string }, recordId: string, body: RecordBody, existing: boolean) {
  const corrected = await correctedDocument(deps, c.id, body.kind, body.corrects);
  await deps.prisma.$transaction(async (tx) => {
    const row = { data: body.data as object, correctsId: corrected?.id ?? null };
    if (existing) await tx.caseRecord.updateMany({ where: { id: recordId, status: 'DRAFT' }, data: row });
    else await tx.caseRecord.create({ data: { id: recordId, caseId: c.id, orgId: c.orgId, kind: body.kind, status: 'DRAFT', createdById: actor.userId, ...row } });
    await appendAudit(tx, { actorKind: 'USER', actorId: actor.userId, ip: actor.ip, action: 'record.draft_saved', subjectType: 'CaseRecord',
      subjectId: recordId, caseId: c.id, orgId: c.orgId, data: { kind: body.kind, title: RECORD_KIND_LABELS[body.kind] } });
  });
  return { recordId, status: 'DRAFT' as const };
}

async function issuedAnswer(deps: AppDeps, row: { id: string; documentId: string | null }) {
  const doc = await deps.prisma.document.findUniqueOrThrow({ where: { id: row.documentId! }, select: { id: true, number: true, sha256: true, title: true } });
  return answer(row.id, doc);
}

/**
 * POST a record: `draft: true` saves it unnumbered; otherwise it is numbered. With an
 * Idempotency-Key the same request gives the same record (and document) however often it arrives.
 */
export async function createRecord(deps: AppDeps, actor: Actor, caseId: string, body: RecordBody, key?: string) {
  const c = await recordCase(deps, actor, caseId);
  const recordId = key ? createHash('sha256').update(`record\u0000${actor.userId}\u0000${caseId}\u0000${key}`).digest('hex').slice(0, 32) : randomUUID();
  const prior = key ? await deps.prisma.caseRecord.findUnique({ where: { id: recordId } }) : null;
  if (prior?.status === 'ISSUED') return issuedAnswer(deps, prior);
  if (prior && body.draft) return { recordId, status: 'DRAFT' as const };
  return body.draft ? saveDraft(deps, actor, c, recordId, body, false) : issueRecord(deps, actor, c, recordId, body, !!prior);
}

/** PUT to a draft: saves it again, or numbers it (then it is validated in full). A numbered record is never changed. */
export async function updateRecord(deps: AppDeps, actor: Actor, caseId: string, recordId: string, body: RecordBody) {
  const c = await recordCase(deps, actor, caseId);
  const row = await deps.prisma.caseRecord.findUnique({ where: { id: recordId } });
  if (!row || row.caseId !== caseId) throw notFound('记录');
  if (row.kind !== body.kind) throw fieldsInvalid([{ path: 'kind', message: `该草稿是${RECORD_KIND_LABELS[row.kind]}，不能改为其他种类` }]);
  if (row.status === 'ISSUED') {
    // The same numbering request again (a retry) gets its document; anything else is an edit.
    if (!body.draft && isDeepStrictEqual(RECORD_CONTENT[body.kind].safeParse(body.data).data, row.data)) return issuedAnswer(deps, row);
    throw conflict('已编号的记录不能修改；如需更正，请制作一份新的记录并注明更正的文书');
  }
  return body.draft ? saveDraft(deps, actor, c, recordId, body, true) : issueRecord(deps, actor, c, recordId, body, true);
}

/** The case's records and drafts, newest last, each numbered one with what corrects it. */
export async function listRecords(deps: AppDeps, actor: Actor, caseId: string) {
  const c = await deps.prisma.case.findUnique({ where: { id: caseId }, select: { id: true, orgId: true } });
  // A bureau the case moved away from still reads its records (提级管辖, issue 21).
  if (!c || !(await canSeeCase(deps.prisma, actor, c))) throw notFound('案件');
  const rows = await deps.prisma.caseRecord.findMany({ where: { caseId }, orderBy: { createdAt: 'asc' } });
  const docs = await deps.prisma.document.findMany({
    where: { id: { in: rows.flatMap((r) => [r.documentId, r.correctsId]).filter((x): x is string => !!x) } }, select: { id: true, number: true, issuedAt: true },
  });
  const number = (id: string | null) => (id ? docs.find((d) => d.id === id)?.number : undefined);
  return rows.map((r) => ({
    id: r.id, kind: r.kind, kindLabel: RECORD_KIND_LABELS[r.kind], status: r.status, documentId: r.documentId, number: number(r.documentId),
    correctsId: r.correctsId, correctsNumber: number(r.correctsId), updatedAt: r.updatedAt,
    correctedBy: rows.filter((x) => x.status === 'ISSUED' && x.correctsId && x.correctsId === r.documentId).map((x) => number(x.documentId)),
  }));
}

/** One record with its content, for the form that completes a draft or starts a correction. */
export async function getRecord(deps: AppDeps, actor: Actor, caseId: string, recordId: string) {
  const c = await deps.prisma.case.findUnique({ where: { id: caseId }, select: { orgId: true } });
  const r = c && (await canSeeOrg(deps.prisma, actor, c.orgId)) ? await deps.prisma.caseRecord.findUnique({ where: { id: recordId } }) : null;
  if (!r || r.caseId !== caseId) throw notFound('记录');
  return { id: r.id, kind: r.kind as RecordKind, status: r.status, data: r.data as Record<string, unknown>, documentId: r.documentId, correctsId: r.correctsId };
}

/** The record whose document is `documentId`, for a correction's form. */
export async function recordOfDocument(deps: AppDeps, actor: Actor, caseId: string, documentId: string) {
  const r = await deps.prisma.caseRecord.findUnique({ where: { documentId } });
  return r ? getRecord(deps, actor, caseId, r.id) : null;
}

/** Defaults a new form starts from: the party as the inspected unit, the officer as interviewer. */
export async function recordFormContext(deps: AppDeps, actor: Actor, caseId: string) {
  const c = await recordCase(deps, actor, caseId);
  const enterprise = c.enterpriseId ? await deps.prisma.enterprise.findUnique({ where: { id: c.enterpriseId }, select: { address: true } }) : null;
  const address = (c.data as { partyAddress?: string } | null)?.partyAddress ?? enterprise?.address ?? undefined;
  return { case: c, partyName: c.partyName, partyAddress: address, officers: await certifiedOfficers(deps, c.orgId) };
}

/** The case page's panel: records and drafts, and whether this person may make one. */
export async function recordPanel(deps: AppDeps, actor: Actor, c: { id: string; orgId: string; status: string }) {
  const canMake = c.status === 'OPEN' && c.orgId === actor.orgId && actor.certified && actor.roles.some((r) => r === 'HANDLER' || r === 'TOWNSHIP_OFFICER');
  return { caseId: c.id, canMake, items: await listRecords(deps, actor, c.id) };
}
