// `simcast backtest`: the walk-forward backtest of the game models over a games file (the bundled NFL
// history by default), and its scores stored in model_performance.
import { projectFile } from '../core/paths.js';
import { backtest, type BacktestResult } from '../engine/models/backtest.js';
import type { Db } from '../store/db.js';
import { saveModelPerformance } from '../store/model-performance.js';
import { checkGamesLeague } from '../engine/games/league-check.js';
import { loadGames, type GamesFormat } from './inputs/games-file.js';

export type { BacktestResult };

/** The bundled NFL history (spreadspoke format). */
export const BUNDLED_NFL_GAMES = projectFile('examples', 'data', 'nfl-games-spreadspoke.csv');

export async function backtestFile(o: {
  league: string;
  from: number;
  to: number;
  file: string;
  format: GamesFormat | 'auto';
  teams?: string;
}): Promise<{ result: BacktestResult; rowsSkipped: number; format: GamesFormat }> {
  const parsed = await loadGames(o.file, o.format, o.teams);
  checkGamesLeague(parsed.games, o.league, o.file);
  return {
    result: backtest(parsed.games, o.league, o.from, o.to),
    rowsSkipped: parsed.rejected.filter((r) => r.scope === 'row').length,
    format: parsed.format,
  };
}

export function storeBacktest(db: Db, result: BacktestResult, command: string): Promise<number> {
  return saveModelPerformance(db, result, command);
}
