// Pool runs in the database on both backends: what a run stores (setup, entries, score percentiles,
// game importance, every score row by COPY), the reads of the pools API over it, dropping it, and
// migration 0007 (the runs kind check widened to 'pool' and restored by its down).
import { afterAll, describe, expect, it } from 'vitest';
import { poolInputsFromDocument, type PoolDocument } from '../app/pools/document.js';
import { optimizePool } from '../app/pools/optimize.js';
import { runPersistedPool } from '../app/pools/persisted.js';
import { poolRunEntries, poolRunEntryScores, poolRunImportance, poolRunSummary } from '../app/pools/reads.js';
import { loadMigrations, migrateDown, migrateUp } from '../store/migrate.js';
import { dropRun } from '../store/runs.js';
import { backends, postgresReachable } from './helpers/databases.js';
import { smallPoolDocument } from './helpers/pool.js';

const doc = smallPoolDocument(16, 5, 30) as unknown as PoolDocument;
const SIMS = 5000;

for (const backend of backends('pools')) {
  describe(`pool runs on ${backend.name}`, async () => {
    const skip = backend.name === 'postgres' && !(await postgresReachable());
    afterAll(() => backend.cleanup());

    it.skipIf(skip)('stores a run and reads it back as the API answers it', async () => {
      const db = await backend.open();
      try {
        const r = await runPersistedPool<Record<string, unknown>>(db, { mode: 'optimize', document: doc, sims: SIMS, seed: 8 });
        const mem = await optimizePool(poolInputsFromDocument(doc, 'doc'), { sims: SIMS, seed: 8 });
        expect(r.copy.rows).toBe(2 * SIMS);

        const s = await poolRunSummary(db, r.runId);
        expect(s).toMatchObject({
          run: r.runId,
          status: 'complete',
          mode: 'optimize',
          seed: '8',
          sims: SIMS,
          holdoutSims: SIMS,
          holdoutSeed: '8|pool-holdout',
          opponents: 30,
        });
        expect(s.chosen).toBe(mem.report.holdout.chosen);
        expect(s.winRatio).toEqual(mem.report.holdout.winRatio);

        const e = await poolRunEntries(db, r.runId);
        expect(e.items.map((x) => x.entry)).toEqual([0, 1]);
        expect(e.items[0]).toMatchObject({ bracket: mem.report.bracket, winProbability: { value: mem.report.winProbability } });
        expect(e.items[1]).toMatchObject({ label: 'chalk', bracket: mem.report.chalk.bracket, winProbability: mem.report.holdout.chalkWinProbability });
        // Mean of the stored scores = the hold-out's expected score.
        expect(e.items[0].expectedScore).toBeCloseTo(mem.report.expectedScore, 9);
        expect(e.items[1].expectedScore).toBeCloseTo(mem.report.chalk.expectedScore, 9);
        const ps = e.items[0].percentiles.map((p) => p.score);
        expect([...ps].sort((a, b) => a - b)).toEqual(ps);
        expect(e.items[0].percentiles.map((p) => p.p)).toEqual([1, 5, 10, 25, 50, 75, 90, 95, 99]);

        const imp = await poolRunImportance(db, r.runId, 5);
        expect(imp.items).toHaveLength(5);
        expect(imp.items[0]).toMatchObject({ game: mem.report.importance[0].game, importance: mem.report.importance[0].importance });
        const all = await poolRunImportance(db, r.runId, 100);
        expect(all.items).toHaveLength(15);

        for (const entry of [0, 1]) {
          const sc = await poolRunEntryScores(db, r.runId, entry, { offset: 10, limit: 3 });
          expect(sc).toMatchObject({ run: r.runId, entry, total: SIMS, offset: 10, limit: 3 });
          expect(sc.items.map((x) => x.sim)).toEqual([10, 11, 12]);
          expect(sc.mean).toBeCloseTo(e.items[entry].expectedScore, 9);
          expect(sc.histogram.reduce((a, h) => a + h.count, 0)).toBe(SIMS);
          expect(sc.items[0].score).toBe(mem.scores[entry].points[10]);
        }
        await expect(poolRunEntryScores(db, r.runId, 7, { offset: 0, limit: 1 })).rejects.toMatchObject({ code: 'NOT_FOUND' });

        await dropRun(db, r.runId);
        for (const t of ['pool_runs', 'pool_entries', 'pool_entry_scores', 'pool_entry_percentiles', 'pool_game_importance']) {
          const n = await db.query<{ n: number }>(`select count(*)::int as n from ${t} where run_id = $1`, [r.runId]);
          expect(n.rows[0].n, t).toBe(0);
        }
      } finally {
        await db.close();
      }
    });

    it.skipIf(skip)("0007 widens the runs kind check to 'pool'; its down restores it", async () => {
      const db = await backend.open();
      const insert = () =>
        db.query(
          `insert into runs (kind, inputs_hash, seed, stream_scheme, sims, block_size, shard_blocks, shards_planned, simcast_version) values ('pool', 'h', '1', 's', 1, 4096, 1, 1, 'v')`,
        );
      try {
        await insert();
        // Down to just before 0007 (later migrations come off first), then up again.
        const all = loadMigrations().map((m) => m.name);
        const after = all.slice(all.indexOf('0007_pools'));
        const applied = await migrateDown(db, after.length);
        expect(applied).toEqual([...after].reverse());
        await expect(insert()).rejects.toThrow(/runs_kind_check/);
        const t = await db.query(`select 1 from information_schema.tables where table_schema = current_schema() and table_name = 'pool_runs'`);
        expect(t.rows).toHaveLength(0);
        expect(await migrateUp(db)).toEqual(after);
        await insert();
      } finally {
        await db.close();
      }
    });
  });
}
