// What `pool optimize --json` prints: the chosen bracket as wins per main team, its hold-out chance to
// win (and expected prize and score), chalk's on the same hold-out tournaments, the ratio with its
// standard error, and the in-sample figures of the search. If the hold-out says the optimised entry
// is worse than chalk, chalk is returned (chosen: "chalk").
import type { Seed } from '../../core/seed.js';
import { STREAM_SCHEME } from '../random/stream-scheme.js';
import { entryToRecord, picksToWins } from './entry.js';
import type { CandidateStats, Estimate } from './holdout.js';
import { SEARCH_STRATEGY, type SearchResult } from './optimize.js';
import type { PoolContext } from './pool-context.js';

export interface PoolEntryReport {
  bracket: Record<string, number>;
  expectedScore: number;
}

/** The pool a report speaks of: opponents, their model, payouts, scoring and the prize grid. */
export interface PoolDescription {
  opponents: number;
  model: string;
  payouts: number[];
  roundPoints: number[];
  seedBonus: number[] | null;
  combine: 'add' | 'multiply';
  gridUnit: number;
  gridExact: boolean;
}

export function describePool(ctx: PoolContext): PoolDescription {
  return {
    opponents: ctx.opponents,
    model: ctx.model?.name ?? 'explicit',
    payouts: Array.from(ctx.pay),
    roundPoints: [...ctx.scoring.roundPoints],
    seedBonus: ctx.scoring.seedBonus ? [...ctx.scoring.seedBonus] : null,
    combine: ctx.scoring.combine ?? 'add',
    gridUnit: ctx.grid.unit,
    gridExact: ctx.grid.exact,
  };
}

export interface PoolReport {
  /** The chosen entry (the first of a portfolio): games it picks each of the main teams to win. */
  bracket: Record<string, number>;
  /** Hold-out estimates for the chosen entry (portfolio: its best entry). */
  winProbability: number;
  expectedPrize: number;
  expectedScore: number;
  chalk: { bracket: Record<string, number>; winProbability: number; expectedPrize: number; expectedScore: number };
  holdout: {
    sims: number;
    seed: Seed;
    winProbability: Estimate;
    expectedPrize: Estimate;
    chalkWinProbability: Estimate;
    chalkExpectedPrize: Estimate;
    /** Optimised over chalk, paired on the same tournaments. */
    winRatio: Estimate;
    prizeRatio: Estimate;
    /** "optimized", or "chalk" when the hold-out found the optimised entry worse. */
    chosen: 'optimized' | 'chalk';
  };
  search: {
    sims: number;
    /** In-sample expected prize of the optimised entry (or portfolio) and of chalk. */
    expectedPrize: number;
    chalkExpectedPrize: number;
    strategy: string;
    evaluations: number;
    moves: number;
    starts: number;
  };
  /** Every entry of a portfolio (more than one entry asked for). */
  entries?: PoolEntryReport[];
  pool: PoolDescription;
  sims: number;
  seed: Seed;
  streamScheme: string;
}

export function poolReport(
  ctx: PoolContext,
  search: SearchResult,
  holdout: { chalk: CandidateStats; optimized: CandidateStats; sims: number; seed: Seed },
  meta: { sims: number; seed: Seed },
): PoolReport {
  const { pb } = ctx;
  const opt = holdout.optimized;
  const ch = holdout.chalk;
  const worse = opt.expectedPrize.value < ch.expectedPrize.value;
  const chosen = worse ? ch : opt;
  const chalkWins = picksToWins(pb, search.chalk);
  const entries = worse ? [search.chalk] : search.entries;
  const report: PoolReport = {
    bracket: entryToRecord(pb, picksToWins(pb, entries[0])),
    winProbability: chosen.winProbability.value,
    expectedPrize: chosen.expectedPrize.value,
    expectedScore: chosen.expectedScores[0],
    chalk: {
      bracket: entryToRecord(pb, chalkWins),
      winProbability: ch.winProbability.value,
      expectedPrize: ch.expectedPrize.value,
      expectedScore: ch.expectedScores[0],
    },
    holdout: {
      sims: holdout.sims,
      seed: holdout.seed,
      winProbability: opt.winProbability,
      expectedPrize: opt.expectedPrize,
      chalkWinProbability: ch.winProbability,
      chalkExpectedPrize: ch.expectedPrize,
      winRatio: opt.winRatio,
      prizeRatio: opt.prizeRatio,
      chosen: worse ? 'chalk' : 'optimized',
    },
    search: {
      sims: meta.sims,
      expectedPrize: search.value,
      chalkExpectedPrize: search.chalkValue,
      strategy: SEARCH_STRATEGY,
      evaluations: search.evaluations,
      moves: search.moves,
      starts: search.starts,
    },
    pool: describePool(ctx),
    sims: meta.sims,
    seed: meta.seed,
    streamScheme: STREAM_SCHEME,
  };
  if (search.entries.length > 1 && !worse) {
    report.entries = search.entries.map((p, x) => ({ bracket: entryToRecord(pb, picksToWins(pb, p)), expectedScore: opt.expectedScores[x] }));
  }
  return report;
}
