// A small slice of the real NFL history (test/fixtures/nfl-games-spreadspoke.csv, teams by franchise id:
// KAN, BUF, PHI, ...) for the tests that serve the real models: the 2020-2024 seasons as played, and
// 2025's first week as scheduled games (scores removed, the real closing lines kept). Five seasons
// because the ensemble is stacked on out-of-sample seasons from the third one on, so the slice fits every
// model, the ensemble with the closing line included. Built once per test file.
import { readFileSync } from 'node:fs';
import { toGenericCsv } from '../../engine/games/generic.js';
import { parseSpreadspoke } from '../../engine/games/spreadspoke.js';
import type { Game } from '../../engine/games/types.js';

/** The day of 2025's first week with most games (13), all scheduled in the slice. */
export const SCHEDULED_DAY = '2025-09-07';
const FIRST_WEEK = ['2025-09-04', '2025-09-05', '2025-09-07', '2025-09-08'];

let games: Game[] | null = null;

export function nflSlice(): Game[] {
  if (games) return games;
  const all = parseSpreadspoke(readFileSync(new URL('../fixtures/nfl-games-spreadspoke.csv', import.meta.url), 'utf8'), 'nfl-games-spreadspoke.csv').games;
  const played = all.filter((g) => g.season >= 2020 && g.season <= 2024);
  const scheduled = all.filter((g) => FIRST_WEEK.includes(g.date)).map((g): Game => ({ ...g, homeScore: null, awayScore: null }));
  games = [...played, ...scheduled].map(({ line: _line, ...g }) => g);
  return games;
}

/** The slice as the generic games CSV `simcast serve --games` and `ingest --format generic` read. */
export function nflSliceCsv(): string {
  return toGenericCsv(nflSlice());
}

/** Every franchise id in the slice, sorted. */
export function nflSliceTeams(): string[] {
  return [...new Set(nflSlice().flatMap((g) => [g.home, g.away]))].sort();
}
