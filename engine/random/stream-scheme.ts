// The random-stream scheme behind every Monte Carlo run (README, Determinism). Simulations 0..N-1 are grouped
// in blocks of BLOCK_SIZE; block b draws from xoshiro128** seeded, through seedrandom's ARC4, from
// (run seed, b) alone, so any thread or machine that runs block b draws the same numbers.
// Changing the generator, the seeding or BLOCK_SIZE must bump STREAM_SCHEME (test/random-stream.test.ts
// pins its first outputs).
import seedrandom from 'seedrandom';
import type { Seed } from '../../core/seed.js';

export const BLOCK_SIZE = 4096;
export const STREAM_SCHEME = 'xoshiro128ss+arc4seed/block4096/v1';

/** Seed material for block `block` of a run: seedrandom's ARC4 keyed by the seed and the block index. */
export function blockState(seed: Seed, block: number, out: Uint32Array = new Uint32Array(4)): Uint32Array {
  const arc4 = seedrandom(`simcast|${typeof seed}|${seed}|${block}`);
  for (let i = 0; i < 4; i++) out[i] = arc4.int32() >>> 0;
  // xoshiro's state must not be all zero; ARC4 giving four zero words is possible only in principle.
  if ((out[0] | out[1] | out[2] | out[3]) === 0) out[0] = 0x9e3779b9;
  return out;
}

export function blockCount(sims: number): number {
  return Math.ceil(sims / BLOCK_SIZE);
}

/** Number of simulations in block b of an N-simulation run (the last block may be short). */
export function simsInBlock(sims: number, block: number): number {
  return Math.min(BLOCK_SIZE, sims - block * BLOCK_SIZE);
}
