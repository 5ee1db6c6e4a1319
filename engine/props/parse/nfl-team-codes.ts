// nflverse team codes over 2015-2022: the weekly player file uses each franchise's current code for
// every season (LA, LAC, LV), the schedules the code of the season (STL, SD, OAK). Joined here to the
// current code; an alias table a caller may extend for other feeds.
import { aliasTable, type AliasTable } from './names.js';

export const NFL_TEAM_CODES = [
  'ARI',
  'ATL',
  'BAL',
  'BUF',
  'CAR',
  'CHI',
  'CIN',
  'CLE',
  'DAL',
  'DEN',
  'DET',
  'GB',
  'HOU',
  'IND',
  'JAX',
  'KC',
  'LA',
  'LAC',
  'LV',
  'MIA',
  'MIN',
  'NE',
  'NO',
  'NYG',
  'NYJ',
  'PHI',
  'PIT',
  'SEA',
  'SF',
  'TB',
  'TEN',
  'WAS',
] as const;

export const NFL_TEAM_ALIASES: Readonly<Record<string, string>> = { STL: 'LA', SD: 'LAC', OAK: 'LV', LAR: 'LA', LVR: 'LV', WSH: 'WAS', JAC: 'JAX' };

export interface NflTeamCodes {
  known: ReadonlySet<string>;
  aliases: AliasTable;
}

export function nflTeamCodes(extra: Record<string, string> = {}): NflTeamCodes {
  return { known: new Set(NFL_TEAM_CODES), aliases: aliasTable({ ...NFL_TEAM_ALIASES, ...extra }) };
}

/** The franchise's current code, or null when the code is neither known nor an alias. */
export function resolveNflTeam(codes: NflTeamCodes, raw: string): string | null {
  const up = raw.trim().toUpperCase();
  if (codes.known.has(up)) return up;
  const a = codes.aliases.entries.get(up.toLowerCase());
  return a !== undefined && codes.known.has(a.toUpperCase()) ? a.toUpperCase() : null;
}
