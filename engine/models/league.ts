// Per-league model settings: the Elo preset, the Pythagorean exponent and its smoothing, the score
// distribution the Monte Carlo game simulation draws from, and the fitting windows. Presets for the NFL
// and NBA follow FiveThirtyEight (Elo) and common standard deviations of margin and total; any other league gets
// generic values that every field can override.
import { OptionError } from '../../core/errors.js';
import { eloConfig, type EloConfig } from './elo.js';
import { pythagoreanExponent } from './pythagorean.js';

export interface LeagueConfig {
  league: string;
  elo: EloConfig;
  /** Pythagorean exponent x in PF^x / (PF^x + PA^x). */
  pythExponent: number;
  /** Per-game decay λ of the points-for/against sums (PF ← λ·PF + points). */
  pythDecay: number;
  /** Factor the sums keep at a new season. */
  pythSeasonCarry: number;
  /** Pseudo-games of league-average points added to both sides. */
  pythPrior: number;
  /** 'normal': margin and total normal (NFL, NBA); 'poisson': independent Poisson scores (low scoring). */
  scoring: 'normal' | 'poisson';
  marginSd: number;
  totalSd: number;
  /** Typical days between games (rest features use it when a date is unknown). */
  restDefault: number;
  /** Largest rest counted (days). */
  restCap: number;
  /** Weight of a season k seasons before the one predicted, in the logistic and margin fits: decay^k. */
  seasonDecay: number;
  /** Seasons of out-of-sample predictions the ensemble weights are fitted on. */
  stackSeasons: number;
  /** Largest margin the points rating counts (blowouts add little). */
  pointsClamp: number;
  /** Games of recent form kept per team. */
  formGames: number;
}

const NFL: Omit<LeagueConfig, 'league' | 'elo' | 'pythExponent'> = {
  pythDecay: 0.9,
  pythSeasonCarry: 0.5,
  pythPrior: 3,
  scoring: 'normal',
  marginSd: 13.45,
  totalSd: 13.5,
  restDefault: 7,
  restCap: 14,
  seasonDecay: 0.9,
  stackSeasons: 8,
  pointsClamp: 21,
  formGames: 5,
};

const BASES: Record<string, Omit<LeagueConfig, 'league' | 'elo' | 'pythExponent'>> = {
  nfl: NFL,
  nba: { ...NFL, pointsClamp: 30, pythDecay: 0.97, pythSeasonCarry: 0.3, pythPrior: 5, marginSd: 12, totalSd: 18, restDefault: 2, restCap: 4, formGames: 10 },
  nhl: { ...NFL, pointsClamp: 5, pythDecay: 0.97, pythPrior: 5, scoring: 'poisson', marginSd: 2.4, totalSd: 2.4, restDefault: 2, restCap: 4, formGames: 10 },
  mlb: { ...NFL, pointsClamp: 8, pythDecay: 0.98, pythPrior: 10, scoring: 'poisson', marginSd: 4.4, totalSd: 4.5, restDefault: 1, restCap: 3, formGames: 10 },
  soccer: { ...NFL, pointsClamp: 4, pythDecay: 0.95, pythPrior: 5, scoring: 'poisson', marginSd: 1.7, totalSd: 1.7, restDefault: 4, restCap: 10, formGames: 6 },
};

export type LeagueOverrides = Partial<Omit<LeagueConfig, 'league' | 'elo'>> & { elo?: Partial<EloConfig> };

export function leagueConfig(league: string, overrides: LeagueOverrides = {}): LeagueConfig {
  if (typeof league !== 'string' || !/^[a-z0-9_-]{1,32}$/.test(league))
    throw new OptionError(`options.league must be a short lower-case id (got '${String(league)}')`);
  const base = BASES[league] ?? NFL;
  const { elo, ...rest } = overrides;
  const c: LeagueConfig = { league, ...base, pythExponent: pythagoreanExponent(league), ...rest, elo: eloConfig(league, elo) };
  for (const k of ['pythExponent', 'marginSd', 'totalSd', 'restDefault', 'restCap', 'pointsClamp'] as const) {
    if (!(Number.isFinite(c[k]) && c[k] > 0)) throw new OptionError(`options.${k} must be a positive number`);
  }
  for (const k of ['pythDecay', 'pythSeasonCarry', 'seasonDecay'] as const) {
    if (!(c[k] > 0 && c[k] <= 1)) throw new OptionError(`options.${k} must be a number in (0, 1]`);
  }
  if (!(c.pythPrior >= 0)) throw new OptionError('options.pythPrior must be a non-negative number');
  if (!Number.isInteger(c.stackSeasons) || c.stackSeasons < 1) throw new OptionError('options.stackSeasons must be a positive integer');
  if (!Number.isInteger(c.formGames) || c.formGames < 1) throw new OptionError('options.formGames must be a positive integer');
  if (c.scoring !== 'normal' && c.scoring !== 'poisson') throw new OptionError(`options.scoring must be normal or poisson (got '${c.scoring}')`);
  return c;
}
