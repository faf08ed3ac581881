// 交叉执法 draws (rules/cross-draw.ts has the rule): the inputs read from every participating county
// the way the 双随机 draw reads one (store/inspection-draws.ts), drawn with a recorded seed, stored once
// as an InspectionDraw of the organising bureau (inputs.kind = 'CROSS').
import { randomBytes } from 'node:crypto';
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';
import { drawCross, type CrossDrawInputs, type CrossDrawResult } from '../rules/cross-draw.ts';
import type { DeadlineOverrides } from '../rules/deadlines.ts';
import type { ExcludedEnterprise } from '../rules/random-draw.ts';
import type { ThresholdOverrides } from '../rules/thresholds.ts';
import { appendAudit } from './audit.ts';
import { drawInputs, hashId } from './inspection-draws.ts';

/** `excluded`: each county's enterprises left out of the pool at the visit-frequency limit (store/inspection-draws.ts). */
export type StoredCrossInputs = CrossDrawInputs & { kind: 'CROSS'; campaignId: string | null; excluded?: ExcludedEnterprise[] };

export async function crossDrawInputs(
  prisma: PrismaClient, q: { countyIds: string[]; perCounty: number; seed: string; campaignId?: string }, overrides: DeadlineOverrides = {}, thresholds: ThresholdOverrides = {},
): Promise<StoredCrossInputs> {
  const each = await Promise.all(q.countyIds.map((orgId) => drawInputs(prisma, { orgId, fixedIds: [], randomCount: q.perCounty, withExpert: false, seed: q.seed }, overrides, thresholds)));
  const counties = q.countyIds.map((orgId, i) => ({ orgId, officerIds: each[i]!.officers.map((o) => o.id) }));
  const enterprises = q.countyIds.flatMap((orgId, i) => each[i]!.pool.map((e) => ({ ...e, orgId })));
  // Registered conflicts across counties: an officer of one county and an enterprise of another.
  const conflicts = await prisma.conflictOfInterest.findMany({
    where: { officerId: { in: counties.flatMap((c) => c.officerIds) }, enterpriseId: { in: enterprises.map((e) => e.id) } },
    select: { officerId: true, enterpriseId: true }, orderBy: [{ officerId: 'asc' }, { enterpriseId: 'asc' }],
  });
  return { kind: 'CROSS', campaignId: q.campaignId ?? null, seed: q.seed, counties, enterprises, perCounty: q.perCounty, conflicts, weights: each[0]?.weights,
    excluded: each.flatMap((d) => d.excluded ?? []) };
}

/** A seeded cross draw, recorded with its seed and inputs; the same key returns the recorded draw. */
export async function performCrossDraw(
  prisma: PrismaClient, q: { key: string; orgId: string; countyIds: string[]; perCounty: number; campaignId?: string; drawnById: string },
  overrides: DeadlineOverrides = {}, thresholds: ThresholdOverrides = {},
) {
  const id = hashId('cross-draw', q.key);
  let stored = await prisma.inspectionDraw.findUnique({ where: { id } });
  if (!stored) {
    const inputs = await crossDrawInputs(prisma, { ...q, seed: randomBytes(16).toString('hex') }, overrides, thresholds);
    const result = drawCross(inputs);
    await prisma.$transaction(async (tx) => {
      if (await tx.inspectionDraw.findUnique({ where: { id }, select: { id: true } })) return;
      await tx.inspectionDraw.create({ data: { id, orgId: q.orgId, seed: inputs.seed, inputs: inputs as unknown as Prisma.InputJsonValue, result: result as unknown as Prisma.InputJsonValue, drawnById: q.drawnById } });
      await appendAudit(tx, { actorKind: 'USER', actorId: q.drawnById, action: 'cross.drawn', subjectType: 'InspectionDraw', subjectId: id, orgId: q.orgId,
        data: { seed: inputs.seed, counties: q.countyIds, perCounty: q.perCounty, campaignId: q.campaignId ?? null, checks: result.checks.length, unstaffed: result.unstaffed } });
    });
    stored = await prisma.inspectionDraw.findUniqueOrThrow({ where: { id } });
  }
  return { drawId: id, seed: stored.seed, inputs: stored.inputs as unknown as StoredCrossInputs, ...(stored.result as unknown as CrossDrawResult) };
}
