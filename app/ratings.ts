// `simcast ratings replay`: a generic games file replayed through a league's Elo preset, the rows it
// could not use, and (optionally) the ratings stored by game.
import { checkGamesLeague } from '../engine/games/league-check.js';
import { InputError } from '../core/errors.js';
import { readCsvRows } from '../engine/games/csv-rows.js';
import { byDate, playedGames, type Game, type RejectedRow } from '../engine/games/types.js';
import { eloConfig, replayElo, type EloReplay } from '../engine/models/elo.js';
import type { Db } from '../store/db.js';
import { storeRatingsHistory } from '../store/ratings-history.js';
import { readText } from './inputs/read-text.js';
import { loadGames, type GamesFormat } from './inputs/games-file.js';

interface RatingsReplay {
  games: Game[];
  replay: EloReplay;
  rejected: RejectedRow[];
  readMs: number;
  replayMs: number;
}

/** A CSV of team,rating: the rating each listed team enters its first game with. */
function parseInitialRatings(text: string, source: string): Map<string, number> {
  const { rows } = readCsvRows(text, source, ['team', 'rating']);
  const out = new Map<string, number>();
  for (const r of rows) {
    const team = r.get('team');
    const raw = r.get('rating');
    const v = raw === '' ? NaN : Number(raw);
    if (!team) throw new InputError('CSV_INVALID', 'team is empty', { location: { file: source, line: r.line, field: 'team' } });
    if (!Number.isFinite(v))
      throw new InputError('RATING_INVALID', `rating must be a finite number (got '${raw}')`, { location: { file: source, line: r.line, field: 'rating' } });
    if (out.has(team)) throw new InputError('TEAM_DUPLICATE', `team '${team}' is listed twice`, { location: { file: source, line: r.line, field: 'team' } });
    out.set(team, v);
  }
  return out;
}

export async function replayRatingsFile(o: {
  league: 'nfl' | 'nba';
  gamesFile: string;
  format?: GamesFormat | 'auto';
  teams?: string;
  initialFile?: string;
}): Promise<RatingsReplay> {
  const t0 = performance.now();
  const parsed = await loadGames(o.gamesFile, o.format ?? 'auto', o.teams);
  checkGamesLeague(parsed.games, o.league, o.gamesFile);
  const initial = o.initialFile ? parseInitialRatings(await readText(o.initialFile), o.initialFile) : undefined;
  const games = byDate(playedGames(parsed.games));
  const t1 = performance.now();
  const replay = replayElo(games, eloConfig(o.league), initial);
  return { games, replay, rejected: parsed.rejected, readMs: t1 - t0, replayMs: performance.now() - t1 };
}

export function storeRatings(db: Db, league: string, r: RatingsReplay): Promise<number> {
  return storeRatingsHistory(db, league, r.games, r.replay);
}

/** One CSV row per game: date, season, home, away, pre-game ratings, p(home), post-game ratings. */
export function replayRows(r: RatingsReplay): (string | number)[][] {
  const f = (x: number) => Math.round(x * 1e4) / 1e4;
  return r.games.map((g, i) => [
    g.date,
    g.season,
    g.home,
    g.away,
    f(r.replay.homePre[i]),
    f(r.replay.awayPre[i]),
    Math.round(r.replay.pHome[i] * 1e6) / 1e6,
    f(r.replay.homePost[i]),
    f(r.replay.awayPost[i]),
  ]);
}

export const REPLAY_COLUMNS = ['date', 'season', 'home', 'away', 'home_elo_pre', 'away_elo_pre', 'home_win_prob', 'home_elo_post', 'away_elo_post'];
