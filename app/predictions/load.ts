// A predictor from games files: each league's generic games CSV read by the ingest parser
// (engine/games/generic.ts), its rejected rows handed back for the interface to report; without files,
// the NFL history bundled in examples/data (spreadspoke, teams by franchise id).
import { projectFile } from '../../core/paths.js';
import { loadGames } from '../inputs/games-file.js';
import type { Game, RejectedRow } from '../../engine/games/types.js';
import { createModelsPredictor, type Predictor } from './predictor.js';

interface LoadPredictorOptions {
  /** A generic games CSV per league, e.g. { nfl: 'games.csv' }. */
  gamesFiles?: Record<string, string>;
  /** Games given directly, per league. */
  games?: Record<string, readonly Game[]>;
}

interface LoadedPredictor {
  predictor: Predictor;
  /** Rows of the games files that were not taken, with their file. */
  rejected: (RejectedRow & { file: string })[];
}

const BUNDLED_NFL = {
  games: () => projectFile('examples', 'data', 'nfl-games-spreadspoke.csv'),
  teams: () => projectFile('examples', 'data', 'nfl-teams.csv'),
};

export async function loadPredictor(opts: LoadPredictorOptions = {}): Promise<LoadedPredictor> {
  const games: Record<string, readonly Game[]> = { ...opts.games };
  const rejected: LoadedPredictor['rejected'] = [];
  for (const [league, file] of Object.entries(opts.gamesFiles ?? {})) {
    const parsed = await loadGames(file, 'auto');
    for (const r of parsed.rejected) rejected.push({ ...r, file });
    games[league] = parsed.games;
  }
  if (Object.keys(games).length === 0) games.nfl = (await loadGames(BUNDLED_NFL.games(), 'spreadspoke', BUNDLED_NFL.teams())).games;
  return { predictor: createModelsPredictor({ games }), rejected };
}
