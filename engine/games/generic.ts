// The generic games CSV (docs/models.md): date (YYYY-MM-DD), season, home, away, home_score, away_score,
// and optional neutral (true/false/1/0), spread (the home line: negative = home favoured), total.
// Team columns hold ids as given (no mapping). Empty scores = a scheduled game. Bad rows are reported.
import { readCsvRows, parseBool, parseOptionalNumber, parseScore, validIsoDate } from './csv-rows.js';
import type { Game, ParsedGames, RejectedRow } from './types.js';

const GENERIC_COLUMNS = ['date', 'season', 'home', 'away', 'home_score', 'away_score', 'neutral', 'spread', 'total'] as const;
const REQUIRED = ['date', 'season', 'home', 'away', 'home_score', 'away_score'] as const;
const TEAM_ID = /^[A-Za-z0-9][A-Za-z0-9 ._'&-]{0,63}$/;

export function parseGenericGames(text: string, source = 'games.csv'): ParsedGames {
  const { rows, malformed } = readCsvRows(text, source, REQUIRED, { wrongWidth: 'report' });
  const games: Game[] = [];
  const rejected: RejectedRow[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    const line = r.line;
    const reject = (reason: string) => rejected.push({ line, reason, scope: 'row' });
    const date = r.get('date');
    if (!validIsoDate(date)) {
      reject(`date '${date}' is not YYYY-MM-DD`);
      continue;
    }
    const season = r.get('season');
    if (!/^\d{4}$/.test(season)) {
      reject(`season '${season}' is not a year`);
      continue;
    }
    const home = r.get('home');
    const away = r.get('away');
    if (!TEAM_ID.test(home) || !TEAM_ID.test(away)) {
      reject(`team id '${TEAM_ID.test(home) ? away : home}' is empty or has characters other than letters, digits, space . _ ' & -`);
      continue;
    }
    if (home === away) {
      reject(`home and away are the same team (${home})`);
      continue;
    }
    const hs = parseScore(r.get('home_score'));
    const as = parseScore(r.get('away_score'));
    if (hs === undefined || as === undefined) {
      reject(`score '${hs === undefined ? r.get('home_score') : r.get('away_score')}' is not a non-negative integer`);
      continue;
    }
    if ((hs === null) !== (as === null)) {
      reject('one score is missing (a game is played with both scores or scheduled with neither)');
      continue;
    }
    const neutral = parseBool(r.get('neutral'));
    if (neutral === undefined) {
      reject(`neutral '${r.get('neutral')}' is not true/false/1/0`);
      continue;
    }
    const spread = parseOptionalNumber(r.get('spread'));
    const total = parseOptionalNumber(r.get('total'));
    if (spread === undefined || total === undefined || (total !== null && total <= 0)) {
      reject(spread === undefined ? `spread '${r.get('spread')}' is not a number` : `total '${r.get('total')}' is not a positive number`);
      continue;
    }
    const key = `${date}|${home}|${away}`;
    if (seen.has(key)) {
      reject(`duplicate game ${home} v ${away} on ${date}`);
      continue;
    }
    seen.add(key);
    games.push({ date, season: Number(season), home, away, homeScore: hs, awayScore: as, neutral, spread: spread === 0 ? 0 : spread, total, line });
  }
  rejected.push(...malformed.map((m) => ({ ...m, scope: 'row' as const })));
  rejected.sort((a, b) => a.line - b.line);
  return { games, rejected, rows: rows.length + malformed.length };
}

/** Writes games in the generic format. */
export function toGenericCsv(games: readonly Game[]): string {
  const f = (v: number | null) => (v === null ? '' : String(v));
  return (
    [
      GENERIC_COLUMNS.join(','),
      ...games.map((g) => [g.date, g.season, g.home, g.away, f(g.homeScore), f(g.awayScore), g.neutral ? 'true' : 'false', f(g.spread), f(g.total)].join(',')),
    ].join('\n') + '\n'
  );
}
