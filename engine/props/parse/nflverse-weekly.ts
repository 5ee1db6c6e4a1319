// nflverse weekly player stats: one row per player and week (regular season and playoffs). A player's
// game is (season, week, team); the team code is the franchise's current one (the schedules' STL, SD,
// OAK are joined to LA, LAC, LV by nfl-team-codes.ts). Rejected whole, with the reason: an empty id, a
// season or week that is not a number, a season type other than REG/POST, a team or opponent that is
// not an NFL code, a stat that is not a number (counts must be whole), the same player twice in a week.
import { readCsvRows } from '../../games/csv-rows.js';
import { nflTeamCodes, resolveNflTeam, type NflTeamCodes } from './nfl-team-codes.js';
import { countOf, numberOf, type ParseReport, type RejectedRow } from './types.js';

/** Player stats a prop can be on, with whether the stat is a count (whole, ≥ 0) or yards (any integer). */
export const NFL_PLAYER_STATS = {
  completions: 'count',
  attempts: 'count',
  passing_yards: 'yards',
  passing_tds: 'count',
  interceptions: 'count',
  carries: 'count',
  rushing_yards: 'yards',
  rushing_tds: 'count',
  receptions: 'count',
  targets: 'count',
  receiving_yards: 'yards',
  receiving_tds: 'count',
} as const;

export type NflPlayerStat = keyof typeof NFL_PLAYER_STATS;
export const NFL_STAT_NAMES = Object.keys(NFL_PLAYER_STATS) as NflPlayerStat[];

export interface NflWeeklyRow {
  line: number;
  playerId: string;
  name: string;
  position: string;
  team: string;
  opponent: string;
  season: number;
  week: number;
  seasonType: 'REG' | 'POST';
  stats: Record<NflPlayerStat, number>;
}

const REQUIRED = ['player_id', 'player_display_name', 'position', 'recent_team', 'season', 'week', 'season_type', 'opponent_team', ...NFL_STAT_NAMES] as const;

export function parseNflverseWeekly(text: string, source = 'player-weekly.csv', codes: NflTeamCodes = nflTeamCodes()): ParseReport<NflWeeklyRow> {
  const { rows } = readCsvRows(text, source, REQUIRED);
  const out: NflWeeklyRow[] = [];
  const rejected: RejectedRow[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    const reject = (reason: string) => rejected.push({ line: r.line, reason, scope: 'row' });
    const playerId = r.get('player_id');
    if (playerId === '') {
      reject('player_id is empty');
      continue;
    }
    const season = countOf(r.get('season'));
    const week = countOf(r.get('week'));
    if (season === undefined || season < 1920 || week === undefined || week < 1 || week > 25) {
      reject(`season '${r.get('season')}' / week '${r.get('week')}' are not a season and a week`);
      continue;
    }
    const st = r.get('season_type').toUpperCase();
    if (st !== 'REG' && st !== 'POST') {
      reject(`season_type '${r.get('season_type')}' is not REG or POST`);
      continue;
    }
    const team = resolveNflTeam(codes, r.get('recent_team'));
    const opponent = resolveNflTeam(codes, r.get('opponent_team'));
    if (team === null || opponent === null) {
      reject(`team '${team === null ? r.get('recent_team') : r.get('opponent_team')}' is not an NFL team code`);
      continue;
    }
    const stats = {} as Record<NflPlayerStat, number>;
    let bad: string | null = null;
    for (const s of NFL_STAT_NAMES) {
      const raw = r.get(s);
      const v = NFL_PLAYER_STATS[s] === 'count' ? countOf(raw) : numberOf(raw);
      if (v === undefined || (NFL_PLAYER_STATS[s] === 'yards' && !Number.isInteger(v))) {
        bad = `${s} '${raw}' is not ${NFL_PLAYER_STATS[s] === 'count' ? 'a whole count' : 'a whole number of yards'}`;
        break;
      }
      stats[s] = v;
    }
    if (bad) {
      reject(bad);
      continue;
    }
    const key = `${playerId}|${season}|${week}`;
    if (seen.has(key)) {
      reject(`duplicate row for player ${playerId} in ${season} week ${week}`);
      continue;
    }
    seen.add(key);
    out.push({
      line: r.line,
      playerId,
      name: r.get('player_display_name'),
      position: r.get('position').toUpperCase(),
      team,
      opponent,
      season,
      week,
      seasonType: st,
      stats,
    });
  }
  return { rows: out, rejected, read: rows.length };
}
