import type { InspectionDraw } from '../../generated/prisma/client.ts';
import { countByKind, drawRevealed, slotRevealed, canonicalJson, type CheckKind } from '../../rules/draw-reveal.ts';
import { shanghaiDate, type IsoDate } from '../../rules/iso-date.ts';
import { drawChecks, type DrawInputs, type DrawResult } from '../../rules/random-draw.ts';
import { drawCommitment, recordedCommitment } from '../../store/inspection-draws.ts';
import type { AppDeps } from '../deps.ts';
import { notFound } from '../errors.ts';

// 双随机、一公开 for the public (rules/draw-reveal.ts): the commitment at once, each check when its
// inspection begins, the seed and the reproduction when the last check has begun.

export interface PublicSlot { ref: string; kind: CheckKind; date: IsoDate | null; enterpriseId: string; revealed: boolean }
type ScheduleEntry = { ref: string; date: IsoDate; kind: CheckKind; enterpriseId: string };

const day = (d: Date) => d.toISOString().slice(0, 10);

/** A plan's checks: begun when the plan's child inspection exists for its day, or a joint visit covered it. */
export async function planSlots(deps: AppDeps, planId: string, schedule: readonly ScheduleEntry[]): Promise<PublicSlot[]> {
  const today = shanghaiDate(new Date());
  const [inspections, covers] = await Promise.all([
    deps.prisma.inspection.findMany({ where: { planId }, select: { id: true, scheduledFor: true } }),
    deps.prisma.planCheckCover.findMany({ where: { planId }, select: { ref: true } }),
  ]);
  const begun = new Set([...inspections.filter((i) => day(i.scheduledFor) <= today).map((i) => i.id.slice(planId.length + 1)), ...covers.map((c) => c.ref)]);
  return schedule.map((c) => ({ ref: c.ref, kind: c.kind, date: c.date, enterpriseId: c.enterpriseId,
    revealed: slotRevealed({ kind: c.kind, date: c.date, started: begun.has(c.ref) }, today) }));
}

async function drawSlots(deps: AppDeps, d: InspectionDraw): Promise<PublicSlot[]> {
  const checks = (d.result as unknown as DrawResult).checks;
  if (d.planId) {
    const plan = await deps.prisma.inspectionPlan.findUnique({ where: { id: d.planId }, select: { data: true } });
    const schedule = (plan?.data as { schedule?: ScheduleEntry[] } | undefined)?.schedule;
    if (schedule) return planSlots(deps, d.planId, schedule);
    // Drawn but not yet scheduled (the plan's next step writes the schedule): nothing is public yet.
    return checks.map((c, n) => ({ ref: String(n + 1), kind: c.kind, date: null, enterpriseId: c.enterpriseId, revealed: false }));
  }
  // An ad-hoc draw (POST /api/draws) starts its inspections `<drawId>-<n>` at once, dated the day of the draw.
  const today = shanghaiDate(new Date());
  const ids = checks.map((_c, n) => `${d.id}-${n + 1}`);
  const rows = await deps.prisma.inspection.findMany({ where: { id: { in: ids } }, select: { id: true, scheduledFor: true } });
  return checks.map((c, n) => {
    const i = rows.find((r) => r.id === ids[n]);
    const date = i ? day(i.scheduledFor) : shanghaiDate(d.drawnAt);
    return { ref: String(n + 1), kind: c.kind, date, enterpriseId: c.enterpriseId, revealed: slotRevealed({ kind: c.kind, date, started: !!i && date <= today }, today) };
  });
}

/**
 * What the public may know of a draw now: the commitment recorded when it was made (or, for a draw
 * made before commitments were recorded, computed from the stored row and marked so), and the seed
 * only once every check has been revealed.
 */
export async function drawDisclosure(deps: AppDeps, d: InspectionDraw, known?: PublicSlot[]) {
  const slots = known ?? await drawSlots(deps, d);
  const revealed = drawRevealed(slots.map((s) => ({ kind: s.kind, date: s.date, started: s.revealed })), shanghaiDate(new Date()));
  const recorded = await recordedCommitment(deps.prisma, d.id);
  const now = drawCommitment(d.inputs as unknown as DrawInputs);
  const commitment = { seedSha256: (recorded ?? now).seedSha256, inputsSha256: (recorded ?? now).inputsSha256, recordedAt: recorded?.recordedAt ?? null };
  return {
    slots, revealed, commitment, checkCounts: countByKind(slots), pendingCounts: countByKind(slots.filter((s) => !s.revealed)),
    // Against what was recorded at draw time only: a commitment computed now from the row would always agree.
    commitmentMatches: recorded ? recorded.seedSha256 === now.seedSha256 : null,
    inputsMatch: recorded ? recorded.inputsSha256 === now.inputsSha256 : null,
  };
}

/** Runs the recorded draw again from its seed and inputs once it is revealed: the same result proves it was not chosen. */
export async function verifyDraw(deps: AppDeps, id: string) {
  const d = await deps.prisma.inspectionDraw.findUnique({ where: { id } });
  // A 交叉执法 draw is reproduced on its own page (api/services/cross-inspections.ts).
  if (!d || (d.inputs as { kind?: string }).kind === 'CROSS') throw notFound('抽查记录');
  const inputs = d.inputs as unknown as DrawInputs;
  const disclosure = await drawDisclosure(deps, d);
  const org = await deps.prisma.org.findUnique({ where: { id: d.orgId }, select: { name: true } });
  const head = {
    id: d.id, orgId: d.orgId, orgName: org?.name, planId: d.planId, drawnAt: d.drawnAt, revealed: disclosure.revealed, commitment: disclosure.commitment,
    checkCounts: disclosure.checkCounts, pendingCounts: disclosure.pendingCounts,
    poolSize: inputs.pool.length, officers: inputs.officers.length, weights: inputs.weights, randomCount: inputs.randomCount,
  };
  // Until then no seed, no list, no reproduction: the fields are absent, not empty.
  return { ...head, ...(disclosure.revealed ? { ...(await reproduction(deps, d)), commitmentMatches: disclosure.commitmentMatches, inputsMatch: disclosure.inputsMatch } : {}) };
}

async function reproduction(deps: AppDeps, d: InspectionDraw) {
  const again = drawChecks(d.inputs as unknown as DrawInputs);
  const recorded = d.result as unknown as DrawResult;
  const ents = await deps.prisma.enterprise.findMany({ where: { id: { in: recorded.checks.map((c) => c.enterpriseId) } }, select: { id: true, name: true } });
  return {
    seed: d.seed,
    // JSONB does not keep key order: compare with keys sorted.
    matches: canonicalJson(again) === canonicalJson(recorded),
    checks: recorded.checks.map((c) => ({ ...c, enterpriseName: ents.find((e) => e.id === c.enterpriseId)?.name ?? c.enterpriseId })),
    reproduced: again.checks, unstaffed: recorded.unstaffed,
  };
}
