import { OptionError } from '../../core/errors.js';
import { dropRun, listRuns, runView, showRun, type RunRow } from '../../app/runs.js';
import { intOption, parseOptions } from '../args.js';
import { DB_HELP, DB_OPTIONS, openCliDb } from '../db-options.js';
import { renderTable } from '../table.js';
import { storedSeasonMeta } from '../../app/seasons/stored.js';
import type { SeasonReport } from '../../engine/season/report.js';
import { seasonOutput } from './season.js';

export const help = `Usage: simcast runs list [--limit N] | show ID | drop ID --yes   [--json]

Stored simulation runs: list them (newest first), show one (inputs hash, seed, stream scheme, shards,
timings, and its results as the command that made it prints them), or drop one (its per-simulation
partitions are dropped as tables, its aggregates with it: it needs --yes).

${DB_HELP}`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions(
    argv,
    { ...DB_OPTIONS, json: { type: 'boolean' }, limit: { type: 'string' }, yes: { type: 'boolean', short: 'y' }, help: { type: 'boolean', short: 'h' } },
    true,
  );
  if (values.help) {
    process.stdout.write(help);
    return 0;
  }
  const [action, idText] = positionals;
  if (!['list', 'show', 'drop'].includes(action ?? '')) throw new OptionError(`options.action must be list, show or drop (got '${action ?? ''}')`);
  if (action === 'drop' && !values.yes) throw new OptionError(`runs drop ${idText ?? ''} deletes the run and everything stored with it: add --yes to do it`);
  const id = action === 'list' ? 0 : intOption('id', idText, NaN, 1);
  const db = await openCliDb(values);
  try {
    if (action === 'list') {
      const runs = await listRuns(db, { limit: intOption('limit', values.limit, 50, 1, 10000) });
      process.stdout.write(values.json ? `${JSON.stringify(runs.map(runView), null, 2)}\n` : runsTable(runs));
    } else if (action === 'show') {
      const { run, outcome, titleOdds } = await showRun(db, id);
      if (values.json) process.stdout.write(`${JSON.stringify({ ...runView(run), titleOdds, results: outcome.report }, null, 2)}\n`);
      else {
        process.stdout.write(runsTable([run]));
        process.stdout.write(
          `inputs ${run.inputs_hash.slice(0, 16)}, stream ${run.stream_scheme}, params ${JSON.stringify(paramsShown(run.params))}, timings ${JSON.stringify(run.timings)}\n`,
        );
        if (run.error) process.stdout.write(`error: ${run.error}\n`);
        const season = run.kind === 'season' ? seasonShown(run, outcome.report) : null;
        if (season !== null) process.stdout.write(`\n${season}`);
        else if (titleOdds.length) {
          process.stdout.write(
            `\n${renderTable(
              ['team', 'seed', 'region', 'title %'],
              titleOdds.map((r) => [r.team, r.seed ?? '', r.region ?? '', (100 * r.titleProbability).toFixed(2)]),
            )}`,
          );
        } else if (outcome.table) {
          process.stdout.write(`\n${renderTable(outcome.table.headers, outcome.table.rows, outcome.table.align)}`);
        }
      }
    } else {
      await dropRun(db, id);
      process.stdout.write(`dropped run ${id}\n`);
    }
    return 0;
  } finally {
    await db.close();
  }
}

/** A season run with the NFL procedure, as `simcast season` printed it (null for other season runs). */
function seasonShown(run: RunRow, report: Record<string, unknown> | null): string | null {
  if (report === null || report.playoffs === undefined) return null;
  const spec = (run.spec as { season?: Parameters<typeof storedSeasonMeta>[1] } | null)?.season;
  if (spec === undefined) return null;
  return seasonOutput({}, storedSeasonMeta(run, spec), report as unknown as SeasonReport, { elapsedMs: null });
}

function runsTable(runs: RunRow[]): string {
  return renderTable(
    ['id', 'kind', 'status', 'sims', 'seed', 'shards', 'persist', 'started', 'finished'],
    runs.map((r) => [
      r.id,
      r.kind,
      r.status,
      Number(r.sims).toLocaleString('en-US'),
      r.seed,
      `${r.shards_done}/${r.shards_planned}`,
      r.persist,
      r.started_at.slice(0, 19),
      r.finished_at?.slice(0, 19) ?? '',
    ]),
  );
}

/** A run's params for one line: a tournament's travel inputs (every site and campus) as their counts. */
function paramsShown(params: unknown): unknown {
  const travel = (params as { travel?: { sites?: unknown[]; locations?: unknown[]; k?: number } } | null)?.travel;
  if (travel === undefined) return params;
  const { sites, locations, k } = travel;
  return { ...(params as object), travel: { sites: sites?.length ?? 0, locations: locations?.length ?? 0, ...(k === undefined ? {} : { k }) } };
}
