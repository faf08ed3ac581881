import { createHash } from 'node:crypto';
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';
import { appendAudit } from '../store/audit.ts';
import { recordStep } from './inspections.ts';

// 联合执法 (issue 21 item 3): the participants' signatures of the 现场检查记录, and the plan checks a
// joint inspection already made. Written only by workflows/inspection.ts and workflows/annual-plan.ts.
export function jointInspectionActivities(prisma: PrismaClient) {
  return {
    /** One participant signed (or its time passed unsigned): its row and the inspection's event, in one transaction. */
    async signJointRecord(q: { inspectionId: string; orgId: string; key: string; signedById?: string; via?: string; image?: string; signedAt?: string }): Promise<void> {
      await prisma.$transaction(async (tx) => {
        const row = await tx.inspection.findUniqueOrThrow({ where: { id: q.inspectionId }, select: { orgId: true, data: true } });
        const signed = !!q.signedById;
        const data = await recordStep(tx, 'Inspection', q.inspectionId, {
          key: q.key, action: signed ? 'inspection.joint_signed' : 'inspection.joint_unsigned', actorId: q.signedById,
          data: { orgId: q.orgId, via: q.via ?? null },
        }, row.orgId);
        if (!data) return;
        await tx.inspection.update({ where: { id: q.inspectionId }, data: { data } });
        if (!signed) return;
        const sha = createHash('sha256').update(q.image ?? '').digest('hex');
        await tx.inspectionParticipant.updateMany({ where: { inspectionId: q.inspectionId, orgId: q.orgId, signedAt: null },
          data: { signedById: q.signedById!, signedAt: new Date(q.signedAt ?? Date.now()), signedVia: q.via ?? 'PORTAL', signatureSha256: sha } });
      });
    },

    /**
     * Whether a joint inspection already made this plan check: one of the same enterprise in the
     * plan's year, recorded, that the plan's bureau led or took part in and signed, not made by this
     * plan and not yet counted for another of its checks. The first call for a check decides it
     * (the cover row is its record), so a retry gives the same answer.
     */
    async coverPlanCheck(q: { planId: string; orgId: string; year: number; ref: string; enterpriseId: string }): Promise<{ inspectionId: string } | null> {
      return prisma.$transaction(async (tx) => {
        const done = await tx.planCheckCover.findUnique({ where: { planId_ref: { planId: q.planId, ref: q.ref } } });
        if (done) return { inspectionId: done.inspectionId };
        const from = new Date(`${q.year}-01-01T00:00:00Z`), to = new Date(`${q.year + 1}-01-01T00:00:00Z`);
        const candidates = await tx.$queryRaw<{ id: string }[]>`
          SELECT i."id" FROM "Inspection" i
          WHERE i."enterpriseId" = ${q.enterpriseId} AND i."recordNumber" IS NOT NULL AND i."scheduledFor" >= ${from} AND i."scheduledFor" < ${to}
            AND (i."planId" IS NULL OR i."planId" <> ${q.planId})
            AND EXISTS (SELECT 1 FROM "InspectionParticipant" p WHERE p."inspectionId" = i."id")
            AND (i."orgId" = ${q.orgId} OR EXISTS (SELECT 1 FROM "InspectionParticipant" p WHERE p."inspectionId" = i."id" AND p."orgId" = ${q.orgId} AND p."signedAt" IS NOT NULL))
            AND NOT EXISTS (SELECT 1 FROM "PlanCheckCover" c WHERE c."planId" = ${q.planId} AND c."inspectionId" = i."id")
          ORDER BY i."scheduledFor", i."id" LIMIT 1`;
        const hit = candidates[0];
        if (!hit) return null;
        await tx.planCheckCover.create({ data: { planId: q.planId, ref: q.ref, inspectionId: hit.id } });
        const data = await recordStep(tx, 'InspectionPlan', q.planId, {
          key: `covered-${q.ref}`, action: 'plan.check_covered_by_joint', data: { ref: q.ref, enterpriseId: q.enterpriseId, inspectionId: hit.id },
        }, q.orgId);
        if (data) await tx.inspectionPlan.update({ where: { id: q.planId }, data: { data: data as Prisma.InputJsonValue } });
        await appendAudit(tx, { actorKind: 'SYSTEM', actorId: null, action: 'inspection.counted_for_plan', subjectType: 'Inspection', subjectId: hit.id, orgId: q.orgId,
          data: { planId: q.planId, ref: q.ref } });
        return { inspectionId: hit.id };
      });
    },
  };
}
