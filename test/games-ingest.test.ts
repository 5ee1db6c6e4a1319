// Ingest of the whole spreadspoke file on both backends: every played game imported or reported, and a
// second import changes nothing.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestGames } from '../store/games-history.js';
import { parseSpreadspoke } from '../engine/games/spreadspoke.js';
import { eloConfig, replayElo } from '../engine/models/elo.js';
import { byDate, playedGames } from '../engine/games/types.js';
import { storeRatingsHistory } from '../store/ratings-history.js';
import { backends, postgresReachable } from './helpers/databases.js';

const parsed = parseSpreadspoke(readFileSync(new URL('./fixtures/nfl-games-spreadspoke.csv', import.meta.url), 'utf8'), 'nfl-games-spreadspoke.csv');
const withLine = parsed.games.filter((g) => g.spread !== null || g.total !== null).length;

for (const be of backends('ingest')) {
  describe(`ingest games (${be.name})`, () => {
    afterAll(async () => {
      if (be.name === 'pglite' || (await postgresReachable())) await be.cleanup();
    });
    it('imports every valid game, reports the rest, and a second import changes nothing', async (ctx) => {
      if (be.name === 'postgres' && !(await postgresReachable())) ctx.skip();
      const db = await be.open();
      try {
        const first = await ingestGames(db, 'nfl', 'spreadspoke:test', parsed.games, 2000);
        expect(first).toEqual({ inserted: parsed.games.length, updated: 0, unchanged: 0, oddsInserted: withLine, oddsUpdated: 0 });
        expect(parsed.games.length + parsed.rejected.filter((r) => r.scope === 'row').length).toBe(parsed.rows);
        const again = await ingestGames(db, 'nfl', 'spreadspoke:test', parsed.games, 500);
        expect(again).toEqual({ inserted: 0, updated: 0, unchanged: parsed.games.length, oddsInserted: 0, oddsUpdated: 0 });
        const n = await db.query<{ n: string; played: string }>(
          `select count(*)::text as n, count(home_score)::text as played from games_history where league = 'nfl'`,
        );
        expect(Number(n.rows[0].n)).toBe(parsed.games.length);
        expect(Number(n.rows[0].played)).toBe(playedGames(parsed.games).length);
        const o = await db.query<{ n: string }>(`select count(*)::text as n from odds_history`);
        expect(Number(o.rows[0].n)).toBe(withLine);
        const kc = await db.query<{ spread: number }>(
          `select o.spread from odds_history o join games_history g on g.id = o.game_id where g.game_date = '2025-09-28' and g.home = 'KAN'`,
        );
        expect(kc.rows[0].spread).toBe(2.5);
        // a changed score updates exactly one row
        const changed = parsed.games.map((g, i) => (i === 0 ? { ...g, homeScore: 15 } : g));
        expect(await ingestGames(db, 'nfl', 'spreadspoke:test', changed, 5000)).toMatchObject({ inserted: 0, updated: 1, oddsInserted: 0, oddsUpdated: 0 });
        // ratings history: two rows per game, linked to the games, idempotent
        const games = byDate(playedGames(parsed.games)).slice(-600);
        const r = replayElo(games, eloConfig('nfl'));
        expect(await storeRatingsHistory(db, 'nfl', games, r)).toBe(1200);
        await storeRatingsHistory(db, 'nfl', games, r);
        const h = await db.query<{ n: string; linked: string }>(`select count(*)::text as n, count(game_id)::text as linked from team_ratings_history`);
        expect(h.rows[0]).toEqual({ n: '1200', linked: '1200' });
      } finally {
        await db.close();
      }
    });
  });
}
