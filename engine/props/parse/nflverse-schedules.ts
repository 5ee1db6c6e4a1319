// nflverse schedules: one row per game with the date, teams, final scores (empty before the game) and
// closing markets: spread_line (the home side's expected margin, positive = home favoured), total_line,
// moneylines and the starting quarterbacks' ids. Team codes are joined to the franchise's current code
// (nfl-team-codes.ts). A row is rejected whole when its id, season, week, date or teams do not validate
// or its id repeats; a malformed or missing market value is dropped (null) and reported with scope
// 'field', so the game still settles player legs.
import { readCsvRows, validIsoDate } from '../../games/csv-rows.js';
import { nflTeamCodes, resolveNflTeam, type NflTeamCodes } from './nfl-team-codes.js';
import { americanOf, countOf, numberOf, type ParseReport, type RejectedRow } from './types.js';

export interface NflGameRow {
  line: number;
  gameId: string;
  season: number;
  /** REG, WC, DIV, CON, SB */
  gameType: string;
  week: number;
  /** local date of the game, YYYY-MM-DD */
  date: string;
  home: string;
  away: string;
  homeScore: number | null;
  awayScore: number | null;
  /** home side's expected margin (positive = home favoured) */
  spreadLine: number | null;
  totalLine: number | null;
  homeMoneyline: number | null;
  awayMoneyline: number | null;
  overOdds: number | null;
  underOdds: number | null;
  homeQbId: string | null;
  awayQbId: string | null;
}

const REQUIRED = [
  'game_id',
  'season',
  'game_type',
  'week',
  'gameday',
  'home_team',
  'away_team',
  'home_score',
  'away_score',
  'spread_line',
  'total_line',
] as const;

export function parseNflverseSchedules(text: string, source = 'schedules.csv', codes: NflTeamCodes = nflTeamCodes()): ParseReport<NflGameRow> {
  const { rows } = readCsvRows(text, source, REQUIRED);
  const out: NflGameRow[] = [];
  const rejected: RejectedRow[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    const reject = (reason: string) => rejected.push({ line: r.line, reason, scope: 'row' });
    const gameId = r.get('game_id');
    if (gameId === '') {
      reject('game_id is empty');
      continue;
    }
    const season = countOf(r.get('season'));
    const week = countOf(r.get('week'));
    if (season === undefined || season < 1920 || week === undefined || week < 1 || week > 25) {
      reject(`season '${r.get('season')}' / week '${r.get('week')}' are not a season and a week`);
      continue;
    }
    const date = r.get('gameday');
    if (!validIsoDate(date)) {
      reject(`gameday '${date}' is not a YYYY-MM-DD date`);
      continue;
    }
    const home = resolveNflTeam(codes, r.get('home_team'));
    const away = resolveNflTeam(codes, r.get('away_team'));
    if (home === null || away === null || home === away) {
      reject(`teams '${r.get('home_team')}' v '${r.get('away_team')}' are not two NFL team codes`);
      continue;
    }
    const hs = r.get('home_score');
    const as = r.get('away_score');
    const homeScore = hs === '' ? null : countOf(hs);
    const awayScore = as === '' ? null : countOf(as);
    if (homeScore === undefined || awayScore === undefined || (homeScore === null) !== (awayScore === null)) {
      reject(`scores '${hs}' / '${as}' are not two whole numbers (or both empty before the game)`);
      continue;
    }
    if (seen.has(gameId)) {
      reject(`duplicate game_id ${gameId}`);
      continue;
    }
    seen.add(gameId);
    const market = (col: string, read: (s: string) => number | undefined): number | null => {
      if (!r.has(col)) return null;
      const raw = r.get(col);
      const v = raw === '' ? undefined : read(raw);
      if (v === undefined) {
        rejected.push({ line: r.line, reason: `${col} '${raw}' ${raw === '' ? 'is missing' : 'is not valid'}: the game is kept without it`, scope: 'field' });
        return null;
      }
      return v;
    };
    const id = (col: string) => (r.has(col) && r.get(col) !== '' ? r.get(col) : null);
    out.push({
      line: r.line,
      gameId,
      season,
      gameType: r.get('game_type').toUpperCase(),
      week,
      date,
      home,
      away,
      homeScore,
      awayScore,
      spreadLine: market('spread_line', numberOf),
      totalLine: market('total_line', numberOf),
      homeMoneyline: market('home_moneyline', americanOf),
      awayMoneyline: market('away_moneyline', americanOf),
      overOdds: market('over_odds', americanOf),
      underOdds: market('under_odds', americanOf),
      homeQbId: id('home_qb_id'),
      awayQbId: id('away_qb_id'),
    });
  }
  return { rows: out, rejected, read: rows.length };
}
