// The tournament simulation kernels: one block of simulations from one block's generator state.
// These are the reference: the worker pool runs kernel-wasm.ts, which computes the same numbers in
// WebAssembly (test/tournament-wasm.test.ts compares them bit for bit), and falls back to these.
//
// Written by hand, not with a library generator: xoshiro128** is inlined with its state in local
// variables and every game is two typed-array loads, one integer compare and two increments. Measured in
// bench/kernel.ts (see bench/RESULTS.md); seedrandom's generators called per draw were 0.53-0.78x of
// this on this machine kind.
import type { Bracket } from './bracket.js';
import { probToThreshold, type WinProbabilityModel } from './win-probability.js';
import { pairProb } from './travel.js';

/** Everything a kernel reads, built once per run (and shared with workers through one buffer). */
export interface KernelTables {
  teamCount: number;
  gameCount: number;
  gameA: Int32Array;
  gameB: Int32Array;
  forced: Int32Array;
  /** thresholds[a * T + b]: A (first input) wins iff (u ^ 0x80000000) < it; see probToThreshold. */
  thresholds: Int32Array;
  ratings: Float64Array;
  /** travel[a * T + b]: added to a's rating against b (bracket.ts travel), or null without game sites. */
  travel: Float64Array | null;
}

function buildThresholds(b: Bracket, model: WinProbabilityModel): Int32Array {
  const T = b.teamCount;
  const thr = new Int32Array(T * T);
  for (let a = 0; a < T; a++) {
    for (let c = 0; c < T; c++) thr[a * T + c] = probToThreshold(pairProb(model, b.ratings, b.travel, T, a, c));
  }
  return thr;
}

export function kernelTables(b: Bracket, model: WinProbabilityModel): KernelTables {
  return {
    teamCount: b.teamCount,
    gameCount: b.gameCount,
    gameA: b.gameA,
    gameB: b.gameB,
    forced: b.forced,
    thresholds: buildThresholds(b, model),
    ratings: b.ratings,
    travel: b.travel ?? null,
  };
}

/**
 * Derived once per run. Decided games have a constant winner, so the loops see only the F games still
 * to be played, renumbered so that free game i writes node D + T + i and tallies into row i of a compact
 * per-call table: the loop indexes by arithmetic, never branches on "decided?" and never loads an
 * index table (measured on the 2016 field: 1.80M sims/s against 1.58M/s with index tables).
 */
export interface PreparedKernel {
  tables: KernelTables;
  /** Node values at the start of every simulation: T teams, D decided-game winners, then F free slots. */
  nodeTemplate: Int32Array;
  /** Inputs of the free games in renumbered node space. */
  freeA: Int32Array;
  freeB: Int32Array;
  /** Original game index of each free game (to scatter the compact tally back to g * T + w). */
  freeGame: Int32Array;
  /** Decided games as (counts offset + winner) and winner, to tally once per block. */
  decidedCounts: Int32Array;
  decidedWinner: Int32Array;
}

export function prepareKernel(k: KernelTables): PreparedKernel {
  const T = k.teamCount;
  const G = k.gameCount;
  const free: number[] = [];
  const decided: number[] = [];
  for (let g = 0; g < G; g++) (k.forced[g] >= 0 ? decided : free).push(g);
  const D = decided.length;
  // renumber[original node] = node in the prepared layout.
  const renumber = new Int32Array(T + G);
  for (let t = 0; t < T; t++) renumber[t] = t;
  decided.forEach((g, j) => (renumber[T + g] = T + j));
  free.forEach((g, i) => (renumber[T + g] = T + D + i));
  const nodeTemplate = new Int32Array(T + G).fill(-1);
  for (let t = 0; t < T; t++) nodeTemplate[t] = t;
  decided.forEach((g, j) => (nodeTemplate[T + j] = k.forced[g]));
  return {
    tables: k,
    nodeTemplate,
    freeA: Int32Array.from(free, (g) => renumber[k.gameA[g]]),
    freeB: Int32Array.from(free, (g) => renumber[k.gameB[g]]),
    freeGame: Int32Array.from(free),
    decidedCounts: Int32Array.from(decided, (g) => g * T + k.forced[g]),
    decidedWinner: Int32Array.from(decided, (g) => k.forced[g]),
  };
}

/** Adds a call's compact free-game tally and its decided games into counts (and rows). */
function finishTally(p: PreparedKernel, sims: number, local: Int32Array, counts: Int32Array, rows: Uint8Array | null): void {
  const T = p.tables.teamCount;
  for (let i = 0; i < p.freeGame.length; i++) {
    const src = i * T;
    const dst = p.freeGame[i] * T;
    for (let t = 0; t < T; t++) counts[dst + t] += local[src + t];
  }
  for (let i = 0; i < p.decidedCounts.length; i++) {
    counts[p.decidedCounts[i]] += sims;
    if (rows !== null) for (let s = 0, w = p.decidedWinner[i]; s < sims; s++) rows[s * T + w]++;
  }
}

/**
 * Simulates `sims` tournaments with fixed ratings, one generator draw per game still to be played.
 * - counts[g * T + w] += 1 each time team w wins game g (the block's advancement tally; integers, so
 *   combining blocks is exact in any grouping);
 * - rows, when given, gets one row of T bytes per simulation: games won by each team.
 * `state` is the block's xoshiro128** state; it is advanced in place.
 */
export function simulateFixed(p: PreparedKernel, state: Uint32Array, sims: number, counts: Int32Array, rows: Uint8Array | null): void {
  const T = p.tables.teamCount;
  const thr = p.tables.thresholds;
  const F = p.freeA.length;
  const freeA = p.freeA;
  const freeB = p.freeB;
  const out0 = T + p.decidedWinner.length;
  const node = p.nodeTemplate.slice();
  const local = new Int32Array(F * T);
  let s0 = state[0] | 0;
  let s1 = state[1] | 0;
  let s2 = state[2] | 0;
  let s3 = state[3] | 0;
  if (rows === null) {
    for (let s = 0; s < sims; s++) {
      for (let i = 0, o = out0, c = 0; i < F; i++, o++, c += T) {
        const a = node[freeA[i]];
        const b = node[freeB[i]];
        // xoshiro128**: output from s1, then the state transition.
        const x = Math.imul(s1, 5);
        const u = Math.imul((x << 7) | (x >>> 25), 9);
        const t = s1 << 9;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = (s3 << 11) | (s3 >>> 21);
        const w = (u ^ 0x80000000) < thr[a * T + b] ? a : b;
        node[o] = w;
        local[c + w]++;
      }
    }
  } else {
    rows.fill(0, 0, sims * T);
    for (let s = 0, rowBase = 0; s < sims; s++, rowBase += T) {
      for (let i = 0, o = out0, c = 0; i < F; i++, o++, c += T) {
        const a = node[freeA[i]];
        const b = node[freeB[i]];
        const x = Math.imul(s1, 5);
        const u = Math.imul((x << 7) | (x >>> 25), 9);
        const t = s1 << 9;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = (s3 << 11) | (s3 >>> 21);
        const w = (u ^ 0x80000000) < thr[a * T + b] ? a : b;
        node[o] = w;
        local[c + w]++;
        rows[rowBase + w]++;
      }
    }
  }
  finishTally(p, sims, local, counts, rows);
  state[0] = s0;
  state[1] = s1;
  state[2] = s2;
  state[3] = s3;
}

/**
 * Two blocks at once, each from its own generator state, interleaved game by game: the two xoshiro128**
 * chains and bracket walks are independent, so the CPU overlaps them (one block's chain is latency-bound).
 * Each block draws exactly the numbers simulateFixed would, so the tallies are identical (test/
 * tournament-montecarlo.test.ts); bench/kernel.ts measures both. Tallies only (no rows); both blocks
 * run `sims` simulations.
 */
export function simulateFixedPair(p: PreparedKernel, stateA: Uint32Array, stateB: Uint32Array, sims: number, counts: Int32Array): void {
  const T = p.tables.teamCount;
  const thr = p.tables.thresholds;
  const F = p.freeA.length;
  const freeA = p.freeA;
  const freeB = p.freeB;
  const out0 = T + p.decidedWinner.length;
  const nodeA = p.nodeTemplate.slice();
  const nodeB = p.nodeTemplate.slice();
  const local = new Int32Array(F * T);
  let a0 = stateA[0] | 0;
  let a1 = stateA[1] | 0;
  let a2 = stateA[2] | 0;
  let a3 = stateA[3] | 0;
  let b0 = stateB[0] | 0;
  let b1 = stateB[1] | 0;
  let b2 = stateB[2] | 0;
  let b3 = stateB[3] | 0;
  for (let s = 0; s < sims; s++) {
    for (let i = 0, o = out0, c = 0; i < F; i++, o++, c += T) {
      const fa = freeA[i];
      const fb = freeB[i];
      const xa = nodeA[fa];
      const ya = nodeA[fb];
      const xb = nodeB[fa];
      const yb = nodeB[fb];
      const ra = Math.imul(a1, 5);
      const ua = Math.imul((ra << 7) | (ra >>> 25), 9);
      const ta = a1 << 9;
      a2 ^= a0;
      a3 ^= a1;
      a1 ^= a2;
      a0 ^= a3;
      a2 ^= ta;
      a3 = (a3 << 11) | (a3 >>> 21);
      const rb = Math.imul(b1, 5);
      const ub = Math.imul((rb << 7) | (rb >>> 25), 9);
      const tb = b1 << 9;
      b2 ^= b0;
      b3 ^= b1;
      b1 ^= b2;
      b0 ^= b3;
      b2 ^= tb;
      b3 = (b3 << 11) | (b3 >>> 21);
      const wa = (ua ^ 0x80000000) < thr[xa * T + ya] ? xa : ya;
      const wb = (ub ^ 0x80000000) < thr[xb * T + yb] ? xb : yb;
      nodeA[o] = wa;
      nodeB[o] = wb;
      local[c + wa]++;
      local[c + wb]++;
    }
  }
  finishTally(p, 2 * sims, local, counts, null);
  stateA[0] = a0;
  stateA[1] = a1;
  stateA[2] = a2;
  stateA[3] = a3;
  stateB[0] = b0;
  stateB[1] = b1;
  stateB[2] = b2;
  stateB[3] = b3;
}

/**
 * Hot ratings: after each game the winner gains and the loser loses K * (1 - p_winner), so later
 * rounds of the same simulation see moved ratings (FiveThirtyEight's in-tournament update). Every
 * probability goes through the same model and probToThreshold as buildThresholds and each game still
 * to be played draws exactly one number, so K = 0 reproduces simulateFixed bit for bit. Decided games
 * move no ratings: their result is known, not simulated.
 */
export function simulateHot(
  p: PreparedKernel,
  model: WinProbabilityModel,
  hotK: number,
  state: Uint32Array,
  sims: number,
  counts: Int32Array,
  rows: Uint8Array | null,
): void {
  const T = p.tables.teamCount;
  const F = p.freeA.length;
  const node = p.nodeTemplate.slice();
  const out0 = T + p.decidedWinner.length;
  const local = new Int32Array(F * T);
  const base = p.tables.ratings;
  const tv = p.tables.travel;
  const r = new Float64Array(T);
  let s0 = state[0] | 0;
  let s1 = state[1] | 0;
  let s2 = state[2] | 0;
  let s3 = state[3] | 0;
  if (rows !== null) rows.fill(0, 0, sims * T);
  for (let s = 0, rowBase = 0; s < sims; s++, rowBase += T) {
    r.set(base);
    for (let i = 0; i < F; i++) {
      const a = node[p.freeA[i]];
      const b = node[p.freeB[i]];
      const x = Math.imul(s1, 5);
      const u = Math.imul((x << 7) | (x >>> 25), 9);
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      // With game sites, each side's rating carries its travel to this game, as in buildThresholds.
      const pA = pairProb(model, r, tv, T, a, b);
      const aWins = (u ^ 0x80000000) < probToThreshold(pA);
      const w = aWins ? a : b;
      const delta = hotK * (aWins ? 1 - pA : pA);
      r[w] += delta;
      r[aWins ? b : a] -= delta;
      node[out0 + i] = w;
      local[i * T + w]++;
      if (rows !== null) rows[rowBase + w]++;
    }
  }
  finishTally(p, sims, local, counts, rows);
  state[0] = s0;
  state[1] = s1;
  state[2] = s2;
  state[3] = s3;
}
