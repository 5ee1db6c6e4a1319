// Choosing the NFL marginal settings on earlier seasons only: coordinate search over a grid, scoring
// each candidate by the squared error of its walk-forward expected values, each stat's error divided by
// that stat's variance so that yards do not drown touchdowns. Scored on player games of the seasons
// [beforeSeason − seasons, beforeSeason − 1] whose player has at least three earlier games, in the
// position groups each stat is offered on.
import { NFL_STAT_NAMES } from '../parse/nflverse-weekly.js';
import type { NflHistory } from './history.js';
import { DEFAULT_NFL_MARGINAL_SETTINGS, NflMarginals, type NflMarginalSettings } from './marginals.js';
import { NFL_STAT_GROUPS } from './stat-laws.js';

export const NFL_MARGINAL_GRID: { [K in keyof NflMarginalSettings]?: number[] } = {
  prior: [0.5, 1, 2, 3, 5],
  careerPrior: [0, 2, 5, 10, 20],
  halfLife: [3, 4, 6, 10, 16],
  window: [8, 16, 24, 40],
  oppPrior: [4, 8, 16, 32],
  oppHalfLife: [6, 12, 24],
};

export function nflMarginalError(history: NflHistory, settings: NflMarginalSettings, beforeSeason: number, seasons = 3, stride = 3): number {
  const m = new NflMarginals(history, settings);
  const rows = history.all.filter((p, i) => p.season < beforeSeason && p.season >= beforeSeason - seasons && i % stride === 0);
  let total = 0;
  for (const stat of NFL_STAT_NAMES) {
    let se = 0;
    let s1 = 0;
    let s2 = 0;
    let n = 0;
    for (const p of rows) {
      if (!NFL_STAT_GROUPS[stat].includes(p.group)) continue;
      const e = m.expected(p.playerId, stat, { date: p.date, opponent: p.opponent, home: p.home });
      if (!e || e.games < 3) continue;
      const y = p.stats[stat];
      se += (y - e.mean) ** 2;
      s1 += y;
      s2 += y * y;
      n++;
    }
    if (n > 1) total += se / n / Math.max(1e-9, s2 / n - (s1 / n) ** 2);
  }
  return total / NFL_STAT_NAMES.length;
}

export function fitNflMarginalSettings(
  history: NflHistory,
  beforeSeason: number,
  start: NflMarginalSettings = { ...DEFAULT_NFL_MARGINAL_SETTINGS },
  rounds = 2,
): { settings: NflMarginalSettings; error: number; evaluations: number } {
  let best = { ...start };
  let bestErr = nflMarginalError(history, best, beforeSeason);
  let evaluations = 1;
  for (let r = 0; r < rounds; r++) {
    let changed = false;
    for (const key of Object.keys(NFL_MARGINAL_GRID) as (keyof NflMarginalSettings)[]) {
      for (const v of NFL_MARGINAL_GRID[key]!) {
        if (best[key] === v) continue;
        const trial = { ...best, [key]: v } as NflMarginalSettings;
        const err = nflMarginalError(history, trial, beforeSeason);
        evaluations++;
        if (err < bestErr - 1e-9) {
          best = trial;
          bestErr = err;
          changed = true;
        }
      }
    }
    if (!changed) break;
  }
  return { settings: best, error: bestErr, evaluations };
}
