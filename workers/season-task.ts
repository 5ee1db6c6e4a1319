// The message a season task carries to a worker, and the output ring layout of season tallies.
import type { PackedLayout, Ring } from './shared-memory.js';

export interface SeasonTask {
  kind: 'season';
  runKey: string;
  inputs: SharedArrayBuffer;
  inputLayout: PackedLayout;
  /** Scalars of the compiled season the kernel needs beside the packed arrays. */
  teamCount: number;
  gameCount: number;
  maxHalfWins: number;
  homeAdvantage: number;
  groupCounts: number[];
  /** Output ring: per slot, tallies (Int32, seasonSlotInts). */
  ring: Ring;
  slot: number;
  seed: number | string;
  totalSims: number;
  firstBlock: number;
  blockCount: number;
  hotK: number | null;
}

/** Int32 tallies per slot: halfWins (T * (maxHalfWins + 1)), then place per level (levels * T * T). */
export function seasonSlotInts(T: number, maxHalfWins: number, levels: number): number {
  return T * (maxHalfWins + 1) + levels * T * T;
}
