// The message a season task carries to a worker, and the output ring layout of season tallies.
import { tallyLayout, type TallyShape } from '../engine/season/tallies.js';
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
  /** The NFL procedure (the league is rebuilt from the packed played games), or null. */
  playoffs: { season: number; seeds: number; byes: number } | null;
  /** Output ring: per slot, tallies (Int32, seasonSlotInts). */
  ring: Ring;
  slot: number;
  seed: number | string;
  totalSims: number;
  firstBlock: number;
  blockCount: number;
  hotK: number | null;
}

/** Int32 tallies per slot: the season's whole tally layout (engine/season/tallies.ts). */
export function seasonSlotInts(shape: TallyShape): number {
  return tallyLayout(shape).length;
}
