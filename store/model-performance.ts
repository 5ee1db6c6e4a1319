// Backtest scores by model (model_performance): one row per model for the seasons scored.
import type { BacktestResult } from '../engine/models/backtest.js';
import type { Db } from './db.js';

/** One model_performance row per model (the backtest's range, scores, ROI and calibration). */
export async function saveModelPerformance(db: Db, r: BacktestResult, command: string): Promise<number> {
  const res = await db.query(
    `insert into model_performance (league, model, season_from, season_to, games, brier, log_loss, accuracy, roi, calibration, command)
     select $1, m, $2, $3, g, b, l, a, r, c::jsonb, $4 from unnest($5::text[], $6::int[], $7::float8[], $8::float8[], $9::float8[], $10::float8[], $11::text[]) as u(m, g, b, l, a, r, c)`,
    [
      r.league,
      r.from,
      r.to,
      command,
      r.models.map((m) => m.model),
      r.models.map((m) => m.games),
      r.models.map((m) => m.brier),
      r.models.map((m) => m.logLoss),
      r.models.map((m) => (Number.isFinite(m.accuracy) ? m.accuracy : null)),
      r.models.map((m) => (m.bets ? m.roi : null)),
      r.models.map((m) => JSON.stringify(m.calibration)),
    ],
  );
  return res.rowCount;
}
