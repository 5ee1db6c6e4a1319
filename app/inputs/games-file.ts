import { readText } from './read-text.js';
import { parseGenericGames } from '../../engine/games/generic.js';
import { parseSpreadspoke } from '../../engine/games/spreadspoke.js';
import { parseTeamMap } from '../../engine/games/nfl-teams.js';
import type { ParsedGames } from '../../engine/games/types.js';

export type GamesFormat = 'spreadspoke' | 'generic';

/** The format a games file is in, from its header: spreadspoke's columns start `schedule_date`, the generic CSV's hold `date`. */
export function detectGamesFormat(text: string): GamesFormat {
  const header = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/, 1)[0]
    .toLowerCase();
  return /(^|,)\s*"?schedule_date"?\s*(,|$)/.test(header) ? 'spreadspoke' : 'generic';
}

/** Reads a games file (format 'auto': detected from the header); spreadspoke files may name their own teams table. */
export async function loadGames(path: string, format: GamesFormat | 'auto', teamsPath?: string): Promise<ParsedGames & { format: GamesFormat }> {
  const text = await readText(path);
  const f = format === 'auto' ? detectGamesFormat(text) : format;
  if (f === 'generic') return { ...parseGenericGames(text, path), format: f };
  const teams = teamsPath === undefined ? undefined : parseTeamMap(await readText(teamsPath), teamsPath);
  return { ...parseSpreadspoke(text, path, teams), format: f };
}
