import { readText } from './read-text.js';
import { parseGenericGames } from '../../engine/games/generic.js';
import { parseSpreadspoke } from '../../engine/games/spreadspoke.js';
import { parseTeamMap } from '../../engine/games/nfl-teams.js';
import type { ParsedGames } from '../../engine/games/types.js';

export type GamesFormat = 'spreadspoke' | 'generic';

/** Reads a games file; spreadspoke files may name their own teams table. */
export async function loadGames(path: string, format: GamesFormat, teamsPath?: string): Promise<ParsedGames> {
  const text = await readText(path);
  if (format === 'generic') return parseGenericGames(text, path);
  const teams = teamsPath === undefined ? undefined : parseTeamMap(await readText(teamsPath), teamsPath);
  return parseSpreadspoke(text, path, teams);
}
