// The distribution of one model opponent's score in one tournament, exactly, by dynamic programming up
// the bracket (no sampled opponents, so no opponent noise in anything built on it).
//
// For pool game n and a team t that can reach it, let dist(n, t) be the distribution of the points an
// opponent scores in n's subtree given that it picks t to win n. The model draws top-down, so given t
// wins n, t's own child keeps t as its pick and the other child's winner is free (drawn by that child's
// weights):
//   dist(n, t) = shift by t's points if t really won n, of dist(own child, t) convolved with mix(other)
//   mix(n)     = sum over t of weight_n(t) dist(n, t),   and a whole bracket scores mix(final).
// Forming dist(n, t) for every team costs one convolution per team and game. Instead, for each game a
// above n (n included) keep Q_a(n) = sum over t in n's reach of weight_a(t) dist(n, t). Only the team
// w that really won n is shifted, so
//   Q_a(n) = [Q_a(A) + weight_a(w) (shift - 1) D(A)] * mix(B) + [Q_a(B)] * mix(A)   (w in A; * = convolution)
//   D(n)   = dist(n, w) = shift of D(A) * mix(B),   mix(n) = Q_n(n),
// where D(A) = dist(A, w) because w also won A. That is two convolutions per game and game above it, and
// one more for D: about 32k multiply-adds a tournament on the 64-team bracket with ESPN scoring, half of
// the one-per-team form. Scores are on the integer grid of scoring.ts.
//
// Written as plain loops over typed arrays: this runs once per simulated tournament and is the pool
// optimiser's main cost.
import type { OpponentModel } from './opponents.js';
import type { PoolBracket } from './pool-bracket.js';
import type { PointsGrid } from './scoring.js';

export class OpponentScoreDp {
  readonly bins: number;
  private readonly pb: PoolBracket;
  private readonly grid: PointsGrid;
  private readonly weight: Float64Array;
  /** Length of each game's subtree distributions (an upper bound of its points + 1). */
  private readonly len: Int32Array;
  /** anc[ancStart[n] + k]: the k-th game above n (k = 0 is n itself), up to the final. */
  private readonly ancStart: Int32Array;
  private readonly anc: Int32Array;
  /** Q_a(n) for a = anc[ancStart[n] + k] at qOff[n] + k * len[n]; D(n) at dOff[n]. */
  private readonly qOff: Int32Array;
  private readonly dOff: Int32Array;
  private readonly work: Float64Array;
  private readonly tmpA: Float64Array;
  private readonly tmpB: Float64Array;
  private readonly one = Float64Array.of(1);
  private readonly scalarA = new Float64Array(1);
  private readonly scalarB = new Float64Array(1);

  constructor(pb: PoolBracket, grid: PointsGrid, model: OpponentModel) {
    this.pb = pb;
    this.grid = grid;
    this.weight = model.weight;
    this.bins = grid.bins;
    const S = pb.size;
    const J = pb.gameCount;
    this.len = new Int32Array(J);
    let maxGain = 0;
    for (let j = 0; j < J; j++) {
      let gain = 0;
      for (let i = pb.lo[j]; i < pb.hi[j]; i++) gain = Math.max(gain, grid.units[j * S + i]);
      maxGain = Math.max(maxGain, gain);
      const la = pb.childA[j] >= 0 ? this.len[pb.childA[j]] : 1;
      const lb = pb.childB[j] >= 0 ? this.len[pb.childB[j]] : 1;
      this.len[j] = la + lb - 1 + gain;
    }
    const anc: number[] = [];
    this.ancStart = new Int32Array(J + 1);
    for (let j = 0; j < J; j++) {
      this.ancStart[j] = anc.length;
      for (let a = j; a >= 0; a = pb.parent[a]) anc.push(a);
    }
    this.ancStart[J] = anc.length;
    this.anc = Int32Array.from(anc);
    this.qOff = new Int32Array(J);
    this.dOff = new Int32Array(J);
    let size = 0;
    for (let j = 0; j < J; j++) {
      this.qOff[j] = size;
      size += (this.ancStart[j + 1] - this.ancStart[j]) * this.len[j];
      this.dOff[j] = size;
      size += this.len[j];
    }
    this.work = new Float64Array(size);
    let longest = 1;
    for (let j = 0; j < J; j++) longest = Math.max(longest, this.len[j]);
    this.tmpA = new Float64Array(longest + maxGain);
    this.tmpB = new Float64Array(longest + maxGain);
  }

  /**
   * out[0 .. bins-1] = P(one opponent scores u units) in the tournament whose main wins per team are
   * outcome[offset .. offset + size - 1].
   */
  pmf(outcome: Uint8Array, offset: number, out: Float64Array): void {
    const pb = this.pb;
    const S = pb.size;
    const J = pb.gameCount;
    const units = this.grid.units;
    const pos = pb.position;
    const weight = this.weight;
    const work = this.work;
    const len = this.len;
    const anc = this.anc;
    const tmpA = this.tmpA;
    const tmpB = this.tmpB;
    for (let n = 0; n < J; n++) {
      const L = len[n];
      const A = pb.childA[n];
      const B = pb.childB[n];
      const aHi = A >= 0 ? pb.hi[A] : -A;
      let w = pb.lo[n];
      while (w < pb.hi[n] - 1 && outcome[offset + w] <= pos[n * S + w]) w++;
      // No team of this subtree won n when an earlier game is still to be played in the outcome (cannot
      // happen for a complete tournament); w then gains nothing.
      const g = outcome[offset + w] > pos[n * S + w] ? units[n * S + w] : 0;
      const wInA = w < aHi;
      const lenA = A >= 0 ? len[A] : 1;
      const lenB = B >= 0 ? len[B] : 1;
      // mix and D of the children (a leaf's are the point mass at 0).
      const mixA = A >= 0 ? work : this.one;
      const mixAOff = A >= 0 ? this.qOff[A] : 0;
      const mixB = B >= 0 ? work : this.one;
      const mixBOff = B >= 0 ? this.qOff[B] : 0;
      const dA = A >= 0 ? work : this.one;
      const dAOff = A >= 0 ? this.dOff[A] : 0;
      const dB = B >= 0 ? work : this.one;
      const dBOff = B >= 0 ? this.dOff[B] : 0;
      const k0 = this.ancStart[n];
      const K = this.ancStart[n + 1] - k0;
      const isRoot = n === J - 1;
      for (let k = 0; k < K; k++) {
        const a = anc[k0 + k];
        const wa = weight[a * S + w];
        // Q_a of each child (index k + 1 in the child's list: the child's own entry comes first).
        let qA: Float64Array;
        let qAOff: number;
        if (A >= 0) {
          qA = work;
          qAOff = this.qOff[A] + (k + 1) * lenA;
        } else {
          this.scalarA[0] = weight[a * S + (-A - 1)];
          qA = this.scalarA;
          qAOff = 0;
        }
        let qB: Float64Array;
        let qBOff: number;
        if (B >= 0) {
          qB = work;
          qBOff = this.qOff[B] + (k + 1) * lenB;
        } else {
          this.scalarB[0] = weight[a * S + (-B - 1)];
          qB = this.scalarB;
          qBOff = 0;
        }
        const dst = isRoot ? -1 : this.qOff[n] + k * L;
        const target = isRoot ? out : work;
        const tOff = isRoot ? 0 : dst;
        const tLen = isRoot ? this.bins : L;
        target.fill(0, tOff, tOff + tLen);
        // Side A: Q_a(A), corrected for w's shift when w is on this side.
        const la = lenA + (wInA ? g : 0);
        for (let x = 0; x < lenA; x++) tmpA[x] = qA[qAOff + x];
        for (let x = lenA; x < la; x++) tmpA[x] = 0;
        if (wInA && g > 0 && wa !== 0) {
          for (let x = 0; x < lenA; x++) {
            const v = wa * dA[dAOff + x];
            tmpA[x] -= v;
            tmpA[x + g] += v;
          }
        }
        convolveInto(tmpA, la, mixB, mixBOff, lenB, target, tOff, tLen);
        const lb = lenB + (wInA ? 0 : g);
        for (let x = 0; x < lenB; x++) tmpB[x] = qB[qBOff + x];
        for (let x = lenB; x < lb; x++) tmpB[x] = 0;
        if (!wInA && g > 0 && wa !== 0) {
          for (let x = 0; x < lenB; x++) {
            const v = wa * dB[dBOff + x];
            tmpB[x] -= v;
            tmpB[x + g] += v;
          }
        }
        convolveInto(tmpB, lb, mixA, mixAOff, lenA, target, tOff, tLen);
      }
      if (isRoot) break;
      // D(n) = shift of D(w's child) * mix(other child).
      const dOut = this.dOff[n];
      work.fill(0, dOut, dOut + L);
      if (wInA) convolveInto(dA, lenA, mixB, mixBOff, lenB, work, dOut + g, L - g, dAOff);
      else convolveInto(dB, lenB, mixA, mixAOff, lenA, work, dOut + g, L - g, dBOff);
    }
    // Cancellation in the shift correction can leave -1e-17 where the mass is 0.
    for (let u = 0; u < this.bins; u++) if (out[u] < 0) out[u] = 0;
  }
}

/** dst[dOff + x + y] += src[sOff + x] * ker[kOff + y], for x + y < dLen. */
function convolveInto(
  src: Float64Array,
  sLen: number,
  ker: Float64Array,
  kOff: number,
  kLen: number,
  dst: Float64Array,
  dOff: number,
  dLen: number,
  sOff = 0,
): void {
  for (let x = 0; x < sLen && x < dLen; x++) {
    const v = src[sOff + x];
    if (v === 0) continue;
    const top = kLen < dLen - x ? kLen : dLen - x;
    const o = dOff + x;
    for (let y = 0; y < top; y++) dst[o + y] += v * ker[kOff + y];
  }
}
