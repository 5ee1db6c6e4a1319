// Runs a season simulation on the worker pool: the remaining schedule played N times (with the NFL's
// tiebreakers, seeds, playoffs and draft order when the season was compiled with playoffs).
import { randomUUID } from 'node:crypto';
import { OptionError } from '../core/errors.js';
import type { Seed } from '../core/seed.js';
import { seasonReportFromTallies, type SeasonReport } from '../engine/season/report.js';
import type { Season } from '../engine/season/season.js';
import { tallyShape } from '../engine/season/tallies.js';
import { planBlocks, runBlocks } from './block-runner.js';
import { validateThreads } from './pool.js';
import { seasonSlotInts, type SeasonTask } from './season-task.js';
import { createRing, packShared, ringSlot } from './shared-memory.js';

interface SeasonRunOptions {
  sims: number;
  seed: Seed;
  threads?: number;
  hotK?: number | null;
  blocks?: { first: number; count: number };
  blocksPerTask?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, planned: number) => void;
}

interface SeasonRunResult {
  /** The whole tally layout (engine/season/tallies.ts), summed over the run's blocks: integers. */
  tallies: Float64Array;
  /** The first two sections of `tallies`, as earlier runs returned them. */
  halfWins: Float64Array;
  place: Float64Array[];
  sims: number;
  threads: number;
  elapsedMs: number;
  report: SeasonReport;
}

export async function runSeasonPool(s: Season, o: SeasonRunOptions): Promise<SeasonRunResult> {
  const threads = validateThreads(o.threads);
  const hotK = o.hotK ?? null;
  if (hotK !== null && !(Number.isFinite(hotK) && hotK >= 0)) throw new OptionError(`options.hot must be a non-negative number (got ${hotK})`);
  const shape = planBlocks(o.sims, threads, o.blocks, o.blocksPerTask);
  const started = performance.now();
  const T = s.teamCount;
  const W = s.maxHalfWins + 1;
  const levels = s.group.length;
  const ints = seasonSlotInts(tallyShape(s));
  const ring = createRing(shape.slots, { tallies: { kind: 'i32', length: ints } });
  const arrays: Record<string, Int32Array | Float64Array> = {
    ratings: s.ratings,
    baseHalfWins: s.baseHalfWins,
    home: s.home,
    away: s.away,
    advantage: s.advantage,
    thresholds: s.thresholds,
  };
  s.group.forEach((g, l) => (arrays[`group${l}`] = g));
  const P = s.playoffs;
  if (P !== null) {
    const x = P.input;
    Object.assign(arrays, {
      conf: x.conf,
      div: x.div,
      playedHome: x.playedHome,
      playedAway: x.playedAway,
      playedHomeScore: x.playedHomeScore,
      playedAwayScore: x.playedAwayScore,
    });
  }
  const { sab, layout } = packShared(arrays);
  const runKey = randomUUID();
  const tallies = new Float64Array(ints);
  const run = await runBlocks<SeasonTask>(shape, {
    sims: o.sims,
    threads,
    signal: o.signal,
    onProgress: o.onProgress,
    makeTask: (slot, firstBlock, blockCount) => ({
      kind: 'season',
      runKey,
      inputs: sab,
      inputLayout: layout,
      teamCount: T,
      gameCount: s.gameCount,
      maxHalfWins: s.maxHalfWins,
      homeAdvantage: s.homeAdvantage,
      groupCounts: s.groupNames.map((n) => n.length),
      playoffs: P === null ? null : { season: P.season, seeds: P.format.seeds, byes: P.format.byes },
      ring,
      slot,
      seed: o.seed,
      totalSims: o.sims,
      firstBlock,
      blockCount,
      hotK,
    }),
    consume: (slot) => {
      const all = ringSlot(ring, slot).tallies as Int32Array;
      for (let i = 0; i < ints; i++) tallies[i] += all[i];
    },
  });
  const halfWins = tallies.slice(0, T * W);
  const place = Array.from({ length: levels }, (_, l) => tallies.slice(T * W + l * T * T, T * W + (l + 1) * T * T));
  return {
    tallies,
    halfWins,
    place,
    sims: run.sims,
    threads,
    elapsedMs: performance.now() - started,
    report: seasonReportFromTallies(s, tallies, run.sims),
  };
}
