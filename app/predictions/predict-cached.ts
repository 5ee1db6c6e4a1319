// One game's prediction through the cache: the request checked and normalised (teams by the league's
// ids, lines on half points, odds whole, date and season in range), so every key names a distinct
// question and one client cannot mint unbounded keys by varying floats; then read or computed once.
import { SimcastError } from '../../core/errors.js';
import { validIsoDate } from '../../engine/games/csv-rows.js';
import type { GamePrediction } from '../../engine/models/prediction.js';
import type { Cache } from '../../store/cache/index.js';
import { predictionKey } from '../../store/cache/keys.js';
import type { GameRequest, Predictor } from './predictor.js';

/** What a request may hold: the HTTP schemas (server/schemas.ts) are built from these bounds. */
export const REQUEST_BOUNDS = {
  /** the home line, in half points */
  spread: { minimum: -100, maximum: 100, multipleOf: 0.5 },
  /** the total line, in half points */
  total: { minimum: 0, maximum: 1000, multipleOf: 0.5 },
  /** American odds: whole numbers, <= -100 or >= 100 */
  odds: { largest: 100_000 },
  /** seasons and the years of dates */
  year: { minimum: 1900, maximum: 2199 },
} as const;

const ODDS_NAMES = ['home', 'away', 'over', 'under', 'homeSpread', 'awaySpread'] as const;

type CachedPrediction = GamePrediction & { cached: boolean };

export interface PredictionContext {
  cache: Cache;
  predictor: Predictor;
}

function halfPoints(where: string, name: 'spread' | 'total', v: number | undefined): number | undefined {
  if (v === undefined) return undefined;
  const b = REQUEST_BOUNDS[name];
  if (!Number.isFinite(v) || v < b.minimum || v > b.maximum || !Number.isInteger(v / b.multipleOf)) {
    throw new SimcastError('OPTION_INVALID', `${where}${name} must be a multiple of ${b.multipleOf} from ${b.minimum} to ${b.maximum} (got ${v})`);
  }
  return v === 0 ? 0 : v; // -0 and 0 are one line
}

/** The request as the models and the key see it; throws OPTION_INVALID or TEAM_UNKNOWN with `where` in front. */
function normaliseRequest(p: Predictor, given: GameRequest, where = ''): GameRequest {
  if (!p.hasLeague(given.league)) {
    throw new SimcastError('OPTION_INVALID', `${where}league '${given.league}' is not loaded (known: ${p.leagues().join(', ') || 'none'})`);
  }
  const league = given.league;
  // Teams by the league's ids, so KC and KAN (or "Kansas City Chiefs") share one cache entry.
  const home = p.resolveTeam(league, given.home);
  const away = p.resolveTeam(league, given.away);
  for (const [side, id] of [
    ['home', home],
    ['away', away],
  ] as const) {
    if (!p.hasTeam(league, id)) {
      throw new SimcastError('TEAM_UNKNOWN', `${where}${side}: unknown team '${given[side]}' in league ${league} (GET /v1/teams/${league} lists its teams)`);
    }
  }
  if (home === away) throw new SimcastError('OPTION_INVALID', `${where}home and away must be different teams (got '${home}' twice)`);
  const g: GameRequest = { league, home, away };
  if (given.neutral) g.neutral = true;
  const spread = halfPoints(where, 'spread', given.spread);
  if (spread !== undefined) g.spread = spread;
  const total = halfPoints(where, 'total', given.total);
  if (total !== undefined) g.total = total;
  if (given.odds) {
    const odds: NonNullable<GameRequest['odds']> = {};
    for (const name of ODDS_NAMES) {
      const v = given.odds[name];
      if (v === undefined) continue;
      if (!Number.isInteger(v) || Math.abs(v) < 100 || Math.abs(v) > REQUEST_BOUNDS.odds.largest) {
        throw new SimcastError(
          'OPTION_INVALID',
          `${where}odds.${name} must be whole American odds, <= -100 or >= 100, at most ${REQUEST_BOUNDS.odds.largest} either way (got ${v})`,
        );
      }
      odds[name] = v;
    }
    if (Object.keys(odds).length > 0) g.odds = odds;
  }
  const { minimum, maximum } = REQUEST_BOUNDS.year;
  if (given.date !== undefined) {
    const y = Number(given.date.slice(0, 4));
    if (!validIsoDate(given.date) || y < minimum || y > maximum)
      throw new SimcastError('OPTION_INVALID', `${where}date must be a day as YYYY-MM-DD from ${minimum} to ${maximum} (got '${given.date}')`);
    g.date = given.date;
  }
  if (given.season !== undefined) {
    if (!Number.isInteger(given.season) || given.season < minimum || given.season > maximum) {
      throw new SimcastError('OPTION_INVALID', `${where}season must be a year from ${minimum} to ${maximum} (got ${given.season})`);
    }
    g.season = given.season;
  }
  return g;
}

/** One game through the cache: the key names league, teams, lines, odds, date, season and ratings version. */
export async function predictCached(ctx: PredictionContext, given: GameRequest, where = '', awaitStore = false): Promise<CachedPrediction> {
  const p = ctx.predictor;
  const g = normaliseRequest(p, given, where);
  const key = predictionKey(ctx.cache.prefix, g, p.ratingsVersion(g.league));
  const r = await ctx.cache.fetch('pred', key, () => p.predict(g), { awaitStore });
  return { ...r.value, cached: r.cached };
}
