// Jobs benchmark: what the queue and the per-shard bookkeeping (a transaction, the shard's tallies,
// the run_shards row, the queue job) cost against the shard's compute, by shard size, in one run:
//   reference: the same simulations straight on the pool (runTournamentPool, no storage);
//   local queue on the embedded database; pg-boss queue on Postgres with an in-process worker.
import { loadField } from '../app/inputs/field-file.js';
import { compileBracket } from '../engine/tournament/bracket.js';
import { projectFile } from '../core/paths.js';
import { createJobRun, shardsOf } from '../app/jobs/execute.js';
import { parseJobSpec } from '../app/jobs/parse.js';
import { runLocally } from '../app/jobs/local-queue.js';
import { enqueueShards, startBoss, workShards } from '../app/jobs/pgboss-queue.js';
import { jobProgress } from '../app/jobs/progress.js';
import { openDb } from '../store/db.js';
import { getRun } from '../store/runs.js';
import { closePool } from '../workers/pool.js';
import { runTournamentPool } from '../workers/tournament-run.js';

export interface JobsBenchRow {
  shardBlocks: number;
  shards: number;
  referenceMs: number;
  localMs: number;
  pgbossMs: number | null;
}

export async function benchJobs(opts: { smoke?: boolean; blocks?: number; sizes?: number[] } = {}): Promise<JobsBenchRow[]> {
  const spec = await loadField(projectFile('examples', 'ncaa-2016.json'));
  const bracket = compileBracket(spec);
  const field = {
    name: spec.name,
    teams: spec.teams.map((t) => ({ name: t.name, rating: t.rating, region: t.region, seed: t.seed })),
    regions: ['South', 'West', 'East', 'Midwest'],
    semis: [
      ['South', 'West'],
      ['East', 'Midwest'],
    ],
  };
  const blocks = opts.blocks ?? (opts.smoke ? 128 : 2048);
  const sims = blocks * 4096;
  const sizes = opts.sizes ?? (opts.smoke ? [16, 64] : [16, 64, 128, 256, 512]);
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const rows: JobsBenchRow[] = [];
  await runTournamentPool(bracket, { sims: 100_000, seed: 1, threads: 2 }); // warm the workers
  const reference = async () => {
    const t0 = performance.now();
    await runTournamentPool(bracket, { sims, seed: 1, threads: 2 });
    return performance.now() - t0;
  };
  const reps = opts.smoke ? 1 : 3;
  let t = 0;
  for (const shardBlocks of sizes) {
    // Interleaved and best of `reps`, so a busy moment of the machine does not land on one side only.
    let referenceMs = Infinity;
    let localMs = Infinity;
    let pgbossMs: number | null = Infinity;
    for (let rep = 0; rep < reps; rep++) {
      referenceMs = Math.min(referenceMs, await reference());
      const job = parseJobSpec({ kind: 'tournament', field, sims, seed: 1, shardBlocks });
      const lite = await openDb({ url: '', dataDir: 'memory://' });
      const id = await createJobRun(lite, job);
      t = performance.now();
      await runLocally(lite, id, { threads: 2 });
      localMs = Math.min(localMs, performance.now() - t);
      await lite.close();

      const schema = `bench_jobs_${process.pid}`;
      try {
        const pgdb = await openDb({ url, schema });
        const boss = await startBoss({ url, schema: `${schema}_boss` });
        try {
          const pid = await createJobRun(pgdb, job, 'pg-boss');
          t = performance.now();
          await enqueueShards(boss, pid, shardsOf(await getRun(pgdb, pid)));
          // Looks at the run only when a shard finishes (polling it would take CPU from the shards).
          let done!: () => void;
          const completed = new Promise<void>((r) => (done = r));
          const worker = workShards(pgdb, boss, {
            threads: 2,
            onShard: () => void jobProgress(pgdb, pid).then((p) => p.status === 'complete' && done()),
          });
          await completed;
          if (pgbossMs !== null) pgbossMs = Math.min(pgbossMs, performance.now() - t);
          await worker.stop();
        } finally {
          await boss.stop({ graceful: false });
          await pgdb.query(`drop schema if exists ${schema} cascade`);
          await pgdb.query(`drop schema if exists ${schema}_boss cascade`);
          await pgdb.close();
        }
      } catch {
        pgbossMs = null;
      }
    }
    rows.push({ shardBlocks, shards: Math.ceil(blocks / shardBlocks), referenceMs, localMs, pgbossMs });
  }
  await closePool();
  return rows;
}

export function jobsReport(rows: JobsBenchRow[]): string {
  const pct = (x: number, ref: number) => `${((100 * (x - ref)) / ref).toFixed(1)}%`;
  return (
    '| shard size (blocks of 4,096 sims) | shards | pool only (reference) | local queue, embedded db | overhead | pg-boss + Postgres | overhead |\n|---:|---:|---:|---:|---:|---:|---:|\n' +
    rows
      .map(
        (r) =>
          `| ${r.shardBlocks} | ${r.shards} | ${r.referenceMs.toFixed(0)} ms | ${r.localMs.toFixed(0)} ms | ${pct(r.localMs, r.referenceMs)} | ${r.pgbossMs === null ? 'n/a' : `${r.pgbossMs.toFixed(0)} ms`} | ${r.pgbossMs === null ? '' : pct(r.pgbossMs, r.referenceMs)} |`,
      )
      .join('\n') +
    '\n'
  );
}
