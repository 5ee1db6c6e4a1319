// Stored season runs on Postgres and PGlite: `simcast season --persist` runs the season job in this
// process, its completing transaction COPYs the results (store/season-results.ts); they read back equal
// to the report and to a live run with the same seed; a cancelled run leaves no results; dropping the
// run drops them.
import { afterAll, describe, expect, it } from 'vitest';
import { seasonInputs } from '../app/seasons/inputs.js';
import { simulateSeason } from '../app/seasons/simulate.js';
import { resumePersistedSeason, runPersistedSeason, storedSeasonRun } from '../app/seasons/stored.js';
import { dropRun, getRun, listRuns } from '../store/runs.js';
import { readSeasonResults } from '../store/season-results.js';
import { closePool } from '../workers/pool.js';
import { backends, postgresReachable } from './helpers/databases.js';

afterAll(() => closePool());

const QUERY = { league: 'nfl' as const, season: 2024, week: 17 };
const SIMS = 6000;

for (const backend of backends('seasons')) {
  describe(`stored season runs on ${backend.name}`, { timeout: 300_000 }, async () => {
    const skip = backend.name === 'postgres' && !(await postgresReachable());
    afterAll(() => backend.cleanup());

    it.skipIf(skip)('persists by COPY: every table agrees with the report and with a live run of the same seed', async () => {
      const db = await backend.open();
      try {
        const inputs = await seasonInputs(QUERY);
        const r = await runPersistedSeason({ db, inputs, sims: SIMS, seed: 'stored', threads: 2 });
        const live = await simulateSeason(QUERY, { sims: SIMS, seed: 'stored', threads: 1 });
        expect(JSON.stringify(r.report)).toBe(JSON.stringify(live.report));
        expect(r.meta).toMatchObject({ season: 2024, week: 17, asOf: '2024-12-24', gamesLeft: 32, sims: SIMS, seed: 'stored' });

        const back = await readSeasonResults(db, r.runId);
        expect(back.teams).toHaveLength(32);
        const byId = new Map(live.report.teams.map((t) => [t.id, t]));
        for (const t of back.teams) {
          const x = byId.get(t.team)!;
          expect(t).toMatchObject({
            conference: x.groups.conference.name,
            division: x.groups.division.name,
            expectedWins: x.expectedWins,
            pPlayoffs: x.playoffs,
            pDivision: x.divisionTitle,
            pBye: x.bye,
            pChampion: x.rounds!.champion,
            expectedPick: x.expectedPick,
          });
          expect(t.seeds).toEqual(x.seeds);
          expect(t.draft).toEqual(x.draft);
        }
        const games = live.report.games!;
        expect(back.games).toHaveLength(games.reduce((n, g) => n + g.teams.length, 0));
        const g0 = games[0];
        expect(back.games.filter((g) => g.game === 0).map((g) => g.team)).toEqual(g0.teams.map((t) => t.id));
        // Seed rows sum to the playoff chance, pick rows to 1, for every team (SQL over the COPYed rows).
        const sums = await db.query<{ team: string; seeds: number; picks: number; playoffs: number }>(
          `select r.team, r.p_playoffs as playoffs,
             coalesce((select sum(probability) from season_team_places p where p.run_id = r.run_id and p.team = r.team and what = 'seed'), 0) as seeds,
             (select sum(probability) from season_team_places p where p.run_id = r.run_id and p.team = r.team and what = 'pick') as picks
           from season_team_results r where r.run_id = $1`,
          [r.runId],
        );
        for (const s of sums.rows) {
          expect(s.seeds).toBeCloseTo(s.playoffs, 12);
          expect(s.picks).toBeCloseTo(1, 12);
        }
        const shown = await storedSeasonRun(db, r.runId);
        expect(shown.meta).toEqual(r.meta);
        expect((await getRun(db, r.runId)).status).toBe('complete');

        await dropRun(db, r.runId);
        for (const t of ['season_team_results', 'season_team_places', 'season_game_importance']) {
          const n = await db.query<{ n: number }>(`select count(*)::int as n from ${t} where run_id = $1`, [r.runId]);
          expect(n.rows[0].n, t).toBe(0);
        }
      } finally {
        await db.close();
      }
    });

    it.skipIf(skip)('stopped after its first shard, it resumes to the results of an uninterrupted run', async () => {
      const db = await backend.open();
      try {
        const inputs = await seasonInputs(QUERY);
        const controller = new AbortController();
        const first = runPersistedSeason({
          db,
          inputs,
          sims: 3 * 4096,
          seed: 'resume',
          threads: 2,
          shardBlocks: 1,
          signal: controller.signal,
          afterShard: (s) => {
            if (s.index === 0) controller.abort();
          },
        });
        await expect(first).rejects.toMatchObject({ code: 'CANCELLED' });
        const [latest] = await listRuns(db, { limit: 1 });
        // Two shards are in flight at once (one computes while the other commits): one or two are in.
        expect(latest.status).toBe('cancelled');
        expect([1, 2]).toContain(latest.shards_done);
        const none = await db.query<{ n: number }>('select count(*)::int as n from season_team_results where run_id = $1', [latest.id]);
        expect(none.rows[0].n).toBe(0);
        const resumed = await resumePersistedSeason(db, latest.id, { threads: 1 });
        expect(resumed.shardsRunNow).toBe(3 - latest.shards_done);
        const live = await simulateSeason(QUERY, { sims: 3 * 4096, seed: 'resume', threads: 2 });
        expect(JSON.stringify(resumed.report)).toBe(JSON.stringify(live.report));
        expect(resumed.meta).toMatchObject({ season: 2024, week: 17, sims: 3 * 4096, seed: 'resume' });
        const rows = await db.query<{ n: number }>('select count(*)::int as n from season_team_results where run_id = $1', [latest.id]);
        expect(rows.rows[0].n).toBe(32);
      } finally {
        await db.close();
      }
    });

    it.skipIf(skip)('a cancelled run leaves no results and no completed run', async () => {
      const db = await backend.open();
      try {
        const inputs = await seasonInputs(QUERY);
        const controller = new AbortController();
        controller.abort();
        await expect(runPersistedSeason({ db, inputs, sims: SIMS, seed: 1, threads: 1, signal: controller.signal })).rejects.toMatchObject({
          code: 'CANCELLED',
        });
        const [latest] = await listRuns(db, { limit: 1 });
        expect(latest.status).not.toBe('complete');
        const n = await db.query<{ n: number }>('select count(*)::int as n from season_team_results where run_id = $1', [latest.id]);
        expect(n.rows[0].n).toBe(0);
        await expect(storedSeasonRun(db, 999_999)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      } finally {
        await db.close();
      }
    });
  });
}
