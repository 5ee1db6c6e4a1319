// Exact pattern probabilities of up to three correlated legs: each leg's latent normal cut at c_hit and
// c_push (see simulate-legs.ts), every cell of the 3^n grid by inclusion-exclusion over the joint CDF at
// the cut points (normal, bivariate by Genz's BVNU, trivariate by one-dimensional quadrature).
import { normalCdf } from '../../math/normal.js';
import { normalQuantile } from '../../models/probit.js';
import { bvnCdf } from './bivariate-normal.js';
import { tvnCdf } from './trivariate-normal.js';
import type { LegProbabilities } from './simulate-legs.js';

export const MAX_EXACT_LEGS = 3;

/** Probability of each pattern code Σ state_i 3^i (0 hit, 1 push, 2 miss). */
export function exactPatternProbabilities(legs: readonly LegProbabilities[], correlation: ArrayLike<number>): Float64Array {
  const n = legs.length;
  if (n < 1 || n > MAX_EXACT_LEGS) throw new RangeError(`exact integration takes 1 to ${MAX_EXACT_LEGS} legs (got ${n})`);
  // grid index per leg: 0 = −∞, 1 = c_hit, 2 = c_push, 3 = +∞
  const cut = legs.map((l) => [-Infinity, normalQuantile(l.pHit), normalQuantile(Math.min(1, l.pHit + l.pPush)), Infinity]);
  const r = (i: number, j: number) => correlation[i * n + j];
  const cdf = (idx: readonly number[]): number => {
    if (idx.some((k) => k === 0)) return 0;
    const live = idx.map((k, i) => (k === 3 ? -1 : i)).filter((i) => i >= 0);
    const h = live.map((i) => cut[i][idx[i]]);
    if (h.some((x) => x === -Infinity)) return 0;
    if (live.length === 0) return 1;
    if (live.length === 1) return normalCdf(h[0]);
    if (live.length === 2) return bvnCdf(h[0], h[1], r(live[0], live[1]));
    return tvnCdf([h[0], h[1], h[2]], r(live[0], live[1]), r(live[0], live[2]), r(live[1], live[2]));
  };
  const memo = new Map<number, number>();
  const at = (idx: number[]) => {
    const key = idx.reduce((a, k) => a * 4 + k, 0);
    let v = memo.get(key);
    if (v === undefined) {
      v = cdf(idx);
      memo.set(key, v);
    }
    return v;
  };
  const out = new Float64Array(3 ** n);
  const states = new Array<number>(n).fill(0);
  for (let code = 0; code < out.length; code++) {
    let c = code;
    for (let i = 0; i < n; i++) {
      states[i] = c % 3;
      c = Math.floor(c / 3);
    }
    // the cell is (grid[s], grid[s+1]] in each dimension: 2^n corners with signs
    let p = 0;
    for (let mask = 0; mask < 1 << n; mask++) {
      const idx = states.map((s, i) => ((mask >> i) & 1 ? s : s + 1));
      let sign = 1;
      for (let i = 0; i < n; i++) if ((mask >> i) & 1) sign = -sign;
      p += sign * at(idx);
    }
    out[code] = Math.max(0, p);
  }
  return out;
}
