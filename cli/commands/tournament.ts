import { randomInt } from 'node:crypto';
import { OptionError } from '../../core/errors.js';
import { loadField } from '../../app/inputs/field-file.js';
import { parseSeed } from '../../core/seed.js';
import type { TournamentReport } from '../../engine/tournament/report.js';
import { closeWorkers, defaultThreads } from '../../app/runtime.js';
import { bracketWithTravel, DEFAULT_SIMS, estimateRunSeconds, MODEL_NAMES, simulateTournament, tournamentBracket } from '../../app/tournaments/simulate.js';
import { loadTravel } from '../../app/inputs/travel-files.js';
import { interrupted } from '../interrupt.js';
import { intOption, numberOption, parseOptions } from '../args.js';
import { copyDetail, formatRate, stderrProgress } from '../progress.js';
import { renderCsv, renderTable } from '../table.js';
import { writeBracketSvg } from '../../app/tournaments/bracket-picture.js';
import type { PersistedTournamentOptions } from '../../app/tournaments/persisted.js';
import { titleImportanceCollector, type TitleImportanceReport } from '../../app/tournaments/importance.js';

export const help = `Usage: simcast tournament --field FILE [options]

Simulates a single-elimination tournament (with play-in games and byes) by seeded Monte Carlo on every
core, or computes it exactly. Prints each team's probability to win through every round, sorted by
title odds.

Field:
  --field FILE         the field: native JSON (docs/field-format.md) or FiveThirtyEight's CSV
  --format json|538    input format (default: json; 538 for FiveThirtyEight's forecast CSV)
  --semis A-B,C-D      semifinal pairing of regions, needed with --format 538 (e.g. South-West,East-Midwest)
  --results FILE       games already decided, a CSV of winner,loser; results are conditioned on

Travel (FiveThirtyEight's adjustment; docs/field-format.md):
  --sites FILE         where each group of games is played, a CSV of region,games,city,lat,lon (games:
                       playin, pod-1, pod-4, pod-3, pod-2, regional, final-four); needs --locations
  --locations FILE     each team's campus, a CSV of team,lat,lon (every team of the field)
  --travel-k K         a team's rating in a game drops by K * miles^(1/3), miles from campus to site
                       (default: 11 Elo points, 11/30.464 = 0.361 rating points with --model 538 or
                       normal; estimated from FiveThirtyEight's 2016 odds, docs/field-format.md)

Model:
  --model NAME         win probability from ratings: ${MODEL_NAMES.join(', ')} (default: 538)
                         538:    p = 1/(1+10^(-(rA-rB)*30.464/400))   (ratings in points)
                         elo:    p = 1/(1+10^(-(rA-rB)/400))
                         normal: p = Phi((rA-rB)/sigma)
  --sigma S            standard deviation of the margin for --model normal (default: 11)
  --hot K              after every simulated game move both ratings by K*(1-p_winner) (538's in-game
                       update); K=0 equals fixed ratings exactly. Monte Carlo only.

Run:
  --exact              exact probabilities by dynamic programming (fixed ratings), no simulation
  --sims N             simulations (default: ${DEFAULT_SIMS.toLocaleString('en-US')})
  --seed S             seed, an integer or a string (default: a random one, printed with the results)
  --threads T          worker threads (default: ${defaultThreads()}, the available cores)

Which games matter (Monte Carlo):
  --importance         for every undecided game, how much its result moves a title chance: P(A wins),
                       P(title | A), P(title | B), swing = |difference| and importance = 2p(1-p)·swing
                       (FiveThirtyEight's definition), from the run's own simulations; each game is shown
                       with the team whose title it moves most, largest first
  --team NAME          with --importance: that team's title only, every undecided game

Storage:
  --persist WHAT       keep the run in the database: aggregates (run + advancement) or rows (also one
                       row per simulation, every team's wins packed, by binary COPY); prints the run id
  --resume RUN_ID      finish a stored run that failed or was cancelled, with the same results
  --shard-blocks N     blocks of 4,096 simulations per shard, the unit of a storage transaction (with
                       rows: at most 32 blocks and 8 MiB a shard)
  --data-dir DIR       embedded database folder when DATABASE_URL is not set (default: ./.simcast/pg)

Output (default: a table):
  --json               one JSON object: teams[{name, seed, region, rating, probabilities, expectedWins,
                       winsDistribution}], sims, seed, threads, elapsedMs, simsPerSecond, streamScheme
  --csv                one CSV row per team with a column per round (with --importance: one row per game)
  --svg FILE           also draw the bracket with each team's odds per round as an SVG picture (the web
                       page's bracket, docs/web.md); the table, --json or --csv still go to stdout
  --quiet              no progress on stderr
  --yes, -y            run even when the estimate says it would take more than 15 minutes

Examples:
  simcast tournament --field examples/ncaa-2016.json --sims 1000000 --seed 42
  simcast tournament --field examples/ncaa-2016.json --exact --svg bracket.svg
  simcast tournament --field forecast.csv --format 538 --semis South-West,East-Midwest --exact --json
  simcast tournament --field examples/ncaa-2016.json --importance --team Kansas --sims 200000
  simcast tournament --field examples/ncaa-2016.json --sites examples/ncaa-2016-sites.csv --locations examples/ncaa-2016-locations.csv --exact
`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parseOptions(argv, {
    field: { type: 'string' },
    format: { type: 'string' },
    semis: { type: 'string' },
    results: { type: 'string' },
    sites: { type: 'string' },
    locations: { type: 'string' },
    'travel-k': { type: 'string' },
    model: { type: 'string' },
    sigma: { type: 'string' },
    hot: { type: 'string' },
    exact: { type: 'boolean' },
    sims: { type: 'string' },
    seed: { type: 'string' },
    threads: { type: 'string' },
    json: { type: 'boolean' },
    csv: { type: 'boolean' },
    svg: { type: 'string' },
    quiet: { type: 'boolean' },
    persist: { type: 'string' },
    resume: { type: 'string' },
    'shard-blocks': { type: 'string' },
    'data-dir': { type: 'string' },
    importance: { type: 'boolean' },
    team: { type: 'string' },
    yes: { type: 'boolean', short: 'y' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(help);
    return 0;
  }
  if (values.persist !== undefined && values.persist !== 'aggregates' && values.persist !== 'rows') {
    throw new OptionError(`options.persist must be aggregates or rows (got '${values.persist}')`);
  }
  if (values.svg !== undefined && (values.persist !== undefined || values.resume !== undefined))
    throw new OptionError('options.svg draws a run made now; for a stored run use the web page (docs/web.md)');
  if (values.resume !== undefined) return resume(values);
  if (values.field === undefined) throw new OptionError('options.field is required (try --help)');
  if (values.format !== undefined && values.format !== 'json' && values.format !== '538') {
    throw new OptionError(`options.format must be json or 538 (got '${values.format}')`);
  }
  if (values.json && values.csv) throw new OptionError('options.json and options.csv cannot be used together');
  if (values.team !== undefined && !values.importance) throw new OptionError('options.team needs options.importance');
  if (values.importance && (values.exact || values.persist !== undefined))
    throw new OptionError('options.importance reads the simulations of this run: it cannot be used with options.exact or options.persist');
  const sims = intOption('sims', values.sims, DEFAULT_SIMS, 1);
  const threads = intOption('threads', values.threads, defaultThreads(), 1, 256);
  const hotK = values.hot === undefined ? null : numberOption('hot', values.hot, 0, 0, 1e6);
  const sigma = numberOption('sigma', values.sigma, 11, 1e-9);
  const seed = values.seed === undefined ? randomInt(0, 2 ** 31) : parseSeed(values.seed);
  if ((values.sites === undefined) !== (values.locations === undefined)) {
    throw new OptionError(
      values.sites === undefined
        ? 'options.locations needs options.sites (where the games are played)'
        : 'options.sites needs options.locations (where the teams come from)',
    );
  }
  if (values['travel-k'] !== undefined && values.sites === undefined) throw new OptionError('options.travel-k needs options.sites and options.locations');
  const travelK = values['travel-k'] === undefined ? undefined : numberOption('travel-k', values['travel-k'], 0, 0, 1e6);
  const spec = await loadField(values.field, { format: values.format as 'json' | '538' | undefined, semis: values.semis, results: values.results });
  const bracket = tournamentBracket(spec);
  const travel = values.sites === undefined ? undefined : await loadTravel(values.sites, values.locations!, travelK);
  // Built (and checked against the field) now, so that a bad row is named by file and line before anything
  // runs or is stored; a stored run builds it again from the travel inputs it keeps.
  const travelled = travel === undefined ? bracket : bracketWithTravel(bracket, travel, values.model ?? '538');
  if (!values.exact) confirmLongRun(sims, spec.teams.length, threads, values.yes === true);

  if (values.persist !== undefined) {
    if (values.exact) throw new OptionError('options.persist stores simulation runs; it cannot be used with options.exact');
    if (values.persist === 'rows' && !values.quiet) {
      const mb = (await import('../../app/tournaments/persisted.js')).persistedRowsBytes(bracket.teamCount, sims) / 1e6;
      process.stderr.write(
        `--persist rows: about ${mb < 10 ? mb.toFixed(1) : Math.round(mb).toLocaleString('en-US')} MB on disk for ${sims.toLocaleString('en-US')} simulations\n`,
      );
    }
    return persisted(values, {
      spec,
      sims,
      seed,
      threads,
      hotK,
      model: { name: values.model ?? '538', sigma },
      ...(travel ? { travel } : {}),
      persist: values.persist as 'aggregates' | 'rows',
      shardBlocks: values['shard-blocks'] === undefined ? undefined : intOption('shard-blocks', values['shard-blocks'], 64, 1, 100000),
    });
  }

  const progress = stderrProgress('simulations', { quiet: values.quiet || values.exact });
  const importance = values.importance ? titleImportanceCollector(bracket, values.team) : null;
  try {
    const report = await simulateTournament(travelled, {
      ...(importance ? { withRows: true, onChunk: (c) => importance.onChunk(c) } : {}),
      exact: values.exact,
      sims,
      seed,
      threads,
      hotK,
      model: { name: values.model ?? '538', sigma },
      signal: interrupted,
      onProgress: (d, p) => progress.update(d, p),
    });
    progress.finish();
    if (values.svg !== undefined) await writeBracketSvg(values.svg, bracket, report);
    // CSV has no place for the seed: say it beside, so the run can be repeated.
    if (values.csv && values.seed === undefined && report.seed !== null)
      process.stderr.write(`seed ${report.seed} (chosen at random; --seed ${report.seed} repeats this run)\n`);
    if (importance) {
      const imp = importance.result();
      process.stdout.write(
        values.json
          ? `${JSON.stringify({ ...report, importance: imp }, null, 2)}\n`
          : values.csv
            ? importanceCsv(imp)
            : `${reportTable(report)}\n${importanceTable(imp)}`,
      );
      return 0;
    }
    process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : values.csv ? reportCsv(report) : reportTable(report));
    return 0;
  } finally {
    await closeWorkers();
  }
}

const pct2 = (p: number | null) => (p === null ? '' : `${(100 * p).toFixed(2)}%`);

export function importanceTable(r: TitleImportanceReport, top = 15): string {
  const head = r.team === null ? 'Games that matter most (each with the title chance it moves most)' : `Games that matter most for ${r.team}'s title`;
  return `${head}:\n${renderTable(
    ['Round', 'Side A', 'Side B', 'P(A)', 'Team', 'P(title | A)', 'P(title | B)', 'Swing', 'Importance'],
    r.games.slice(0, top).map((g) => [g.round, g.sideA, g.sideB, pct2(g.pA), g.team, pct2(g.givenA), pct2(g.givenB), pct2(g.swing), pct2(g.importance)]),
    ['r', 'l', 'l', 'r', 'l', 'r', 'r', 'r', 'r'],
  )}`;
}

export function importanceCsv(r: TitleImportanceReport): string {
  return renderCsv(
    ['game', 'round', 'side_a', 'side_b', 'p_a', 'team', 'p_title_given_a', 'p_title_given_b', 'swing', 'importance'],
    r.games.map((g) => [g.game, g.round, g.sideA, g.sideB, g.pA, g.team, g.givenA, g.givenB, g.swing, g.importance]),
  );
}

type Values = { json?: boolean; csv?: boolean; quiet?: boolean; 'data-dir'?: string; resume?: string; threads?: string };

async function resume(values: Values): Promise<number> {
  const runId = intOption('resume', values.resume, 0, 1);
  return persisted(values, { resumeRunId: runId, threads: intOption('threads', values.threads, defaultThreads(), 1, 256) });
}

async function persisted(values: Values, opts: Omit<PersistedTournamentOptions, 'db'>): Promise<number> {
  // Storage (pg, PGlite) loads only here: a tournament that stores nothing starts without it (bench/startup.ts).
  const [{ openCliDb }, { runPersistedTournament }] = await Promise.all([import('../db-options.js'), import('../../app/tournaments/persisted.js')]);
  const db = await openCliDb(values);
  const progress = stderrProgress('simulations', { quiet: values.quiet, detail: copyDetail(db) });
  try {
    const r = await runPersistedTournament({ ...opts, db, signal: interrupted, onProgress: (d, p) => progress.update(d, p) });
    progress.finish();
    process.stderr.write(
      `run ${r.runId} stored in ${db.description}: ${r.shardsRunNow} of ${r.shards} shards written now` +
        (r.copy.rows > 0
          ? `, ${r.copy.rows.toLocaleString('en-US')} rows by COPY (${(r.copy.bytes / 2 ** 20).toFixed(0)} MiB, ${(r.copy.waitMs / 1000).toFixed(2)} s waiting on the server)`
          : '') +
        '\n',
    );
    const out = values.json
      ? `${JSON.stringify({ runId: r.runId, ...r.report }, null, 2)}\n`
      : values.csv
        ? reportCsv(r.report)
        : `run ${r.runId}\n${reportTable(r.report)}`;
    process.stdout.write(out);
    return 0;
  } finally {
    await closeWorkers();
    await db.close();
  }
}

/** A run estimated to last more than a quarter of an hour starts only when asked twice (--yes). */
const LONG_RUN_SECONDS = 15 * 60;

function confirmLongRun(sims: number, teams: number, threads: number, yes: boolean): void {
  const seconds = estimateRunSeconds(sims, teams, threads);
  if (seconds <= LONG_RUN_SECONDS || yes) return;
  const took = seconds < 3600 ? `${Math.round(seconds / 60)} minutes` : `${(seconds / 3600).toFixed(1)} hours`;
  throw new OptionError(
    `options.sims ${sims.toLocaleString('en-US')} would take about ${took} on ${threads} thread${threads === 1 ? '' : 's'} here; add --yes to run it anyway, or ask for fewer`,
  );
}

const pct = (p: number) => (p >= 0.9995 && p < 1 ? '>99.9' : p > 0 && p < 0.0005 ? '<0.1' : (100 * p).toFixed(1));

const travelNote = (r: TournamentReport) => (r.travelK === undefined ? '' : `, travel k=${Number(r.travelK.toPrecision(4))}`);

export function reportTable(r: TournamentReport): string {
  const playIns = r.teams.some((t) => t.probabilities[0] < 1);
  const first = playIns ? 0 : 1;
  const headers = ['Team', 'Seed', 'Region', 'Rating', ...r.roundNames.slice(first).map((n) => (n === 'Final' ? 'Champion' : n)), 'E[wins]'];
  const rows = r.teams.map((t) => [
    t.name,
    t.seed ?? '',
    t.region ?? '',
    t.rating.toFixed(2),
    ...t.probabilities.slice(first).map(pct),
    t.expectedWins.toFixed(2),
  ]);
  const align = headers.map((_, i) => (i === 0 || i === 2 ? 'l' : 'r')) as ('l' | 'r')[];
  const foot =
    r.mode === 'exact'
      ? `exact (${r.model}${travelNote(r)}), ${r.elapsedMs.toFixed(1)} ms\n`
      : `${r.sims!.toLocaleString('en-US')} simulations (${r.model}${r.hot !== null ? `, hot K=${r.hot}` : ''}${travelNote(r)}), seed ${r.seed}, ${r.threads} threads, ${(r.elapsedMs / 1000).toFixed(2)} s, ${formatRate(r.simsPerSecond ?? 0)} sims/s, stream ${r.streamScheme}\n`;
  return `${r.name}: % to win through each round\n${renderTable(headers, rows, align)}${foot}`;
}

export function reportCsv(r: TournamentReport): string {
  const headers = ['team', 'seed', 'region', 'rating', ...r.roundNames.map((_, i) => `rd${i + 1}_win`), 'expected_wins'];
  return renderCsv(
    headers,
    r.teams.map((t) => [t.name, t.seed, t.region, t.rating, ...t.probabilities, t.expectedWins]),
  );
}
