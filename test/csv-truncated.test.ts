// A games CSV row of the wrong width (a line cut after `48.`, or one with a column too many) is rejected
// and reported with its line, never imported: it used to read as a total of 48 and overwrite the stored
// 48.5 (issue 13, item 8).
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { parseSpreadspoke } from '../engine/games/spreadspoke.js';
import { parseGenericGames } from '../engine/games/generic.js';
import { readCsvRows } from '../engine/games/csv-rows.js';
import { SimcastError } from '../core/errors.js';
import type { Db } from '../store/db.js';
import { ingestGames } from '../store/games-history.js';
import { embeddedDb } from './helpers/databases.js';

const lines = readFileSync(new URL('./fixtures/nfl-games-spreadspoke.csv', import.meta.url), 'utf8')
  .trim()
  .split(/\r?\n/);
const header = lines[0];
// 1/5/2025 Steelers v Bengals, over/under 48.5 (line 14072 of the fixture)
const good = lines.find((l) => l.startsWith('1/5/2025,2024,18,FALSE,Pittsburgh Steelers'))!;
const cut = good.slice(0, good.indexOf('48.5') + 3); // "...,CIN,-2.5,48."
const before = lines.find((l) => l.startsWith('9/28/2025,2025,4,FALSE,Kansas City Chiefs'))!;

describe('games CSV rows of the wrong width', () => {
  it('spreadspoke: a row cut after `48.` is rejected with its line and the reason, the others imported', () => {
    const parsed = parseSpreadspoke([header, before, cut].join('\n'), 'cut.csv');
    expect(cut.endsWith(',48.')).toBe(true);
    expect(parsed.rows).toBe(2);
    expect(parsed.games.map((g) => g.line)).toEqual([2]);
    expect(parsed.rejected).toEqual([{ line: 3, scope: 'row', reason: expect.stringMatching(/^has 11 columns where the header has 17/) }]);
  });

  it('spreadspoke: a row with a column too many is rejected as well', () => {
    const parsed = parseSpreadspoke([header, `${good},extra`, before].join('\n'), 'long.csv');
    expect(parsed.games.map((g) => g.line)).toEqual([3]);
    expect(parsed.rejected.map((r) => [r.line, r.scope])).toEqual([[2, 'row']]);
    expect(parsed.rejected[0].reason).toMatch(/18 columns where the header has 17/);
  });

  it('generic format: a truncated row is rejected and reported', () => {
    const text = [
      'date,season,home,away,home_score,away_score,neutral,spread,total',
      '2025-01-05,2024,PIT,CIN,17,19,false,2.5,48.5',
      '2025-01-06,2024,KAN,DEN,38,0,false,-10,48.',
    ].join('\n');
    const parsed = parseGenericGames(text.replace(/,48\.$/, ''), 'g.csv');
    expect(parsed.games.map((g) => g.total)).toEqual([48.5]);
    expect(parsed.rejected).toEqual([{ line: 3, scope: 'row', reason: expect.stringMatching(/8 columns where the header has 9/) }]);
  });

  it('other CSV readers stop at such a row with CSV_INVALID naming file and line', () => {
    try {
      readCsvRows('team,rating\nA,1500\nB\n', 'ratings.csv', ['team', 'rating']);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SimcastError);
      expect((e as SimcastError).code).toBe('CSV_INVALID');
      expect((e as SimcastError).message).toMatch(/^ratings\.csv:3: has 1 columns where the header has 2/);
    }
  });

  describe('a stored total is not overwritten by the truncated row (embedded database)', () => {
    let db: Db;
    afterAll(async () => db?.close());
    it('imports 48.5, then the truncated file leaves it at 48.5', { timeout: 180_000 }, async () => {
      db = await embeddedDb();
      await ingestGames(db, 'nfl', 'spreadspoke:test', parseSpreadspoke([header, good].join('\n'), 'good.csv').games, 100);
      const again = parseSpreadspoke([header, cut].join('\n'), 'cut.csv');
      await ingestGames(db, 'nfl', 'spreadspoke:test', again.games, 100);
      const t = await db.query<{ total: number }>(
        `select o.total from odds_history o join games_history g on g.id = o.game_id where g.game_date = '2025-01-05' and g.home = 'PIT'`,
      );
      expect(t.rows.map((r) => r.total)).toEqual([48.5]);
      expect(again.rejected).toHaveLength(1);
    });
  });
});
