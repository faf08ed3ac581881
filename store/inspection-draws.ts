import { createHash, randomBytes } from 'node:crypto';
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';
import { creditValidUntil } from '../rules/credit.ts';
import type { DeadlineOverrides } from '../rules/deadlines.ts';
import { industryCategory } from '../rules/inspection-checklists.ts';
import { canonicalJson } from '../rules/draw-reveal.ts';
import { DRAW_WEIGHTS, drawChecks, withoutVisitLimited, type DrawInputs, type DrawnCheck } from '../rules/random-draw.ts';
import type { ThresholdOverrides } from '../rules/thresholds.ts';
import { appendAudit, type AuditEntry } from './audit.ts';
import { certificateDay } from './users.ts';
import { visitCounts, visitPolicy } from './visits.ts';

// 双随机 draws (random-draw.ts has the rule): read the inputs, draw with a recorded seed, store it
// once. The API draws for an ad-hoc check, the annual plan's workflow for its random checks.

/** A stable row id from the parts of an idempotency key. */
export const hashId = (...parts: string[]) => createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
const SYSTEM = { actorKind: 'SYSTEM' as const, actorId: null };
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** What the public sees of a draw before its checks are done (rules/draw-reveal.ts): it binds the seed and the pool. */
export interface DrawCommitment { seedSha256: string; inputsSha256: string }
export const drawCommitment = (inputs: DrawInputs): DrawCommitment => ({ seedSha256: sha256(inputs.seed), inputsSha256: sha256(canonicalJson(inputs)) });

/**
 * The commitment as recorded when the draw was made. It lives in the draw's audit event, which is
 * append-only and hash-chained: a seed rewritten later no longer matches it. Null for draws made
 * before commitments were recorded.
 */
export async function recordedCommitment(prisma: PrismaClient, drawId: string): Promise<(DrawCommitment & { recordedAt: Date }) | null> {
  const e = await prisma.auditEvent.findFirst({ where: { subjectType: 'InspectionDraw', subjectId: drawId, action: 'inspection.drawn' }, orderBy: { id: 'asc' }, select: { at: true, data: true } });
  const c = (e?.data as { commitment?: Partial<DrawCommitment> } | undefined)?.commitment;
  return e && c?.seedSha256 && c.inputsSha256 ? { seedSha256: c.seedSha256, inputsSha256: c.inputsSha256, recordedAt: e.at } : null;
}

/**
 * Who may be drawn, how each enterprise weighs, and who must not meet whom: the inputs of a draw,
 * read now. Enterprises whose visits already reach the frequency limit are left out of the pool and
 * listed in `excluded` (rules/random-draw.ts withoutVisitLimited): the pool stored is the pool drawn from.
 */
export async function drawInputs(
  prisma: PrismaClient, q: { orgId: string; fixedIds: string[]; randomCount: number; withExpert: boolean; seed: string },
  overrides: DeadlineOverrides = {}, thresholds: ThresholdOverrides = {},
): Promise<DrawInputs> {
  const now = new Date();
  const [enterprises, credit, penalised, officers, conflicts, experts] = await Promise.all([
    prisma.enterprise.findMany({ where: { orgId: q.orgId }, select: { id: true, industry: true } }),
    prisma.creditRecord.findMany({ where: { kind: { in: ['BAD', 'BLACKLIST'] }, validFrom: { lte: now }, OR: [{ validUntil: null }, { validUntil: { gt: now } }] }, select: { enterpriseId: true, kind: true } }),
    // A published penalty decision within the bad-record period (CREDIT_BAD_RECORD) counts as penalised.
    prisma.$queryRaw<{ enterpriseId: string; decidedAt: Date }[]>`SELECT c."enterpriseId", max(d."decidedAt") AS "decidedAt" FROM "Disclosure" d JOIN "Case" c ON c."id" = d."caseId"
      WHERE d."withdrawnAt" IS NULL AND c."enterpriseId" IS NOT NULL AND c."orgId" = ${q.orgId} GROUP BY c."enterpriseId"`
      .then((rows) => rows.filter((r) => Date.parse(creditValidUntil('BAD', r.decidedAt, overrides)) > now.getTime())),
    prisma.user.findMany({ where: { orgId: q.orgId, active: true, roles: { hasSome: ['HANDLER', 'SUPERVISOR'] },
      certificates: { some: { revokedAt: null, validFrom: { lte: certificateDay() }, validUntil: { gte: certificateDay() } } } }, select: { id: true } }),
    prisma.conflictOfInterest.findMany({ select: { officerId: true, enterpriseId: true } }),
    q.withExpert ? prisma.expert.findMany({ where: { active: true, orgId: { in: [q.orgId, 'yx-city'] } }, select: { id: true, specialties: true } }) : [],
  ]);
  const black = new Set(credit.filter((c) => c.kind === 'BLACKLIST').map((c) => c.enterpriseId));
  const bad = new Set([...credit.filter((c) => c.kind === 'BAD').map((c) => c.enterpriseId), ...penalised.map((p) => p.enterpriseId)]);
  const view = (e: { id: string; industry: string }) => ({ id: e.id, category: industryCategory(e.industry), blacklisted: black.has(e.id), penalised: bad.has(e.id) });
  const fixed = new Set(q.fixedIds);
  const ids = new Set(enterprises.map((e) => e.id));
  const officerIds = new Set(officers.map((o) => o.id));
  const policy = visitPolicy(overrides, thresholds);
  const candidates = enterprises.filter((e) => !fixed.has(e.id)).map(view);
  const { pool, excluded } = withoutVisitLimited(candidates, await visitCounts(prisma, candidates.map((e) => e.id), policy), policy);
  return {
    seed: q.seed, randomCount: q.randomCount, withExpert: q.withExpert, weights: { ...DRAW_WEIGHTS },
    pool, excluded,
    fixed: q.fixedIds.filter((id) => ids.has(id)).map((id) => view(enterprises.find((e) => e.id === id)!)),
    officers: officers.map((o) => ({ id: o.id })),
    conflicts: conflicts.filter((c) => officerIds.has(c.officerId) && ids.has(c.enterpriseId)),
    experts: experts.map((x) => ({ id: x.id, specialties: x.specialties })),
  };
}

/** A seeded draw, recorded with its seed and inputs; the same key returns the recorded draw. */
export async function performDraw(
  prisma: PrismaClient, q: { key: string; orgId: string; planId?: string; fixedIds: string[]; randomCount: number; withExpert: boolean; drawnById?: string },
  overrides: DeadlineOverrides = {}, actor: Pick<AuditEntry, 'actorKind' | 'actorId'> = SYSTEM, thresholds: ThresholdOverrides = {},
) {
  const id = hashId('draw', q.key);
  const existing = await prisma.inspectionDraw.findUnique({ where: { id } });
  if (existing) return { drawId: id, seed: existing.seed, checks: (existing.result as unknown as { checks: DrawnCheck[] }).checks, unstaffed: (existing.result as unknown as { unstaffed: string[] }).unstaffed };
  const inputs = await drawInputs(prisma, { ...q, seed: randomBytes(16).toString('hex') }, overrides, thresholds);
  const result = drawChecks(inputs);
  await prisma.$transaction(async (tx) => {
    if (await tx.inspectionDraw.findUnique({ where: { id }, select: { id: true } })) return;
    await tx.inspectionDraw.create({ data: { id, orgId: q.orgId, planId: q.planId ?? null, seed: inputs.seed, inputs: inputs as unknown as Prisma.InputJsonValue,
      result: result as unknown as Prisma.InputJsonValue, drawnById: q.drawnById ?? null } });
    await appendAudit(tx, { ...(q.drawnById ? { actorKind: 'USER' as const, actorId: q.drawnById } : actor), action: 'inspection.drawn', subjectType: 'InspectionDraw', subjectId: id, orgId: q.orgId,
      data: { seed: inputs.seed, planId: q.planId ?? null, checks: result.checks.length, unstaffed: result.unstaffed, commitment: { ...drawCommitment(inputs) } } as Prisma.InputJsonValue });
  });
  const stored = await prisma.inspectionDraw.findUniqueOrThrow({ where: { id } });
  const r = stored.result as unknown as { checks: DrawnCheck[]; unstaffed: string[] };
  return { drawId: id, seed: stored.seed, checks: r.checks, unstaffed: r.unstaffed };
}
