// `pool optimize`: the entry with the best expected prize against the public (docs/pools.md), searched
// on the run seed's tournaments and checked on the hold-out's, with the per-tournament scores of the
// chosen entry and chalk on the hold-out (for storage) and which games matter for the chosen entry.
import { parseSeed, type Seed } from '../../core/seed.js';
import { picksToWins } from '../../engine/pool/entry.js';
import { combineHoldout, HoldoutRunner, type HoldoutTally } from '../../engine/pool/holdout.js';
import { searchEntries } from '../../engine/pool/optimize.js';
import { poolEntryImportance } from '../../engine/pool/pool-importance.js';
import { poolReport, type PoolReport } from '../../engine/pool/report.js';
import { DEFAULT_POOL_SIMS, holdoutSeed } from '../../engine/pool/run.js';
import { joinBlocks, type PoolBlock } from '../../engine/pool/sample.js';
import type { GameImportance } from '../../engine/pool/importance.js';
import type { SearchResult } from '../../engine/pool/optimize.js';
import { runPoolChoice } from '../../workers/pool-choice-run.js';
import { OptionError } from '../../core/errors.js';
import type { PoolImportanceRecord } from '../../store/pools.js';
import type { PoolInputs } from './document.js';
import { importanceRecords, poolBlocks, poolSetup, type PoolProgress } from './setup.js';

export { DEFAULT_POOL_SIMS };

export interface PoolEntryScores {
  entry: number;
  label: string;
  wins: Uint8Array;
  points: Int32Array;
}

export interface PoolOptimizeResult {
  report: PoolReport & { importance: PoolImportanceRecord[]; timings: Record<string, number> };
  /** Entry 0: the chosen entry, 1: chalk, 2..: the rest of a portfolio; scores on the hold-out tournaments. */
  scores: PoolEntryScores[];
}

export interface PoolRunOptions extends PoolProgress {
  sims?: number;
  holdoutSims?: number;
  seed?: Seed;
}

export function checkSims(name: string, v: number): void {
  if (!(Number.isSafeInteger(v) && v >= 1)) throw new OptionError(`options.${name} must be a positive integer (got ${v})`);
}

export async function optimizePool(i: PoolInputs, o: PoolRunOptions = {}): Promise<PoolOptimizeResult> {
  const sims = o.sims ?? DEFAULT_POOL_SIMS;
  const holdSims = o.holdoutSims ?? i.holdoutSims ?? sims;
  checkSims('sims', sims);
  checkSims('holdoutSims', holdSims);
  const seed = parseSeed(o.seed ?? 1);
  const t0 = performance.now();
  const setup = poolSetup(i);
  const { ctx } = setup;
  const pb = ctx.pb;
  const planned = sims + holdSims;
  const blocks: PoolBlock[] = [];
  await poolBlocks(setup, seed, sims, { mode: 'sample' }, (r) => blocks.push(r.sample!), { ...o, stage: 'search-sample', base: 0, planned });
  const t1 = performance.now();
  let search: SearchResult;
  /** The importance for the entries the hold-out chooses: chalk alone, or the entries found. */
  let importanceOf: (chalk: boolean) => GameImportance[];
  if (o.offThread) {
    // The same join, search and importance on a worker (the blocks move there): this thread stays free.
    const c = await runPoolChoice({ ctx, blocks, mode: 'optimize', entries: i.entries }, { threads: o.threads, signal: o.signal });
    search = c.search!;
    importanceOf = (chalk) => (chalk ? c.importance.chalk! : c.importance.entries);
  } else {
    const sample = joinBlocks(ctx, blocks);
    blocks.length = 0;
    search = searchEntries(ctx, sample, { entries: i.entries });
    importanceOf = (chalk) => poolEntryImportance(ctx, sample, chalk ? [picksToWins(pb, search.chalk)] : search.entries.map((p) => picksToWins(pb, p)));
  }
  o.onProgress?.(sims, planned, 'search');
  const t2 = performance.now();
  const chalkWins = picksToWins(pb, search.chalk);
  const entryWins = search.entries.map((p) => picksToWins(pb, p));
  const runner = new HoldoutRunner(ctx, [{ opponents: ctx.opponents, pay: ctx.pay, candidates: [[chalkWins], entryWins] }]);
  const hSeed = holdoutSeed(seed);
  const tallies: HoldoutTally[] = [];
  const scored = [entryWins[0], chalkWins, ...entryWins.slice(1)];
  const points = scored.map(() => new Int32Array(holdSims));
  let at = 0;
  await poolBlocks(
    setup,
    hSeed,
    holdSims,
    { mode: 'holdout', targets: runner.targets, scored },
    (r) => {
      tallies.push(r.tally!);
      r.points!.forEach((p, k) => points[k].set(p, at));
      at += r.count;
    },
    { ...o, stage: 'holdout', base: sims, planned },
  );
  const [stats] = combineHoldout(runner, tallies);
  const t3 = performance.now();
  const report = poolReport(ctx, search, { chalk: stats[0], optimized: stats[1], sims: holdSims, seed: hSeed }, { sims, seed });
  const chosenChalk = report.holdout.chosen === 'chalk';
  const chosen = chosenChalk ? [chalkWins] : entryWins;
  const importance = importanceRecords(ctx, importanceOf(chosenChalk));
  const t4 = performance.now();
  const scores: PoolEntryScores[] = [
    { entry: 0, label: chosenChalk ? 'chosen (chalk)' : 'optimized', wins: chosen[0], points: chosenChalk ? points[1] : points[0] },
    { entry: 1, label: 'chalk', wins: chalkWins, points: points[1] },
    ...(chosenChalk ? [] : entryWins.slice(1).map((w, k) => ({ entry: k + 2, label: `portfolio entry ${k + 2}`, wins: w, points: points[k + 2] }))),
  ];
  return {
    report: {
      ...report,
      importance,
      timings: { sampleMs: t1 - t0, searchMs: t2 - t1, holdoutMs: t3 - t2, importanceMs: t4 - t3, totalMs: t4 - t0 },
    },
    scores,
  };
}
