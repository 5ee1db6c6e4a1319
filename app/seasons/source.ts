// A season job may name its inputs instead of listing them: `"season": { "league": "nfl", "fromGames":
// { "season": 2024, "asOf": "2024-11-01" } }` builds teams (current Elo, record, division, conference)
// and the remaining schedule from the bundled NFL history when the job is created, so the stored run
// holds the exact ratings it used and any worker can run it without the data.
import { SimcastError } from '../../core/errors.js';
import { loadGames } from '../inputs/games-file.js';
import { nflTeams } from '../../engine/games/nfl-teams.js';
import type { Game } from '../../engine/games/types.js';
import { seasonFromGames } from '../../engine/season/from-games.js';
import { projectFile } from '../../core/paths.js';

let bundled: Promise<Game[]> | null = null;
const bundledNfl = () => (bundled ??= loadGames(projectFile('examples', 'data', 'nfl-games-spreadspoke.csv'), 'spreadspoke').then((p) => p.games));

/** The season as given, or built from the games when it says `fromGames`. */
export async function resolveSeasonSource(season: Record<string, unknown>, where = 'job.season'): Promise<Record<string, unknown>> {
  const from = season.fromGames;
  if (from === undefined) return season;
  const fail = (msg: string): never => {
    throw new SimcastError('JOB_INVALID', `${where}.fromGames: ${msg}`);
  };
  if (typeof from !== 'object' || from === null || Array.isArray(from)) fail('must be an object { season?, asOf? }');
  const f = from as Record<string, unknown>;
  for (const k of Object.keys(f)) if (k !== 'season' && k !== 'asOf') fail(`unknown property '${k}' (season, asOf)`);
  if (f.season !== undefined && !Number.isInteger(f.season)) fail(`season must be a year (got ${JSON.stringify(f.season)})`);
  if (f.asOf !== undefined && typeof f.asOf !== 'string') fail(`asOf must be YYYY-MM-DD (got ${JSON.stringify(f.asOf)})`);
  if (season.league !== 'nfl')
    fail(`needs the bundled NFL history, so league must be nfl (got ${JSON.stringify(season.league)}); give teams and remaining otherwise`);
  for (const k of ['teams', 'remaining']) if (season[k] !== undefined) fail(`builds ${k} itself: give fromGames or ${k}, not both`);
  const teams = nflTeams();
  const built = seasonFromGames(await bundledNfl(), {
    league: 'nfl',
    season: f.season as number | undefined,
    asOf: f.asOf as string | undefined,
    division: teams.division,
    conference: teams.conference,
  });
  const { fromGames: _from, ...rest } = season;
  // `rest` holds no teams or remaining (refused above), so the built ones stand.
  return { ...built, ...rest, source: { fromGames: f, games: 'examples/data/nfl-games-spreadspoke.csv' } };
}
