// Everything `simcast serve` and the bench need to stand a server up: models from games, database,
// cache, app; and a graceful stop (stop accepting, drain in-flight requests, close pool, db, cache).
import { openDatabase, type Db } from '../app/database.js';
import { closeWorkers } from '../app/runtime.js';
import { buildApp, type App, type AppOptions } from './app.js';
import { corsFromEnv, nearCacheFromEnv, limitsFromEnv, rateLimitFromEnv, ttlFromEnv } from './config.js';
import { loadGamesFile } from './games-source.js';
import { loadGames } from '../app/inputs/games-file.js';
import { createModelsPredictor } from './predictor-models.js';
import { projectFile } from '../core/paths.js';
import type { GameRecord, Predictor } from './predictor.js';

export interface StartOptions {
  /** A games CSV (generic format) per league, e.g. { nfl: 'games.csv' }. */
  gamesFiles?: Record<string, string>;
  games?: Record<string, GameRecord[]>;
  predictor?: Predictor;
  /** Open the database (DATABASE_URL, or embedded PGlite in dataDir). Default true. */
  database?: boolean;
  dataDir?: string;
  app?: Partial<AppOptions>;
}

export interface Started {
  app: App;
  db: Db | null;
  stop(): Promise<void>;
}

export async function loadPredictor(opts: Pick<StartOptions, 'gamesFiles' | 'games'>): Promise<Predictor> {
  const games: Record<string, GameRecord[]> = { ...opts.games };
  for (const [league, file] of Object.entries(opts.gamesFiles ?? {})) games[league] = await loadGamesFile(file);
  // Sensible default: the NFL history shipped with simcast (spreadspoke, 1966 on; teams by franchise id).
  if (Object.keys(games).length === 0) {
    const parsed = await loadGames(projectFile('examples', 'data', 'nfl-games-spreadspoke.csv'), 'spreadspoke', projectFile('examples', 'data', 'nfl-teams.csv'));
    games.nfl = parsed.games;
  }
  return createModelsPredictor({ games });
}

export async function startServer(opts: StartOptions = {}): Promise<Started> {
  const predictor = opts.predictor ?? (await loadPredictor(opts));
  const db = opts.database === false ? null : await openDatabase({ dataDir: opts.dataDir });
  let app: App;
  try {
    app = await buildApp({
      predictor,
      db,
      limits: limitsFromEnv(),
      ttl: ttlFromEnv(),
      rateLimit: rateLimitFromEnv(),
      cors: corsFromEnv(),
      nearCacheMs: nearCacheFromEnv(),
      ...opts.app,
    });
  } catch (e) {
    await db?.close();
    throw e;
  }
  // Serve at once; a cache still connecting only means the first answers are computed.
  await app.simcast.cache.ready(1000);
  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      await app.close(); // stops accepting, answers in-flight requests, closes the cache
      await closeWorkers();
      await db?.close();
    })());
  return { app, db, stop };
}
