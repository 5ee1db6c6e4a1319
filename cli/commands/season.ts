import { randomInt } from 'node:crypto';
import { OptionError } from '../../core/errors.js';
import { parseSeed } from '../../core/seed.js';
import { closeWorkers, defaultThreads } from '../../app/runtime.js';
import { BUNDLED_GAMES } from '../../app/seasons/inputs.js';
import { checkedSeasonInputs, DEFAULT_SEASON_SIMS, DEFAULT_WEEKLY_SIMS, simulateSeason, simulateSeasonWeekly } from '../../app/seasons/simulate.js';
import { resumePersistedSeason, runPersistedSeason } from '../../app/seasons/stored.js';
import { seasonCsv, seasonFooter, seasonTable, seasonTitle, seasonView, weeklyCsv, weeklyTable, weeklyView } from '../../app/seasons/view.js';
import type { SeasonRunMeta } from '../../app/seasons/simulate.js';
import type { SeasonReport } from '../../engine/season/report.js';
import { intOption, numberOption, parseOptions } from '../args.js';
import { DB_HELP, DB_OPTIONS, openCliDb } from '../db-options.js';
import { interrupted } from '../interrupt.js';
import { stderrProgress } from '../progress.js';
import { renderCsv, renderTable } from '../table.js';

export const help = `Usage: simcast season [--season YEAR] [--week W | --as-of YYYY-MM-DD] [options]

Simulates the rest of an NFL season from the games played so far: Elo ratings and results to that day,
the remaining schedule played N times, each simulation ranked with the NFL's tiebreakers (division ties,
wild cards), seeded (7 per conference from 2020, 6 before), its playoffs played (re-seeding, home field,
a neutral Super Bowl) and its draft order set. Prints each team's chances of the division, the playoffs,
each seed, each round and the title, its expected wins and draft pick (docs/seasons.md).

Season:
  --league nfl         the league (only the NFL has its procedure here)
  --season YEAR        the season by its first year (default: the latest with a game left to play)
  --week W             as the season stood before week W kicked off (weeks 1 to W-1 played);
                       the last week + 1 means after the regular season (only the playoffs are left)
  --as-of YYYY-MM-DD   as the season stood at the end of that day (default: every game with a score)
  --games FILE         games and results (default: the bundled ${BUNDLED_GAMES})

Run:
  --sims N             simulations (default: ${DEFAULT_SEASON_SIMS.toLocaleString('en-US')}; with --weekly, ${DEFAULT_WEEKLY_SIMS.toLocaleString('en-US')} a week)
  --seed S             seed, an integer or a string (default: a random one, printed with the results)
  --threads T          worker threads (default: ${defaultThreads()}, the available cores)
  --hot K              hot ratings: after every simulated game the winner gains K*(1-p) Elo points
  --weekly             replay the whole season week by week: playoff odds before every week and
                       after the last (each point equals --week W with the same seed)
  --persist            keep the run in the database (its results by COPY); prints the run id, and
                       'simcast runs show ID' prints it again
  --resume RUN_ID      finish a stored season run that failed or was cancelled (Ctrl-C), same results

Output (default: a table, % chances; '-' is never, '<0.1' and '>99.9' are rounded):
  --json               one JSON object: season, asOf, week, gamesPlayed, gamesLeft, sims, seed,
                       teams[{id, conference, division, rating, expectedWins, playoffs, divisionTitle,
                       bye, seeds[k], rounds{divisional, conference, superBowl, champion}, draft[k],
                       expectedPick, halfWinsDistribution}], games[{home, away, pHome, teams[{id,
                       ifHome, ifAway, swing, importance}]}]
  --csv                one row per team: a column per seed, round and draft pick
  --quiet              no progress on stderr

${DB_HELP}
Examples:
  simcast season --season 2024 --week 10 --sims 20000 --seed 1
  simcast season --season 2024 --weekly --sims 2000 --seed 1 --csv
`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parseOptions(argv, {
    ...DB_OPTIONS,
    league: { type: 'string' },
    season: { type: 'string' },
    week: { type: 'string' },
    'as-of': { type: 'string' },
    games: { type: 'string' },
    sims: { type: 'string' },
    seed: { type: 'string' },
    threads: { type: 'string' },
    hot: { type: 'string' },
    weekly: { type: 'boolean' },
    persist: { type: 'boolean' },
    resume: { type: 'string' },
    json: { type: 'boolean' },
    csv: { type: 'boolean' },
    quiet: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(help);
    return 0;
  }
  const league = values.league ?? 'nfl';
  if (league !== 'nfl') throw new OptionError(`options.league must be nfl (got '${league}'): the tiebreakers, seeds and playoffs are the NFL's`);
  if (values.json && values.csv) throw new OptionError('options.json and options.csv cannot be used together');
  if (values.weekly && (values.week !== undefined || values['as-of'] !== undefined))
    throw new OptionError('options.weekly replays every week: it cannot be used with options.week or options.as-of');
  if (values.weekly && values.persist) throw new OptionError('options.persist stores one run: it cannot be used with options.weekly');
  if (values.resume !== undefined) return resume(values, intOption('resume', values.resume, 0, 1));
  const query = {
    league: 'nfl' as const,
    season: values.season === undefined ? undefined : intOption('season', values.season, 0, 1900, 2100),
    week: values.week === undefined ? undefined : intOption('week', values.week, 0, 1, 30),
    asOf: values['as-of'],
    games: values.games,
  };
  const sims = intOption('sims', values.sims, values.weekly ? DEFAULT_WEEKLY_SIMS : DEFAULT_SEASON_SIMS, 1);
  const threads = intOption('threads', values.threads, defaultThreads(), 1, 256);
  const hotK = values.hot === undefined ? null : numberOption('hot', values.hot, 0, 0, 1e6);
  const seed = values.seed === undefined ? randomInt(0, 2 ** 31) : parseSeed(values.seed);
  // CSV has no place for the seed: say it beside, so the run can be repeated.
  const sayChosenSeed = () => {
    if (values.csv && values.seed === undefined) process.stderr.write(`seed ${seed} (chosen at random; --seed ${seed} repeats this run)\n`);
  };
  const progress = stderrProgress('simulations', { quiet: values.quiet });
  const opts = { sims, seed, threads, hotK, signal: interrupted, onProgress: (d: number, p: number) => progress.update(d, p) };
  try {
    if (values.weekly) {
      const w = await simulateSeasonWeekly(query, opts);
      progress.finish();
      sayChosenSeed();
      const m = w.meta;
      const text = () => {
        const t = weeklyTable(w);
        return (
          `${m.season} NFL season week by week: % playoff chances before each week (End: after week ${m.weeks})\n` +
          renderTable(t.headers, t.rows, t.align) +
          `${m.sims.toLocaleString('en-US')} simulations a week, seed ${m.seed}, ${w.threads} threads, ${(w.elapsedMs / 1000).toFixed(2)} s, stream ${m.streamScheme}\n`
        );
      };
      const csv = () => {
        const c = weeklyCsv(w);
        return renderCsv(c.headers, c.rows);
      };
      process.stdout.write(values.json ? `${JSON.stringify(weeklyView(w), null, 2)}\n` : values.csv ? csv() : text());
      return 0;
    }
    if (values.persist) {
      const inputs = await checkedSeasonInputs(query, { sims });
      const db = await openCliDb(values);
      try {
        const r = await runPersistedSeason({ db, inputs, sims, seed, hotK, threads, signal: interrupted, onProgress: opts.onProgress });
        progress.finish();
        sayChosenSeed();
        process.stderr.write(`run ${r.runId} stored in ${db.description}\n`);
        process.stdout.write(seasonOutput(values, r.meta, r.report, { threads, elapsedMs: r.elapsedMs, runId: r.runId }));
        return 0;
      } finally {
        await db.close();
      }
    }
    const r = await simulateSeason(query, opts);
    progress.finish();
    sayChosenSeed();
    process.stdout.write(seasonOutput(values, r.meta, r.report, { threads: r.threads, elapsedMs: r.elapsedMs }));
    return 0;
  } finally {
    await closeWorkers();
  }
}

async function resume(values: { json?: boolean; csv?: boolean; quiet?: boolean; threads?: string; 'data-dir'?: string }, runId: number): Promise<number> {
  const threads = intOption('threads', values.threads, defaultThreads(), 1, 256);
  const progress = stderrProgress('simulations', { quiet: values.quiet });
  const db = await openCliDb(values);
  try {
    const r = await resumePersistedSeason(db, runId, { threads, signal: interrupted, onProgress: (d, p) => progress.update(d, p) });
    progress.finish();
    process.stderr.write(`run ${r.runId} stored in ${db.description}: ${r.shardsRunNow} of ${r.shards} shards run now\n`);
    process.stdout.write(seasonOutput(values, r.meta, r.report, { threads, elapsedMs: r.elapsedMs, runId: r.runId }));
    return 0;
  } finally {
    await closeWorkers();
    await db.close();
  }
}

/** The answer in the form asked for; `runs show` prints a stored season run with it too. */
export function seasonOutput(
  format: { json?: boolean; csv?: boolean },
  meta: SeasonRunMeta,
  report: SeasonReport,
  run: { threads?: number | null; elapsedMs?: number | null; runId?: number },
): string {
  if (format.json) return `${JSON.stringify(seasonView(meta, report, run), null, 2)}\n`;
  if (format.csv) {
    const c = seasonCsv(report);
    return renderCsv(c.headers, c.rows);
  }
  const t = seasonTable(report);
  return (
    `${run.runId !== undefined ? `run ${run.runId}\n` : ''}${seasonTitle(meta)}\n` + renderTable(t.headers, t.rows, t.align) + `${seasonFooter(meta, run)}\n`
  );
}
