// The HTTP API on one storage backend, as the route suites use it: the real models on the NFL slice, a
// write key ('sekret'), and on Postgres a pg-boss queue with an in-process worker so jobs run. Closed
// (and the backend's schema dropped) after the suite that called it.
import pg from 'pg';
import { afterAll } from 'vitest';
import { startBoss, workShards, type ShardWorker } from '../../app/jobs/pgboss-queue.js';
import type { PgBoss } from '../../app/jobs/pgboss.js';
import { createModelsPredictor } from '../../app/predictions/predictor.js';
import { buildApp, type App } from '../../server/app.js';
import type { Db } from '../../store/db.js';
import { PG_URL, postgresReachable, type Backend } from './databases.js';
import { nflSlice } from './nfl-slice.js';

export const auth = { authorization: 'Bearer sekret' };

/** pg-boss in a schema of this file's own (dropped at the end), for suites whose jobs go through the queue. */
export function ownBossSchema(tag: string): void {
  process.env.DATABASE_URL ??= PG_URL;
  process.env.SIMCAST_BOSS_SCHEMA = `t_${tag}_boss_${process.pid}`;
  afterAll(async () => {
    if (!(await postgresReachable())) return;
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(`drop schema if exists ${process.env.SIMCAST_BOSS_SCHEMA} cascade`);
    await c.end();
  });
}

export interface ApiUnderTest {
  /** Postgres is absent (outside CI): the suite's tests are skipped. */
  skip: boolean;
  db: Db;
  app: App;
}

/** Call inside a describe: the app on `backend`, with a queue worker on Postgres when `worker` is set. */
export async function apiUnderTest(backend: Backend, o: { threads: number; worker?: boolean }): Promise<ApiUnderTest> {
  const skip = backend.name === 'postgres' && !(await postgresReachable());
  if (skip) return { skip, db: undefined as unknown as Db, app: undefined as unknown as App };
  const db = await backend.open();
  const app = await buildApp({
    predictor: createModelsPredictor({ games: { nfl: nflSlice() } }),
    db,
    redisUrl: null,
    rateLimit: false,
    apiKey: 'sekret',
    defaultMetrics: false,
    threads: o.threads,
  });
  let boss: PgBoss | null = null;
  let worker: ShardWorker | null = null;
  if (o.worker && db.kind === 'postgres') {
    boss = await startBoss({ url: PG_URL });
    worker = workShards(db, boss, { threads: o.threads, pollingIntervalSeconds: 0.1 });
  }
  afterAll(async () => {
    await worker?.stop();
    await boss?.stop({ graceful: false });
    await app.close();
    await db.close();
    await backend.cleanup();
  });
  return { skip, db, app };
}
