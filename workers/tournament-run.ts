// Runs a Monte Carlo tournament on the worker pool: plans blocks, keeps a bounded ring of tasks in
// flight, and hands finished tasks to the caller IN BLOCK ORDER (DESIGN.md), so that sums and any rows
// written downstream are the same on 1 or 16 threads.
import { randomUUID } from 'node:crypto';
import { CancelledError, OptionError } from '../engine/errors.js';
import { blockCount, BLOCK_SIZE, type Seed } from '../engine/random/stream-scheme.js';
import type { Bracket } from '../engine/tournament/bracket.js';
import { kernelTables } from '../engine/tournament/kernel.js';
import { winModelByName } from '../engine/tournament/win-probability.js';
import { ringLayout, slotViews, writeInputs } from './layout.js';
import { getPool, validateThreads } from './pool.js';
import type { TournamentTask, TournamentTaskResult, WinModelRef } from './tournament-task.js';

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

export interface TournamentRunOptions {
  sims: number;
  seed: Seed;
  threads?: number;
  model?: WinModelRef;
  hotK?: number | null;
  withRows?: boolean;
  /** Only these blocks (a shard or a resumed remainder); default all. */
  blocks?: { first: number; count: number };
  /** Blocks per task; default chosen from the run size. */
  blocksPerTask?: number;
  signal?: AbortSignal;
  onChunk?: (chunk: TournamentChunk) => void | Promise<void>;
  onProgress?: (simsDone: number, simsPlanned: number) => void;
}

export interface TournamentRunResult {
  /** Total wins per game and team over the blocks run, wins[g * T + t]. */
  wins: Float64Array;
  sims: number;
  threads: number;
  elapsedMs: number;
  /** Milliseconds workers spent computing (sum over tasks). */
  computeMs: number;
}

export async function runTournamentPool(b: Bracket, o: TournamentRunOptions): Promise<TournamentRunResult> {
  if (!Number.isSafeInteger(o.sims) || o.sims < 1) throw new OptionError(`options.sims must be a positive integer (got ${o.sims})`);
  const threads = validateThreads(o.threads);
  const model = o.model ?? { name: '538' };
  const winModel = winModelByName(model.name, model.sigma);
  const hotK = o.hotK ?? null;
  if (hotK !== null && !(Number.isFinite(hotK) && hotK >= 0)) throw new OptionError(`options.hot must be a non-negative number (got ${hotK})`);
  const allBlocks = blockCount(o.sims);
  const first = o.blocks?.first ?? 0;
  const count = o.blocks?.count ?? allBlocks - first;
  if (first < 0 || count < 0 || first + count > allBlocks) throw new OptionError(`options.blocks must lie within 0..${allBlocks}`);

  const started = performance.now();
  const T = b.teamCount;
  const G = b.gameCount;
  const wins = new Float64Array(G * T);
  if (count === 0 || G === 0) return { wins, sims: 0, threads, elapsedMs: 0, computeMs: 0 };

  const perTask = o.blocksPerTask ?? Math.max(1, Math.min(16, Math.ceil(count / (threads * 4))));
  const tasks = Math.ceil(count / perTask);
  const slots = Math.min(tasks, threads * 2);
  const layout = ringLayout(T, G, slots, perTask, o.withRows === true);
  const ring = new SharedArrayBuffer(layout.slotBytes * slots);
  const inputs = writeInputs(kernelTables(b, winModel));
  const runKey = randomUUID();
  const pool = await getPool(threads);

  const freeSlots = Array.from({ length: slots }, (_, i) => slots - 1 - i);
  const done = new Map<number, { slot: number; result: TournamentTaskResult }>();
  const abort = new AbortController();
  const onAbort = () => abort.abort();
  o.signal?.addEventListener('abort', onAbort, { once: true });
  let nextTask = 0;
  let nextToConsume = 0;
  let simsDone = 0;
  let computeMs = 0;
  const simsPlanned = Math.min(o.sims, (first + count) * BLOCK_SIZE) - first * BLOCK_SIZE;

  // Resolves whenever a task finishes (or fails), to wake the scheduling loop.
  let wake: () => void = () => {};
  let failure: unknown = null;
  const submit = (i: number, slot: number) => {
    const firstBlock = first + i * perTask;
    const task: TournamentTask = {
      runKey,
      inputs,
      ring,
      layout,
      slot,
      seed: o.seed,
      totalSims: o.sims,
      firstBlock,
      blockCount: Math.min(perTask, first + count - firstBlock),
      model,
      hotK,
    };
    pool.run(task, { signal: abort.signal }).then(
      (result: TournamentTaskResult) => {
        done.set(i, { slot, result });
        wake();
      },
      (e: unknown) => {
        failure ??= e;
        wake();
      },
    );
  };

  try {
    while (nextToConsume < tasks) {
      if (o.signal?.aborted) throw new CancelledError('run cancelled');
      if (failure !== null) throw failure;
      while (nextTask < tasks && freeSlots.length > 0) submit(nextTask++, freeSlots.pop()!);
      const ready = done.get(nextToConsume);
      if (ready === undefined) {
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      done.delete(nextToConsume);
      const firstBlock = first + nextToConsume * perTask;
      const blocks = Math.min(perTask, first + count - firstBlock);
      const { counts, rows } = slotViews(ring, layout, ready.slot);
      for (let j = 0; j < counts.length; j++) wins[j] += counts[j];
      const simStart = firstBlock * BLOCK_SIZE;
      const simCount = ready.result.sims;
      if (o.onChunk) {
        await o.onChunk({ firstBlock, blockCount: blocks, simStart, simCount, counts, rows: rows === null ? null : rows.subarray(0, simCount * T) });
      }
      simsDone += simCount;
      computeMs += ready.result.ms;
      o.onProgress?.(simsDone, simsPlanned);
      freeSlots.push(ready.slot);
      nextToConsume++;
    }
  } catch (e) {
    abort.abort();
    if (o.signal?.aborted || (e as Error)?.name === 'AbortError') throw new CancelledError('run cancelled');
    throw e;
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
  }
  return { wins, sims: simsDone, threads, elapsedMs: performance.now() - started, computeMs };
}
