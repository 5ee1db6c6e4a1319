// Runs a Monte Carlo tournament on the worker pool (through the in-order block runner): builds the
// shared inputs once, sizes the ring of output slots, and sums each task's integer tallies.
import { randomUUID } from 'node:crypto';
import { OptionError } from '../core/errors.js';
import { BLOCK_SIZE, blockCount } from '../engine/random/stream-scheme.js';
import { type Seed } from '../core/seed.js';
import type { Bracket } from '../engine/tournament/bracket.js';
import { kernelTables } from '../engine/tournament/kernel.js';
import type { PackedRowsTarget } from '../engine/tournament/pack-rows.js';
import { winModelByName } from '../engine/tournament/win-probability.js';
import { createRing, packShared, ringSlot, type PackedLayout } from './shared-memory.js';
import { planBlocks, runBlocks } from './block-runner.js';
import { validateThreads } from './pool.js';
import type { TournamentTask, WinModelRef } from './tournament-task.js';

/** A finished task: consecutive blocks, handed over in block order. Views are valid until the callback returns. */
export interface TournamentChunk {
  firstBlock: number;
  blockCount: number;
  simStart: number;
  simCount: number;
  /** counts[g * T + t]: wins of team t in game g within this chunk. */
  counts: Int32Array;
  /** simCount rows of T bytes (games won per team), when rows were asked for. */
  rows: Uint8Array | null;
}

/** Inputs shared with workers, built once per run: pass them to every call for the same run (shards). */
export interface TournamentShared {
  inputs: SharedArrayBuffer;
  inputLayout: PackedLayout;
  runKey: string;
}

export function shareTournament(b: Bracket, model: WinModelRef = { name: '538' }): TournamentShared {
  const k = kernelTables(b, winModelByName(model.name, model.sigma));
  const { sab, layout } = packShared({
    gameA: k.gameA,
    gameB: k.gameB,
    forced: k.forced,
    thresholds: k.thresholds,
    ratings: k.ratings,
    // Hot ratings recompute probabilities, with the travel of each pair's meeting game.
    ...(k.travel === null ? {} : { travel: k.travel }),
  });
  return { inputs: sab, inputLayout: layout, runKey: randomUUID() };
}

export interface TournamentRunOptions {
  /** From shareTournament (same bracket and model): skips rebuilding the inputs, and workers reuse theirs. */
  shared?: TournamentShared;
  sims: number;
  seed: Seed;
  threads?: number;
  model?: WinModelRef;
  hotK?: number | null;
  withRows?: boolean;
  /**
   * With rows: workers pack them into this shared buffer (engine/tournament/pack-rows.ts) as they
   * simulate, so a chunk handed to onChunk is already there (and its `rows` is null).
   */
  packRows?: PackedRowsTarget;
  /** Only these blocks (a shard or a resumed remainder); default all. */
  blocks?: { first: number; count: number };
  /** Blocks per task; default chosen from the run size. */
  blocksPerTask?: number;
  /** The kernel (same numbers): WebAssembly by default; 'js' runs the JavaScript reference (tests, bench). */
  kernel?: 'wasm' | 'js';
  signal?: AbortSignal;
  onChunk?: (chunk: TournamentChunk) => void | Promise<void>;
  onProgress?: (simsDone: number, simsPlanned: number) => void;
}

interface TournamentRunResult {
  /** Total wins per game and team over the blocks run, wins[g * T + t]. */
  wins: Float64Array;
  sims: number;
  threads: number;
  elapsedMs: number;
  /** Milliseconds workers spent computing (sum over tasks). */
  computeMs: number;
}

/**
 * Blocks per task for a run of tallies only: up to 64 (about 25 ms of the WebAssembly kernel), still
 * about 4 tasks per thread. The block runner's default of at most 16 keeps a task's rows small; without
 * rows, bigger tasks spend less on messages and waiting: 2 threads ran 4-5% faster with 32-64 than with
 * 16 (bench/RESULTS.md). Undefined with rows (the runner's default).
 */
function tallyTaskBlocks(o: TournamentRunOptions, threads: number): number | undefined {
  if (o.withRows === true || !Number.isSafeInteger(o.sims) || o.sims < 1) return undefined;
  const count = o.blocks?.count ?? blockCount(o.sims) - (o.blocks?.first ?? 0);
  return Math.max(1, Math.min(64, Math.ceil(count / (threads * 4))));
}

export async function runTournamentPool(b: Bracket, o: TournamentRunOptions): Promise<TournamentRunResult> {
  const threads = validateThreads(o.threads);
  const model = o.model ?? { name: '538' };
  winModelByName(model.name, model.sigma); // an unknown model fails here, before any allocation
  const hotK = o.hotK ?? null;
  if (hotK !== null && !(Number.isFinite(hotK) && hotK >= 0)) throw new OptionError(`options.hot must be a non-negative number (got ${hotK})`);
  const shape = planBlocks(o.sims, threads, o.blocks, o.blocksPerTask ?? tallyTaskBlocks(o, threads));
  const started = performance.now();
  const T = b.teamCount;
  const G = b.gameCount;
  const wins = new Float64Array(G * T);
  if (G === 0) return { wins, sims: 0, threads, elapsedMs: 0, computeMs: 0 };

  // Rows packed by the workers into packRows need no ring space: onChunk then gets rows null.
  const rowsLength = o.withRows === true && o.packRows === undefined ? shape.perTask * BLOCK_SIZE * T : 0;
  const ring = createRing(shape.slots, { counts: { kind: 'i32', length: G * T }, ...(rowsLength > 0 ? { rows: { kind: 'u8', length: rowsLength } } : {}) });
  const { inputs, inputLayout, runKey } = o.shared ?? shareTournament(b, model);
  const run = await runBlocks<TournamentTask>(shape, {
    sims: o.sims,
    threads,
    signal: o.signal,
    onProgress: o.onProgress,
    makeTask: (slot, firstBlock, blockCount) => ({
      kind: 'tournament',
      runKey,
      inputs,
      inputLayout,
      ring,
      slot,
      seed: o.seed,
      totalSims: o.sims,
      firstBlock,
      blockCount,
      model,
      hotK,
      ...(o.kernel === undefined ? {} : { kernel: o.kernel }),
      ...(o.packRows !== undefined && o.withRows === true ? { packRows: o.packRows } : {}),
    }),
    consume: async (slot, firstBlock, blockCount, result) => {
      const views = ringSlot(ring, slot);
      const counts = views.counts as Int32Array;
      const rows = (views.rows as Uint8Array | undefined) ?? null;
      for (let j = 0; j < counts.length; j++) wins[j] += counts[j];
      if (o.onChunk) {
        await o.onChunk({
          firstBlock,
          blockCount,
          simStart: firstBlock * BLOCK_SIZE,
          simCount: result.sims,
          counts,
          rows: rows === null ? null : rows.subarray(0, result.sims * T),
        });
      }
    },
  });
  return { wins, sims: run.sims, threads, elapsedMs: performance.now() - started, computeMs: run.computeMs };
}
