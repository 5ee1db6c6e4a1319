// Is a games file of the league the user asked for? A league's settings (Elo K, home advantage, margin
// spread) on another league's games give plausible-looking but meaningless figures, so the scoring level
// tells: points per game differ by an order of magnitude between the leagues simcast knows.
import { SimcastError } from '../../core/errors.js';
import type { Game } from './types.js';

/** Mean points per game (both teams), recent seasons. */
const TYPICAL_TOTAL: Record<string, number> = { nfl: 44, nba: 220, nhl: 6, mlb: 9, soccer: 2.7 };

/** Below this many played games the mean says too little. */
const MIN_GAMES = 20;
/** A mean total this many times off the league's typical one is another sport (NFL vs NBA is 5x). */
const FACTOR = 2.5;

/** Throws MODEL_MISMATCH when `games` score like another league than `league`; leagues simcast has no figure for pass. */
export function checkGamesLeague(games: readonly Game[], league: string, source: string): void {
  const typical = TYPICAL_TOTAL[league];
  if (typical === undefined) return;
  let sum = 0;
  let n = 0;
  for (const g of games) {
    if (g.homeScore === null || g.awayScore === null) continue;
    sum += g.homeScore + g.awayScore;
    n++;
  }
  if (n < MIN_GAMES) return;
  const mean = sum / n;
  if (mean <= typical * FACTOR && mean >= typical / FACTOR) return;
  const likely = Object.entries(TYPICAL_TOTAL).sort((a, b) => Math.abs(Math.log(mean / a[1])) - Math.abs(Math.log(mean / b[1])))[0][0];
  throw new SimcastError(
    'MODEL_MISMATCH',
    `its ${n} played games average ${mean.toFixed(1)} points, like ${likely.toUpperCase()} games, not ${league.toUpperCase()} (about ${typical}): use --league ${likely}`,
    { location: { file: source } },
  );
}
