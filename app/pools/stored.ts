// A finished pool run as the store keeps it (store/pools.ts): the run's setup and hold-out ratio, each
// entry with its figures and score percentiles, and the game importance of the chosen entry.
import type { PoolRunRecord } from '../../store/pools.js';
import type { PoolEvaluation } from './evaluate.js';
import type { PoolEntryScores, PoolOptimizeResult } from './optimize.js';
import { percentiles } from './setup.js';

function champion(bracket: Record<string, number>): string | null {
  let best: string | null = null;
  for (const [name, w] of Object.entries(bracket)) if (best === null || w > bracket[best]) best = name;
  return best;
}

export function optimizeRecord(r: PoolOptimizeResult): PoolRunRecord {
  const rep = r.report;
  const h = rep.holdout;
  const chosenChalk = h.chosen === 'chalk';
  const brackets = [rep.bracket, rep.chalk.bracket, ...(rep.entries ?? []).slice(1).map((e) => e.bracket)];
  return {
    mode: 'optimize',
    opponents: rep.pool.opponents,
    model: rep.pool.model,
    payouts: rep.pool.payouts,
    roundPoints: rep.pool.roundPoints,
    seedBonus: rep.pool.seedBonus,
    combine: rep.pool.combine,
    sims: rep.search.sims,
    holdoutSims: h.sims,
    holdoutSeed: String(h.seed),
    chosen: h.chosen,
    winRatio: h.winRatio,
    params: { search: rep.search, gridUnit: rep.pool.gridUnit, gridExact: rep.pool.gridExact, seed: String(rep.seed), streamScheme: rep.streamScheme },
    entries: r.scores.map((s: PoolEntryScores) => {
      const bracket = brackets[s.entry];
      const isChalk = s.entry === 1 || (s.entry === 0 && chosenChalk);
      return {
        entry: s.entry,
        label: s.label,
        champion: champion(bracket),
        bracket,
        // Hold-out figures: for a portfolio they are the best-ball portfolio's (kept on entry 0).
        winProbability: s.entry === 0 ? (isChalk ? h.chalkWinProbability : h.winProbability) : s.entry === 1 ? h.chalkWinProbability : null,
        expectedPrize: s.entry === 0 ? (isChalk ? h.chalkExpectedPrize : h.expectedPrize) : s.entry === 1 ? h.chalkExpectedPrize : null,
        expectedScore: mean(s.points),
        percentiles: percentiles(s.points),
      };
    }),
    importance: rep.importance,
  };
}

export function evaluateRecord(rep: PoolEvaluation): PoolRunRecord {
  const e = (entry: number, label: string, x: PoolEvaluation['entry']) => ({
    entry,
    label,
    champion: x.champion,
    bracket: x.bracket,
    winProbability: x.winProbability,
    expectedPrize: x.expectedPrize,
    expectedScore: x.expectedScore,
    percentiles: x.percentiles,
  });
  return {
    mode: 'evaluate',
    opponents: rep.pool.opponents,
    model: rep.pool.model,
    payouts: rep.pool.payouts,
    roundPoints: rep.pool.roundPoints,
    seedBonus: rep.pool.seedBonus,
    combine: rep.pool.combine,
    sims: rep.sims,
    holdoutSims: rep.sims,
    holdoutSeed: String(rep.seed),
    chosen: 'entry',
    winRatio: rep.winRatio,
    params: { gridUnit: rep.pool.gridUnit, gridExact: rep.pool.gridExact, seed: String(rep.seed), streamScheme: rep.streamScheme, prizeRatio: rep.prizeRatio },
    entries: [e(0, 'entry', rep.entry), e(1, 'chalk', rep.chalk)],
    importance: rep.importance,
  };
}

function mean(a: Int32Array): number {
  let s = 0;
  for (const v of a) s += v;
  return a.length > 0 ? s / a.length : 0;
}
