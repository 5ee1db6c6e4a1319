// Validated, idempotent import of parsed games into games_history and their closing lines into
// odds_history (source 'closing'). Upserts keyed by (league, game_date, home, away) and (game_id, source);
// a row whose values are already stored is left untouched, so a second import changes nothing.
import type { Queryable } from './db.js';
import type { Game } from '../engine/games/types.js';

export interface IngestCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  oddsInserted: number;
  oddsUpdated: number;
}

export async function ingestGames(
  db: { transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> },
  league: string,
  source: string,
  games: readonly Game[],
  batch = 1000,
): Promise<IngestCounts> {
  const c: IngestCounts = { inserted: 0, updated: 0, unchanged: 0, oddsInserted: 0, oddsUpdated: 0 };
  for (let s = 0; s < games.length; s += batch) {
    const part = games.slice(s, s + batch);
    // one transaction per batch: a failed batch leaves none of its rows
    await db.transaction(async (tx) => {
      const g = await tx.query<{ inserted: boolean }>(
        `insert into games_history (league, season, game_date, week, playoff, home, away, home_score, away_score, neutral, source)
         select $1, u.season, u.d, u.week, u.playoff, u.home, u.away, u.hs, u.aws, u.neutral, $2
         from unnest($3::int[], $4::date[], $5::text[], $6::boolean[], $7::text[], $8::text[], $9::int[], $10::int[], $11::boolean[])
              as u(season, d, week, playoff, home, away, hs, aws, neutral)
         on conflict (league, game_date, home, away) do update set
           season = excluded.season, week = excluded.week, playoff = excluded.playoff, home_score = excluded.home_score,
           away_score = excluded.away_score, neutral = excluded.neutral, source = excluded.source
         where (games_history.season, games_history.week, games_history.playoff, games_history.home_score, games_history.away_score, games_history.neutral, games_history.source)
               is distinct from (excluded.season, excluded.week, excluded.playoff, excluded.home_score, excluded.away_score, excluded.neutral, excluded.source)
         returning (xmax = 0) as inserted`,
        [
          league,
          source,
          part.map((x) => x.season),
          part.map((x) => x.date),
          part.map((x) => x.week ?? null),
          part.map((x) => x.playoff ?? false),
          part.map((x) => x.home),
          part.map((x) => x.away),
          part.map((x) => x.homeScore),
          part.map((x) => x.awayScore),
          part.map((x) => x.neutral),
        ],
      );
      const ins = g.rows.filter((r) => r.inserted).length;
      c.inserted += ins;
      c.updated += g.rows.length - ins;
      c.unchanged += part.length - g.rows.length;
      const lined = part.filter((x) => x.spread !== null || x.total !== null);
      if (lined.length === 0) return;
      const o = await tx.query<{ inserted: boolean }>(
        `insert into odds_history (game_id, source, spread, total)
         select h.id, 'closing', u.spread, u.total
         from unnest($2::date[], $3::text[], $4::text[], $5::float8[], $6::float8[]) as u(d, home, away, spread, total)
         join games_history h on h.league = $1 and h.game_date = u.d and h.home = u.home and h.away = u.away
         on conflict (game_id, source) do update set spread = excluded.spread, total = excluded.total, recorded_at = now()
         where (odds_history.spread, odds_history.total) is distinct from (excluded.spread, excluded.total)
         returning (xmax = 0) as inserted`,
        [league, lined.map((x) => x.date), lined.map((x) => x.home), lined.map((x) => x.away), lined.map((x) => x.spread), lined.map((x) => x.total)],
      );
      const oi = o.rows.filter((r) => r.inserted).length;
      c.oddsInserted += oi;
      c.oddsUpdated += o.rows.length - oi;
    });
  }
  return c;
}
