// One call for a whole pool optimisation on the calling thread: simulate the search tournaments, build
// their blocks, search, simulate the hold-out tournaments and price chalk and the chosen entries there.
// The heavy steps are block functions (PoolBlockBuilder.fromRows, moveBlockValues, HoldoutRunner.block)
// so an interface can run them on a worker pool and combine results in block order instead; this
// function is the single-thread reference they must match.
//
// Streams: the search tournaments are blocks of the run seed itself (the same tournaments as a
// tournament run with that seed, so stored rows can be reused), the hold-out's are blocks of
// holdoutSeed(seed), a distinct stream.
import { OptionError } from '../../core/errors.js';
import type { Seed } from '../../core/seed.js';
import { BLOCK_SIZE, blockCount, blockState, simsInBlock } from '../random/stream-scheme.js';
import { kernelTables, prepareKernel, simulateFixed, type PreparedKernel } from '../tournament/kernel.js';
import type { WinProbabilityModel } from '../tournament/win-probability.js';
import { picksToWins } from './entry.js';
import { combineHoldout, HoldoutRunner, type HoldoutTally } from './holdout.js';
import { searchEntries, type SearchOptions } from './optimize.js';
import { mainWinsFromRow } from './pool-bracket.js';
import type { PoolContext } from './pool-context.js';
import { poolReport, type PoolReport } from './report.js';
import { joinBlocks, PoolBlockBuilder, type PoolBlock } from './sample.js';

export const DEFAULT_POOL_SIMS = 20_480;

/** The hold-out's stream: seed material distinct from the search's. */
export function holdoutSeed(seed: Seed): string {
  return `${seed}|pool-holdout`;
}

/** Main wins per team of block `block` of a run (fixed ratings), `count` tournaments. */
export function simulateOutcomes(ctx: PoolContext, kernel: PreparedKernel, seed: Seed, block: number, count: number, rows?: Uint8Array): Uint8Array {
  const T = ctx.pb.bracket.teamCount;
  const r = rows ?? new Uint8Array(count * T);
  const tally = new Int32Array(ctx.pb.bracket.gameCount * T);
  simulateFixed(kernel, blockState(seed, block), count, tally, r);
  const S = ctx.pb.size;
  const out = new Uint8Array(count * S);
  for (let s = 0; s < count; s++) mainWinsFromRow(ctx.pb, r, s * T, out, s * S);
  return out;
}

export interface PoolRunOptions {
  /** Tournaments the search prices candidates on (default 20,480 = 5 blocks). */
  sims?: number;
  /** Hold-out tournaments (default: as many as the search's). */
  holdoutSims?: number;
  seed?: Seed;
  search?: SearchOptions;
  onProgress?: (stage: 'search-sample' | 'search' | 'holdout', done: number, planned: number) => void;
}

export interface PoolRunResult {
  report: PoolReport;
  timings: { sampleMs: number; searchMs: number; holdoutMs: number; totalMs: number };
}

export function runPool(ctx: PoolContext, winModel: WinProbabilityModel, o: PoolRunOptions = {}): PoolRunResult {
  const sims = o.sims ?? DEFAULT_POOL_SIMS;
  const holdSims = o.holdoutSims ?? sims;
  for (const [name, v] of [
    ['sims', sims],
    ['holdoutSims', holdSims],
  ] as const) {
    if (!(Number.isSafeInteger(v) && v >= 1)) throw new OptionError(`options.${name} must be a positive integer (got ${v})`);
  }
  const seed = o.seed ?? 1;
  const t0 = performance.now();
  const kernel = prepareKernel(kernelTables(ctx.pb.bracket, winModel));
  const rows = new Uint8Array(BLOCK_SIZE * ctx.pb.bracket.teamCount);
  const builder = new PoolBlockBuilder(ctx);
  const blocks: PoolBlock[] = [];
  const nb = blockCount(sims);
  for (let b = 0; b < nb; b++) {
    const n = simsInBlock(sims, b);
    blocks.push(builder.fromOutcomes(simulateOutcomes(ctx, kernel, seed, b, n, rows), n));
    o.onProgress?.('search-sample', b + 1, nb);
  }
  const sample = joinBlocks(ctx, blocks);
  const t1 = performance.now();
  const search = searchEntries(ctx, sample, o.search);
  o.onProgress?.('search', 1, 1);
  const t2 = performance.now();
  const pb = ctx.pb;
  const runner = new HoldoutRunner(ctx, [
    { opponents: ctx.opponents, pay: ctx.pay, candidates: [[picksToWins(pb, search.chalk)], search.entries.map((p) => picksToWins(pb, p))] },
  ]);
  const hSeed = holdoutSeed(seed);
  const tallies: HoldoutTally[] = [];
  const hb = blockCount(holdSims);
  for (let b = 0; b < hb; b++) {
    const n = simsInBlock(holdSims, b);
    tallies.push(runner.block(simulateOutcomes(ctx, kernel, hSeed, b, n, rows), n));
    o.onProgress?.('holdout', b + 1, hb);
  }
  const [stats] = combineHoldout(runner, tallies);
  const t3 = performance.now();
  const report = poolReport(ctx, search, { chalk: stats[0], optimized: stats[1], sims: holdSims, seed: hSeed }, { sims, seed });
  return { report, timings: { sampleMs: t1 - t0, searchMs: t2 - t1, holdoutMs: t3 - t2, totalMs: t3 - t0 } };
}
