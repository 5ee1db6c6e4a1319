// A Calcutta optimisation over a sample of tournaments (simulated or enumerated by the caller): the
// problem (points, market, the other entries, the evaluator), and the report of the chosen bids (team
// values, investment, every entry's outcomes). app/calcutta/optimize.ts runs the whole thing.
import { SimcastError } from '../../core/errors.js';
import { STREAM_SCHEME } from '../random/stream-scheme.js';
import type { Seed } from '../../core/seed.js';
import { advancement } from '../tournament/advancement.js';
import { compileBracket, type Bracket } from '../tournament/bracket.js';
import { exactGameWins } from '../tournament/exact.js';
import { winModelByName } from '../tournament/win-probability.js';
import { Evaluator } from './evaluate.js';
import { buildAuction, fitMarketModel, predictedEntries, predictMarketShare, type MarketModel } from './market.js';
import type { OptimizeResult } from './optimize.js';
import {
  entryOutcomes,
  investmentReport,
  teamPointsStats,
  weightedQuantiles,
  type EntryPerformance,
  type InvestmentLine,
  type OutcomeSink,
} from './outcomes.js';
import { pointsColumns, type TournamentSample } from './sample.js';
import { pointsTable, type PointsTable } from './scoring.js';
import type { CalcuttaSpec, EntrySpec } from './types.js';

export const DEFAULT_CALCUTTA_SIMS = 100_000;
/** Tournaments times entries held in memory at once by the optimiser (scores are N x M doubles). */
const MAX_SIM_ENTRIES = 60_000_000;

export interface TeamValue {
  team: number;
  name: string;
  seed: number | null;
  region: string | null;
  /** Expected points over the tournaments used (simulated or enumerated). */
  expectedPoints: number;
  /** Expected points from the exact calculator (fixed ratings). */
  expectedPointsExact: number;
  sdPoints: number;
  /** P(points = v) for each value the team can score. */
  pointsDistribution: { points: number; probability: number }[];
  /** The others' money on the team and its share of their spend. */
  marketBids: number;
  marketShare: number;
  predictedMarketShare: number;
  /** Expected points per unit of money the others put on it (null without bids). */
  pointsPerPrice: number | null;
  /** Share of all expected points over share of the market: > 1 underpriced. */
  valueIndex: number | null;
}

export interface RecommendedBid {
  team: number;
  name: string;
  seed: number | null;
  bid: number;
}

export interface CalcuttaReport {
  name: string;
  mode: 'exact' | 'montecarlo';
  model: string;
  sims: number;
  seed: Seed | null;
  threads: number | null;
  streamScheme: string | null;
  strategy: string;
  entryName: string;
  budget: number;
  spend: number;
  pot: number;
  expectedPayoutShare: number;
  expectedPayout: number;
  expectedNet: number;
  pFirst: number;
  pInMoney: number;
  /** Percentiles (5, 25, 50, 75, 95) of our net result in money per tournament. */
  netPercentiles: { p: number; value: number }[];
  recommended: RecommendedBid[];
  investment: InvestmentLine[];
  entries: EntryPerformance[];
  teams: TeamValue[];
  market: MarketModel & { predictedEntries: number; knownEntries: number };
  optimizer: Omit<OptimizeResult, 'bids'>;
  timings: { simulateMs: number; optimizeMs: number; reportMs: number; totalMs: number };
}

/** Everything the optimiser needs, built once (exported for tests and the bench). */
interface CalcuttaProblem {
  spec: CalcuttaSpec;
  bracket: Bracket;
  table: PointsTable;
  sample: TournamentSample;
  others: EntrySpec[];
  marketModel: MarketModel;
  predictedShare: Float64Array;
  exactPoints: Float64Array;
  evaluator: Evaluator;
}

/** The problem the optimiser solves; `pause` is called between steps (each well under a second) so a caller can stop it. */
export async function buildProblem(spec: CalcuttaSpec, sample: TournamentSample, seed: Seed = 1, pause?: () => Promise<void> | void): Promise<CalcuttaProblem> {
  const bracket = compileBracket(spec.field);
  const model = winModelByName(spec.model.name, spec.model.sigma);
  const table = pointsTable(bracket, spec.scoring);
  const adv = advancement(bracket, exactGameWins(bracket, model), 1);
  const exactPoints = Float64Array.from(adv, (a, t) => a.winsDistribution.reduce((acc, p, k) => acc + p * table.points[t * table.width + k], 0));
  const marketModel = fitMarketModel(spec.market?.history ?? [], spec.market?.alpha ?? 1);
  const predictedShare = predictMarketShare(marketModel, exactPoints, bracket.seeds);
  const others = [...spec.entries, ...(spec.market ? predictedEntries(spec.market, predictedShare, bracket.names, seed) : [])];
  const M = others.length + 1;
  if (sample.count * M > MAX_SIM_ENTRIES) {
    throw new SimcastError(
      'LIMIT_EXCEEDED',
      `${sample.count} tournaments x ${M} entries exceeds ${MAX_SIM_ENTRIES.toLocaleString('en-US')}; use fewer simulations`,
    );
  }
  const auction = buildAuction(bracket.names, others, spec.payouts);
  await pause?.();
  const cols = pointsColumns(sample, table);
  await pause?.();
  const evaluator = await Evaluator.create(sample, table, cols, auction, pause);
  return { spec, bracket, table, sample, others, marketModel, predictedShare, exactPoints, evaluator };
}

export async function buildReport(
  p: CalcuttaProblem,
  opt: OptimizeResult,
  o: { seed: Seed | null; threads: number | null; onOutcomes?: OutcomeSink; pause?: (done: number, total: number) => Promise<void> | void },
): Promise<CalcuttaReport> {
  const { spec, bracket, table, sample, evaluator: ev } = p;
  ev.setBids(opt.bids);
  const names = [spec.entryName, ...p.others.map((e) => e.name)];
  const spends = [ev.spend, ...p.others.map((e) => Object.values(e.bids).reduce((a, b) => a + b, 0))];
  const perf = await entryOutcomes(ev, names, spends, o.onOutcomes, o.pause);
  const stats = teamPointsStats(sample, table);
  const pot = ev.auction.otherSpend + ev.spend;
  const net = Float64Array.from(ev.pay, (v) => v * pot - ev.spend);
  const qs = [0.05, 0.25, 0.5, 0.75, 0.95];
  const netQ = weightedQuantiles(net, sample.weights, qs);
  const totalPts = p.exactPoints.reduce((a, b) => a + b, 0);
  const otherSpend = ev.auction.otherSpend;
  const teams: TeamValue[] = bracket.names.map((name, t) => {
    const dist = new Map<number, number>();
    stats.winsDistribution[t].forEach((pr, k) => {
      if (pr > 0) {
        const v = table.points[t * table.width + k];
        dist.set(v, (dist.get(v) ?? 0) + pr);
      }
    });
    const bids = ev.auction.otherTotal[t];
    const share = otherSpend > 0 ? bids / otherSpend : 0;
    return {
      team: t,
      name,
      seed: bracket.seeds[t],
      region: bracket.regions[t],
      expectedPoints: stats.mean[t],
      expectedPointsExact: p.exactPoints[t],
      sdPoints: stats.sd[t],
      pointsDistribution: [...dist].sort((a, b) => a[0] - b[0]).map(([points, probability]) => ({ points, probability })),
      marketBids: bids,
      marketShare: share,
      predictedMarketShare: p.predictedShare[t],
      pointsPerPrice: bids > 0 ? stats.mean[t] / bids : null,
      valueIndex: share > 0 && totalPts > 0 ? p.exactPoints[t] / totalPts / share : null,
    };
  });
  teams.sort((a, b) => b.expectedPoints - a.expectedPoints || a.name.localeCompare(b.name));
  const { bids: _bids, ...optRest } = opt;
  const us = perf[0];
  return {
    name: spec.name,
    mode: sample.exact ? 'exact' : 'montecarlo',
    model: spec.model.name,
    sims: sample.count,
    seed: o.seed,
    threads: o.threads,
    streamScheme: sample.exact ? null : STREAM_SCHEME,
    strategy: opt.strategy,
    entryName: spec.entryName,
    budget: spec.constraints.budget,
    spend: ev.spend,
    pot,
    expectedPayoutShare: ev.expectedShare,
    expectedPayout: ev.expectedShare * pot,
    expectedNet: ev.net(),
    pFirst: us.pFirst,
    pInMoney: us.pInMoney,
    netPercentiles: qs.map((q, i) => ({ p: Math.round(q * 100), value: netQ[i] })),
    recommended: Array.from(opt.bids)
      .map((bid, t) => ({ team: t, name: bracket.names[t], seed: bracket.seeds[t], bid }))
      .filter((r) => r.bid > 0)
      .sort((a, b) => b.bid - a.bid || a.name.localeCompare(b.name)),
    investment: investmentReport(ev, bracket.names, bracket.seeds, stats.mean),
    entries: perf,
    teams,
    market: { ...p.marketModel, predictedEntries: spec.market?.entries ?? 0, knownEntries: spec.entries.length },
    optimizer: optRest,
    timings: { simulateMs: 0, optimizeMs: 0, reportMs: 0, totalMs: 0 },
  };
}
