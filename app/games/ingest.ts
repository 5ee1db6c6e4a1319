// `simcast ingest games`: a games file read and validated, then upserted into games_history and
// odds_history (store/games-history.ts), with the rows it rejected.
import { basename } from 'node:path';
import { LEAGUE_ID, type ParsedGames, type RejectedRow } from '../../engine/games/types.js';
import { OptionError } from '../../core/errors.js';
import type { Db } from '../../store/db.js';
import { ingestGames, type IngestCounts } from '../../store/games-history.js';
import { loadGames, type GamesFormat } from '../inputs/games-file.js';

interface IngestReport extends IngestCounts {
  file: string;
  format: GamesFormat;
  league: string;
  database: string;
  rows: number;
  games: number;
  rejected: RejectedRow[];
  ms: number;
}

/** A league id as the games tables key it (lowercase, as nfl or nba). */
export function checkLeagueId(league: string): string {
  if (!LEAGUE_ID.test(league)) throw new OptionError(`options.league must be a lowercase league id such as nfl (got '${league}')`);
  return league;
}

/** Reads and validates a games file (before any database is opened). */
export function readGamesFile(file: string, format: GamesFormat | 'auto', teams?: string): Promise<ParsedGames & { format: GamesFormat }> {
  return loadGames(file, format, teams);
}

export async function ingestGamesFile(
  db: Db,
  parsed: ParsedGames,
  o: { file: string; format: GamesFormat; league: string; batch?: number },
): Promise<IngestReport> {
  const t0 = performance.now();
  const counts = await ingestGames(db, o.league, `${o.format}:${basename(o.file)}`, parsed.games, o.batch);
  return {
    file: o.file,
    format: o.format,
    league: o.league,
    database: db.description,
    rows: parsed.rows,
    games: parsed.games.length,
    ...counts,
    rejected: parsed.rejected,
    ms: Math.round(performance.now() - t0),
  };
}
