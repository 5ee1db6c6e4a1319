// Exact advancement probabilities with fixed ratings: dynamic programming over which team fills each
// node of the bracket. occupancy[node * T + t] = P(team t is the winner at that node).
import type { Bracket } from './bracket.js';
import type { WinProbabilityModel } from './win-probability.js';
import { pairProb } from './travel.js';

/** Returns winProb[g * T + t] = P(team t wins game g), in the layout advancement() reads. */
export function exactGameWins(b: Bracket, model: WinProbabilityModel): Float64Array {
  const T = b.teamCount;
  const G = b.gameCount;
  const occ = new Float64Array((T + G) * T);
  const support: Int32Array[] = [];
  for (let t = 0; t < T; t++) {
    occ[t * T + t] = 1;
    support.push(Int32Array.of(t));
  }
  const wins = new Float64Array(G * T);
  const r = b.ratings;
  // P(x beats y) with the travel adjustment of their meeting game when the field has sites.
  const prob = (x: number, y: number) => pairProb(model, r, b.travel, T, x, y);
  for (let g = 0; g < G; g++) {
    const A = b.gameA[g];
    const B = b.gameB[g];
    const sa = support[A];
    const sb = support[B];
    const out = (T + g) * T;
    const f = b.forced[g];
    if (f >= 0) {
      occ[out + f] = 1;
    } else {
      // Orientation as in the kernels: the first input's probability is model.prob(first, second).
      for (const t of sa) {
        let beat = 0;
        for (const u of sb) beat += occ[B * T + u] * prob(t, u);
        occ[out + t] = occ[A * T + t] * beat;
      }
      for (const t of sb) {
        let beat = 0;
        for (const u of sa) beat += occ[A * T + u] * (1 - prob(u, t));
        occ[out + t] = occ[B * T + t] * beat;
      }
    }
    const sup: number[] = [];
    for (const t of sa) if (occ[out + t] > 0) sup.push(t);
    for (const t of sb) if (occ[out + t] > 0) sup.push(t);
    support.push(Int32Array.from(sup));
    for (const t of sup) wins[g * T + t] = occ[out + t];
  }
  return wins;
}
