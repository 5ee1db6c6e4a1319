// The pool job kind end to end: through the local queue on the embedded database and through pg-boss
// to a worker on Postgres, each storing the same figures the use case computes in memory for the seed.
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createJobRun, shardsOf } from '../app/jobs/execute.js';
import { parseJobSpec } from '../app/jobs/parse.js';
import { runLocally } from '../app/jobs/local-queue.js';
import { enqueueShards, startBoss, workShards } from '../app/jobs/pgboss-queue.js';
import { jobProgress } from '../app/jobs/progress.js';
import { poolInputsFromDocument, type PoolDocument } from '../app/pools/document.js';
import { optimizePool } from '../app/pools/optimize.js';
import { evaluatePool } from '../app/pools/evaluate.js';
import { openDb, type Db } from '../store/db.js';
import { getRun } from '../store/runs.js';
import { closePool } from '../workers/pool.js';
import { embeddedDb, PG_URL, postgresReachable } from './helpers/databases.js';
import { smallPoolDocument } from './helpers/pool.js';

afterAll(closePool);

const doc = smallPoolDocument(16, 3, 20) as unknown as PoolDocument;
const SIMS = 6000;
const untimed = (r: Record<string, unknown>) => {
  const { timings: _t, runId: _r, mode: _m, ...rest } = r;
  return JSON.parse(JSON.stringify(rest));
};

async function checkStored(db: Db, runId: number, scored: number, entries: number) {
  const n = await db.query<{ entry: number; n: number }>(
    'select entry, count(*)::int as n from pool_entry_scores where run_id = $1 group by entry order by entry',
    [runId],
  );
  expect(n.rows).toEqual(Array.from({ length: entries }, (_, entry) => ({ entry, n: scored })));
  const e = await db.query<{ n: number }>('select count(*)::int as n from pool_entries where run_id = $1', [runId]);
  expect(e.rows[0].n).toBe(entries);
  const imp = await db.query<{ n: number }>('select count(*)::int as n from pool_game_importance where run_id = $1', [runId]);
  expect(imp.rows[0].n).toBe(15);
}

describe('the pool use case', () => {
  it("gives the engine's single-thread reference (runPool) to the bit", async () => {
    const { poolSetup } = await import('../app/pools/setup.js');
    const { runPool } = await import('../engine/pool/run.js');
    const inputs = poolInputsFromDocument(doc, 'doc');
    const s = poolSetup(inputs);
    const ref = runPool(s.ctx, s.winModel, { sims: SIMS, holdoutSims: 5000, seed: 'ref' }).report;
    const app = (await optimizePool(inputs, { sims: SIMS, holdoutSims: 5000, seed: 'ref' })).report;
    const { importance: _i, timings: _t, ...same } = app;
    expect(JSON.parse(JSON.stringify(same))).toEqual(JSON.parse(JSON.stringify(ref)));
  });
});

describe('the pool use case on the worker pool', () => {
  it('gives the same figures on 1 and 2 threads, optimise and evaluate', async () => {
    const inputs = poolInputsFromDocument(doc, 'doc');
    const one = await optimizePool(inputs, { sims: 9000, seed: 't', threads: 1 });
    const two = await optimizePool(inputs, { sims: 9000, seed: 't', threads: 2 });
    expect(untimed(two.report as unknown as Record<string, unknown>)).toEqual(untimed(one.report as unknown as Record<string, unknown>));
    expect(two.scores.map((x) => Array.from(x.points))).toEqual(one.scores.map((x) => Array.from(x.points)));
    const entry = one.report.bracket;
    const e1 = await evaluatePool({ ...inputs, entry }, { sims: 9000, seed: 'e', threads: 1 });
    const e2 = await evaluatePool({ ...inputs, entry }, { sims: 9000, seed: 'e', threads: 2 });
    expect(untimed(e2.report as unknown as Record<string, unknown>)).toEqual(untimed(e1.report as unknown as Record<string, unknown>));
  });
});

describe('pool jobs on the local queue (embedded database)', () => {
  it('optimise: the stored report is the in-memory one for the seed, with every score row', async () => {
    const db = await embeddedDb();
    try {
      const runId = await createJobRun(db, parseJobSpec({ kind: 'pool', pool: doc, sims: SIMS, seed: 'w' }));
      const report = (await runLocally(db, runId, { threads: 1 })) as Record<string, unknown>;
      expect(await getRun(db, runId)).toMatchObject({ kind: 'pool', status: 'complete', shards_planned: 1, shards_done: 1 });
      const mem = await optimizePool(poolInputsFromDocument(doc, 'doc'), { sims: SIMS, seed: 'w' });
      expect(untimed(report)).toEqual(untimed(mem.report as unknown as Record<string, unknown>));
      await checkStored(db, runId, SIMS, 2);
    } finally {
      await db.close();
    }
  });

  it('evaluate: a given entry, scored on the run seed’s tournaments', async () => {
    const db = await embeddedDb();
    try {
      const entry = (await optimizePool(poolInputsFromDocument(doc, 'doc'), { sims: 4096, seed: 1 })).report.chalk.bracket;
      const runId = await createJobRun(db, parseJobSpec({ kind: 'pool', mode: 'evaluate', pool: { ...doc, entry }, sims: SIMS, seed: 4 }));
      const report = (await runLocally(db, runId)) as { entry: { winProbability: { value: number } }; chalk: { winProbability: { value: number } } };
      // The entry is chalk: the same figures as chalk's.
      expect(report.entry.winProbability.value).toBe(report.chalk.winProbability.value);
      const mem = await evaluatePool({ ...poolInputsFromDocument(doc, 'doc'), entry }, { sims: SIMS, seed: 4 });
      expect(untimed(report as unknown as Record<string, unknown>)).toEqual(untimed(mem.report as unknown as Record<string, unknown>));
      await checkStored(db, runId, SIMS, 2);
    } finally {
      await db.close();
    }
  });

  it('a cancelled run writes nothing; --resume finishes it with the same results', async () => {
    const { runPersistedPool } = await import('../app/pools/persisted.js');
    const db = await embeddedDb();
    try {
      const stopped = await runPersistedPool(db, { mode: 'optimize', document: doc, sims: 4096, seed: 'r' }, { signal: AbortSignal.abort() }).catch(
        (e: unknown) => e,
      );
      expect(stopped).toMatchObject({ code: 'CANCELLED' });
      const runs = await db.query<{ id: number }>("select id::float8 as id from runs where kind = 'pool' and status <> 'complete'");
      expect(runs.rows).toHaveLength(1);
      const id = runs.rows[0].id;
      for (const t of ['pool_runs', 'pool_entries', 'pool_entry_scores', 'pool_game_importance']) {
        const n = await db.query<{ n: number }>(`select count(*)::int as n from ${t} where run_id = $1`, [id]);
        expect(n.rows[0].n, t).toBe(0);
      }
      const resumed = await runPersistedPool<Record<string, unknown>>(db, { resume: id });
      expect(resumed.runId).toBe(id);
      const mem = await optimizePool(poolInputsFromDocument(doc, 'doc'), { sims: 4096, seed: 'r' });
      expect(untimed(resumed.report)).toEqual(untimed(mem.report as unknown as Record<string, unknown>));
      await checkStored(db, id, 4096, 2);
    } finally {
      await db.close();
    }
  });

  it('refuses a bad pool before any run exists', async () => {
    const db = await embeddedDb();
    try {
      const bad = { ...doc, picks: doc.picks.map((p, i) => (i === 0 ? { ...p, name: 'Nobody' } : p)) };
      await expect(createJobRun(db, parseJobSpec({ kind: 'pool', pool: bad, sims: 100, seed: 1 }))).rejects.toMatchObject({ code: 'TEAM_UNKNOWN' });
      await expect(createJobRun(db, parseJobSpec({ kind: 'pool', mode: 'evaluate', pool: doc, sims: 100, seed: 1 }))).rejects.toMatchObject({
        code: 'POOL_INVALID',
      });
      expect(() => parseJobSpec({ kind: 'pool', pool: { ...doc, poolSize: 0 }, sims: 100 })).toThrow(/job.pool.poolSize/);
      const runs = await db.query<{ n: number }>("select count(*)::int as n from runs where kind = 'pool'");
      expect(runs.rows[0].n).toBe(0);
    } finally {
      await db.close();
    }
  });
});

const reachable = await postgresReachable();
describe('pool jobs through pg-boss (Postgres)', () => {
  const schema = `t_poolrun_${process.pid}`;
  const bossSchema = `pgboss_poolrun_${process.pid}`;
  afterAll(async () => {
    if (!reachable) return;
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(`drop schema if exists ${schema} cascade`);
    await c.query(`drop schema if exists ${bossSchema} cascade`);
    await c.end();
  });

  it.skipIf(!reachable)('a worker runs the shard and stores what the local queue stores', async () => {
    const db = await openDb({ url: PG_URL, schema });
    const boss = await startBoss({ url: PG_URL, schema: bossSchema });
    const worker = workShards(db, boss, { threads: 1, pollingIntervalSeconds: 0.1 });
    try {
      const runId = await createJobRun(db, parseJobSpec({ kind: 'pool', pool: doc, sims: SIMS, seed: 'w' }), 'pg-boss');
      await enqueueShards(boss, runId, shardsOf(await getRun(db, runId)));
      const until = Date.now() + 180_000;
      for (;;) {
        const p = await jobProgress(db, runId);
        if (p.status === 'complete') break;
        if (p.status === 'failed' || Date.now() > until) throw new Error(`run ${runId}: ${JSON.stringify(p)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(await getRun(db, runId)).toMatchObject({ kind: 'pool', queue: 'pg-boss', status: 'complete' });
      const stored = await db.query<{ report: Record<string, unknown> }>('select report from run_results where run_id = $1', [runId]);
      const mem = await optimizePool(poolInputsFromDocument(doc, 'doc'), { sims: SIMS, seed: 'w' });
      expect(untimed(stored.rows[0].report)).toEqual(untimed(mem.report as unknown as Record<string, unknown>));
      await checkStored(db, runId, SIMS, 2);
    } finally {
      await worker.stop();
      await boss.stop({ graceful: false });
      await db.close();
    }
  });
});
