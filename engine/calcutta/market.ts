// The market: how the other entries' money is spread over the teams.
//
// Predicted market share (the share of the pot each team draws):
//   - fitted on past auctions when `market.history` is given: the log-linear model
//       log(price share) = a + b * log(expected points) + c * seed
//     by least squares (c dropped when the rows have no seeds), share_t = exp(b log E_t + c seed_t) / sum;
//   - otherwise the documented default share_t = E_t^alpha / sum_u E_u^alpha (alpha = 1: the market
//     prices expected points fairly).
// Predicted entries (when the others' bids are not known, or to add unknown entries to known ones):
// `market.entries` synthetic entries spend `market.pot` in all; team t draws pot * share_t, split among
// them by Gamma(concentration) weights drawn from the run's seed, so they differ from one another as
// real entries do.
import seedrandom from 'seedrandom';
import type { Seed } from '../../core/seed.js';
import type { Auction } from './evaluate.js';
import type { EntrySpec, MarketHistoryRow, MarketSpec } from './types.js';

export interface MarketModel {
  kind: 'default' | 'fitted';
  /** log-share coefficients: intercept, log expected points, seed. */
  coefficients: { intercept: number; logPoints: number; seed: number };
  alpha: number;
}

/** Least squares of log(price share within its auction) on log(expected points) and seed. */
export function fitMarketModel(history: MarketHistoryRow[], alpha = 1): MarketModel {
  const rows = history.filter((r) => r.price > 0 && r.expectedPoints > 0);
  if (rows.length < 3) return { kind: 'default', coefficients: { intercept: 0, logPoints: alpha, seed: 0 }, alpha };
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(r.auction ?? '', (totals.get(r.auction ?? '') ?? 0) + r.price);
  const withSeed = rows.every((r) => typeof r.seed === 'number');
  const X = rows.map((r) => (withSeed ? [1, Math.log(r.expectedPoints), r.seed!] : [1, Math.log(r.expectedPoints)]));
  const y = rows.map((r) => Math.log(r.price / totals.get(r.auction ?? '')!));
  const beta = leastSquares(X, y);
  return { kind: 'fitted', coefficients: { intercept: beta[0], logPoints: beta[1], seed: withSeed ? beta[2] : 0 }, alpha };
}

function leastSquares(X: number[][], y: number[]): number[] {
  const p = X[0].length;
  const A = Array.from({ length: p }, () => new Array<number>(p + 1).fill(0));
  X.forEach((x, i) => {
    for (let a = 0; a < p; a++) {
      for (let b = 0; b < p; b++) A[a][b] += x[a] * x[b];
      A[a][p] += x[a] * y[i];
    }
  });
  // Small ridge on the slopes keeps a degenerate history (all seeds equal) solvable.
  for (let a = 1; a < p; a++) A[a][a] += 1e-9;
  for (let c = 0; c < p; c++) {
    let piv = c;
    for (let r = c + 1; r < p; r++) if (Math.abs(A[r][c]) > Math.abs(A[piv][c])) piv = r;
    [A[c], A[piv]] = [A[piv], A[c]];
    const d = A[c][c] || 1e-300;
    for (let r = 0; r < p; r++) {
      if (r === c) continue;
      const f = A[r][c] / d;
      for (let k = c; k <= p; k++) A[r][k] -= f * A[c][k];
    }
  }
  return A.map((row, i) => row[p] / (row[i] || 1e-300));
}

/** Predicted share of the pot per team (sums to 1). Teams with no expected points draw nothing. */
export function predictMarketShare(model: MarketModel, expectedPoints: ArrayLike<number>, seeds: (number | null)[]): Float64Array {
  const T = expectedPoints.length;
  const w = new Float64Array(T);
  const meanSeed = seeds.some((s) => s !== null) ? seeds.reduce<number>((a, s) => a + (s ?? 0), 0) / seeds.filter((s) => s !== null).length : 0;
  let sum = 0;
  for (let t = 0; t < T; t++) {
    const e = expectedPoints[t];
    if (!(e > 0)) continue;
    const seed = seeds[t] ?? meanSeed;
    w[t] = model.kind === 'fitted' ? Math.exp(model.coefficients.logPoints * Math.log(e) + model.coefficients.seed * seed) : Math.pow(e, model.alpha);
    sum += w[t];
  }
  if (sum > 0) for (let t = 0; t < T; t++) w[t] /= sum;
  return w;
}

/** Marsaglia-Tsang Gamma(shape, 1) from a uniform source. */
function gamma(shape: number, rnd: () => number): number {
  if (shape < 1) return gamma(shape + 1, rnd) * Math.pow(rnd() || 1e-300, 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      // Box-Muller normal.
      x = Math.sqrt(-2 * Math.log(rnd() || 1e-300)) * Math.cos(2 * Math.PI * rnd());
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rnd();
    if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** Synthetic entries for the predicted part of the market (bids rounded to cents). */
export function predictedEntries(market: MarketSpec, share: Float64Array, names: string[], seed: Seed): EntrySpec[] {
  const n = market.entries;
  if (n <= 0 || market.pot <= 0) return [];
  const rnd = seedrandom(`simcast|calcutta-market|${typeof seed}|${seed}`);
  const entries: EntrySpec[] = Array.from({ length: n }, (_, i) => ({ name: `predicted-${i + 1}`, bids: {} }));
  const w = new Float64Array(n);
  names.forEach((team, t) => {
    const money = market.pot * share[t];
    if (money <= 0) return;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += w[i] = gamma(market.concentration, rnd);
    for (let i = 0; i < n; i++) {
      const bid = Math.round((100 * money * w[i]) / sum) / 100;
      if (bid > 0) entries[i].bids[team] = bid;
    }
  });
  return entries;
}

/** The Auction the Evaluator reads: others' bids as a dense entry-major matrix, payouts padded to M. */
export function buildAuction(names: string[], others: EntrySpec[], payouts: number[]): Auction {
  const T = names.length;
  const index = new Map(names.map((n, i) => [n, i]));
  const M = others.length + 1;
  const otherBids = new Float64Array(others.length * T);
  const otherTotal = new Float64Array(T);
  let otherSpend = 0;
  others.forEach((e, i) => {
    for (const [team, bid] of Object.entries(e.bids)) {
      const t = index.get(team)!;
      otherBids[i * T + t] += bid;
      otherTotal[t] += bid;
      otherSpend += bid;
    }
  });
  const pay = new Float64Array(M);
  payouts.forEach((p, r) => {
    if (r < M) pay[r] = p;
  });
  return { teamCount: T, entryCount: M, otherBids, otherTotal, otherSpend, payouts: pay };
}
