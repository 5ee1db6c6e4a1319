import { spawn, type ChildProcess } from 'node:child_process';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { compileBracket } from '../engine/tournament/bracket.js';
import { compileSeason, type SeasonSpec } from '../engine/season/season.js';
import { createJobRun } from '../app/jobs/execute.js';
import { parseJobSpec } from '../app/jobs/parse.js';
import { runLocally } from '../app/jobs/local-queue.js';
import { enqueueShards, startBoss } from '../app/jobs/pgboss-queue.js';
import { jobProgress } from '../app/jobs/progress.js';
import { shardsOf } from '../app/jobs/execute.js';
import { openDb } from '../store/db.js';
import { getRun } from '../store/runs.js';
import { cancelRun } from '../app/jobs/cancel.js';
import { closePool } from '../workers/pool.js';
import { runSeasonPool } from '../workers/season-run.js';
import { simulateTournament } from '../app/tournaments/simulate.js';
import { CLI, ROOT } from './helpers/cli.js';
import { PG_URL, postgresReachable, embeddedDb } from './helpers/databases.js';
import { field2016 } from './helpers/field-2016.js';

afterAll(closePool);

const season: SeasonSpec = {
  league: 'mini',
  homeAdvantage: 65,
  teams: [
    { id: 'A', rating: 1600, division: 'N', conference: 'X', wins: 3 },
    { id: 'B', rating: 1550, division: 'N', conference: 'X', wins: 2, losses: 1 },
    { id: 'C', rating: 1500, division: 'S', conference: 'X', wins: 1, losses: 2 },
    { id: 'D', rating: 1450, division: 'S', conference: 'X', losses: 3 },
  ],
  remaining: [
    { home: 'A', away: 'B' },
    { home: 'C', away: 'D' },
    { home: 'B', away: 'C' },
    { home: 'D', away: 'A' },
    { home: 'A', away: 'C' },
    { home: 'B', away: 'D' },
  ],
};

async function fieldJson() {
  const spec = await field2016();
  return {
    name: spec.name,
    teams: spec.teams.map((t) => ({ name: t.name, rating: t.rating, region: t.region, seed: t.seed })),
    regions: ['South', 'West', 'East', 'Midwest'],
    semis: [
      ['South', 'West'],
      ['East', 'Midwest'],
    ],
  };
}

describe('jobs on the embedded database (in-process queue)', () => {
  it('runs a season job in shards with the same numbers as one direct run', async () => {
    const db = await embeddedDb();
    try {
      const spec = parseJobSpec({ kind: 'season', season, sims: 30_000, seed: 8, shardBlocks: 2 });
      const runId = await createJobRun(db, spec);
      expect((await getRun(db, runId)).status).toBe('queued');
      const report = (await runLocally(db, runId, { threads: 2 })) as { teams: { id: string; expectedWins: number }[] };
      const direct = await runSeasonPool(compileSeason(season), { sims: 30_000, seed: 8, threads: 1 });
      expect(JSON.stringify(report)).toBe(JSON.stringify(direct.report));
      const p = await jobProgress(db, runId);
      expect(p).toMatchObject({ status: 'complete', shardsDone: 4, shardsPlanned: 4, simsDone: 30_000 });
      const stored = await db.query<{ n: number }>('select count(*)::int as n from season_team_outcomes where run_id = $1', [runId]);
      expect(stored.rows[0].n).toBe(4);
    } finally {
      await db.close();
    }
  });

  it('cancel stops a running job within two seconds and leaves it cancelled', async () => {
    const db = await embeddedDb();
    try {
      const runId = await createJobRun(db, parseJobSpec({ kind: 'tournament', field: await fieldJson(), sims: 400_000_000, seed: 1, shardBlocks: 4096 }));
      let started!: () => void;
      const running = new Promise<void>((r) => (started = r));
      const job = runLocally(db, runId, { threads: 2, onProgress: (d) => d > 0 && started() });
      await running;
      const t0 = performance.now();
      await cancelRun(db, runId);
      await expect(job).rejects.toMatchObject({ code: 'CANCELLED' });
      expect(performance.now() - t0).toBeLessThan(2000);
      expect((await getRun(db, runId)).status).toBe('cancelled');
    } finally {
      await db.close();
    }
  });

  it('refuses malformed jobs with a clear error', () => {
    const cases: [unknown, string][] = [
      [{ kind: 'tournament', sims: 10 }, "job must have required property 'field'"],
      [{ kind: 'tournament', field: {}, sims: 0 }, 'job.sims must be >= 1'],
      [{ kind: 'golf', sims: 10 }, 'job.kind must be one of tournament, season, slate, calcutta, pool, props-backtest (got "golf")'],
      [
        { kind: 'season', season: {}, sims: 10, persist: 'rows' },
        "job is a season job: 'persist' belongs to another kind (a season job takes kind, sims, seed, shardBlocks, season, hot)",
      ],
      [{ kind: 'season', season: {}, sims: 10, extra: 1 }, "job has an unknown property 'extra'"],
      [{ kind: 'calcutta', sims: 10 }, "job must have required property 'calcutta'"],
      [
        { kind: 'calcutta', calcutta: {}, sims: 10, shardBlocks: 4 },
        "job is a Calcutta job: 'shardBlocks' belongs to another kind (a Calcutta job takes kind, sims, seed, calcutta)",
      ],
      [
        { kind: 'tournament', field: {}, calcutta: {}, sims: 10 },
        "job is a tournament job: 'calcutta' belongs to another kind (a tournament job takes kind, sims, seed, shardBlocks, field, model, hot, travel, persist)",
      ],
      ['not a job', 'job must be an object'],
      [{ kind: 'season', season: {}, sims: 10, seed: -3 }, 'job.seed must be a non-negative integer or a non-empty string'],
      [{ kind: 'props-backtest', sims: 5, backtest: { league: 'nba', stat: 'threes' } }, 'job.sims must be equal to constant'],
      [{ kind: 'props-backtest', backtest: { league: 'nba', stat: 'points' } }, 'job.backtest.stat must be equal to constant'],
    ];
    for (const [raw, message] of cases) {
      expect(() => parseJobSpec(raw), JSON.stringify(raw)).toThrow(message);
      expect(() => parseJobSpec(raw)).toThrow(expect.objectContaining({ code: expect.stringMatching(/JOB_INVALID|SEED_INVALID/) }));
    }
    // a props backtest is one unit of work: sims defaults to 1
    expect(parseJobSpec({ kind: 'props-backtest', backtest: { league: 'nba', stat: 'threes' } })).toMatchObject({ sims: 1, seed: 1 });
  });
});

describe('jobs through pg-boss on Postgres, with worker processes', async () => {
  const reachable = await postgresReachable();
  const schema = `t_jobs_${process.pid}`;
  const bossSchema = `t_boss_${process.pid}`;
  const workers: ChildProcess[] = [];
  const env = { ...process.env, DATABASE_URL: PG_URL, SIMCAST_DB_SCHEMA: schema, SIMCAST_BOSS_SCHEMA: bossSchema };
  const startWorker = (expire = 60) => {
    const w = spawn(process.execPath, [CLI, 'worker', '--threads', '1', '--expire-seconds', String(expire)], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    workers.push(w);
    return w;
  };
  afterAll(async () => {
    for (const w of workers) w.kill('SIGKILL');
    if (!reachable) return;
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(`drop schema if exists ${schema} cascade`);
    await c.query(`drop schema if exists ${bossSchema} cascade`);
    await c.end();
  });

  async function submit(spec: ReturnType<typeof parseJobSpec>, expire: number) {
    const db = await openDb({ url: PG_URL, schema });
    const runId = await createJobRun(db, spec, 'pg-boss');
    const boss = await startBoss({ url: PG_URL, schema: bossSchema, expireInSeconds: expire });
    // The expiry as `simcast run` and the server set it: from the queuing side's environment.
    process.env.SIMCAST_SHARD_EXPIRE_SECONDS = String(expire);
    try {
      await enqueueShards(boss, runId, shardsOf(await getRun(db, runId)));
    } finally {
      delete process.env.SIMCAST_SHARD_EXPIRE_SECONDS;
    }
    await boss.stop({ graceful: false });
    const queued = await db.query<{ s: number }>(`select distinct extract(epoch from expire_in)::int as s from ${bossSchema}.job where data->>'runId' = $1`, [
      String(runId),
    ]);
    expect(queued.rows).toEqual([{ s: expire }]);
    return { db, runId };
  }

  async function waitFor(db: Awaited<ReturnType<typeof openDb>>, runId: number, done: (p: Awaited<ReturnType<typeof jobProgress>>) => boolean, ms = 60_000) {
    const until = Date.now() + ms;
    for (;;) {
      const p = await jobProgress(db, runId);
      if (done(p)) return p;
      if (Date.now() > until) throw new Error(`run ${runId} stuck: ${JSON.stringify(p)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  it.skipIf(!reachable)('two workers give the same aggregates as one machine', async () => {
    startWorker();
    startWorker();
    const field = await fieldJson();
    const { db, runId } = await submit(parseJobSpec({ kind: 'tournament', field, sims: 100_000, seed: 'shared', shardBlocks: 2, persist: 'aggregates' }), 60);
    try {
      const p = await waitFor(db, runId, (x) => x.status === 'complete');
      expect(p.shardsDone).toBe(13);
      const res = await db.query<{ report: { teams: unknown[] } }>('select report from run_results where run_id = $1', [runId]);
      const local = await simulateTournament(compileBracket(await field2016()), { sims: 100_000, seed: 'shared', threads: 2 });
      expect(res.rows[0].report.teams).toEqual(JSON.parse(JSON.stringify(local.teams)));
      const byWorker = await db.query<{ n: number }>('select count(distinct shard_index)::int as n from run_shards where run_id = $1', [runId]);
      expect(byWorker.rows[0].n).toBe(13);
    } finally {
      await db.close();
    }
  });

  it.skipIf(!reachable)('a worker killed mid-job: the job still completes with the exact row count', async () => {
    for (const w of workers.splice(0)) w.kill('SIGKILL');
    const victim = startWorker(3);
    const survivor = startWorker(3);
    const field = await fieldJson();
    const sims = 16 * 4096;
    const { db, runId } = await submit(parseJobSpec({ kind: 'tournament', field, sims, seed: 'kill', shardBlocks: 2, persist: 'rows' }), 3);
    try {
      await waitFor(db, runId, (x) => x.shardsDone >= 1);
      victim.kill('SIGKILL');
      const p = await waitFor(db, runId, (x) => x.status === 'complete', 90_000);
      expect(p.shardsDone).toBe(8);
      const rows = await db.query<{ n: number; wins: number }>(
        'select count(*)::int as n, sum(wins)::int as wins from simulated_tournaments where run_id = $1',
        [runId],
      );
      expect(rows.rows[0]).toEqual({ n: sims * 68, wins: sims * 67 });
      const res = await db.query<{ report: { teams: unknown[] } }>('select report from run_results where run_id = $1', [runId]);
      const local = await simulateTournament(compileBracket(await field2016()), { sims, seed: 'kill', threads: 2 });
      expect(res.rows[0].report.teams).toEqual(JSON.parse(JSON.stringify(local.teams)));
      expect(survivor.exitCode).toBeNull();
    } finally {
      await db.close();
    }
  });
});

describe('slate jobs', () => {
  it('simulate every game in blocks: the same numbers for any shard size, agreeing with the normal model', async () => {
    const { normalCdf } = await import('../engine/math/normal.js');
    const slate = JSON.parse((await import('node:fs')).readFileSync(new URL('../examples/job-slate.json', import.meta.url), 'utf8'));
    const db = await embeddedDb();
    try {
      const run = async (shardBlocks: number) => {
        const id = await createJobRun(db, parseJobSpec({ ...slate, sims: 40_000, shardBlocks }));
        return (await runLocally(db, id)) as { teams: { home: string; expectedMargin: number; pHome: number; pCover: number; pOver: number }[] };
      };
      const a = await run(1);
      const b = await run(4);
      expect(b).toEqual(a);
      for (const g of a.teams) {
        const p = 1 - normalCdf(-g.expectedMargin / 13.45);
        expect(Math.abs(g.pHome - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / 40_000));
      }
      expect(a.teams[1].pCover).toBeGreaterThan(0.4);
      const stored = await db.query<{ n: number }>("select count(*)::int as n from predicted_game_outcomes where model = 'slate-montecarlo'");
      expect(stored.rows[0].n).toBe(8);
      expect(() => parseJobSpec({ kind: 'slate', sims: 10, slate: { league: 'nfl', games: [] } })).toThrow('job.slate.games must NOT have fewer than 1 items');
    } finally {
      await db.close();
    }
  });
});
