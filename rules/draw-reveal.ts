// 双随机、一公开 without tipping anyone off (commit–reveal). A random check is unannounced: the
// list of who was drawn is published with the results (国办发〔2015〕58号 asks for 抽查情况及查处结果
// to be made public), not when the draw is made. At draw time the public sees only a commitment
// — the SHA-256 of the seed and of the draw's inputs — which fixes both before anyone knows the
// outcome; each check becomes public once its inspection has begun or its day has passed, and
// the seed (and with it the whole reproducible draw) once nothing of the draw is still to come.
// Pure: the API decides with it, store/inspection-draws.ts hashes with it.
import type { IsoDate } from './iso-date.ts';

export type CheckKind = 'KEY' | 'RANDOM';

export interface DrawSlot {
  kind: CheckKind;
  /** The check's day; null while it is not scheduled yet (a plan between its draw and its schedule). */
  date: IsoDate | null;
  /** Its inspection has begun (the 行政检查通知书 has gone to the enterprise) or another visit covered it. */
  started: boolean;
}

/** A check is public once the enterprise has met it, or once its day is over (a run that failed to start hides nothing). */
export const slotRevealed = (s: DrawSlot, today: IsoDate): boolean => s.started || (s.date !== null && s.date < today);

/** The seed reveals every pairing of the draw, so it waits for the last check; a draw with no check hides nothing. */
export const drawRevealed = (slots: readonly DrawSlot[], today: IsoDate): boolean => slots.every((s) => slotRevealed(s, today));

/** How many checks of each kind: published at once, as the plan's counts are. */
export const countByKind = (slots: readonly { kind: CheckKind }[]): Record<CheckKind, number> => ({
  KEY: slots.filter((s) => s.kind === 'KEY').length,
  RANDOM: slots.filter((s) => s.kind === 'RANDOM').length,
});

/**
 * JSON with every object's keys sorted: the stored inputs come back from JSONB in another key
 * order than they were written in, and the commitment must hash the same text both times.
 */
export const canonicalJson = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (x && typeof x === 'object' && !Array.isArray(x)
  ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x));
