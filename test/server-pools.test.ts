// The pools routes on both backends: synchronous optimise and evaluate (the use case's answer), the cap
// (413), a stored job (202; the embedded database runs it in the server's process, Postgres through
// pg-boss to an in-process worker) and the reads of the stored run; coded errors for bad input.
import { afterAll, describe, expect, it } from 'vitest';
import { apiUnderTest, auth, ownBossSchema } from './helpers/api-under-test.js';
import { poolInputsFromDocument, type PoolDocument } from '../app/pools/document.js';
import { optimizePool } from '../app/pools/optimize.js';
import { closePool } from '../workers/pool.js';
import { backends } from './helpers/databases.js';
import { smallPoolDocument } from './helpers/pool.js';

afterAll(closePool);

const doc = smallPoolDocument(16, 7, 25) as unknown as PoolDocument;

ownBossSchema('pools');

for (const backend of backends('pools_api')) {
  describe(`pools routes on ${backend.name}`, async () => {
    const { skip, app } = await apiUnderTest(backend, { threads: 1, worker: true });
    const get = (url: string) => app.inject({ method: 'GET', url });
    const post = (url: string, payload: unknown, headers: Record<string, string> = auth) =>
      app.inject({ method: 'POST', url, headers, payload: payload as Record<string, unknown> });
    const waitFor = async (id: number, status: string) => {
      for (let i = 0; i < 3000; i++) {
        const r = (await get(`/v1/jobs/${id}`)).json();
        if (r.status === status) return r;
        if (r.status === 'failed') throw new Error(`job ${id} failed: ${r.error}`);
        await new Promise((res) => setTimeout(res, 50));
      }
      throw new Error(`job ${id} never became ${status}`);
    };

    it.skipIf(skip)('optimises synchronously: the use case’s answer for the seed', async () => {
      const r = await post('/v1/pools/optimize', { pool: doc, sims: 3000, seed: 2 });
      expect(r.statusCode, r.body).toBe(200);
      const mem = await optimizePool(poolInputsFromDocument(doc, 'doc'), { sims: 3000, seed: 2 });
      const { timings: _a, ...body } = r.json();
      const { timings: _b, ...want } = mem.report;
      expect(body).toEqual(JSON.parse(JSON.stringify(want)));
      expect(Object.keys(body.bracket)).toHaveLength(16);
    });

    it.skipIf(skip)('evaluates an entry synchronously; chalk evaluated is chalk', async () => {
      const chalk = (await post('/v1/pools/optimize', { pool: doc, sims: 1000, seed: 2 })).json().chalk.bracket;
      const r = await post('/v1/pools/evaluate', { pool: { ...doc, entry: chalk }, sims: 2000, seed: 3 });
      expect(r.statusCode, r.body).toBe(200);
      const b = r.json();
      expect(b.entry.winProbability).toEqual(b.chalk.winProbability);
      expect(b.winRatio.value).toBe(1);
      expect(b.importance.length).toBe(15);
    });

    let runId = 0;
    it.skipIf(skip)('runs as a job (202) and serves the stored run', async () => {
      const r = await post('/v1/pools/optimize', { pool: doc, sims: 4096, seed: 5, job: true });
      expect(r.statusCode, r.body).toBe(202);
      expect(r.json()).toMatchObject({ kind: 'pool', shardsPlanned: 1, sims: 4096, seed: '5', queue: backend.name === 'postgres' ? 'pg-boss' : 'local' });
      runId = r.json().id;
      await waitFor(runId, 'complete');
      const run = (await get(`/v1/pools/runs/${runId}`)).json();
      expect(run).toMatchObject({ run: runId, status: 'complete', mode: 'optimize', sims: 4096, opponents: 25, holdoutSeed: '5|pool-holdout' });
      const entries = (await get(`/v1/pools/runs/${runId}/entries`)).json();
      expect(entries.items.map((e: { label: string }) => e.label)).toContain('chalk');
      const imp = await get(`/v1/pools/runs/${runId}/importance?limit=3`);
      expect(imp.statusCode).toBe(200);
      expect(imp.json().items).toHaveLength(3);
      const scores = (await get(`/v1/pools/runs/${runId}/entries/1/scores?limit=5`)).json();
      expect(scores).toMatchObject({ run: runId, entry: 1, total: 4096, offset: 0, limit: 5 });
      expect(scores.items).toHaveLength(5);
      expect(scores.mean).toBeCloseTo(entries.items[1].expectedScore, 9);
    });

    it.skipIf(skip)('refuses bad input with coded errors', async () => {
      const big = await post('/v1/pools/optimize', { pool: doc, sims: 40_000 });
      expect(big.statusCode).toBe(413);
      expect(big.json().error.code).toBe('LIMIT_EXCEEDED');
      const noEntry = await post('/v1/pools/evaluate', { pool: doc, sims: 100 });
      expect(noEntry.statusCode).toBe(400);
      expect(noEntry.json().error.code).toBe('POOL_INVALID');
      const unknown = await post('/v1/pools/optimize', {
        pool: { ...doc, picks: doc.picks.map((p, i) => (i === 3 ? { ...p, name: 'Nobody' } : p)) },
        sims: 100,
      });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json().error.code).toBe('TEAM_UNKNOWN');
      const badEntry = await post('/v1/pools/evaluate', { pool: { ...doc, entry: { T0: 4, T1: 4 } }, sims: 100 });
      expect(badEntry.json().error.code).toBe('POOL_INVALID');
      const wrongType = await post('/v1/pools/optimize', { pool: { ...doc, poolSize: 'ten' } });
      expect(wrongType.statusCode).toBe(400);
      expect((await post('/v1/pools/optimize', { pool: doc }, {})).statusCode).toBe(401);
      for (const url of ['/v1/pools/runs/999999', '/v1/pools/runs/999999/entries', `/v1/pools/runs/${runId}/entries/9/scores`]) {
        const r = await get(url);
        expect(r.statusCode, url).toBe(404);
        expect(r.json().error.code).toBe('NOT_FOUND');
      }
      const openapi = (await get('/docs/json')).json();
      expect(Object.keys(openapi.paths)).toEqual(
        expect.arrayContaining([
          '/v1/pools/optimize',
          '/v1/pools/evaluate',
          '/v1/pools/runs/{id}',
          '/v1/pools/runs/{id}/entries',
          '/v1/pools/runs/{id}/importance',
          '/v1/pools/runs/{id}/entries/{entry}/scores',
        ]),
      );
    });
  });
}
