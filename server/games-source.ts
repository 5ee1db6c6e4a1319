// Where the server's games come from: a CSV file (the generic format: date, season, home, away,
// home_score, away_score, neutral, spread, total; empty scores are scheduled games).
import { parse } from 'csv-parse/sync';
import { InputError } from '../core/errors.js';
import { readText } from '../app/inputs/read-text.js';
import type { GameRecord } from './predictor.js';

const REQUIRED = ['date', 'season', 'home', 'away', 'home_score', 'away_score'];

export function parseGenericGamesCsv(text: string, source: string): GameRecord[] {
  let rows: Record<string, string>[];
  try {
    rows = parse(text, { columns: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
  } catch (e) {
    throw new InputError('CSV_INVALID', `${source}: ${(e as Error).message}`, { cause: e });
  }
  if (rows.length > 0) {
    for (const c of REQUIRED) if (!(c in rows[0])) throw new InputError('CSV_INVALID', `missing column '${c}'`, { location: { file: source, line: 1 } });
  }
  const num = (s: string | undefined): number | null => (s === undefined || s === '' ? null : Number(s));
  return rows.map((r, i) => {
    const g: GameRecord = {
      date: r.date,
      season: Number(r.season),
      home: r.home,
      away: r.away,
      homeScore: num(r.home_score),
      awayScore: num(r.away_score),
      neutral: /^(1|true|yes)$/i.test(r.neutral ?? ''),
      spread: num(r.spread),
      total: num(r.total),
    };
    if (!/^\d{4}-\d{2}-\d{2}$/.test(g.date) || !Number.isInteger(g.season) || !g.home || !g.away || Number.isNaN(g.homeScore) || Number.isNaN(g.awayScore)) {
      throw new InputError('CSV_INVALID', 'malformed game row', { location: { file: source, line: i + 2 } });
    }
    return g;
  });
}

export async function loadGamesFile(path: string): Promise<GameRecord[]> {
  return parseGenericGamesCsv(await readText(path), path);
}
