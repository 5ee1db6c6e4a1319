// The spreadspoke NFL games file (nfl-games-spreadspoke.csv): one row per game since 1966 with the
// closing line from 1979. Names map to franchise ids through nfl-teams.csv (engine/games/nfl-teams.ts).
//
// Rules (documented in docs/models.md; nothing is guessed):
// - a row whose date, season, team names or scores do not validate is rejected whole, with the reason;
//   unplayed rows (both scores empty) are kept as scheduled games when their teams map;
// - the line: `team_favorite_id` is a `team_id` (any era's id of the franchise, e.g. LVR for Oakland),
//   `spread_favorite` is the favourite's line (≤ 0); the home line is spread_favorite when the favourite
//   is the home franchise, −spread_favorite when it is the away one, 0 for PICK. A favourite id that maps to
//   neither team (typos such as `LV`, `NJY`) or a malformed number drops the line, not the game, and is
//   reported with scope 'odds';
// - a second row for the same (date, home, away) is rejected as a duplicate.
import { readCsvRows, parseBool, parseOptionalNumber, parseScore, validIsoDate } from './csv-rows.js';
import { nflTeams, type TeamMap } from './nfl-teams.js';
import type { Game, ParsedGames, RejectedRow } from './types.js';

const REQUIRED = ['schedule_date', 'schedule_season', 'team_home', 'team_away', 'score_home', 'score_away'] as const;

function isoFromUs(s: string): string | null {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  if (!m) return null;
  const iso = `${m[3]}-${m[1].padStart(2, '0')}-${m[2].padStart(2, '0')}`;
  return validIsoDate(iso) ? iso : null;
}

export function parseSpreadspoke(text: string, source = 'spreadspoke.csv', teams: TeamMap = nflTeams()): ParsedGames {
  const { rows, malformed } = readCsvRows(text, source, REQUIRED, { wrongWidth: 'report' });
  const games: Game[] = [];
  const rejected: RejectedRow[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    const line = r.line;
    const reject = (reason: string) => rejected.push({ line, reason, scope: 'row' });
    const dateRaw = r.get('schedule_date');
    const date = isoFromUs(dateRaw) ?? (validIsoDate(dateRaw) ? dateRaw : null);
    if (date === null) {
      reject(`schedule_date '${dateRaw}' is not a date (M/D/YYYY)`);
      continue;
    }
    const seasonRaw = r.get('schedule_season');
    if (!/^\d{4}$/.test(seasonRaw)) {
      reject(`schedule_season '${seasonRaw}' is not a year`);
      continue;
    }
    const homeName = r.get('team_home');
    const awayName = r.get('team_away');
    const home = teams.byName.get(homeName);
    const away = teams.byName.get(awayName);
    if (home === undefined || away === undefined) {
      const which = home === undefined ? `team_home '${homeName}'` : `team_away '${awayName}'`;
      reject(`${which} is not a team name in nfl-teams.csv`);
      continue;
    }
    if (home === away) {
      reject(`home and away are the same franchise (${home})`);
      continue;
    }
    const hs = parseScore(r.get('score_home'));
    const as = parseScore(r.get('score_away'));
    if (hs === undefined || as === undefined) {
      reject(`score '${hs === undefined ? r.get('score_home') : r.get('score_away')}' is not a non-negative integer`);
      continue;
    }
    if ((hs === null) !== (as === null)) {
      reject('one score is missing (a game is played with both scores or scheduled with neither)');
      continue;
    }
    const neutral = parseBool(r.get('stadium_neutral'));
    if (neutral === undefined) {
      reject(`stadium_neutral '${r.get('stadium_neutral')}' is not TRUE or FALSE`);
      continue;
    }
    const playoff = parseBool(r.get('schedule_playoff'));
    if (playoff === undefined) {
      reject(`schedule_playoff '${r.get('schedule_playoff')}' is not TRUE or FALSE`);
      continue;
    }
    const key = `${date}|${home}|${away}`;
    if (seen.has(key)) {
      reject(`duplicate game ${home} v ${away} on ${date}`);
      continue;
    }
    seen.add(key);

    let spread: number | null = null;
    const fav = r.get('team_favorite_id');
    const favLine = parseOptionalNumber(r.get('spread_favorite'));
    if (fav !== '' || r.get('spread_favorite') !== '') {
      if (favLine === undefined || favLine === null || favLine > 0) {
        rejected.push({ line, scope: 'odds', reason: `spread_favorite '${r.get('spread_favorite')}' is not a line ≤ 0 (line dropped)` });
      } else if (fav === 'PICK') {
        spread = 0;
      } else {
        const f = teams.byTeamId.get(fav);
        if (f === home) spread = favLine;
        else if (f === away) spread = -favLine;
        else rejected.push({ line, scope: 'odds', reason: `team_favorite_id '${fav}' is neither ${homeName} nor ${awayName} (line dropped)` });
      }
      if (spread === 0) spread = 0; // no -0
    }
    let total = parseOptionalNumber(r.get('over_under_line'));
    if (total === undefined || (total !== null && total <= 0)) {
      rejected.push({ line, scope: 'odds', reason: `over_under_line '${r.get('over_under_line')}' is not a positive number (total dropped)` });
      total = null;
    }
    games.push({
      date,
      season: Number(seasonRaw),
      week: r.get('schedule_week') || null,
      playoff,
      home,
      away,
      homeScore: hs,
      awayScore: as,
      neutral,
      spread,
      total,
      line,
    });
  }
  rejected.push(...malformed.map((m) => ({ ...m, scope: 'row' as const })));
  rejected.sort((a, b) => a.line - b.line);
  return { games, rejected, rows: rows.length + malformed.length };
}
