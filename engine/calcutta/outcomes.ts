// What happened to every entry in every tournament, and the aggregates users read: entry performance,
// our investment report per team, and team values. Per-tournament outcomes are handed out in chunks of
// typed arrays (memory-bounded; a storage step COPYs them as entry_simulation_outcomes rows).
import { TIE_TOLERANCE, type Evaluator } from './evaluate.js';
import type { PointsTable } from './scoring.js';
import type { TournamentSample } from './sample.js';

/**
 * One chunk of per-tournament entry outcomes; arrays are sim-major, [s * entryCount + e] for tournament
 * simStart + s and entry e (0 = us, then the other entries in input order). Valid until the callback returns.
 */
export interface EntryOutcomeChunk {
  simStart: number;
  simCount: number;
  entryCount: number;
  points: Float64Array;
  /** 1-based finishing rank; tied entries share the best of their ranks (1, 2, 2, 4). */
  rank: Int32Array;
  /** Payout as a share of the pot (tied entries split the tied ranks' payouts evenly). */
  payout: Float64Array;
}

export type OutcomeSink = (chunk: EntryOutcomeChunk) => void;

const OUTCOME_CHUNK = 4096;

export interface EntryPerformance {
  entry: number;
  name: string;
  spend: number;
  expectedPoints: number;
  /** Mean payout as a share of the pot. */
  meanPayout: number;
  sdPayout: number;
  pFirst: number;
  pInMoney: number;
  /** Percent of the other entries with a lower mean payout (ties count half). */
  percentileRank: number;
}

/** Ranks and payouts of every entry from the evaluator's scores (its bids as set); aggregates per entry. */
export async function entryOutcomes(
  ev: Evaluator,
  names: string[],
  spends: number[],
  sink?: OutcomeSink,
  /** Called after each chunk (see OptimizeOptions.pause): the caller may yield there, or throw to stop. */
  pause?: (done: number, total: number) => Promise<void> | void,
): Promise<EntryPerformance[]> {
  const { N, M, scores, payTab } = ev;
  const w = ev.sample.weights;
  const chunk = Math.min(OUTCOME_CHUNK, N);
  const rank = new Int32Array(chunk * M);
  const payout = new Float64Array(chunk * M);
  const sumPay = new Float64Array(M);
  const sumPay2 = new Float64Array(M);
  const sumPts = new Float64Array(M);
  const first = new Float64Array(M);
  const money = new Float64Array(M);
  for (let s0 = 0; s0 < N; s0 += chunk) {
    const n = Math.min(chunk, N - s0);
    for (let i = 0; i < n; i++) {
      const s = s0 + i;
      const o = s * M;
      const ws = w[s];
      for (let e = 0; e < M; e++) {
        const u = scores[o + e];
        const tol = TIE_TOLERANCE * (u < 0 ? 1 - u : 1 + u);
        let above = 0;
        let tied = 0;
        for (let f = 0; f < M; f++) {
          if (f === e) continue;
          const d = scores[o + f] - u;
          if (d > tol) above++;
          else if (d >= -tol) tied++;
        }
        const p = payTab[above * M + tied];
        rank[i * M + e] = above + 1;
        payout[i * M + e] = p;
        sumPay[e] += ws * p;
        sumPay2[e] += ws * p * p;
        sumPts[e] += ws * u;
        if (above === 0) first[e] += ws;
        if (p > 0) money[e] += ws;
      }
    }
    sink?.({
      simStart: s0,
      simCount: n,
      entryCount: M,
      points: scores.subarray(s0 * M, (s0 + n) * M),
      rank: rank.subarray(0, n * M),
      payout: payout.subarray(0, n * M),
    });
    await pause?.(s0 + n, N);
  }
  const perf: EntryPerformance[] = [];
  for (let e = 0; e < M; e++) {
    let below = 0;
    for (let f = 0; f < M; f++) {
      if (f === e) continue;
      const d = sumPay[f] - sumPay[e];
      if (Math.abs(d) <= 1e-12) below += 0.5;
      else if (d < 0) below++;
    }
    perf.push({
      entry: e,
      name: names[e],
      spend: spends[e],
      expectedPoints: sumPts[e],
      meanPayout: sumPay[e],
      sdPayout: Math.sqrt(Math.max(0, sumPay2[e] - sumPay[e] * sumPay[e])),
      pFirst: first[e],
      pInMoney: money[e],
      percentileRank: M > 1 ? (100 * below) / (M - 1) : 100,
    });
  }
  return perf;
}

/** Weighted quantiles of values (e.g. our net result per tournament). */
export function weightedQuantiles(values: Float64Array, weights: Float64Array, qs: number[]): number[] {
  const order = Array.from(values.keys()).sort((a, b) => values[a] - values[b]);
  const out: number[] = [];
  let acc = 0;
  let k = 0;
  const sorted = [...qs].map((q, i) => ({ q, i })).sort((a, b) => a.q - b.q);
  const res = new Array<number>(qs.length).fill(values.length ? values[order[order.length - 1]] : 0);
  for (const idx of order) {
    acc += weights[idx];
    while (k < sorted.length && acc >= sorted[k].q - 1e-12) res[sorted[k++].i] = values[idx];
  }
  out.push(...res);
  return out;
}

export interface InvestmentLine {
  team: number;
  name: string;
  seed: number | null;
  bid: number;
  /** Our share of the team: bid / (all bids on it, ours included). */
  ownership: number;
  teamExpectedPoints: number;
  ourExpectedPoints: number;
  /** Our expected payout (share of the pot) attributed to this team by its share of our points in each tournament. */
  expectedPayoutShare: number;
  expectedPayout: number;
  /** (expected payout attributed - bid) / bid. */
  roi: number;
}

export function investmentReport(ev: Evaluator, names: string[], seeds: (number | null)[], teamPoints: Float64Array): InvestmentLine[] {
  const { M, scores, pay } = ev;
  const { start, sim, points } = ev.cols;
  const w = ev.sample.weights;
  const pot = ev.auction.otherSpend + ev.spend;
  const lines: InvestmentLine[] = [];
  for (let t = 0; t < ev.T; t++) {
    const x = ev.bids[t];
    if (x <= 0) continue;
    const own = x / (ev.auction.otherTotal[t] + x);
    let attributed = 0;
    for (let j = start[t]; j < start[t + 1]; j++) {
      const s = sim[j];
      const u = scores[s * M];
      if (u > 0) attributed += (w[s] * pay[s] * own * points[j]) / u;
    }
    lines.push({
      team: t,
      name: names[t],
      seed: seeds[t],
      bid: x,
      ownership: own,
      teamExpectedPoints: teamPoints[t],
      ourExpectedPoints: own * teamPoints[t],
      expectedPayoutShare: attributed,
      expectedPayout: attributed * pot,
      roi: (attributed * pot - x) / x,
    });
  }
  return lines.sort((a, b) => b.bid - a.bid || a.name.localeCompare(b.name));
}

interface TeamPointsStats {
  mean: Float64Array;
  sd: Float64Array;
  /** distribution[t][k] = P(team t wins exactly k games). */
  winsDistribution: Float64Array[];
}

export function teamPointsStats(sample: TournamentSample, table: PointsTable): TeamPointsStats {
  const T = sample.teamCount;
  const N = sample.count;
  const mean = new Float64Array(T);
  const sd = new Float64Array(T);
  const dist: Float64Array[] = [];
  for (let t = 0; t < T; t++) {
    const d = new Float64Array(table.width);
    for (let s = 0, i = t * N; s < N; s++, i++) d[Math.min(sample.wins[i], table.width - 1)] += sample.weights[s];
    let m = 0;
    let m2 = 0;
    for (let k = 0; k < table.width; k++) {
      const v = table.points[t * table.width + k];
      m += d[k] * v;
      m2 += d[k] * v * v;
    }
    mean[t] = m;
    sd[t] = Math.sqrt(Math.max(0, m2 - m * m));
    dist.push(d);
  }
  return { mean, sd, winsDistribution: dist };
}
