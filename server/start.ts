// Everything `simcast serve` and the bench need to stand a server up: models from games, database,
// cache, app; and a graceful stop (stop accepting, drain in-flight requests, close pool, db, cache).
import { openDatabase, type Db } from '../app/database.js';
import { closeWorkers } from '../app/runtime.js';
import { buildApp, type App, type AppOptions } from './app.js';
import { corsFromEnv, nearCacheFromEnv, limitsFromEnv, rateLimitFromEnv, ttlFromEnv } from './config.js';
import { loadPredictor } from '../app/predictions/load.js';
import type { Predictor } from '../app/predictions/predictor.js';

/** How long a stop may take before the process exits anyway. */
const STOP_DEADLINE_MS = 10_000;

interface StartOptions {
  /** The predictor to serve (app/predictions/load.ts loads one from games files); default: the bundled NFL history's. */
  predictor?: Predictor;
  /** Open the database (DATABASE_URL, or embedded PGlite in dataDir). Default true. */
  database?: boolean;
  dataDir?: string;
  app?: Partial<AppOptions>;
}

interface Started {
  app: App;
  db: Db | null;
  stop(): Promise<void>;
}

export async function startServer(opts: StartOptions = {}): Promise<Started> {
  const predictor = opts.predictor ?? (await loadPredictor()).predictor;
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
  // Runs a stop handed back (status queued) go on in the background.
  const resumed = (await app.simcast.jobs?.resumeHandedBack()) ?? [];
  if (resumed.length > 0) app.log.info({ runs: resumed }, 'resumed runs handed back by the last stop');
  let stopping: Promise<void> | null = null;
  // Stopping is bounded: stop accepting, answer what is in flight, hand running jobs back, close; what
  // is not closed by the deadline is left to the process's exit.
  const stop = () =>
    (stopping ??= Promise.race([
      (async () => {
        await app.close(); // stops accepting, answers in-flight requests, hands jobs back, closes the cache
        await closeWorkers();
        await db?.close();
      })(),
      new Promise<void>((resolve) => setTimeout(resolve, STOP_DEADLINE_MS).unref()),
    ]));
  return { app, db, stop };
}
