// The season routes on both backends: POST /v1/seasons/simulate (synchronous, the same answer as the
// use case with the same seed; stored with persist and read back at GET /v1/seasons/runs/{id}), POST
// /v1/seasons/weekly, errors in the JSON shape (400, 401, 404, 413) and the OpenAPI document.
import { afterAll, describe, expect, it } from 'vitest';
import { apiUnderTest, auth } from './helpers/api-under-test.js';
import { simulateSeason } from '../app/seasons/simulate.js';
import { seasonResultView } from '../app/seasons/view.js';
import { closePool } from '../workers/pool.js';
import { backends } from './helpers/databases.js';

afterAll(closePool);

type TeamView = { id: string; conference: string; seeds: number[]; playoffs: number };

for (const backend of backends('season_api')) {
  describe(`season routes on ${backend.name}`, { timeout: 300_000 }, async () => {
    const { skip, db, app } = await apiUnderTest(backend, { threads: 2 });

    const post = (url: string, payload: unknown, headers: Record<string, string> = auth) =>
      app.inject({ method: 'POST', url, payload: payload as object, headers });

    it.skipIf(skip)('simulate: the answer of the use case with the same seed; after the regular season, the real seeds', async () => {
      const r = await post('/v1/seasons/simulate', { season: 2024, week: 12, sims: 3000, seed: 11 });
      expect(r.statusCode, r.body).toBe(200);
      const body = r.json();
      const direct = seasonResultView(await simulateSeason({ league: 'nfl', season: 2024, week: 12 }, { sims: 3000, seed: 11, threads: 1 }));
      expect(body.teams).toEqual(direct.teams);
      expect(body.games).toEqual(direct.games);
      expect(body).toMatchObject({ league: 'nfl', season: 2024, week: 12, asOf: direct.asOf, gamesLeft: direct.gamesLeft, sims: 3000, seed: 11, threads: 2 });

      const end = (await post('/v1/seasons/simulate', { season: 2024, week: 19, sims: 500, seed: 1 })).json();
      const seeded = (conf: string) =>
        (end.teams as TeamView[])
          .filter((t) => t.conference === conf && t.playoffs === 1)
          .sort((a, b) => a.seeds.indexOf(1) - b.seeds.indexOf(1))
          .map((t) => t.id);
      expect(seeded('AFC')).toEqual(['KAN', 'BUF', 'RAV', 'HTX', 'SDG', 'PIT', 'DEN']);
      expect(seeded('NFC')).toEqual(['DET', 'PHI', 'TAM', 'RAM', 'MIN', 'WAS', 'GNB']);
    });

    it.skipIf(skip)('weekly: playoff odds before every week of 2023 and after the last', async () => {
      const r = await post('/v1/seasons/weekly', { season: 2023, sims: 200, seed: 3 });
      expect(r.statusCode, r.body).toBe(200);
      const w = r.json();
      expect(w).toMatchObject({ season: 2023, weeks: 18, sims: 200, seed: 3 });
      expect(w.points).toHaveLength(19);
      expect(w.points[0]).toMatchObject({ week: 1, gamesLeft: 272 });
      expect(w.points[18]).toMatchObject({ week: 19, gamesLeft: 0 });
      expect(w.teams).toHaveLength(32);
      for (const t of w.teams) expect(t.playoffs).toHaveLength(19);
      expect(w.teams.filter((t: { playoffs: number[] }) => t.playoffs[18] === 1)).toHaveLength(14);
    });

    it.skipIf(skip)('persist: stored by COPY and read back at GET /v1/seasons/runs/{id}', async () => {
      const r = await post('/v1/seasons/simulate', { season: 2024, week: 17, sims: 2000, seed: 'kept', persist: true });
      expect(r.statusCode, r.body).toBe(200);
      const body = r.json();
      expect(body.runId).toBeGreaterThan(0);
      const rows = await db.query<{ n: number }>('select count(*)::int as n from season_team_results where run_id = $1', [body.runId]);
      expect(rows.rows[0].n).toBe(32);
      const g = await app.inject({ method: 'GET', url: `/v1/seasons/runs/${body.runId}` });
      expect(g.statusCode, g.body).toBe(200);
      const stored = g.json();
      expect(stored.run).toMatchObject({ id: body.runId, status: 'complete' });
      expect(stored.result).toMatchObject({ runId: body.runId, season: 2024, week: 17, sims: 2000, seed: 'kept' });
      expect(stored.result.teams).toEqual(body.teams);
      const missing = await app.inject({ method: 'GET', url: '/v1/seasons/runs/987654' });
      expect(missing.statusCode).toBe(404);
      expect(missing.json().error.code).toBe('NOT_FOUND');
    });

    it.skipIf(skip)('errors: 400 with the field named, 401 without the key, 413 over the cap', async () => {
      const week = await post('/v1/seasons/simulate', { season: 2024, week: 20, sims: 10 });
      expect(week.statusCode).toBe(400);
      expect(week.json().error).toMatchObject({ code: 'OPTION_INVALID', message: expect.stringMatching(/^body\.week must be from 1 to 19 for season 2024/) });
      const both = await post('/v1/seasons/simulate', { season: 2024, week: 3, asOf: '2024-10-01' });
      expect(both.statusCode).toBe(400);
      const unknown = await post('/v1/seasons/simulate', { season: 2024, weeks: 3 });
      expect(unknown.statusCode).toBe(400);
      const season = await post('/v1/seasons/simulate', { season: 1950 });
      expect(season.statusCode).toBe(400);
      expect(season.json().error.message).toMatch(/^body\.season: no regular-season games of 1950/);
      expect((await post('/v1/seasons/simulate', { season: 2024 }, {})).statusCode).toBe(401);
      const big = await post('/v1/seasons/simulate', { season: 2024, week: 1, sims: 1_000_000 });
      expect(big.statusCode).toBe(413);
      expect(big.json().error).toMatchObject({
        code: 'LIMIT_EXCEEDED',
        message: expect.stringMatching(/^body\.sims: 1,000,000 simulations of 272 games left/),
      });
      const weekly = await post('/v1/seasons/weekly', { season: 2024, sims: 100_000 });
      expect(weekly.statusCode).toBe(413);
    });

    it.skipIf(skip)('the OpenAPI document has the three routes', async () => {
      const doc = (await app.inject({ method: 'GET', url: '/docs/json' })).json();
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/seasons/simulate', '/v1/seasons/weekly', '/v1/seasons/runs/{id}']));
    });
  });
}
