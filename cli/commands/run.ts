import { InputError, OptionError } from '../../core/errors.js';
import { readText } from '../../engine/field/load-field.js';
import { createJobRun, forgetRun } from '../../jobs/execute.js';
import { parseJobSpec, type JobSpec } from '../../jobs/job-spec.js';
import { runLocally } from '../../jobs/local-queue.js';
import { enqueueShards, startBoss, workShards } from '../../jobs/pgboss-queue.js';
import { jobProgress } from '../../jobs/progress.js';
import { getRun, markStatus } from '../../store/runs.js';
import { doneShards } from '../../store/runs.js';
import type { Db } from '../../store/db.js';
import { shardsOf } from '../../jobs/execute.js';
import { closePool, defaultThreads } from '../../workers/pool.js';
import { intOption, parseOptions } from '../args.js';
import { DB_HELP, DB_OPTIONS, openCliDb } from '../db-options.js';
import { stderrProgress } from '../progress.js';
import { renderTable } from '../table.js';

export const help = `Usage: simcast run JOB.json [options]

Runs a batch job: a tournament simulation (stored), a season simulation (a league's remaining
schedule played N times) or a slate of games (each game simulated N times), split into shards of blocks. With DATABASE_URL pointing at Postgres the
shards go through a pg-boss queue in that database, and this process works on them too unless
--no-work is given (then any number of 'simcast worker' processes, on any machines, do). Without it,
the embedded database runs them in this process. Results are identical either way.

Job file (docs/jobs.md):
  { "kind": "tournament", "field": { ...field JSON... }, "sims": 1000000, "seed": 42,
    "model": { "name": "538" }, "hot": null, "persist": "aggregates" | "rows", "shardBlocks": 64 }
  { "kind": "season", "season": { "league": "nfl", "homeAdvantage": 65, "teams": [...],
    "remaining": [...] }, "sims": 100000, "seed": 1 }

Options:
  --threads T          worker threads in this process (default: ${defaultThreads()})
  --no-work            only queue the job (Postgres); print its id and return
  --json               print the job's final state and results as JSON
  --quiet              no progress on stderr
${DB_HELP}`;

export async function readJobFile(path: string): Promise<JobSpec> {
  const text = await readText(path);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new InputError('JOB_INVALID', `${path}: invalid JSON: ${(e as Error).message}`);
  }
  return parseJobSpec(raw, path);
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions(
    argv,
    { ...DB_OPTIONS, threads: { type: 'string' }, 'no-work': { type: 'boolean' }, json: { type: 'boolean' }, quiet: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    true,
  );
  if (values.help) {
    process.stdout.write(help);
    return 0;
  }
  if (positionals.length !== 1) throw new OptionError('options.job must name one job file (try --help)');
  const threads = intOption('threads', values.threads, defaultThreads(), 1, 256);
  const spec = await readJobFile(positionals[0]);
  const db = await openCliDb(values);
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  const progress = stderrProgress('simulations', { quiet: values.quiet });
  try {
    let runId: number;
    if (db.kind === 'postgres') {
      runId = await createJobRun(db, spec, 'pg-boss');
      const boss = await startBoss({ url: process.env.DATABASE_URL! });
      try {
        const run = await getRun(db, runId);
        await enqueueShards(boss, runId, shardsOf(run));
        process.stderr.write(`job ${runId}: ${run.shards_planned} shards queued in ${db.description}\n`);
        if (values['no-work']) {
          process.stdout.write(`${runId}\n`);
          return 0;
        }
        const worker = workShards(db, boss, { threads });
        try {
          await waitForRun(db, runId, controller.signal, (d, p) => progress.update(d, p));
        } finally {
          await worker.stop();
        }
      } finally {
        await boss.stop({ graceful: true, wait: true, timeout: 10_000 }).catch(() => {});
      }
    } else {
      runId = await createJobRun(db, spec, 'local');
      await runLocally(db, runId, { threads, signal: controller.signal, retries: 3, onProgress: (d, p) => progress.update(d, p) });
    }
    progress.finish();
    return await printJob(db, runId, values.json === true);
  } finally {
    process.off('SIGINT', onSigint);
    await closePool();
    await db.close();
  }
}

/** Follows a queued run until it finishes (polling its shards); Ctrl-C cancels it. */
async function waitForRun(db: Db, runId: number, signal: AbortSignal, onProgress: (d: number, p: number) => void): Promise<void> {
  for (;;) {
    if (signal.aborted) {
      await markStatus(db, runId, 'cancelled', 'cancelled from the command line');
      return;
    }
    const p = await jobProgress(db, runId);
    onProgress(p.simsDone, p.sims);
    if (p.status === 'complete' || p.status === 'failed' || p.status === 'cancelled') return;
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function printJob(db: Db, runId: number, json: boolean): Promise<number> {
  forgetRun(db, runId);
  const p = await jobProgress(db, runId);
  const res = await db.query<{ report: Record<string, unknown> }>('select report from run_results where run_id = $1', [runId]);
  const report = res.rows[0]?.report ?? null;
  if (json) {
    process.stdout.write(`${JSON.stringify({ ...p, results: report }, null, 2)}\n`);
  } else {
    process.stdout.write(`job ${p.id} (${p.kind}): ${p.status}, ${p.shardsDone}/${p.shardsPlanned} shards, ${p.simsDone.toLocaleString('en-US')} simulations, seed ${p.seed}\n`);
    if (report && p.kind === 'tournament') {
      const teams = (report.teams as { name: string; seed: number | null; probabilities: number[] }[]).slice(0, 16);
      const last = (report.rounds as number) - 1;
      process.stdout.write(renderTable(['team', 'seed', 'title %'], teams.map((t) => [t.name, t.seed ?? '', (100 * t.probabilities[last]).toFixed(2)])));
    } else if (report && p.kind === 'slate') {
      const games = report.teams as { home: string; away: string; expectedMargin: number; pHome: number; pCover: number | null; pOver: number | null }[];
      const f = (x: number | null) => (x === null ? '' : (100 * x).toFixed(1));
      process.stdout.write(renderTable(['home', 'away', 'E[margin]', 'home win %', 'cover %', 'over %'], games.map((g) => [g.home, g.away, g.expectedMargin.toFixed(1), f(g.pHome), f(g.pCover), f(g.pOver)])));
    } else if (report && p.kind === 'season') {
      const teams = report.teams as { id: string; expectedWins: number; groups: Record<string, { place: number[] }> }[];
      process.stdout.write(
        renderTable(
          ['team', 'E[wins]', 'win division %', 'top conference %'],
          teams.map((t) => [t.id, t.expectedWins.toFixed(2), (100 * t.groups.division.place[0]).toFixed(1), (100 * t.groups.conference.place[0]).toFixed(1)]),
        ),
      );
    }
  }
  return p.status === 'complete' ? 0 : p.status === 'cancelled' ? 130 : 1;
}

export { doneShards };
