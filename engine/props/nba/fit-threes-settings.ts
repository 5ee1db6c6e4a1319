// Fitting the threes model's settings on earlier data only: coordinate search over a grid of each
// setting (two rounds), scoring the walk-forward P(over) of the price rows dated before `until` by log
// loss, with the negative binomial size measured on the same earlier games each time.
import { measureDispersion } from '../model/dispersion.js';
import { countLaw, countLineOutcome } from '../model/count-laws.js';
import type { NbaGameLogRow } from '../parse/nba-gamelog.js';
import { DEFAULT_THREES_SETTINGS, walkForwardThrees, type ThreesQuery, type ThreesSettings } from './threes-model.js';

export const THREES_GRID: { [K in keyof ThreesSettings]?: number[] } = {
  minutesHalfLife: [2, 3, 5, 8, 12, 20],
  rateHalfLife: [5, 10, 20, 40, 80],
  pctHalfLife: [10, 25, 50, 100, Infinity],
  minutesPrior: [0.5, 1, 2, 4],
  attemptsPrior: [15, 30, 60, 120, 240],
  pctPrior: [50, 100, 200, 400, 800],
  opponentHalfLife: [10, 20, 40, Infinity],
  opponentPrior: [5, 10, 20, 40, 80],
};

export interface PricedLine {
  query: ThreesQuery;
  threshold: number;
  /** 1 over, 0 under (pushes left out) */
  outcome: number;
}

/** The measured NB size of the walk-forward means of every game before `until`. */
export function measuredThreesSize(
  byDate: readonly [string, NbaGameLogRow[]][],
  settings: ThreesSettings,
  until: string,
): { size: number; phi: number; n: number } {
  const rows = byDate.filter(([d]) => d < until).flatMap(([, r]) => r);
  const pred = walkForwardThrees(
    byDate,
    rows.map((r) => ({ playerId: r.playerId, date: r.date, opponent: r.opponent, home: r.home })),
    settings,
  );
  // a player's first game has only the league's means: leave those out of the measure
  const keep = rows.map((_, i) => pred[i].games >= 3);
  const d = measureDispersion(
    rows.filter((_, i) => keep[i]).map((r) => r.threesMade),
    pred.filter((_, i) => keep[i]).map((p) => p.mean),
  );
  return { size: d.size, phi: d.phi, n: d.n };
}

export function threesLogLoss(byDate: readonly [string, NbaGameLogRow[]][], lines: readonly PricedLine[], settings: ThreesSettings): number {
  const pred = walkForwardThrees(
    byDate,
    lines.map((l) => l.query),
    settings,
  );
  let ll = 0;
  lines.forEach((l, i) => {
    const o = countLineOutcome(countLaw(Math.max(pred[i].mean, 1e-9), settings.size), l.threshold);
    const p = Math.min(1 - 1e-9, Math.max(1e-9, o.over / (1 - o.push)));
    ll -= l.outcome ? Math.log(p) : Math.log(1 - p);
  });
  return ll / Math.max(lines.length, 1);
}

export function fitThreesSettings(
  byDate: readonly [string, NbaGameLogRow[]][],
  lines: readonly PricedLine[],
  until: string,
  start: ThreesSettings = { ...DEFAULT_THREES_SETTINGS },
  rounds = 2,
): { settings: ThreesSettings; logLoss: number; evaluations: number } {
  const train = lines.filter((l) => l.query.date < until);
  let best = { ...start };
  best.size = measuredThreesSize(byDate, best, until).size;
  let bestLoss = threesLogLoss(byDate, train, best);
  let evaluations = 1;
  for (let round = 0; round < rounds; round++) {
    let changed = false;
    for (const key of Object.keys(THREES_GRID) as (keyof ThreesSettings)[]) {
      for (const v of THREES_GRID[key]!) {
        if (best[key] === v) continue;
        const trial = { ...best, [key]: v } as ThreesSettings;
        trial.size = measuredThreesSize(byDate, trial, until).size;
        const loss = threesLogLoss(byDate, train, trial);
        evaluations++;
        if (loss < bestLoss - 1e-7) {
          best = trial;
          bestLoss = loss;
          changed = true;
        }
      }
    }
    if (!changed) break;
  }
  return { settings: best, logLoss: bestLoss, evaluations };
}
