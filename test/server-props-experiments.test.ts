// Experiments as jobs over HTTP: POST /v1/experiments stores the experiment as queued and answers 202 at
// once with it and its job; the job (the embedded database's own queue, or pg-boss and a worker on
// Postgres) computes the NBA threes backtest over the stored prices and logs, and GET /v1/experiments/:id
// then shows it complete with its metrics. An experiment outlives its snapshot.
import { afterAll, describe, expect, it } from 'vitest';
import { ingestPropsFeed, readPropsFeed } from '../app/props/ingest.js';
import { apiUnderTest, auth, ownBossSchema } from './helpers/api-under-test.js';
import { backends } from './helpers/databases.js';
import { closePool } from '../workers/pool.js';

afterAll(closePool);
ownBossSchema('props_experiments');

const fixture = (f: string) => new URL(`./fixtures/props/${f}`, import.meta.url).pathname;

for (const backend of backends('props_experiments')) {
  describe(`experiments as jobs on ${backend.name}`, async () => {
    const { skip, db, app } = await apiUnderTest(backend, { threads: 1, worker: true });
    const req = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = auth) =>
      app.inject({ method, url, headers, ...(payload ? { payload: payload as Record<string, unknown> } : {}) });
    const settled = async (id: number) => {
      for (let i = 0; i < 2000; i++) {
        const e = (await req('GET', `/v1/experiments/${id}`)).json();
        if (e.status === 'complete' || e.status === 'failed') return e;
        await new Promise((ok) => setTimeout(ok, 50));
      }
      throw new Error(`experiment ${id} did not finish`);
    };

    it.skipIf(skip)('202 with the experiment queued and its job; complete with metrics once the job ran', async () => {
      for (const [feed, f] of [
        ['player-stats', 'nba-player-games.csv'],
        ['props', 'nba-threes-lines.csv'],
      ] as const)
        await ingestPropsFeed(db, await readPropsFeed(fixture(f), feed), fixture(f));
      const snap = (await req('POST', '/v1/snapshots', { league: 'nba' })).json();
      const r = await req('POST', '/v1/experiments', { league: 'nba', stat: 'threes', riskMode: 'conservative', snapshotId: snap.id });
      expect(r.statusCode, r.body).toBe(202);
      const queued = r.json();
      expect(queued).toMatchObject({ riskMode: 'conservative', snapshotId: snap.id, league: 'nba', metrics: null, finishedAt: null });
      expect(['queued', 'running', 'complete']).toContain(queued.status);
      expect(queued.job).toMatchObject({
        id: queued.jobId,
        kind: 'props-backtest',
        shardsPlanned: 1,
        sims: 1,
        queue: db.kind === 'postgres' ? 'pg-boss' : 'local',
      });

      const done = await settled(queued.id);
      expect(done.status, JSON.stringify(done.metrics)).toBe('complete');
      expect(done.jobId).toBe(queued.jobId);
      expect(done.metrics.scores.all.rows).toBe(204);
      for (const k of ['market', 'model', 'blend']) expect(done.metrics.scores.all[k].brier).toBeGreaterThan(0.2);
      const job = (await req('GET', `/v1/jobs/${queued.jobId}`)).json();
      expect(job).toMatchObject({ status: 'complete', shardsDone: 1, simsDone: 1 });
      expect((await req('GET', `/v1/runs/${queued.jobId}`)).json()).toMatchObject({ id: queued.jobId, status: 'complete' });
      const results = await req('GET', `/v1/runs/${queued.jobId}/results`);
      expect(results.statusCode, results.body).toBe(200);
      expect(results.json()).toMatchObject({ kind: 'props-backtest', total: 0, items: [], meta: { experimentId: queued.id } });
      expect(results.json().meta.metrics.scores).toEqual(done.metrics.scores);

      // the same walk-forward as the CLI's direct run: equal scores
      const { runExperiment } = await import('../app/props/experiments.js');
      const direct = await runExperiment(db, { league: 'nba', stat: 'threes', riskMode: 'conservative' });
      expect(done.metrics.scores).toEqual(JSON.parse(JSON.stringify((direct.experiment!.metrics as { scores: unknown }).scores)));

      // an experiment whose job ended without it (here: cancelled while it was queued) reads as failed
      await db.query("update experiments set status = 'queued', metrics = null where id = $1", [queued.id]);
      await db.query("update runs set status = 'cancelled', error = 'cancelled by a test' where id = $1", [queued.jobId]);
      const ended = (await req('GET', `/v1/experiments/${queued.id}`)).json();
      expect(ended).toMatchObject({ status: 'failed', metrics: { error: `job ${queued.jobId} cancelled: cancelled by a test` } });
      expect((await db.query<{ status: string }>('select status from experiments where id = $1', [queued.id])).rows[0].status).toBe('failed');

      // deleting the snapshot keeps the experiment, with a null snapshot
      await db.query('delete from snapshots where id = $1', [snap.id]);
      expect((await req('GET', `/v1/experiments/${queued.id}`)).json()).toMatchObject({ snapshotId: null, jobId: queued.jobId });
    });

    it.skipIf(skip)('bad input is refused before anything is stored or queued', async () => {
      const before = (await db.query<{ n: number }>('select count(*)::int as n from experiments')).rows[0].n;
      const jobs = (await db.query<{ n: number }>('select count(*)::int as n from runs')).rows[0].n;
      expect((await req('POST', '/v1/experiments', { league: 'nba', stat: 'points' })).json().error.code).toBe('OPTION_INVALID');
      const missing = await req('POST', '/v1/experiments', { league: 'nba', stat: 'threes', snapshotId: 999_999 });
      expect([missing.statusCode, missing.json().error.code]).toEqual([404, 'NOT_FOUND']);
      expect((await req('POST', '/v1/experiments', { league: 'nba', stat: 'threes' }, {})).statusCode).toBe(401);
      expect((await db.query<{ n: number }>('select count(*)::int as n from experiments')).rows[0].n).toBe(before);
      expect((await db.query<{ n: number }>('select count(*)::int as n from runs')).rows[0].n).toBe(jobs);
      expect((await req('GET', '/v1/experiments/999999')).statusCode).toBe(404);
    });
  });
}
