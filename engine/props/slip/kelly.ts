// Simultaneous Kelly: the stakes f (fractions of bankroll, one per bet) maximising the expected log of
// wealth over joint scenarios s with probabilities w_s and net returns per unit staked r_sj:
//   max_f  G(f) = Σ_s w_s ln(1 + Σ_j f_j r_sj)   subject to f_j ≥ 0.
// G is concave; projected Newton with an active set (bets at 0 whose gradient points below 0 stay there)
// and a backtracking line search that keeps every scenario's wealth positive. Two independent
// even-money bets at p = 0.55 give f = 0.1/1.01 = 0.0990099 each (not the single-bet 0.1).
// When the stakes sum above `maxTotal` they are scaled down to it (reported as capped).
import { choleskySolve } from '../../models/logistic.js';

export interface KellyResult {
  fractions: number[];
  /** expected log growth per round at the optimum */
  growth: number;
  iterations: number;
  capped: boolean;
}

export function simultaneousKelly(
  returns: Float64Array,
  weights: Float64Array,
  bets: number,
  opts: { maxTotal?: number; tol?: number; maxIter?: number } = {},
): KellyResult {
  const scen = weights.length;
  if (returns.length !== scen * bets) throw new RangeError(`returns has ${returns.length} values, expected ${scen} × ${bets}`);
  const maxTotal = opts.maxTotal ?? 1;
  const tol = opts.tol ?? 1e-12;
  const maxIter = opts.maxIter ?? 200;
  let wsum = 0;
  for (let s = 0; s < scen; s++) wsum += weights[s];
  const w = weights.map((x) => x / wsum);
  const f = new Float64Array(bets);
  const wealth = new Float64Array(scen);
  const objective = (x: Float64Array): number => {
    let g = 0;
    for (let s = 0; s < scen; s++) {
      let v = 1;
      for (let j = 0; j < bets; j++) v += x[j] * returns[s * bets + j];
      if (!(v > 0)) return -Infinity;
      if (w[s] > 0) g += w[s] * Math.log(v);
    }
    return g;
  };
  let g0 = objective(f);
  let it = 0;
  for (; it < maxIter; it++) {
    for (let s = 0; s < scen; s++) {
      let v = 1;
      for (let j = 0; j < bets; j++) v += f[j] * returns[s * bets + j];
      wealth[s] = v;
    }
    const grad = new Float64Array(bets);
    for (let s = 0; s < scen; s++) for (let j = 0; j < bets; j++) grad[j] += (w[s] * returns[s * bets + j]) / wealth[s];
    const free = [...Array(bets).keys()].filter((j) => f[j] > 0 || grad[j] > 0);
    if (free.length === 0) break;
    const d = free.length;
    const h = new Float64Array(d * d);
    for (let s = 0; s < scen; s++) {
      const c = w[s] / (wealth[s] * wealth[s]);
      for (let a = 0; a < d; a++) for (let b = 0; b <= a; b++) h[a * d + b] += c * returns[s * bets + free[a]] * returns[s * bets + free[b]];
    }
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < a; b++) h[b * d + a] = h[a * d + b];
      h[a * d + a] += 1e-14;
    }
    const step = choleskySolve(h, Float64Array.from(free.map((j) => grad[j])), d) ?? Float64Array.from(free.map((j) => grad[j]));
    let t = 1;
    let next = f;
    let g1 = -Infinity;
    for (let k = 0; k < 60; k++, t /= 2) {
      next = Float64Array.from(f);
      free.forEach((j, a) => (next[j] = Math.max(0, f[j] + t * step[a])));
      g1 = objective(next);
      if (g1 >= g0 - 1e-15) break;
    }
    let moved = 0;
    for (let j = 0; j < bets; j++) moved = Math.max(moved, Math.abs(next[j] - f[j]));
    f.set(next);
    const improved = g1 - g0;
    g0 = Math.max(g0, g1);
    if (moved < tol || (improved >= 0 && improved < 1e-18 && moved < 1e-9)) break;
  }
  let total = 0;
  for (let j = 0; j < bets; j++) total += f[j];
  const capped = total > maxTotal;
  if (capped) for (let j = 0; j < bets; j++) f[j] *= maxTotal / total;
  return { fractions: Array.from(f), growth: objective(f), iterations: it, capped };
}
