// Runs a season simulation on the worker pool: the remaining schedule played N times.
import { randomUUID } from 'node:crypto';
import { OptionError } from '../core/errors.js';
import type { Seed } from '../core/seed.js';
import { seasonReport, type SeasonReport } from '../engine/season/report.js';
import type { Season } from '../engine/season/season.js';
import { planBlocks, runBlocks } from './block-runner.js';
import { validateThreads } from './pool.js';
import { seasonSlotInts, type SeasonTask } from './season-task.js';
import { createRing, packShared, ringSlot } from './shared-memory.js';

export interface SeasonRunOptions {
  sims: number;
  seed: Seed;
  threads?: number;
  hotK?: number | null;
  blocks?: { first: number; count: number };
  blocksPerTask?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, planned: number) => void;
}

export interface SeasonRunResult {
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
  const ints = seasonSlotInts(T, s.maxHalfWins, levels);
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
  const { sab, layout } = packShared(arrays);
  const runKey = randomUUID();
  const halfWins = new Float64Array(T * W);
  const place = s.group.map(() => new Float64Array(T * T));
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
      for (let i = 0; i < T * W; i++) halfWins[i] += all[i];
      for (let l = 0; l < levels; l++) {
        const off = T * W + l * T * T;
        for (let i = 0; i < T * T; i++) place[l][i] += all[off + i];
      }
    },
  });
  return {
    halfWins,
    place,
    sims: run.sims,
    threads,
    elapsedMs: performance.now() - started,
    report: seasonReport(s, halfWins, place, run.sims),
  };
}
