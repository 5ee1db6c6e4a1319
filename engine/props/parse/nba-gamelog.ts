// NBA player game logs (the NBA stats API's per-player log): one row per player and game with the
// local date, the matchup ("BOS vs. NYK" at home, "MIN @ LAL" away), minutes and the box score.
// A row is rejected whole, with its line and reason, when a required value does not validate, when
// home_away contradicts the matchup, when a team is not an NBA abbreviation, or when the player already
// has a row that day. Optional box-score columns absent from the header are null on every row.
import { readCsvRows, validIsoDate } from '../../games/csv-rows.js';
import { nbaTeamIndex, type NbaTeamIndex } from './nba-teams.js';
import { countOf, numberOf, type ParseReport, type RejectedRow } from './types.js';

export interface NbaGameLogRow {
  line: number;
  player: string;
  playerId: string;
  /** local date of the game, YYYY-MM-DD */
  date: string;
  team: string;
  opponent: string;
  home: boolean;
  minutes: number;
  threesMade: number;
  threesAttempted: number;
  points: number | null;
  rebounds: number | null;
  assists: number | null;
  fieldGoalsAttempted: number | null;
  freeThrowsAttempted: number | null;
}

const REQUIRED = ['player', 'player_id', 'date', 'matchup', 'minutes', 'threes_made', 'threes_attempted', 'opponent', 'home_away'] as const;
const OPTIONAL = { points: 'pts', rebounds: 'reb', assists: 'ast', fieldGoalsAttempted: 'fga', freeThrowsAttempted: 'fta' } as const;

/** Minutes as a decimal ("34.0") or as MM:SS ("34:12"). */
function minutesOf(s: string): number | undefined {
  const m = /^(\d{1,2}):(\d{2})$/.exec(s);
  if (m) return Number(m[1]) + Number(m[2]) / 60;
  const v = numberOf(s);
  return v !== undefined && v >= 0 && v <= 80 ? v : undefined;
}

export function parseNbaGameLog(text: string, source = 'nba-gamelog.csv', teams: NbaTeamIndex = nbaTeamIndex()): ParseReport<NbaGameLogRow> {
  const { rows } = readCsvRows(text, source, REQUIRED);
  const out: NbaGameLogRow[] = [];
  const rejected: RejectedRow[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    const reject = (reason: string) => rejected.push({ line: r.line, reason, scope: 'row' });
    const player = r.get('player');
    const playerId = r.get('player_id');
    if (player === '' || playerId === '') {
      reject('player and player_id must not be empty');
      continue;
    }
    const date = r.get('date');
    if (!validIsoDate(date)) {
      reject(`date '${date}' is not a YYYY-MM-DD date`);
      continue;
    }
    const m = /^([A-Z]{2,3}) (vs\.|@) ([A-Z]{2,3})$/.exec(r.get('matchup'));
    if (!m) {
      reject(`matchup '${r.get('matchup')}' is not 'TEAM vs. OPP' or 'TEAM @ OPP'`);
      continue;
    }
    const [, team, sep, opp] = m;
    if (!teams.byAbbr.has(team) || !teams.byAbbr.has(opp)) {
      reject(`matchup '${r.get('matchup')}' names a team that is not an NBA abbreviation`);
      continue;
    }
    const ha = r.get('home_away').toUpperCase();
    if ((ha !== 'HOME' && ha !== 'AWAY') || (ha === 'HOME') !== (sep === 'vs.')) {
      reject(`home_away '${r.get('home_away')}' does not agree with matchup '${r.get('matchup')}'`);
      continue;
    }
    if (r.get('opponent') !== opp) {
      reject(`opponent '${r.get('opponent')}' does not agree with matchup '${r.get('matchup')}'`);
      continue;
    }
    const minutes = minutesOf(r.get('minutes'));
    const made = countOf(r.get('threes_made'));
    const att = countOf(r.get('threes_attempted'));
    if (minutes === undefined) {
      reject(`minutes '${r.get('minutes')}' is not a number of minutes`);
      continue;
    }
    if (made === undefined || att === undefined || made > att) {
      reject(`threes_made '${r.get('threes_made')}' / threes_attempted '${r.get('threes_attempted')}' are not counts with made ≤ attempted`);
      continue;
    }
    const optional: Partial<Record<keyof typeof OPTIONAL, number | null>> = {};
    let bad: string | null = null;
    for (const [field, col] of Object.entries(OPTIONAL) as [keyof typeof OPTIONAL, string][]) {
      if (!r.has(col)) {
        optional[field] = null;
        continue;
      }
      const v = countOf(r.get(col));
      if (v === undefined) bad = `${col} '${r.get(col)}' is not a count`;
      optional[field] = v ?? null;
    }
    if (bad) {
      reject(bad);
      continue;
    }
    const key = `${playerId}|${date}`;
    if (seen.has(key)) {
      reject(`duplicate game log for player ${playerId} on ${date}`);
      continue;
    }
    seen.add(key);
    out.push({
      line: r.line,
      player,
      playerId,
      date,
      team,
      opponent: opp,
      home: ha === 'HOME',
      minutes,
      threesMade: made,
      threesAttempted: att,
      points: optional.points ?? null,
      rebounds: optional.rebounds ?? null,
      assists: optional.assists ?? null,
      fieldGoalsAttempted: optional.fieldGoalsAttempted ?? null,
      freeThrowsAttempted: optional.freeThrowsAttempted ?? null,
    });
  }
  return { rows: out, rejected, read: rows.length };
}
