// The Calcutta read API and its optimise-as-a-job POST, on both backends: the embedded database runs
// the job in the server's process; on Postgres it goes through pg-boss to a worker (here in-process).
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { apiUnderTest, auth, ownBossSchema } from './helpers/api-under-test.js';
import { parseCalcuttaObject } from '../engine/calcutta/parse.js';
import { runCalcutta } from '../app/calcutta/optimize.js';
import { buildApp } from '../server/app.js';
import { createModelsPredictor } from '../app/predictions/predictor.js';
import { nflSlice } from './helpers/nfl-slice.js';
import { closePool } from '../workers/pool.js';
import { backends } from './helpers/databases.js';

afterAll(closePool);

const tiny = JSON.parse(readFileSync(new URL('../examples/calcutta-tiny.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const big = JSON.parse(readFileSync(new URL('../examples/calcutta-2016.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const bigField = JSON.parse(readFileSync(new URL('../examples/ncaa-2016.json', import.meta.url), 'utf8')) as Record<string, unknown>;

ownBossSchema('calc');

for (const backend of backends('calc_api')) {
  describe(`Calcutta routes on ${backend.name}`, async () => {
    const { skip, db, app } = await apiUnderTest(backend, { threads: 2, worker: true });
    const get = async (url: string) => app.inject({ method: 'GET', url });
    const waitFor = async (id: number, status: string) => {
      for (let i = 0; i < 600; i++) {
        const r = (await get(`/v1/jobs/${id}`)).json();
        if (r.status === status) return r;
        if (r.status === 'failed') throw new Error(`job ${id} failed: ${r.error}`);
        await new Promise((res) => setTimeout(res, 50));
      }
      throw new Error(`job ${id} never became ${status}`);
    };

    let runId = 0;
    it.skipIf(skip)('starts an optimisation as a job (202) and follows it to complete', async () => {
      const r = await app.inject({ method: 'POST', url: '/v1/calcutta/optimize', headers: auth, payload: { calcutta: tiny, sims: 6000, seed: 9 } });
      expect(r.statusCode).toBe(202);
      expect(r.json()).toMatchObject({ kind: 'calcutta', shardsPlanned: 1, sims: 6000, seed: '9', queue: backend.name === 'postgres' ? 'pg-boss' : 'local' });
      runId = r.json().id;
      const done = await waitFor(runId, 'complete');
      expect(done).toMatchObject({ shardsDone: 1, simsDone: 6000 });
    });

    it.skipIf(skip)('stores what the engine computes in memory for the same seed (other thread count)', async () => {
      const spec = await parseCalcuttaObject(tiny, 'tiny');
      const mem = await runCalcutta(spec, { sims: 6000, seed: 9, threads: 1 });
      const bids = (await get(`/v1/calcutta/runs/${runId}/bids`)).json();
      expect(bids).toMatchObject({ run: runId, strategy: mem.strategy, entryName: mem.entryName, budget: 20, spend: mem.spend });
      const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
      expect(bids.items.map((b: { name: string; bid: number }) => ({ name: b.name, bid: b.bid })).sort(byName)).toEqual(
        mem.recommended.map((b) => ({ name: b.name, bid: b.bid })).sort(byName),
      );
      // Our constraints hold: bids on the increment within [minBid, maxBid], at most 3 teams, within budget.
      for (const b of bids.items) {
        expect(b.bid % 2).toBe(0);
        expect(b.bid).toBeGreaterThanOrEqual(2);
        expect(b.bid).toBeLessThanOrEqual(12);
      }
      expect(bids.items.length).toBeLessThanOrEqual(3);
      expect(bids.items.reduce((a: number, b: { bid: number }) => a + b.bid, 0)).toBeLessThanOrEqual(20);

      const entries = (await get(`/v1/calcutta/runs/${runId}/entries`)).json();
      expect(entries.total).toBe(4);
      const means = entries.items.map((e: { meanPayout: number }) => e.meanPayout);
      expect([...means].sort((a, b) => b - a)).toEqual(means);
      expect(means.reduce((a: number, b: number) => a + b, 0)).toBeCloseTo(1, 9);
      for (const e of entries.items) {
        const m = mem.entries.find((x) => x.entry === e.entry)!;
        expect(e).toMatchObject({ name: m.name, meanPayout: m.meanPayout, sdPayout: m.sdPayout, pFirst: m.pFirst, pInMoney: m.pInMoney, us: e.entry === 0 });
      }
      const page = (await get(`/v1/calcutta/runs/${runId}/entries?offset=1&limit=2`)).json();
      expect(page).toMatchObject({ total: 4, offset: 1, limit: 2 });
      expect(page.items.map((e: { position: number }) => e.position)).toEqual([2, 3]);

      const us = (await get(`/v1/calcutta/runs/${runId}/entries/0`)).json();
      expect(us).toMatchObject({ run: runId, entry: 0, us: true, name: mem.entryName, spend: mem.spend });

      const report = (await get(`/v1/calcutta/runs/${runId}/report`)).json();
      expect(report).toMatchObject({ run: runId, sims: 6000, seed: '9', expectedPayout: mem.expectedPayout, pFirst: mem.pFirst, pot: mem.pot });
      expect(report.items.reduce((a: number, l: { expectedPayoutShare: number }) => a + l.expectedPayoutShare, 0)).toBeCloseTo(report.expectedPayoutShare, 9);

      const teams = (await get(`/v1/calcutta/runs/${runId}/teams`)).json();
      expect(teams.items).toHaveLength(4);
      expect(teams.items.map((t: { expectedPoints: number }) => t.expectedPoints)).toEqual(mem.teams.map((t) => t.expectedPoints));
    });

    it.skipIf(skip)("computes an entry's payout histogram in SQL from the stored outcomes", async () => {
      const entries = (await get(`/v1/calcutta/runs/${runId}/entries`)).json();
      for (const e of entries.items) {
        const h = await get(`/v1/calcutta/runs/${runId}/entries/${e.entry}/histogram?bins=10`);
        expect(h.statusCode).toBe(200);
        const body = h.json();
        expect(body).toMatchObject({ run: runId, entry: e.entry, name: e.name, sims: 6000 });
        expect(body.mean).toBeCloseTo(e.meanPayout, 9);
        expect(body.bins).toHaveLength(10);
        expect(body.bins.reduce((a: number, b: { count: number }) => a + b.count, 0)).toBe(6000);
        expect(body.bins[9].hi).toBe(1);
      }
    });

    it.skipIf(skip)('lists stored tournaments and their runs', async () => {
      const t = (await get('/v1/tournaments')).json();
      const mine = t.items.find((x: { name: string }) => x.name === 'Four-team playoff');
      expect(mine).toMatchObject({ teams: 4 });
      const runs = (await get(`/v1/tournaments/${mine.id}/runs`)).json();
      expect(runs.items.find((r: { id: number }) => r.id === runId)).toMatchObject({
        kind: 'calcutta',
        status: 'complete',
        optimization: { strategy: expect.any(String) },
      });
    });

    it.skipIf(skip)('cancels a running optimisation with DELETE /v1/jobs/:id, leaving no rows', async () => {
      const r = await app.inject({
        method: 'POST',
        url: '/v1/jobs',
        headers: auth,
        payload: { kind: 'calcutta', calcutta: { ...big, field: bigField }, sims: 1_500_000, seed: 1 },
      });
      expect(r.statusCode).toBe(202);
      const id = r.json().id;
      await waitFor(id, 'running');
      // Results are not there while it runs.
      const early = await get(`/v1/calcutta/runs/${id}/entries`);
      expect(early.statusCode).toBe(409);
      expect(early.json().error.code).toBe('CONFLICT');
      const d = await app.inject({ method: 'DELETE', url: `/v1/jobs/${id}`, headers: auth });
      expect(d.json().status).toBe('cancelled');
      const after = await waitFor(id, 'cancelled');
      expect(after.shardsDone).toBe(0);
      const rows = await db.query<{ n: number }>('select count(*)::int as n from entry_simulation_outcomes where run_id = $1', [id]);
      expect(rows.rows[0].n).toBe(0);
    });

    it.skipIf(skip)('refuses bad input with coded errors', async () => {
      const post = (payload: unknown, headers: Record<string, string> = auth) =>
        app.inject({ method: 'POST', url: '/v1/calcutta/optimize', headers, payload: payload as Record<string, unknown> });
      const overBudget = await post({ calcutta: { ...tiny, entries: [{ name: 'Ann', budget: 20, bids: { Alabama: 30 } }] }, sims: 100 });
      expect(overBudget.statusCode).toBe(400);
      expect(overBudget.json().error.code).toBe('BID_INVALID');
      const path = await post({ calcutta: { ...tiny, field: 'ncaa-2016.json' }, sims: 100 });
      expect(path.statusCode).toBe(400);
      expect(path.json().error).toMatchObject({ code: 'CALCUTTA_INVALID', message: expect.stringContaining('field: must be the field inline') });
      const unknownTeam = await post({ calcutta: { ...tiny, entries: [{ name: 'Ann', bids: { Kansas: 3 } }] }, sims: 100 });
      expect(unknownTeam.json().error.code).toBe('TEAM_UNKNOWN');
      const payouts = await post({ calcutta: { ...tiny, payouts: [0.7, 0.2] }, sims: 100 });
      expect(payouts.json().error.code).toBe('PAYOUTS_INVALID');
      const tooMany = await post({ calcutta: tiny, sims: 10_000_000 });
      expect(tooMany.json().error.code).toBe('LIMIT_EXCEEDED');
      const noKey = await post({ calcutta: tiny }, {});
      expect(noKey.statusCode).toBe(401);
      const wrongType = await post({ calcutta: tiny, sims: '100' });
      expect(wrongType.statusCode).toBe(400);
      for (const url of [
        '/v1/calcutta/runs/999999/entries',
        '/v1/calcutta/runs/999999/report',
        '/v1/tournaments/999999/runs',
        `/v1/calcutta/runs/${runId}/entries/77`,
      ]) {
        const r = await get(url);
        expect(r.statusCode, url).toBe(404);
        expect(r.json().error.code).toBe('NOT_FOUND');
      }
      const openapi = (await get('/docs/json')).json();
      expect(Object.keys(openapi.paths)).toEqual(
        expect.arrayContaining([
          '/v1/tournaments',
          '/v1/tournaments/{id}/runs',
          '/v1/calcutta/runs/{id}/entries',
          '/v1/calcutta/runs/{id}/entries/{entry}',
          '/v1/calcutta/runs/{id}/entries/{entry}/histogram',
          '/v1/calcutta/runs/{id}/bids',
          '/v1/calcutta/runs/{id}/report',
          '/v1/calcutta/runs/{id}/teams',
          '/v1/calcutta/optimize',
        ]),
      );
    });
  });
}

describe('Calcutta routes without a database', () => {
  it('answer 503 with a coded error', async () => {
    const app = await buildApp({
      predictor: createModelsPredictor({ games: { nfl: nflSlice() } }),
      db: null,
      redisUrl: null,
      rateLimit: false,
      apiKey: null,
      defaultMetrics: false,
    });
    try {
      const r = await app.inject({ method: 'GET', url: '/v1/tournaments' });
      expect(r.statusCode).toBe(503);
      expect(r.json().error.code).toBe('DATABASE_UNREACHABLE');
    } finally {
      await app.close();
    }
  });
});
