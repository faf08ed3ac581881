// App and baseline measured in alternating rounds rather than one after the other, so that
// load from outside (other work on a shared machine) falls on both sides alike and their
// ratio stays meaningful. Each side's rounds add up into one phase of the report.
import { deadline, type Ctx } from './context.ts';
import { combineRuns, runLoad, type LoadResult } from './stats.ts';

export interface Side<T> {
  /** The report phase this side's rounds add up to. */
  phase: string;
  items: T[];
  run: (item: T) => Promise<void>;
  /** Runs inside the phase after each round, e.g. waiting for the work a round set off. */
  settle?: (done: LoadResult) => Promise<void>;
  /** Called after each round, outside the phase (e.g. to sample memory); each round is capped at maxRunSeconds. */
  afterRound?: (done: LoadResult, round: number) => void;
}

/**
 * Warms each side up with its first `warmup` items, then runs `rounds` rounds; in each, every
 * side runs its next share of the items at the fixed concurrency. Returns one result per side.
 */
export async function interleave(ctx: Ctx, rounds: number, sides: Side<any>[]): Promise<LoadResult[]> {
  const { warmup, concurrency } = ctx.sizes;
  const warm: LoadResult[] = [];
  for (const s of sides) {
    const w = await runLoad(s.items.slice(0, warmup), concurrency, s.run, deadline(ctx));
    await s.settle?.(w);
    warm.push(w);
  }
  const runs: LoadResult[][] = sides.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (const [i, s] of sides.entries()) {
      const rest = s.items.slice(warmup);
      const per = Math.ceil(rest.length / rounds);
      const chunk = rest.slice(r * per, (r + 1) * per);
      if (!chunk.length) continue;
      const done = await ctx.phase(s.phase, (x) => x.ok, async () => {
        const x = await runLoad(chunk, concurrency, s.run, deadline(ctx));
        await s.settle?.(x);
        return x;
      });
      runs[i]!.push(done);
      s.afterRound?.(done, r);
    }
  }
  return runs.map((rs, i) => {
    const all = combineRuns(rs);
    // "Zero errors" means none at all: warm-up included.
    all.errors += warm[i]!.errors;
    all.errorSamples = [...warm[i]!.errorSamples, ...all.errorSamples].slice(0, 5);
    return all;
  });
}
