// Elo ratings by game in team_ratings_history: two rows per game (home and away), upserted in batches
// keyed (league, model, team, game_date), so a replay stored twice changes nothing.
import type { Game } from '../engine/games/types.js';
import type { EloReplay } from '../engine/models/elo.js';
import type { Db } from './db.js';

/** Upserts two rows per game (home and away) into team_ratings_history, keyed (league, model, team, game_date). */
export async function storeRatingsHistory(db: Db, league: string, games: readonly Game[], r: EloReplay, batch = 500): Promise<number> {
  let n = 0;
  await db.transaction(async (tx) => {
    for (let s = 0; s < games.length; s += batch) {
      const params: unknown[] = [];
      const values: string[] = [];
      for (let i = s; i < Math.min(games.length, s + batch); i++) {
        const g = games[i];
        for (const [team, pre, post] of [
          [g.home, r.homePre[i], r.homePost[i]],
          [g.away, r.awayPre[i], r.awayPost[i]],
        ] as const) {
          const b = params.length;
          params.push(league, team, g.date, g.season, pre, post, g.home, g.away);
          values.push(
            `($${b + 1}, 'elo', $${b + 2}, $${b + 3}::date, $${b + 4}::int, (select id from games_history h where h.league = $${b + 1} and h.game_date = $${b + 3}::date and h.home = $${b + 7} and h.away = $${b + 8}), $${b + 5}::float8, $${b + 6}::float8)`,
          );
        }
      }
      const res = await tx.query(
        `insert into team_ratings_history (league, model, team, game_date, season, game_id, rating_pre, rating_post) values ${values.join(', ')}
         on conflict (league, model, team, game_date) do update set season = excluded.season, game_id = excluded.game_id, rating_pre = excluded.rating_pre, rating_post = excluded.rating_post`,
        params,
      );
      n += res.rowCount;
    }
  });
  return n;
}
