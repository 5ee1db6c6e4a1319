// Compact per-simulation rows (sql/0006_compact_rows) on both backends: the packed rows and the
// simulated_tournaments view equal the kernel's rows, the advancement and wins views equal the run's
// report, joint outcomes and Calcutta points from rows, whole shards only, resume identity, runs stored
// before 0006 stay readable, and dropping a run gives the embedded database's space back.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileBracket, type Bracket } from '../engine/tournament/bracket.js';
import { runPersistedTournament } from '../app/tournaments/persisted.js';
import { simulateTournament } from '../app/tournaments/simulate.js';
import { rowShardBlocks } from '../app/jobs/kinds/tournament.js';
import { openDb, type Db } from '../store/db.js';
import { loadMigrations, migrateDown, migrateUp } from '../store/migrate.js';
import { commitShard } from '../store/run-shards.js';
import { OUTCOME_COLUMNS, OutcomeShard, outcomeShardBytes } from '../store/outcome-rows.js';
import { createRun, dropRun, getRun, listRuns, partitionName } from '../store/runs.js';
import { closePool } from '../workers/pool.js';
import { backends, postgresReachable } from './helpers/databases.js';
import { field2016 } from './helpers/field-2016.js';
import { embeddedDataDir } from './helpers/temp.js';
import type { FieldSpec } from '../engine/field/types.js';

afterAll(closePool);

const SIMS = 10_000; // 3 blocks: with 1-block shards, 3 shards, the last one short

/** The kernel's rows of a run (sims x T bytes, wins per team), simulated in memory. */
async function kernelRows(b: Bracket, sims: number, seed: number | string): Promise<Uint8Array> {
  const out = new Uint8Array(sims * b.teamCount);
  await simulateTournament(b, {
    sims,
    seed,
    threads: 2,
    withRows: true,
    onChunk: (c) => {
      if (c.rows) out.set(c.rows.subarray(0, c.simCount * b.teamCount), c.simStart * b.teamCount);
    },
  });
  return out;
}

/** The packed rows of a run, unpacked (sims x T bytes), in simulation order. */
async function storedRows(db: Db, runId: number, sims: number, T: number): Promise<Uint8Array> {
  const r = await db.query<{ sim_id: string | number; wins: Uint8Array }>('select sim_id, wins from simulated_outcomes where run_id = $1', [runId]);
  expect(r.rows).toHaveLength(sims);
  const out = new Uint8Array(sims * T);
  for (const row of r.rows) {
    const s = Number(row.sim_id);
    for (let t = 0; t < T; t++) out[s * T + t] = (row.wins[t >> 1] >> ((t & 1) * 4)) & 15;
  }
  return out;
}

function folderBytes(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    n += e.isDirectory() ? folderBytes(p) : statSync(p).size;
  }
  return n;
}

describe('compact row encoding', () => {
  it('packs two teams a byte (an odd team count too) in PGCOPY rows of the planned size', () => {
    const T = 5;
    const rows = Uint8Array.from([1, 2, 3, 4, 5, 0, 15, 7, 0, 9]);
    const shard = new OutcomeShard(3, T, 100, 2);
    shard.put(100, 2, rows);
    const buf = shard.buffer;
    expect(buf.length).toBe(outcomeShardBytes(T, 2));
    expect(buf.subarray(0, 11).toString('latin1')).toBe('PGCOPY\n\xff\r\n\0');
    const row = buf.subarray(19, 19 + 33);
    expect(row.readInt16BE(0)).toBe(3);
    expect(Number(row.readBigInt64BE(6))).toBe(3);
    expect(Number(row.readBigInt64BE(18))).toBe(100);
    expect(row.readInt32BE(26)).toBe(3);
    expect([...row.subarray(30)]).toEqual([1 | (2 << 4), 3 | (4 << 4), 5]);
    expect(buf.readInt16BE(buf.length - 2)).toBe(-1);
    expect(() => new OutcomeShard(3, T, 0, 1).put(0, 1, Uint8Array.from([16, 0, 0, 0, 0]))).toThrow(RangeError);
  });

  it('streams a shard as it is packed: the pieces are the whole buffer in order; a failed simulation ends the stream with its error', async () => {
    const T = 12; // words of four teams, two at a time and one left over
    const rows = Uint8Array.from({ length: 6 * T }, (_, i) => (i * 7) % 16);
    const shard = new OutcomeShard(2, T, 0, 6);
    let finish!: () => void;
    const filled = new Promise<void>((resolve) => (finish = resolve));
    const pieces: Buffer[] = [];
    const reading = (async () => {
      for await (const p of shard.stream(filled)) pieces.push(Buffer.from(p));
    })();
    shard.put(0, 2, rows.subarray(0, 2 * T));
    await new Promise((r) => setImmediate(r));
    // The first piece (header and two rows) went before the rest was packed.
    expect(pieces).toHaveLength(1);
    shard.put(2, 4, rows.subarray(2 * T));
    finish();
    await reading;
    expect(Buffer.concat(pieces).equals(shard.buffer)).toBe(true);

    const failing = new OutcomeShard(2, T, 0, 6);
    failing.put(0, 2, rows.subarray(0, 2 * T));
    const sent: number[] = [];
    const stop = Promise.reject(new Error('pool failed'));
    await expect(
      (async () => {
        for await (const p of failing.stream(stop)) sent.push(p.length);
      })(),
    ).rejects.toThrow('pool failed');
    // A simulation that ends short of its rows ends the stream too.
    const short = new OutcomeShard(2, T, 0, 6);
    await expect(
      (async () => {
        for await (const _ of short.stream(Promise.resolve())) void _;
      })(),
    ).rejects.toThrow(RangeError);
  });

  it('reuses a buffer for a shard of its size or smaller (a run last shard) with the bytes of a fresh one', () => {
    const T = 12;
    const rows = Uint8Array.from({ length: 6 * T }, (_, i) => (i * 5) % 16);
    const fresh = (simStart: number, n: number) => {
      const s = new OutcomeShard(2, T, simStart, n);
      s.put(simStart, n, rows.subarray(0, n * T));
      return Buffer.from(s.buffer);
    };
    const shard = new OutcomeShard(2, T, 0, 6);
    shard.put(0, 6, rows);
    expect(shard.buffer.equals(fresh(0, 6))).toBe(true);
    expect(shard.reuse(6, 4, 2)).toBe(true);
    shard.put(6, 4, rows.subarray(0, 4 * T));
    expect(shard.buffer.equals(fresh(6, 4))).toBe(true);
    // Back to the whole size: the row the smaller shard's trailer went over is whole again.
    expect(shard.reuse(10, 6, 2)).toBe(true);
    shard.put(10, 6, rows);
    expect(shard.buffer.equals(fresh(10, 6))).toBe(true);
    expect(shard.reuse(16, 7, 2)).toBe(false);
    expect(shard.reuse(16, 6, 3)).toBe(false);
  });

  it('bounds a shard of rows by simulations and bytes', () => {
    expect(rowShardBlocks(68)).toBe(32);
    expect(rowShardBlocks(68, 2)).toBe(2);
    expect(rowShardBlocks(68, 256)).toBe(32);
    // 1,024 teams: 542 bytes a row, 8 MiB is 15,477 simulations: 3 blocks.
    expect(rowShardBlocks(1024)).toBe(3);
  });
});

for (const backend of backends('rows')) {
  describe(`compact tournament rows on ${backend.name}`, { timeout: 300_000 }, async () => {
    const skip = backend.name === 'postgres' && !(await postgresReachable());
    afterAll(() => backend.cleanup());
    const spec: FieldSpec = await field2016();
    const bracket: Bracket = compileBracket(spec);

    it.skipIf(skip)('stores the kernel rows: packed rows and the simulated_tournaments view equal them; views and functions equal the report', async () => {
      const T = bracket.teamCount;
      const db = await backend.open();
      try {
        const r = await runPersistedTournament({ db, spec, sims: SIMS, seed: 'rows', persist: 'rows', shardBlocks: 1, threads: 2 });
        expect(r.shards).toBe(3);
        expect(r.copy.rows).toBe(SIMS);
        const kernel = await kernelRows(bracket, SIMS, 'rows');
        expect(Buffer.from(await storedRows(db, r.runId, SIMS, T)).equals(Buffer.from(kernel))).toBe(true);

        // The per-team view, the same columns as the table it replaces.
        const view = await db.query<{ sim_id: string | number; team_key: number; wins: number; byes: number; eliminated: boolean }>(
          'select sim_id, team_key, wins, byes, eliminated from simulated_tournaments where run_id = $1 and sim_id < 50 order by sim_id, team_key',
          [r.runId],
        );
        expect(view.rows).toHaveLength(50 * T);
        for (const row of view.rows) {
          const s = Number(row.sim_id);
          const w = kernel[s * T + row.team_key];
          expect(row).toEqual({
            sim_id: row.sim_id,
            team_key: row.team_key,
            wins: w,
            byes: bracket.byes[row.team_key],
            eliminated: w !== bracket.rounds - bracket.firstRound[row.team_key] + 1,
          });
        }
        const totals = await db.query<{ n: number; wins: number; champions: number }>(
          'select count(*)::int as n, sum(wins)::int as wins, count(*) filter (where not eliminated)::int as champions from simulated_tournaments where run_id = $1',
          [r.runId],
        );
        expect(totals.rows[0]).toEqual({ n: SIMS * T, wins: SIMS * (T - 1), champions: SIMS });

        // Advancement and wins distributions from the per-shard counts: the report's numbers.
        const adv = await db.query<{ team: string; round: number; probability: number }>(
          'select team, round, probability from simulated_advancement where run_id = $1',
          [r.runId],
        );
        expect(adv.rows).toHaveLength(T * bracket.rounds);
        const byName = new Map(r.report.teams.map((t) => [t.name, t]));
        for (const a of adv.rows) expect(a.probability, `${a.team} round ${a.round}`).toBe(byName.get(a.team)!.probabilities[a.round - 1]);
        const dist = await db.query<{ team: string; wins: number; probability: number }>(
          'select team, wins, probability from simulated_wins_distribution where run_id = $1',
          [r.runId],
        );
        for (const d of dist.rows) expect(d.probability).toBeCloseTo(byName.get(d.team)!.winsDistribution[d.wins], 12);

        // Joint outcomes: Kansas (0) in the final (round 6 won) and North Carolina (1) champion.
        const need = (t: number, round: number) => round - bracket.firstRound[t] + 1;
        for (const [a, ra, b, rb] of [
          [0, 6, 1, 7],
          [0, 3, 2, 4],
        ]) {
          let n = 0;
          for (let s = 0; s < SIMS; s++) if (kernel[s * T + a] >= need(a, ra) && kernel[s * T + b] >= need(b, rb)) n++;
          const j = await db.query<{ p: number }>('select simulated_joint($1, $2, $3, $4, $5) as p', [r.runId, a, ra, b, rb]);
          expect(j.rows[0].p).toBe(n / SIMS);
        }

        // Calcutta points from rows: 1, 2, 4, 8, 16, 32 points a round won from the round of 64, none for the play-in.
        const roundPoints = [0, 1, 2, 4, 8, 16, 32];
        const pts = await db.query<{ team_key: number; points: number; n: number }>(
          'select team_key, sum(points)::float8 as points, count(*)::int as n from simulated_team_points($1, $2::float8[]) group by team_key',
          [r.runId, roundPoints],
        );
        expect(pts.rows).toHaveLength(T);
        for (const p of pts.rows) {
          let expected = 0;
          const f = bracket.firstRound[p.team_key];
          for (let s = 0; s < SIMS; s++) for (let k = 0; k < kernel[s * T + p.team_key]; k++) expected += roundPoints[f + k - 1];
          expect(p).toEqual({ team_key: p.team_key, points: expected, n: SIMS });
        }
      } finally {
        await db.close();
      }
    });

    it.skipIf(skip)('a shard is whole or absent: a failure after its COPY leaves no rows and no counts', async () => {
      const db = await backend.open();
      try {
        const runId = await createRun(db, {
          kind: 'tournament',
          inputsHash: 'atomic',
          seed: 1,
          streamScheme: 'test',
          sims: 8192,
          blockSize: 4096,
          shardsPlanned: 2,
          persist: 'rows',
          params: {},
        });
        const rows = new Uint8Array(4096 * 4).fill(1);
        const shard = new OutcomeShard(runId, 4, 0, 4096);
        shard.put(0, 4096, rows);
        const failing = commitShard(db, runId, { index: 0, firstBlock: 0, blockCount: 1 }, async (tx) => {
          const copy = await tx.copyBinary(partitionName('simulated_outcomes', runId), OUTCOME_COLUMNS, [shard.buffer]);
          expect(copy.rows).toBe(4096);
          await tx.query("insert into simulated_shard_counts (run_id, shard_index, team_keys, wins, sims) values ($1, 0, '{0}', '{1}', '{4096}')", [runId]);
          throw new Error('the shard fails after its COPY');
        });
        await expect(failing).rejects.toMatchObject({ code: 'RUN_FAILED' });
        const n = await db.query<{ rows: number; counts: number; shards: number }>(
          `select (select count(*)::int from simulated_outcomes where run_id = $1) as rows,
                  (select count(*)::int from simulated_outcome_counts where run_id = $1) as counts,
                  (select count(*)::int from run_shards where run_id = $1) as shards`,
          [runId],
        );
        expect(n.rows[0]).toEqual({ rows: 0, counts: 0, shards: 0 });
        await dropRun(db, runId);
      } finally {
        await db.close();
      }
    });

    it.skipIf(skip)('a cancelled run keeps whole shards; --resume finishes it with rows bit-identical to an uninterrupted run', async () => {
      const db = await backend.open();
      try {
        const controller = new AbortController();
        const first = runPersistedTournament({
          db,
          spec,
          sims: SIMS,
          seed: 'resume',
          persist: 'rows',
          shardBlocks: 1,
          threads: 2,
          signal: controller.signal,
          afterShard: () => controller.abort(),
        });
        await expect(first).rejects.toMatchObject({ code: 'CANCELLED' });
        const [run] = await listRuns(db, { limit: 1 });
        expect(run.status).toBe('cancelled');
        const partial = await db.query<{ n: number; c: number }>(
          `select (select count(*)::int from simulated_outcomes where run_id = $1) as n,
                  (select count(distinct shard_index)::int from simulated_outcome_counts where run_id = $1) as c`,
          [run.id],
        );
        // Whole shards only (shards simulated beside the first may have committed too), each with its counts.
        const inShards = await db.query<{ sims: number }>('select sum(sims)::int as sims from run_shards where run_id = $1', [run.id]);
        expect(partial.rows[0].c).toBe(run.shards_done);
        expect(run.shards_done).toBeGreaterThanOrEqual(1);
        expect(partial.rows[0].n).toBe(inShards.rows[0].sims);
        const resumed = await runPersistedTournament({ db, resumeRunId: run.id, threads: 1 });
        expect((await getRun(db, run.id)).status).toBe('complete');
        const kernel = await kernelRows(bracket, SIMS, 'resume');
        expect(Buffer.from(await storedRows(db, run.id, SIMS, bracket.teamCount)).equals(Buffer.from(kernel))).toBe(true);
        const whole = await simulateTournament(bracket, { sims: SIMS, seed: 'resume', threads: 2 });
        expect(JSON.stringify(resumed.report.teams)).toBe(JSON.stringify(whole.teams));
      } finally {
        await db.close();
      }
    });

    it.skipIf(skip)('0011 (one counts row a shard) keeps the counts, advancement and wins views the same, down and up again', async () => {
      const db = await backend.open();
      try {
        const r = await runPersistedTournament({ db, spec, sims: SIMS, seed: 'counts', persist: 'rows', shardBlocks: 1, threads: 2 });
        const read = async () => ({
          counts: (await db.query('select shard_index, team_key, wins, sims::int from simulated_outcome_counts where run_id = $1 order by 1, 2, 3', [r.runId]))
            .rows,
          advancement: (await db.query('select team_key, round, probability from simulated_advancement where run_id = $1 order by 1, 2', [r.runId])).rows,
          wins: (await db.query('select team_key, wins, probability from simulated_wins_distribution where run_id = $1 order by 1, 2', [r.runId])).rows,
        });
        const shardRows = await db.query<{ n: number }>('select count(*)::int as n from simulated_shard_counts where run_id = $1', [r.runId]);
        expect(shardRows.rows[0].n).toBe(3);
        const before = await read();
        expect(before.counts.length).toBeGreaterThan(3 * bracket.teamCount);
        expect(before.advancement.length).toBeGreaterThanOrEqual(bracket.teamCount * (bracket.rounds - 1));
        const all = loadMigrations().map((m) => m.name);
        await migrateDown(db, all.length - all.indexOf('0011_shard_counts'));
        expect(await read()).toEqual(before);
        await migrateUp(db);
        expect(await read()).toEqual(before);
        await dropRun(db, r.runId);
        expect((await db.query('select 1 from simulated_shard_counts where run_id = $1', [r.runId])).rows).toHaveLength(0);
      } finally {
        await db.close();
      }
    });

    it.skipIf(skip)('runs stored one row per team before 0006 stay readable through the view, and migrate down brings the table back', async () => {
      const db = await backend.open();
      try {
        // Down to just before 0006 (later migrations come off first).
        const all = loadMigrations().map((m) => m.name);
        await migrateDown(db, all.length - all.indexOf('0006_compact_rows'));
        const old = await db.query<{ id: number }>(
          `insert into runs (kind, inputs_hash, seed, stream_scheme, sims, block_size, shard_blocks, shards_planned, persist, simcast_version)
           values ('tournament', 'old', '1', 'test', 2, 4096, 1, 1, 'rows', 'old') returning id::float8 as id`,
        );
        const id = old.rows[0].id;
        await db.query(`create table simulated_tournaments_r${id} partition of simulated_tournaments for values in (${id})`);
        await db.query(
          `insert into simulated_tournaments values ($1, 0, 0, 1, 0, true), ($1, 0, 1, 0, 1, true), ($1, 1, 0, 0, 0, true), ($1, 1, 1, 2, 1, false)`,
          [id],
        );
        await migrateUp(db);
        const rows = await db.query<{ sim_id: number; team_key: number; wins: number; byes: number; eliminated: boolean }>(
          'select sim_id::int, team_key, wins, byes, eliminated from simulated_tournaments where run_id = $1 order by sim_id, team_key',
          [id],
        );
        expect(rows.rows).toEqual([
          { sim_id: 0, team_key: 0, wins: 1, byes: 0, eliminated: true },
          { sim_id: 0, team_key: 1, wins: 0, byes: 1, eliminated: true },
          { sim_id: 1, team_key: 0, wins: 0, byes: 0, eliminated: true },
          { sim_id: 1, team_key: 1, wins: 2, byes: 1, eliminated: false },
        ]);
        const part = (name: string) =>
          db.query('select 1 from information_schema.tables where table_schema = current_schema() and table_name = $1', [name]).then((x) => x.rows.length);
        expect(await part(partitionName('simulated_tournament_rows', id))).toBe(1);
        await dropRun(db, id);
        expect(await part(partitionName('simulated_tournament_rows', id))).toBe(0);
      } finally {
        await db.close();
      }
    });
  });
}

describe('the embedded database gives space back when a run of rows is dropped', { timeout: 300_000 }, () => {
  it('its tables shrink back to their size before the run, and the WAL stays within its two segments', async () => {
    const dir = embeddedDataDir();
    // The folder without its WAL (tables, catalog), and the WAL alone.
    const sizes = () => ({ wal: folderBytes(join(dir, 'pg_wal')), data: folderBytes(dir) - folderBytes(join(dir, 'pg_wal')) });
    let db = await openDb({ url: '', dataDir: dir });
    const spec = await field2016();
    try {
      const before = sizes();
      const r = await runPersistedTournament({ db, spec, sims: 200_000, seed: 3, persist: 'rows', threads: 2 });
      await db.close();
      const full = sizes();
      db = await openDb({ url: '', dataDir: dir });
      await dropRun(db, r.runId);
      await db.close();
      const after = sizes();
      // 200,000 simulations are ~16 MB of rows, all of it given back; max_wal_size keeps the WAL at
      // 32 MB (two 16 MB segments, recycled) where it used to grow to a gigabyte.
      expect(full.data - before.data).toBeGreaterThan(12e6);
      expect(after.data - before.data).toBeLessThan(2e6);
      for (const x of [full, after]) expect(x.wal).toBeLessThanOrEqual(48 * 2 ** 20);
      db = await openDb({ url: '', dataDir: dir });
    } finally {
      await db.close();
    }
  });
});
