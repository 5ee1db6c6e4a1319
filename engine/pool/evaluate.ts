// Pricing entries on a sample: an entry's score in every tournament, and the expected prize of many
// candidate changes at once. A candidate ("move") changes the picked wins of a few teams, so its score
// in a tournament is the current score plus a few table lookups; its prize is prize[s][max(score,
// floor)], where floor is the best score of our other entries (a best-ball portfolio) or 0.
//
// The loops run over block ranges and return one partial sum per block, which callers add in block
// order: the same numbers on one thread or many, split any way.
import type { PointsGrid } from './scoring.js';
import type { PoolSample } from './sample.js';

/** Candidate changes: move m changes team[c] from from[c] to to[c] wins, for c in start[m] .. start[m+1]-1. */
export interface MoveSet {
  count: number;
  start: Int32Array;
  team: Int32Array;
  from: Uint8Array;
  to: Uint8Array;
}

export function moveSet(moves: readonly { team: number; from: number; to: number }[][]): MoveSet {
  const n = moves.reduce((a, m) => a + m.length, 0);
  const set: MoveSet = {
    count: moves.length,
    start: new Int32Array(moves.length + 1),
    team: new Int32Array(n),
    from: new Uint8Array(n),
    to: new Uint8Array(n),
  };
  let c = 0;
  moves.forEach((m, k) => {
    set.start[k] = c;
    for (const ch of m) {
      set.team[c] = ch.team;
      set.from[c] = ch.from;
      set.to[c] = ch.to;
      c++;
    }
  });
  set.start[moves.length] = c;
  return set;
}

/** An entry's score (grid units) in every tournament of the sample. */
export function entryScores(grid: PointsGrid, sample: PoolSample, wins: Uint8Array, out: Int32Array = new Int32Array(sample.count)): Int32Array {
  const S = sample.size;
  const W = grid.width;
  const cum = grid.cumUnits;
  const o = sample.outcomes;
  for (let s = 0, row = 0; s < sample.count; s++, row += S) {
    let u = 0;
    for (let i = 0; i < S; i++) {
      const e = wins[i];
      const x = o[row + i];
      u += cum[i * W + (e < x ? e : x)];
    }
    out[s] = u;
  }
  return out;
}

/** Elementwise max of score arrays (the best of several entries), or null for none. */
export function bestOf(scores: readonly Int32Array[]): Int32Array | null {
  if (scores.length === 0) return null;
  const out = scores[0].slice();
  for (let k = 1; k < scores.length; k++) {
    const x = scores[k];
    for (let s = 0; s < out.length; s++) if (x[s] > out[s]) out[s] = x[s];
  }
  return out;
}

/** Per-block sums of the prize at max(score, floor), blocks b0 .. b1-1 (weighted when the sample is). */
export function blockValues(sample: PoolSample, scores: Int32Array, floor: Int32Array | null, b0: number, b1: number): Float64Array {
  const out = new Float64Array(b1 - b0);
  const bins = sample.bins;
  const P = sample.prize;
  const w = sample.weights;
  for (let b = b0; b < b1; b++) {
    let acc = 0;
    for (let s = sample.blockStart[b]; s < sample.blockStart[b + 1]; s++) {
      let u = scores[s];
      if (floor !== null && floor[s] > u) u = floor[s];
      acc += (w === null ? 1 : w[s]) * P[s * bins + u];
    }
    out[b - b0] = acc;
  }
  return out;
}

/**
 * Per-block sums of each move's prize: out[(b - b0) * moves.count + m]. base = the entry's current
 * scores; floor = our other entries' best, or null.
 */
export function moveBlockValues(
  grid: PointsGrid,
  sample: PoolSample,
  base: Int32Array,
  floor: Int32Array | null,
  moves: MoveSet,
  b0: number,
  b1: number,
): Float64Array {
  const M = moves.count;
  const out = new Float64Array((b1 - b0) * M);
  const S = sample.size;
  const W = grid.width;
  const bins = sample.bins;
  const P = sample.prize;
  const O = sample.outcomes;
  const w = sample.weights;
  // Score change of change c when its team has x main wins: delta[c * W + x].
  const C = moves.team.length;
  const delta = new Int32Array(C * W);
  const cum = grid.cumUnits;
  for (let c = 0; c < C; c++) {
    const t = moves.team[c];
    for (let x = 0; x < W; x++) {
      const to = moves.to[c] < x ? moves.to[c] : x;
      const from = moves.from[c] < x ? moves.from[c] : x;
      delta[c * W + x] = cum[t * W + to] - cum[t * W + from];
    }
  }
  const team = moves.team;
  const start = moves.start;
  for (let b = b0; b < b1; b++) {
    const acc = out.subarray((b - b0) * M, (b - b0 + 1) * M);
    for (let s = sample.blockStart[b]; s < sample.blockStart[b + 1]; s++) {
      const row = s * S;
      const prow = s * bins;
      const u0 = base[s];
      const f = floor === null ? 0 : floor[s];
      const ws = w === null ? 1 : w[s];
      for (let m = 0, c = start[0]; m < M; m++) {
        let u = u0;
        const end = start[m + 1];
        for (; c < end; c++) u += delta[c * W + O[row + team[c]]];
        if (u < f) u = f;
        acc[m] += ws * P[prow + u];
      }
    }
  }
  return out;
}

/** Adds per-block partial sums in block order: totals[m] over the blocks, divided by their weight. */
export function combineBlocks(sample: PoolSample, partial: Float64Array, width: number, b0: number, b1: number): Float64Array {
  const out = new Float64Array(width);
  for (let b = b0; b < b1; b++) for (let m = 0; m < width; m++) out[m] += partial[(b - b0) * width + m];
  let total = 0;
  if (sample.weights === null) total = sample.blockStart[b1] - sample.blockStart[b0];
  else for (let s = sample.blockStart[b0]; s < sample.blockStart[b1]; s++) total += sample.weights[s];
  for (let m = 0; m < width; m++) out[m] /= total;
  return out;
}
