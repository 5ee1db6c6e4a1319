import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { compileBracket } from '../engine/tournament/bracket.js';
import { runPersistedTournament } from '../app/tournaments/persisted.js';
import { dropRun, getRun, listRuns, partitionName } from '../store/runs.js';
import { commitShard } from '../store/run-shards.js';
import { closePool } from '../workers/pool.js';
import { simulateTournament } from '../app/tournaments/simulate.js';
import { backends, PG_URL, postgresReachable } from './helpers/databases.js';
import { field2016 } from './helpers/field-2016.js';

afterAll(closePool);

const SIMS = 20_000; // 5 blocks; with 2-block shards: 3 shards, the last one short

for (const backend of backends('runs')) {
  // 1.36 million rows into the embedded database take 10-30 s on an idle 2-core machine, over 60 s
  // under load: 3 minutes a test, not the default 1.
  describe(`persisted tournament runs on ${backend.name}`, { timeout: 180_000 }, async () => {
    const skip = backend.name === 'postgres' && !(await postgresReachable());
    afterAll(() => backend.cleanup());

    it.skipIf(skip)('stores rows that equal the in-memory results: sims x teams rows, wins summing to the aggregates', async () => {
      const db = await backend.open();
      try {
        const spec = await field2016();
        const r = await runPersistedTournament({ db, spec, sims: SIMS, seed: 99, persist: 'rows', shardBlocks: 2, threads: 2 });
        const inMemory = await simulateTournament(compileBracket(spec), { sims: SIMS, seed: 99, threads: 1 });
        expect(JSON.stringify(r.report.teams)).toBe(JSON.stringify(inMemory.teams));
        const run = await getRun(db, r.runId);
        expect(run).toMatchObject({ status: 'complete', shards_planned: 3, shards_done: 3, persist: 'rows', seed: '99', stream_scheme: inMemory.streamScheme });
        const count = await db.query<{ n: number; wins: number; champions: number }>(
          `select count(*)::int as n, sum(wins)::int as wins, sum(case when eliminated then 0 else 1 end)::int as champions from simulated_tournaments where run_id = $1`,
          [r.runId],
        );
        expect(count.rows[0]).toEqual({ n: SIMS * 68, wins: SIMS * 67, champions: SIMS });
        const perTeam = await db.query<{ name: string; wins: number; expected_wins: number }>(
          `select t.name, s.wins::int, v.expected_wins from (select team_key, sum(wins) as wins from simulated_tournaments where run_id = $1 group by team_key) s
           join team_tournament_value v on v.run_id = $1 and v.team_key = s.team_key
           join tournament_teams t on t.tournament_id = $2 and t.team_key = s.team_key`,
          [r.runId, run.tournament_id],
        );
        expect(perTeam.rows).toHaveLength(68);
        for (const row of perTeam.rows) expect(row.wins / SIMS).toBeCloseTo(row.expected_wins, 12);
        const adv = await db.query<{ n: number }>('select count(*)::int as n from advancement_probabilities where run_id = $1', [r.runId]);
        expect(adv.rows[0].n).toBe(68 * 7);
        // A shard recorded again is refused (the retry path, its record sent with the commit): no second run_shards row.
        expect(
          await commitShard(
            db,
            r.runId,
            { index: 0, firstBlock: 0, blockCount: 2 },
            async () => ({ sims: 8192, rows: 0, tallies: new Int32Array(4) }),
            undefined,
            true,
          ),
        ).toBe('already-done');
        expect((await db.query('select 1 from run_shards where run_id = $1', [r.runId])).rows).toHaveLength(3);
        // Dropping the run drops its partition as a table.
        await dropRun(db, r.runId);
        const part = await db.query('select 1 from information_schema.tables where table_schema = current_schema() and table_name = $1', [
          partitionName('simulated_outcomes', r.runId),
        ]);
        expect(part.rows).toHaveLength(0);
        await expect(getRun(db, r.runId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      } finally {
        await db.close();
      }
    });

    it.skipIf(skip)('a cancelled run keeps only whole shards, and --resume completes it with identical aggregates', async () => {
      const db = await backend.open();
      try {
        const spec = await field2016();
        const controller = new AbortController();
        const first = runPersistedTournament({
          db,
          spec,
          sims: SIMS,
          seed: 'resume-me',
          persist: 'rows',
          shardBlocks: 2,
          threads: 2,
          signal: controller.signal,
          afterShard: (s) => {
            if (s.index === 0) controller.abort();
          },
        });
        await expect(first).rejects.toMatchObject({ code: 'CANCELLED' });
        const [latest] = await listRuns(db, { limit: 1 });
        // Whole shards only: shard 0, and those simulated beside it that were committing (two in flight).
        expect(latest.status).toBe('cancelled');
        expect(latest.shards_done).toBeGreaterThanOrEqual(1);
        const inShards = await db.query<{ sims: number }>('select sum(sims)::int as sims from run_shards where run_id = $1', [latest.id]);
        const partial = await db.query<{ n: number }>('select count(*)::int as n from simulated_tournaments where run_id = $1', [latest.id]);
        expect(partial.rows[0].n).toBe(inShards.rows[0].sims * 68);
        const resumed = await runPersistedTournament({ db, resumeRunId: latest.id, threads: 1 });
        expect(resumed.shardsRunNow).toBe(3 - latest.shards_done);
        const whole = await simulateTournament(compileBracket(spec), { sims: SIMS, seed: 'resume-me', threads: 2 });
        expect(JSON.stringify(resumed.report.teams)).toBe(JSON.stringify(whole.teams));
        const rows = await db.query<{ n: number }>('select count(*)::int as n from simulated_tournaments where run_id = $1', [latest.id]);
        expect(rows.rows[0].n).toBe(SIMS * 68);
        expect((await getRun(db, latest.id)).status).toBe('complete');
        await expect(runPersistedTournament({ db, resumeRunId: latest.id })).rejects.toMatchObject({ code: 'CONFLICT' });
      } finally {
        await db.close();
      }
    });

    // Only a server has a backend to kill; PGlite runs in this process.
    if (backend.name === 'postgres')
      it.skipIf(skip)('the writer backend killed mid-COPY leaves no partial rows; resume gives identical aggregates', async () => {
        const db = await backend.open();
        const admin = new pg.Client({ connectionString: PG_URL });
        await admin.connect();
        try {
          const spec = await field2016();
          const pid = await db.writerPid();
          let killed = false;
          const failing = runPersistedTournament({
            db,
            spec,
            sims: 60_000,
            seed: 'kill',
            persist: 'rows',
            shardBlocks: 4,
            threads: 2,
            onProgress: (done) => {
              // Inside shard 1 (blocks 4..7), with some of its rows already sent.
              if (!killed && done > 20_000) {
                killed = true;
                void admin.query('select pg_terminate_backend($1)', [pid]);
              }
            },
          });
          await expect(failing).rejects.toMatchObject({ code: 'RUN_FAILED' });
          await expect(failing).rejects.toThrow(/finish it with --resume \d+/);
          const [run] = await listRuns(db, { limit: 1 });
          expect(run.status).toBe('failed');
          const rows = await db.query<{ n: number }>('select count(*)::int as n from simulated_tournaments where run_id = $1', [run.id]);
          expect(rows.rows[0].n).toBe(run.shards_done * 4 * 4096 * 68);
          const resumed = await runPersistedTournament({ db, resumeRunId: run.id, threads: 2 });
          const whole = await simulateTournament(compileBracket(spec), { sims: 60_000, seed: 'kill', threads: 2 });
          expect(JSON.stringify(resumed.report.teams)).toBe(JSON.stringify(whole.teams));
          const after = await db.query<{ n: number }>('select count(*)::int as n from simulated_tournaments where run_id = $1', [run.id]);
          expect(after.rows[0].n).toBe(60_000 * 68);
        } finally {
          await admin.end();
          await db.close();
        }
      });

    it.skipIf(skip)('persists aggregates only, without rows', async () => {
      const db = await backend.open();
      try {
        const r = await runPersistedTournament({ db, spec: await field2016(), sims: 10_000, seed: 5, persist: 'aggregates' });
        const rows = await db.query<{ n: number }>('select count(*)::int as n from simulated_tournaments where run_id = $1', [r.runId]);
        expect(rows.rows[0].n).toBe(0);
        const odds = await db.query<{ team: string }>('select team from run_title_odds where run_id = $1 order by title_probability desc limit 1', [r.runId]);
        expect(odds.rows[0].team).toBe(r.report.teams[0].name);
      } finally {
        await db.close();
      }
    });
  });
}

describe('an unreachable database', () => {
  it('is one clear line naming host and database, never the password', async () => {
    const { openDb } = await import('../store/db.js');
    const err = await openDb({ url: 'postgres://simcast:s3cret@127.0.0.1:1/analytics' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'DATABASE_UNREACHABLE' });
    expect((err as Error).message).toMatch(/^cannot reach database analytics at 127\.0\.0\.1:1: /);
    expect((err as Error).message).not.toContain('s3cret');
  });
});
