// The message a tournament task carries to a worker, and the summary it returns.
import type { PackedRowsTarget } from '../engine/tournament/pack-rows.js';
import type { PackedLayout, Ring } from './shared-memory.js';

export interface WinModelRef {
  name: string;
  sigma?: number;
}

export interface TournamentTask {
  kind: 'tournament';
  /** Identifies the run's inputs so a worker builds its views once per run. */
  runKey: string;
  /** Kernel tables (gameA, gameB, forced, thresholds, ratings), packed once per run. */
  inputs: SharedArrayBuffer;
  inputLayout: PackedLayout;
  /** Output ring: per slot, counts (Int32, G * T) and, with rows, rows (Uint8, sims * T). */
  ring: Ring;
  slot: number;
  seed: number | string;
  totalSims: number;
  firstBlock: number;
  blockCount: number;
  model: WinModelRef;
  /** Hot-rating factor K, or null for fixed ratings. */
  hotK: number | null;
  /** Which kernel runs (the same numbers either way): WebAssembly by default, 'js' for the reference. */
  kernel?: 'wasm' | 'js';
  /** With rows: also pack them into this (shared) buffer, the caller's COPY rows (engine/tournament/pack-rows.ts). */
  packRows?: PackedRowsTarget;
}

export type { BlockTaskResult as TournamentTaskResult } from './block-runner.js';
