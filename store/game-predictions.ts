// Silver rows of predicted games (slate jobs): one batched insert into predicted_game_outcomes.
import type { Queryable } from './db.js';

interface GamePredictionRow {
  home: string;
  away: string;
  pHome: number;
  pCover: number | null;
  pOver: number | null;
  expectedMargin: number;
}

export async function saveGamePredictions(q: Queryable, league: string, model: string, rows: GamePredictionRow[]): Promise<void> {
  await q.query(
    `insert into predicted_game_outcomes (league, home, away, p_home, p_cover, p_over, expected_margin, model)
     select $1, h, a, p, c, o, m, $2 from unnest($3::text[], $4::text[], $5::float8[], $6::float8[], $7::float8[], $8::float8[]) as u(h, a, p, c, o, m)`,
    [
      league,
      model,
      rows.map((r) => r.home),
      rows.map((r) => r.away),
      rows.map((r) => r.pHome),
      rows.map((r) => r.pCover),
      rows.map((r) => r.pOver),
      rows.map((r) => r.expectedMargin),
    ],
  );
}
