import { createHash, randomUUID } from 'node:crypto';
import { Prisma } from '../../generated/prisma/client.ts';
import { appendAudit } from '../../store/audit.ts';
import { canSeeOrg, orgFilter } from '../../store/visibility.ts';
import type { Actor } from '../../workflows/messages.ts';
import { actionDateRefusal, dateTolerance } from '../../rules/date-bounds.ts';
import type { AppDeps } from '../deps.ts';
import { conflict, forbidden, invalid, notFound } from '../errors.ts';

// 干预留痕 (issue 8; reform plan（七）: 建立领导干部违法干预执法活动和插手具体违法案件查处责任追究
// 制度，实行干预留痕和记录). Anyone signed in records an attempt on a case they can see; the
// record can never change (database triggers); only the city supervisor and discipline
// inspectors read the records. The recorder gets a receipt — the record's digest — and nothing more.

export const INTERFERENCE_CHANNELS = {
  IN_PERSON: '当面要求', PHONE: '电话', MESSAGE: '短信、微信等即时消息', LETTER: '批条、信函等书面方式', THROUGH_OTHERS: '托人转达', OTHER: '其他方式',
} as const;
export type InterferenceChannel = keyof typeof INTERFERENCE_CHANNELS;

export const READER_ROLES = ['CITY_SUPERVISOR', 'DISCIPLINE'] as const;
const readsRecords = (a: Actor) => a.roles.some((r) => (READER_ROLES as readonly string[]).includes(r));

export interface InterferenceInput {
  caseId: string; officialName: string; officialPosition: string; occurredAt: string; channel: InterferenceChannel; request: string;
}

/** The digest handed back as the receipt: of what was recorded, by whom, canonically ordered. */
function digest(recordedById: string, d: InterferenceInput): string {
  const canonical = JSON.stringify([recordedById, d.caseId, d.officialName, d.officialPosition, new Date(d.occurredAt).toISOString(), d.channel, d.request]);
  return createHash('sha256').update(canonical).digest('hex');
}

const receipt = (r: { id: string; caseId: string; sha256: string; recordedAt: Date }) => ({
  id: r.id, caseId: r.caseId, sha256: r.sha256, recordedAt: r.recordedAt.toISOString(),
  message: '干预情况已记录。记录不可修改或删除，仅市局执法监督人员和纪检监察人员可以查阅。请保存本回执（记录编号及摘要值）。',
});

export async function recordInterference(deps: AppDeps, actor: Actor, d: InterferenceInput, key?: string) {
  const c = await deps.prisma.case.findUnique({ where: { id: d.caseId }, select: { orgId: true } });
  if (!c || !(await canSeeOrg(deps.prisma, actor, c.orgId))) throw notFound('案件');
  const refusal = actionDateRefusal('interference.occurredAt', d.occurredAt, {}, Date.now(), dateTolerance(deps.thresholdOverrides));
  if (refusal) throw invalid(refusal);
  const sha256 = digest(actor.userId, d);
  // The same Idempotency-Key from the same person always names the same record.
  const id = key ? createHash('sha256').update(`${actor.userId}\u0000interference\u0000${key}`).digest('hex').slice(0, 32) : randomUUID();
  const existing = await deps.prisma.interferenceRecord.findUnique({ where: { id } });
  if (existing) {
    if (existing.sha256 !== sha256) throw conflict('该 Idempotency-Key 已用于另一条干预记录，请换用新的键');
    return receipt(existing);
  }
  try {
    const row = await deps.prisma.$transaction(async (tx) => {
      const r = await tx.interferenceRecord.create({ data: {
        id, caseId: d.caseId, orgId: c.orgId, recordedById: actor.userId, officialName: d.officialName, officialPosition: d.officialPosition,
        occurredAt: new Date(d.occurredAt), channel: d.channel, request: d.request, sha256,
      } });
      // No caseId or org on the audit event: the case's trail is read by the county, which must
      // not learn that someone reported an official. The digest ties the event to the record.
      await appendAudit(tx, { actorKind: 'USER', actorId: actor.userId, ip: actor.ip ?? null, action: 'interference.recorded',
        subjectType: 'InterferenceRecord', subjectId: id, data: { sha256 } });
      return r;
    });
    return receipt(row);
  } catch (err) {
    // Two submits with one key at the same moment: the loser answers with the winner's receipt.
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') {
      const won = await deps.prisma.interferenceRecord.findUniqueOrThrow({ where: { id } });
      if (won.sha256 !== sha256) throw conflict('该 Idempotency-Key 已用于另一条干预记录，请换用新的键');
      return receipt(won);
    }
    throw err;
  }
}

type Row = Awaited<ReturnType<AppDeps['prisma']['interferenceRecord']['findMany']>>[number];

async function withNames(deps: AppDeps, rows: Row[]) {
  const [cases, orgs, users] = await Promise.all([
    deps.prisma.case.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.caseId))] } }, select: { id: true, number: true, partyName: true } }),
    deps.prisma.org.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.orgId))] } }, select: { id: true, name: true } }),
    deps.prisma.user.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.recordedById))] } }, select: { id: true, displayName: true } }),
  ]);
  return rows.map((r) => ({
    ...r, channelLabel: INTERFERENCE_CHANNELS[r.channel as InterferenceChannel] ?? r.channel,
    caseNumber: cases.find((c) => c.id === r.caseId)?.number ?? null, partyName: cases.find((c) => c.id === r.caseId)?.partyName ?? '',
    orgName: orgs.find((o) => o.id === r.orgId)?.name ?? r.orgId, recordedByName: users.find((u) => u.id === r.recordedById)?.displayName ?? r.recordedById,
  }));
}

export async function listInterference(deps: AppDeps, actor: Actor, f: { caseId?: string; orgId?: string }) {
  if (!readsRecords(actor)) throw forbidden('干预记录仅市局执法监督人员和纪检监察人员可以查阅');
  const rows = await deps.prisma.interferenceRecord.findMany({
    where: { AND: [{ orgId: await orgFilter(deps.prisma, actor) }, f.caseId ? { caseId: f.caseId } : {}, f.orgId ? { orgId: f.orgId } : {}] }, orderBy: { recordedAt: 'desc' }, take: 500,
  });
  return { items: await withNames(deps, rows) };
}

export async function getInterference(deps: AppDeps, actor: Actor, id: string) {
  if (!readsRecords(actor)) throw forbidden('干预记录仅市局执法监督人员和纪检监察人员可以查阅');
  const row = await deps.prisma.interferenceRecord.findUnique({ where: { id } });
  if (!row || !(await canSeeOrg(deps.prisma, actor, row.orgId))) throw notFound('干预记录');
  return (await withNames(deps, [row]))[0];
}
