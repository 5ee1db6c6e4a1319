// A season job's inputs from a games history: the league's current Elo ratings (replayed through every
// game played so far, reverted toward the mean when the season has not started), each team's record in
// the season, its division and conference, and the season's regular-season games still to play. `asOf`
// treats games after that day as not yet played, so a finished season can be re-simulated from any
// point of it and compared with what happened. For the NFL (every team in a division and a conference),
// the spec also carries the played games with their scores and the season's playoff format, so the run
// applies the real tiebreakers, seeds, playoffs and draft order.
import { SimcastError } from '../../core/errors.js';
import type { Game } from '../games/types.js';
import { eloConfig, replayElo, type EloConfig } from '../models/elo.js';
import type { SeasonSpec, SeasonTeamSpec } from './season.js';

export interface SeasonFromGamesOptions {
  league: string;
  /** The season to simulate; default: the latest season with a game still to play. */
  season?: number;
  /** YYYY-MM-DD: games after this day count as not played yet. */
  asOf?: string;
  /** Division and conference per team id, when known. */
  division?: ReadonlyMap<string, string>;
  conference?: ReadonlyMap<string, string>;
  elo?: EloConfig;
  /** Add played games and the NFL playoff format (default: league 'nfl' with every team's division and conference known). */
  playoffs?: boolean;
  /** Accept a season with no game left (for its final standings; nothing is left to simulate). */
  finished?: boolean;
}

export function seasonFromGames(games: readonly Game[], o: SeasonFromGamesOptions): SeasonSpec {
  const fail = (msg: string): never => {
    throw new SimcastError('JOB_INVALID', `season.fromGames: ${msg}`);
  };
  if (o.asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(o.asOf)) fail(`asOf must be YYYY-MM-DD (got '${o.asOf}')`);
  const played = (g: Game) => g.homeScore !== null && g.awayScore !== null && (o.asOf === undefined || g.date <= o.asOf);
  const season = o.season ?? Math.max(-Infinity, ...games.filter((g) => !played(g)).map((g) => g.season));
  if (!Number.isFinite(season)) fail('every game has been played: name a season and an asOf day inside it');
  const regular = games.filter((g) => g.season === season && g.playoff !== true);
  if (regular.length === 0) fail(`no regular-season games of season ${season} in the games`);
  const remaining = regular.filter((g) => !played(g));
  if (remaining.length === 0 && o.finished !== true) fail(`season ${season} has no games left to play${o.asOf ? ` after ${o.asOf}` : ''}`);

  const cfg = o.elo ?? eloConfig(o.league);
  const history = games
    .filter(played)
    .slice()
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const elo = replayElo(history, cfg);
  // The season has not started yet: every rating is reverted once, as its first game would do.
  const revert = elo.lastSeason !== null && elo.lastSeason < season;
  const rating = (id: string): number => {
    const r = elo.ratings.get(id);
    if (r === undefined) return cfg.newTeam;
    return revert ? r + (cfg.mean - r) * cfg.revert : r;
  };

  const ids = [...new Set(regular.flatMap((g) => [g.home, g.away]))].sort();
  const record = new Map(ids.map((id) => [id, { wins: 0, losses: 0, ties: 0 }]));
  for (const g of regular.filter(played)) {
    const h = record.get(g.home)!;
    const a = record.get(g.away)!;
    const margin = g.homeScore! - g.awayScore!;
    h.wins += margin > 0 ? 1 : 0;
    h.losses += margin < 0 ? 1 : 0;
    a.wins += margin < 0 ? 1 : 0;
    a.losses += margin > 0 ? 1 : 0;
    if (margin === 0) {
      h.ties++;
      a.ties++;
    }
  }
  const teams: SeasonTeamSpec[] = ids.map((id) => ({
    id,
    rating: rating(id),
    ...(o.division?.get(id) ? { division: o.division.get(id) } : {}),
    ...(o.conference?.get(id) ? { conference: o.conference.get(id) } : {}),
    ...record.get(id)!,
  }));
  const spec: SeasonSpec = {
    league: o.league,
    homeAdvantage: cfg.hfa,
    teams,
    remaining: remaining.map((g) => ({ home: g.home, away: g.away, ...(g.neutral ? { neutral: true } : {}) })),
  };
  const known = teams.every((t) => t.division !== undefined && t.conference !== undefined);
  if (o.playoffs ?? (o.league === 'nfl' && known)) {
    if (!known) fail("playoffs need every team's division and conference");
    spec.played = regular
      .filter(played)
      .map((g) => ({ home: g.home, away: g.away, homeScore: g.homeScore!, awayScore: g.awayScore!, ...(g.neutral ? { neutral: true } : {}) }));
    spec.playoffs = { format: 'nfl', season };
  }
  return spec;
}
