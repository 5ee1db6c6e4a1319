import { OptionError } from '../../core/errors.js';
import { parseGuardedJson } from '../../core/json-guards.js';
import { readText } from '../../app/inputs/read-text.js';
import { parseJobSpec } from '../../app/jobs/parse.js';
import type { JobSpec } from '../../app/jobs/registry.js';
import { jobOutcome } from '../../app/jobs/results.js';
import { runJob } from '../../app/jobs/run-job.js';
import { closeWorkers, defaultThreads } from '../../app/runtime.js';
import type { Db } from '../../app/database.js';
import { interrupted } from '../interrupt.js';
import { intOption, parseOptions } from '../args.js';
import { DB_HELP, DB_OPTIONS, openCliDb } from '../db-options.js';
import { copyDetail, stderrProgress } from '../progress.js';
import { renderTable } from '../table.js';

export const help = `Usage: simcast run JOB.json [options]

Runs a batch job: a tournament simulation (stored), a season simulation (a league's remaining
schedule played N times), a slate of games (each game simulated N times) or a Calcutta optimisation,
split into shards of blocks. With DATABASE_URL pointing at Postgres the shards go through a pg-boss
queue in that database, and this process works on them too unless --no-work is given (then any number
of 'simcast worker' processes, on any machines, do). Without it, the embedded database runs them in
this process. Results are identical either way.

Job file (docs/jobs.md), one of:
  { "kind": "tournament", "field": { ...field JSON... }, "sims": 1000000, "seed": 42,
    "model": { "name": "538" }, "hot": null, "persist": "aggregates" | "rows", "shardBlocks": 64 }
  { "kind": "season", "season": { "league": "nfl", "homeAdvantage": 65, "teams": [...],
    "remaining": [...] }, "sims": 100000, "seed": 1 }
  { "kind": "slate", "slate": { "league": "nfl", "games": [...] }, "sims": 100000, "seed": 1 }
  { "kind": "calcutta", "calcutta": { ...Calcutta with the field inline... }, "sims": 100000, "seed": 1 }

Options:
  --threads T          worker threads in this process (default: ${defaultThreads()})
  --no-work            only queue the job (Postgres); print its id and return
  --json               print the job's final state and results as JSON
  --quiet              no progress on stderr
${DB_HELP}`;

export async function readJobFile(path: string): Promise<JobSpec> {
  return parseJobSpec(parseGuardedJson(await readText(path), path, 'JOB_INVALID'), path);
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions(
    argv,
    {
      ...DB_OPTIONS,
      threads: { type: 'string' },
      'no-work': { type: 'boolean' },
      json: { type: 'boolean' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
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
  const progress = stderrProgress('simulations', { quiet: values.quiet, detail: copyDetail(db) });
  try {
    const { runId, followed } = await runJob(db, spec, {
      threads,
      work: !values['no-work'],
      signal: interrupted,
      onProgress: (d, p) => progress.update(d, p),
      onQueued: (id, shards) => process.stderr.write(`job ${id}: ${shards} shards queued in ${db.description}\n`),
    });
    if (!followed) {
      process.stdout.write(`${runId}\n`);
      return 0;
    }
    progress.finish();
    return await printJob(db, runId, values.json === true);
  } finally {
    await closeWorkers();
    await db.close();
  }
}

export async function printJob(db: Db, runId: number, json: boolean): Promise<number> {
  const { progress: p, report, table } = await jobOutcome(db, runId);
  if (json) {
    process.stdout.write(`${JSON.stringify({ ...p, results: report }, null, 2)}\n`);
  } else {
    process.stdout.write(
      `job ${p.id} (${p.kind}): ${p.status}, ${p.shardsDone}/${p.shardsPlanned} shards, ${p.simsDone.toLocaleString('en-US')} simulations, seed ${p.seed}\n`,
    );
    if (table) process.stdout.write(renderTable(table.headers, table.rows, table.align));
  }
  return p.status === 'complete' ? 0 : p.status === 'cancelled' ? 130 : 1;
}
