import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../server/app.js';
import { createModelsPredictor } from '../app/predictions/predictor.js';
import { nflSlice } from './helpers/nfl-slice.js';
import { embeddedDb } from './helpers/databases.js';
import { closePool } from '../workers/pool.js';

afterAll(closePool);

const seasonJob = JSON.parse(readFileSync(new URL('../examples/job-season.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const tournamentJob = JSON.parse(readFileSync(new URL('../examples/job-tournament.json', import.meta.url), 'utf8')) as Record<string, unknown>;

describe('job routes on the embedded database', async () => {
  const db = await embeddedDb();
  const app = await buildApp({
    predictor: createModelsPredictor({ games: { nfl: nflSlice() } }),
    db,
    redisUrl: null,
    rateLimit: false,
    apiKey: 'sekret',
    defaultMetrics: false,
    threads: 2,
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });
  const auth = { authorization: 'Bearer sekret' };
  const waitFor = async (id: number, status: string) => {
    for (let i = 0; i < 300; i++) {
      const r = await app.inject({ method: 'GET', url: `/v1/jobs/${id}` });
      if (r.json().status === status) return r.json();
      await new Promise((res) => setTimeout(res, 50));
    }
    throw new Error(`job ${id} never became ${status}`);
  };

  it('submits a season job (202), follows it to complete and pages its results', async () => {
    const r = await app.inject({ method: 'POST', url: '/v1/jobs', headers: auth, payload: { ...seasonJob, sims: 20_000 } });
    expect(r.statusCode).toBe(202);
    const job = r.json();
    expect(job).toMatchObject({ kind: 'season', queue: 'local', shardsPlanned: 1, sims: 20_000, seed: '7' });
    const done = await waitFor(job.id, 'complete');
    expect(done).toMatchObject({ shardsDone: 1, simsDone: 20_000 });
    const page = await app.inject({ method: 'GET', url: `/v1/runs/${job.id}/results?offset=2&limit=3` });
    expect(page.statusCode).toBe(200);
    expect(page.json()).toMatchObject({ run: job.id, kind: 'season', total: 8, offset: 2, limit: 3 });
    expect(page.json().items).toHaveLength(3);
    expect(page.json().items[0]).toHaveProperty('expectedWins');
    const run = await app.inject({ method: 'GET', url: `/v1/runs/${job.id}` });
    expect(run.json()).toMatchObject({ id: job.id, status: 'complete', streamScheme: 'xoshiro128ss+arc4seed/block4096/v1' });
    expect(run.json().startedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('cancels a running job with DELETE', async () => {
    const r = await app.inject({ method: 'POST', url: '/v1/jobs', headers: auth, payload: { ...tournamentJob, sims: 2_000_000_000, shardBlocks: 8192 } });
    const id = r.json().id;
    await waitFor(id, 'running');
    // The queue's depth in /metrics: this job's shards are pending while it runs.
    const metrics = (await app.inject('/metrics')).body;
    const pending = Number(/^simcast_job_shards_pending (\d+)$/m.exec(metrics)?.[1]);
    expect(pending).toBeGreaterThan(0);
    expect(metrics).toMatch(/^simcast_jobs\{status="running"\} 1$/m);
    const d = await app.inject({ method: 'DELETE', url: `/v1/jobs/${id}`, headers: auth });
    expect(d.statusCode).toBe(200);
    expect(d.json().status).toBe('cancelled');
    const atCancel = await waitFor(id, 'cancelled');
    expect(atCancel.shardsDone).toBeLessThan(atCancel.shardsPlanned);
    // The shard in flight rolls back and no other starts: nothing changes afterwards.
    await new Promise((res) => setTimeout(res, 1000));
    const later = (await app.inject({ method: 'GET', url: `/v1/jobs/${id}` })).json();
    expect(later).toMatchObject({ status: 'cancelled', shardsDone: atCancel.shardsDone });
  });

  it('refuses bad jobs, unknown ids and missing keys with coded errors', async () => {
    const bad = await app.inject({ method: 'POST', url: '/v1/jobs', headers: auth, payload: { kind: 'season', sims: 10, season: {}, persist: 'rows' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('JOB_INVALID');
    const badField = await app.inject({ method: 'POST', url: '/v1/jobs', headers: auth, payload: { kind: 'tournament', sims: 10, field: { teams: [] } } });
    expect(badField.statusCode).toBe(400);
    const noKey = await app.inject({ method: 'POST', url: '/v1/jobs', payload: seasonJob });
    expect(noKey.statusCode).toBe(401);
    expect(noKey.json().error.code).toBe('UNAUTHORIZED');
    const missing = await app.inject({ method: 'GET', url: '/v1/jobs/99999' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('NOT_FOUND');
    const openapi = await app.inject({ method: 'GET', url: '/docs/json' });
    expect(Object.keys(openapi.json().paths)).toEqual(expect.arrayContaining(['/v1/jobs', '/v1/jobs/{id}', '/v1/runs/{id}/results']));
  });
});
