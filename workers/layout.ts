// Every SharedArrayBuffer layout a tournament run uses, as named offsets in one place (after piscina's
// src/symbols.ts). Offsets are in elements of the view they index.
import type { KernelTables } from '../engine/tournament/kernel.js';
import { BLOCK_SIZE } from '../engine/random/stream-scheme.js';

// --- Inputs: built once per run, read by every task. ---
/** Int32 header of the inputs buffer. */
export const IN_TEAMS = 0;
export const IN_GAMES = 1;
export const IN_HEADER_INTS = 2;

export function inputsByteLength(T: number, G: number): number {
  const ints = IN_HEADER_INTS + 3 * G + T * T;
  return align8(ints * 4) + T * 8;
}

/** Copies kernel tables into one shared buffer (the only copy every worker reads). */
export function writeInputs(k: KernelTables): SharedArrayBuffer {
  const T = k.teamCount;
  const G = k.gameCount;
  const sab = new SharedArrayBuffer(inputsByteLength(T, G));
  const v = readInputs(sab, T, G);
  v.gameA.set(k.gameA);
  v.gameB.set(k.gameB);
  v.forced.set(k.forced);
  v.thresholds.set(k.thresholds);
  v.ratings.set(k.ratings);
  const head = new Int32Array(sab, 0, IN_HEADER_INTS);
  head[IN_TEAMS] = T;
  head[IN_GAMES] = G;
  return sab;
}

export function readInputs(sab: SharedArrayBuffer, T?: number, G?: number): KernelTables {
  const head = new Int32Array(sab, 0, IN_HEADER_INTS);
  const teams = T ?? head[IN_TEAMS];
  const games = G ?? head[IN_GAMES];
  let off = IN_HEADER_INTS * 4;
  const ints = (n: number) => {
    const a = new Int32Array(sab, off, n);
    off += n * 4;
    return a;
  };
  const gameA = ints(games);
  const gameB = ints(games);
  const forced = ints(games);
  const thresholds = ints(teams * teams);
  const ratings = new Float64Array(sab, align8(off), teams);
  return { teamCount: teams, gameCount: games, gameA, gameB, forced, thresholds, ratings };
}

// --- Output ring: one slot per task in flight; a task's blocks write only into their slot. ---
export interface RingLayout {
  slots: number;
  blocksPerTask: number;
  /** Int32 counts per slot: G * T (wins per game and team, summed over the task's blocks). */
  countsLength: number;
  /** Bytes of per-simulation rows per slot: blocksPerTask * BLOCK_SIZE * T, or 0 without rows. */
  rowsBytes: number;
  slotBytes: number;
}

export function ringLayout(T: number, G: number, slots: number, blocksPerTask: number, withRows: boolean): RingLayout {
  const countsLength = G * T;
  const rowsBytes = withRows ? blocksPerTask * BLOCK_SIZE * T : 0;
  return { slots, blocksPerTask, countsLength, rowsBytes, slotBytes: align8(countsLength * 4) + align8(rowsBytes) };
}

export function slotViews(ring: SharedArrayBuffer, l: RingLayout, slot: number): { counts: Int32Array; rows: Uint8Array | null } {
  const base = slot * l.slotBytes;
  return {
    counts: new Int32Array(ring, base, l.countsLength),
    rows: l.rowsBytes > 0 ? new Uint8Array(ring, base + align8(l.countsLength * 4), l.rowsBytes) : null,
  };
}

function align8(n: number): number {
  return (n + 7) & ~7;
}
