import { OptionError } from '../../core/errors.js';
import { parseGuardedJson } from '../../core/json-guards.js';
import { readText } from '../../app/inputs/read-text.js';
import { parseJobSpec } from '../../app/jobs/parse.js';
import type { JobSpec } from '../../app/jobs/registry.js';
import { jobOutcome } from '../../app/jobs/results.js';
import { checkSeasonImportance, seasonImportance, type SeasonImportanceReport } from '../../app/seasons/importance.js';
import type { SeasonReport } from '../../engine/season/report.js';
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
  --importance         season jobs with playoffs: after the run, the remaining games ranked by how much
                       their result moves playoff chances: P(home wins), the team, P(playoffs | home
                       wins), P(playoffs | away wins), swing = |difference| and importance =
                       2p(1-p)·swing; each game with the team it moves most (with --json: an
                       "importance" object beside "results": { team, outcome, sims, games[{ game, home,
                       away, pHome, team, ifHome, ifAway, swing, importance }] }, every game)
  --team ID            with --importance: that team's playoff chances only, every remaining game
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
      importance: { type: 'boolean' },
      team: { type: 'string' },
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
  if (values.team !== undefined && !values.importance) throw new OptionError('options.team needs options.importance');
  if (values.importance && values['no-work'])
    throw new OptionError('options.importance prints the finished run: it cannot be used with options.no-work (use simcast jobs show ID later)');
  const spec = await readJobFile(positionals[0]);
  if (values.importance) await checkSeasonImportance(spec, positionals[0], values.team);
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
    return await printJob(db, runId, values.json === true, values.importance ? { team: values.team } : undefined);
  } finally {
    await closeWorkers();
    await db.close();
  }
}

export async function printJob(db: Db, runId: number, json: boolean, importance?: { team?: string }): Promise<number> {
  const { progress: p, report, table } = await jobOutcome(db, runId);
  // Only a complete run has the per-game tallies to rank.
  const imp = importance && report && p.status === 'complete' ? seasonImportance(report as unknown as SeasonReport, importance.team) : null;
  if (json) {
    process.stdout.write(`${JSON.stringify({ ...p, results: report, ...(imp ? { importance: imp } : {}) }, null, 2)}\n`);
  } else {
    process.stdout.write(
      `job ${p.id} (${p.kind}): ${p.status}, ${p.shardsDone}/${p.shardsPlanned} shards, ${p.simsDone.toLocaleString('en-US')} simulations, seed ${p.seed}\n`,
    );
    if (table) process.stdout.write(renderTable(table.headers, table.rows, table.align));
    if (imp) process.stdout.write(`\n${seasonImportanceTable(imp)}`);
  }
  return p.status === 'complete' ? 0 : p.status === 'cancelled' ? 130 : 1;
}

const pct2 = (p: number | null) => (p === null ? '' : `${(100 * p).toFixed(2)}%`);

/** The games that matter most, as `tournament --importance` prints them (the first `top`). */
export function seasonImportanceTable(r: SeasonImportanceReport, top = 15): string {
  const head =
    r.team === null
      ? 'Games that matter most (each with the playoff chance it moves most)'
      : `Games that matter most for ${r.team}'s playoff chances (${r.games.filter((g) => g.swing > 0).length} of ${r.games.length} move them)`;
  return `${head}:\n${renderTable(
    ['Home', 'Away', 'P(home)', 'Team', 'P(playoffs | home)', 'P(playoffs | away)', 'Swing', 'Importance'],
    r.games.slice(0, top).map((g) => [g.home, g.away, pct2(g.pHome), g.team, pct2(g.ifHome), pct2(g.ifAway), pct2(g.swing), pct2(g.importance)]),
    ['l', 'l', 'r', 'l', 'r', 'r', 'r', 'r'],
  )}`;
}
