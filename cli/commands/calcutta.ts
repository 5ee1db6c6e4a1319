import { randomInt } from 'node:crypto';
import { OptionError } from '../../core/errors.js';
import { loadCalcuttaFile } from '../../app/inputs/calcutta-file.js';
import { DEFAULT_CALCUTTA_SIMS, runCalcutta } from '../../app/calcutta/optimize.js';
import { runPersistedCalcutta } from '../../app/calcutta/persisted.js';
import { closeWorkers, defaultThreads } from '../../app/runtime.js';
import type { CalcuttaReport } from '../../engine/calcutta/report.js';
import { parseSeed } from '../../core/seed.js';
import { interrupted } from '../interrupt.js';
import { intOption, parseOptions } from '../args.js';
import { DB_HELP, DB_OPTIONS, openCliDb } from '../db-options.js';
import { stderrProgress, stderrStatus } from '../progress.js';
import type { CalcuttaPhase } from '../../app/calcutta/optimize.js';
import { renderCsv, renderTable } from '../table.js';

export const help = `Usage: simcast calcutta optimize CALCUTTA.json [options]
       simcast calcutta optimize --resume RUN_ID

Chooses our bids in a Calcutta auction: simulates the tournament, values every team, and picks the
bids that maximise our expected payout net of what we spend (greedy marginal value plus local search,
every candidate priced on the same simulated tournaments, with the dilution our own bids cause).
Prints the recommended bids with the investment report and our entry's prospects.

CALCUTTA.json (docs/calcutta.md, schema docs/calcutta.schema.json): the field (a path or inline), scoring
(perWin or perRoundReached), payouts by finishing rank, the other entries' bids (entries) or a
prediction of them (market), our budget and constraints (minBid, maxBid, increment, maxTeams).

Run:
  --sims N        simulated tournaments (default: ${DEFAULT_CALCUTTA_SIMS.toLocaleString('en-US')})
  --seed S        seed, an integer or a string (default: a random one, printed with the results)
  --threads T     worker threads for the simulation (default: ${defaultThreads()}, the available cores)
  --exact         enumerate every outcome instead of simulating (fields of at most 20 open games)

Storage:
  --persist       keep the run in the database as a job of kind 'calcutta' (inputs, market, recommended
                  bids, investment report, entry performance, and one entry_simulation_outcomes row per
                  entry per simulated tournament, written in one transaction); prints the run id.
                  Monte Carlo only (not with --exact).
  --resume RUN_ID finish a stored Calcutta run that failed or was cancelled, with the same results

Output (default: tables):
  --json          the whole report as one JSON object (recommended, investment, entries, teams, ...)
  --csv           the investment report, one CSV row per team we bid on
  --quiet         no progress on stderr

Examples:
  simcast calcutta optimize examples/calcutta-2016.json --sims 100000 --seed 42
  simcast calcutta optimize examples/calcutta-tiny.json --exact --json
  simcast calcutta optimize examples/calcutta-2016.json --sims 20000 --seed 7 --persist

${DB_HELP}`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions(
    argv,
    {
      sims: { type: 'string' },
      seed: { type: 'string' },
      threads: { type: 'string' },
      exact: { type: 'boolean' },
      json: { type: 'boolean' },
      csv: { type: 'boolean' },
      quiet: { type: 'boolean' },
      persist: { type: 'boolean' },
      resume: { type: 'string' },
      ...DB_OPTIONS,
      help: { type: 'boolean', short: 'h' },
    },
    true,
  );
  if (values.help) {
    process.stdout.write(help);
    return 0;
  }
  const [sub, file, ...rest] = positionals;
  if (sub !== 'optimize')
    throw new OptionError(sub === undefined ? 'a subcommand is required: optimize (try --help)' : `unknown subcommand '${sub}' (try --help)`);
  if (values.resume !== undefined) {
    if (file !== undefined) throw new OptionError('options.resume continues a stored run: give no Calcutta file with it');
    return persisted(values, { resume: intOption('resume', values.resume, 0, 1) }, intOption('threads', values.threads, defaultThreads(), 1, 256));
  }
  if (file === undefined) throw new OptionError('the Calcutta file is required: simcast calcutta optimize CALCUTTA.json');
  if (rest.length > 0) throw new OptionError(`unexpected argument '${rest[0]}'`);
  if (values.json && values.csv) throw new OptionError('options.json and options.csv cannot be used together');
  if (values.exact && (values.sims !== undefined || values.threads !== undefined))
    throw new OptionError('options.exact cannot be used with options.sims or options.threads');
  if (values.persist && values.exact) throw new OptionError('options.persist stores simulated tournaments; it cannot be used with options.exact');
  if (values['data-dir'] !== undefined && !values.persist) throw new OptionError('options.data-dir needs options.persist');
  const sims = intOption('sims', values.sims, DEFAULT_CALCUTTA_SIMS, 1, 10_000_000);
  const threads = intOption('threads', values.threads, defaultThreads(), 1, 256);
  const seed = values.seed === undefined ? randomInt(0, 2 ** 31) : parseSeed(values.seed);
  const { spec, document } = await loadCalcuttaFile(file);
  if (values.persist) return persisted(values, { document, sims, seed }, threads);

  const progress = stderrProgress('simulations', { quiet: values.quiet || values.exact });
  const status = stderrStatus({ quiet: values.quiet });
  const started = performance.now();
  try {
    const report = await runCalcutta(spec, {
      sims,
      seed,
      threads,
      exact: values.exact,
      signal: interrupted,
      onProgress: (d, p) => progress.update(d, p),
      onPhase: (at) => status.say(phaseLine(at, (performance.now() - started) / 1000)),
    });
    progress.finish();
    status.finish();
    // CSV has no place for the seed: say it beside, so the run can be repeated.
    if (values.csv && values.seed === undefined && report.seed !== null)
      process.stderr.write(`seed ${report.seed} (chosen at random; --seed ${report.seed} repeats this run)\n`);
    process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : values.csv ? investmentCsv(report) : reportText(report));
    return 0;
  } finally {
    await closeWorkers();
  }
}

type Values = { json?: boolean; csv?: boolean; quiet?: boolean; 'data-dir'?: string };

/** A Calcutta job run here and stored (--persist), or the rest of a stored one (--resume). */
async function persisted(values: Values, target: Parameters<typeof runPersistedCalcutta>[1], threads: number): Promise<number> {
  const db = await openCliDb(values);
  const progress = stderrProgress('simulations', { quiet: values.quiet });
  try {
    const r = await runPersistedCalcutta(db, target, { threads, signal: interrupted, onProgress: (d, p) => progress.update(d, p) });
    progress.finish();
    process.stderr.write(
      `run ${r.runId} stored in ${db.description}: ${r.copy.rows.toLocaleString('en-US')} entry outcome rows by COPY (${(r.copy.bytes / 2 ** 20).toFixed(1)} MiB, ${(r.copy.waitMs / 1000).toFixed(2)} s waiting on the server)\n`,
    );
    const out = values.json ? `${JSON.stringify(r.report, null, 2)}\n` : values.csv ? investmentCsv(r.report) : `run ${r.runId}\n${reportText(r.report)}`;
    process.stdout.write(out);
    return 0;
  } finally {
    await closeWorkers();
    await db.close();
  }
}

const money = (v: number) => v.toFixed(2);
const pct = (p: number) => `${(100 * p).toFixed(1)}%`;

export function reportText(r: CalcuttaReport): string {
  const inv = renderTable(
    ['Team', 'Seed', 'Bid', 'Own', 'E[team pts]', 'E[our pts]', 'E[payout]', 'Payout share', 'ROI'],
    r.investment.map((l) => [
      l.name,
      l.seed ?? '',
      money(l.bid),
      pct(l.ownership),
      l.teamExpectedPoints.toFixed(2),
      l.ourExpectedPoints.toFixed(2),
      money(l.expectedPayout),
      pct(l.expectedPayoutShare),
      pct(l.roi),
    ]),
    ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
  );
  const us = r.entries[0];
  const ranked = [...r.entries].sort((a, b) => b.meanPayout - a.meanPayout);
  const entries = renderTable(
    ['Entry', 'Spend', 'E[points]', 'E[payout]', 'SD', 'P(1st)', 'P(money)', 'Pctile'],
    ranked.map((e) => [
      e.name,
      money(e.spend),
      e.expectedPoints.toFixed(2),
      pct(e.meanPayout),
      pct(e.sdPayout),
      pct(e.pFirst),
      pct(e.pInMoney),
      e.percentileRank.toFixed(0),
    ]),
    ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
  );
  const run =
    r.mode === 'exact'
      ? `exact enumeration of ${r.sims.toLocaleString('en-US')} outcomes (${r.model})`
      : `${r.sims.toLocaleString('en-US')} simulated tournaments (${r.model}), seed ${r.seed}, ${r.threads} threads`;
  return [
    `${r.name}: recommended bids for '${r.entryName}' (budget ${money(r.budget)})`,
    '',
    r.investment.length > 0 ? inv : 'No bid: no portfolio on the grid has a positive expected net.\n',
    `Spend ${money(r.spend)} of ${money(r.budget)}; pot ${money(r.pot)}. Expected payout ${money(r.expectedPayout)} (${pct(r.expectedPayoutShare)} of the pot), expected net ${money(r.expectedNet)}.`,
    `P(1st) ${pct(us.pFirst)}, P(in the money) ${pct(us.pInMoney)}; net percentiles ${r.netPercentiles.map((q) => `p${q.p} ${money(q.value)}`).join(', ')}.`,
    '',
    'Entries by expected payout (share of the pot):',
    entries,
    `${run}; ${r.strategy}, ${r.optimizer.evaluations.toLocaleString('en-US')} evaluations; ${(r.timings.totalMs / 1000).toFixed(2)} s.`,
    '',
  ].join('\n');
}

export function investmentCsv(r: CalcuttaReport): string {
  return renderCsv(
    ['team', 'seed', 'bid', 'ownership', 'team_expected_points', 'our_expected_points', 'expected_payout_share', 'expected_payout', 'roi'],
    r.investment.map((l) => [l.name, l.seed, l.bid, l.ownership, l.teamExpectedPoints, l.ourExpectedPoints, l.expectedPayoutShare, l.expectedPayout, l.roi]),
  );
}

/** The optimiser's and the report's progress line (they have no total to count down to until the report). */
export function phaseLine(at: CalcuttaPhase, seconds: number): string {
  const t = `${seconds.toFixed(1)} s`;
  if (at.stage === 'preparing') return `preparing: scoring every team in every tournament, ${t}`;
  if (at.stage === 'report') return `report: ${at.done.toLocaleString('en-US')} / ${at.total.toLocaleString('en-US')} tournaments scored, ${t}`;
  const s = at.search;
  const where = s.phase === 'restarts' ? `restart ${(s.restart ?? 0) + 1} of ${s.restarts}` : s.phase;
  return `optimising: ${where}, ${s.greedyMoves} greedy and ${s.localMoves} local-search moves, ${t}`;
}
