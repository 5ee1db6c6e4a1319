import { randomInt } from 'node:crypto';
import { OptionError } from '../../core/errors.js';
import { parseSeed } from '../../core/seed.js';
import { loadField } from '../../app/inputs/field-file.js';
import { loadAliases, loadEntry, loadOpponentEntries, loadPicks } from '../../app/inputs/pool-files.js';
import { parsePayouts, parsePointsList, poolDocument, type PoolInputs } from '../../app/pools/document.js';
import { evaluatePool, type PoolEvaluation } from '../../app/pools/evaluate.js';
import { DEFAULT_POOL_SIMS, optimizePool, type PoolOptimizeResult } from '../../app/pools/optimize.js';
import { runPersistedPool } from '../../app/pools/persisted.js';
import { poolSetup } from '../../app/pools/setup.js';
import type { PoolImportanceRecord } from '../../store/pools.js';
import { closeWorkers, defaultThreads } from '../../app/runtime.js';
import { interrupted } from '../interrupt.js';
import { intOption, numberOption, parseOptions } from '../args.js';
import { DB_HELP, DB_OPTIONS, openCliDb } from '../db-options.js';
import { stderrProgress } from '../progress.js';
import { renderCsv, renderTable } from '../table.js';

export const help = `Usage: simcast pool optimize --field FILE --results FILE --picks PICKS.csv --pool-size N [options]
       simcast pool evaluate --entry ENTRY.json --field FILE --results FILE --picks PICKS.csv --pool-size N [options]
       simcast pool optimize|evaluate --resume RUN_ID

Bracket pools (an office pool, ESPN's Tournament Challenge): the entry that wins the pool, not the one
that scores most. The other entries are drawn from the public's picks (who picked whom); every candidate
is priced on the same simulated tournaments, and the exact distribution of the opponents' scores gives
each candidate's chance to win (docs/pools.md).

  optimize   start from chalk (every game's favourite) and improve by local moves (champion, finalists,
             upsets) the expected prize; then price the choice and chalk again on hold-out tournaments
             of their own seed, and keep chalk if the hold-out finds the choice worse
  evaluate   the chance to win, expected prize and score of a given entry, beside chalk's, with score
             percentiles and the games that matter most for it

Inputs:
  --field FILE         the field: native JSON (docs/field-format.md) or FiveThirtyEight's CSV
  --format json|538    field format (default: from the file name)
  --semis A-B,C-D      semifinal pairing of regions, with --format 538
  --results FILE       games already decided (CSV winner,loser); pools are filled in after the play-ins,
                       so every play-in game must be decided here or in the field
  --picks FILE         the public's picks: CSV name,round1..round6 (share of brackets picking the team
                       to win in that round; ESPN's "who picked whom")
  --aliases FILE       CSV alias,name: names in the picks file mapped to the field's (besides the
                       built-in table of ESPN's short names)
  --entry FILE         evaluate: the entry, JSON { "<team>": games won, ... } or a report's { "bracket": ... }
  --model NAME         win probability from ratings: 538 (default), elo, normal; --sigma S for normal

Pool:
  --pool-size N        other entries in the pool (ours not counted)
  --scoring P1,..,P6   points per correct pick by round (default ESPN's 10,20,40,80,160,320)
  --seed-bonus B1,..   bonus by the winner's seed (seed 1 first), --combine add|multiply (default add)
  --payouts A,B,..     payout by place (default 1: winner takes all; 70,20,10 for a top three); ties split
  --opponents KIND     public (default: the picks' shares) or chalky (shares squared: a chalkier public)
  --opponent-entries FILE
                       a real pool's other entries instead: a JSON array of brackets ({ "<team>": wins });
                       the pool is exactly those entries (no --pool-size)
  --lock TEAM:WINS,..  optimize: picks the entry must keep (Kansas:6 = Kansas champion)
  --entries K          optimize: a best-ball portfolio of K entries (default 1)

Run:
  --sims N             simulated tournaments (default: ${DEFAULT_POOL_SIMS.toLocaleString('en-US')}); optimize prices every
                       candidate on them and, by default, as many hold-out tournaments
  --holdout-sims N     optimize: hold-out tournaments (default: as many as --sims)
  --seed S             seed, an integer or a string (default: a random one, printed with the results)
  --threads T          worker threads (default: ${defaultThreads()}, the available cores); the same results on any number

Storage:
  --persist            keep the run in the database as a job of kind 'pool' (entries, hold-out figures,
                       score percentiles, game importance, and every entry's score in every scored
                       tournament by COPY, in one transaction); prints the run id
  --resume RUN_ID      finish a stored pool run that failed or was cancelled, with the same results

Output (default: text):
  --json               one JSON object (optimize: bracket, winProbability, expectedScore, chalk, holdout,
                       search, pool, importance, sims, seed; evaluate: entry, chalk, winRatio, importance, ...)
  --csv                optimize: one row per team (seed, games picked, chalk's); evaluate: one row per entry
  --quiet              no progress on stderr

Examples:
  simcast pool optimize --field examples/ncaa-2016.json --results examples/data/ncaa-mens-2016-first-four.csv \\
    --picks examples/data/ncaa-mens-2016-espn-picks.csv --pool-size 100 --seed 1
  simcast pool evaluate --entry examples/pool-entry-2016.json --field examples/ncaa-2016.json \\
    --results examples/data/ncaa-mens-2016-first-four.csv --picks examples/data/ncaa-mens-2016-espn-picks.csv --pool-size 1000

${DB_HELP}`;

const OPTIONS = {
  field: { type: 'string' },
  format: { type: 'string' },
  semis: { type: 'string' },
  results: { type: 'string' },
  picks: { type: 'string' },
  aliases: { type: 'string' },
  entry: { type: 'string' },
  model: { type: 'string' },
  sigma: { type: 'string' },
  'pool-size': { type: 'string' },
  scoring: { type: 'string' },
  'seed-bonus': { type: 'string' },
  combine: { type: 'string' },
  payouts: { type: 'string' },
  opponents: { type: 'string' },
  'opponent-entries': { type: 'string' },
  lock: { type: 'string' },
  entries: { type: 'string' },
  sims: { type: 'string' },
  'holdout-sims': { type: 'string' },
  seed: { type: 'string' },
  threads: { type: 'string' },
  json: { type: 'boolean' },
  csv: { type: 'boolean' },
  quiet: { type: 'boolean' },
  persist: { type: 'boolean' },
  resume: { type: 'string' },
  ...DB_OPTIONS,
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseOptions<typeof OPTIONS>>['values'];

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions(argv, OPTIONS, true);
  if (values.help) {
    process.stdout.write(help);
    return 0;
  }
  const [sub, ...rest] = positionals;
  if (sub !== 'optimize' && sub !== 'evaluate')
    throw new OptionError(sub === undefined ? 'a subcommand is required: optimize or evaluate (try --help)' : `unknown subcommand '${sub}' (try --help)`);
  if (rest.length > 0) throw new OptionError(`unexpected argument '${rest[0]}'`);
  if (values.json && values.csv) throw new OptionError('options.json and options.csv cannot be used together');
  if (values.resume !== undefined) {
    if (values.field !== undefined) throw new OptionError('options.resume continues a stored run: give no inputs with it');
    return persisted(sub, values, { resume: intOption('resume', values.resume, 0, 1) });
  }
  if (values['data-dir'] !== undefined && !values.persist) throw new OptionError('options.data-dir needs options.persist');
  if (sub === 'evaluate') {
    for (const o of ['lock', 'entries', 'holdout-sims'] as const) if (values[o] !== undefined) throw new OptionError(`options.${o} is for pool optimize`);
    if (values.entry === undefined) throw new OptionError('options.entry is required: the entry to evaluate, a JSON file (try --help)');
  } else if (values.entry !== undefined) throw new OptionError('options.entry is for pool evaluate');
  const inputs = await readInputs(values);
  const sims = intOption('sims', values.sims, DEFAULT_POOL_SIMS, 1, 10_000_000);
  const seed = values.seed === undefined ? randomInt(0, 2 ** 31) : parseSeed(values.seed);
  // Every input error surfaces here, before anything runs or is stored.
  poolSetup(inputs);
  if (values.persist) return persisted(sub, values, { mode: sub, document: poolDocument(inputs), sims, seed });

  const threads = intOption('threads', values.threads, defaultThreads(), 1, 256);
  const progress = stderrProgress('tournaments', { quiet: values.quiet });
  const o = { sims, seed, threads, signal: interrupted, onProgress: (d: number, p: number) => progress.update(d, p) };
  if (values.csv && values.seed === undefined) process.stderr.write(`seed ${seed} (chosen at random; --seed ${seed} repeats this run)\n`);
  try {
    if (sub === 'optimize') {
      const r = await optimizePool(inputs, o);
      progress.finish();
      process.stdout.write(values.json ? `${JSON.stringify(r.report, null, 2)}\n` : values.csv ? bracketCsv(r.report) : optimizeText(r.report));
    } else {
      const r = await evaluatePool(inputs, o);
      progress.finish();
      process.stdout.write(values.json ? `${JSON.stringify(r.report, null, 2)}\n` : values.csv ? evaluationCsv(r.report) : evaluationText(r.report));
    }
    return 0;
  } finally {
    await closeWorkers();
  }
}

async function readInputs(values: Values): Promise<PoolInputs> {
  if (values.field === undefined) throw new OptionError('options.field is required (try --help)');
  if (values.picks === undefined) throw new OptionError("options.picks is required: the public's picks, CSV name,round1..round6 (try --help)");
  if (values.format !== undefined && values.format !== 'json' && values.format !== '538') {
    throw new OptionError(`options.format must be json or 538 (got '${values.format}')`);
  }
  const opponents = values.opponents ?? 'public';
  if (opponents !== 'public' && opponents !== 'chalky') throw new OptionError(`options.opponents must be public or chalky (got '${opponents}')`);
  const explicit = values['opponent-entries'];
  if (explicit !== undefined && (values['pool-size'] !== undefined || values.opponents !== undefined))
    throw new OptionError('options.opponent-entries are the pool: give no options.pool-size or options.opponents with them');
  if (explicit === undefined && values['pool-size'] === undefined)
    throw new OptionError('options.pool-size is required: the number of other entries in the pool');
  const combine = values.combine ?? 'add';
  if (combine !== 'add' && combine !== 'multiply') throw new OptionError(`options.combine must be add or multiply (got '${combine}')`);
  if (values.combine !== undefined && values['seed-bonus'] === undefined) throw new OptionError('options.combine needs options.seed-bonus');
  const model = values.model ?? '538';
  const field = await loadField(values.field, { format: values.format as 'json' | '538' | undefined, semis: values.semis, results: values.results });
  const picks = await loadPicks(values.picks);
  const aliases = values.aliases === undefined ? [] : await loadAliases(values.aliases);
  const inputs: PoolInputs = {
    field,
    picks,
    aliases,
    aliasSource: values.aliases,
    model: { name: model, ...(values.sigma !== undefined ? { sigma: numberOption('sigma', values.sigma, 11, 1e-9) } : {}) },
    ...(explicit === undefined
      ? { poolSize: intOption('pool-size', values['pool-size'], 1, 1, 10_000_000), opponents: { kind: opponents } }
      : { opponents: { kind: 'explicit' as const, entries: await loadOpponentEntries(explicit) } }),
  };
  if (values.scoring !== undefined || values['seed-bonus'] !== undefined) {
    inputs.scoring = {
      roundPoints: values.scoring === undefined ? [10, 20, 40, 80, 160, 320] : parsePointsList(values.scoring, 'options.scoring'),
      ...(values['seed-bonus'] !== undefined ? { seedBonus: parsePointsList(values['seed-bonus'], 'options.seed-bonus'), combine } : {}),
    };
  }
  if (values.payouts !== undefined) inputs.payouts = parsePayouts(values.payouts);
  if (values.lock !== undefined) inputs.locks = parseLockOption(values.lock);
  if (values.entries !== undefined) inputs.entries = intOption('entries', values.entries, 1, 1, 10);
  if (values['holdout-sims'] !== undefined) inputs.holdoutSims = intOption('holdout-sims', values['holdout-sims'], 1, 1, 10_000_000);
  if (values.entry !== undefined) inputs.entry = await loadEntry(values.entry);
  return inputs;
}

function parseLockOption(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^(.*):(\d+)$/.exec(part);
    if (!m) throw new OptionError(`options.lock is TEAM:WINS,... (got '${part}')`);
    out[m[1].trim()] = Number(m[2]);
  }
  return out;
}

async function persisted(
  mode: 'optimize' | 'evaluate',
  values: Values,
  target: { mode: 'optimize' | 'evaluate'; document: ReturnType<typeof poolDocument>; sims: number; seed: string | number } | { resume: number },
): Promise<number> {
  const db = await openCliDb(values);
  const progress = stderrProgress('tournaments', { quiet: values.quiet });
  try {
    const threads = intOption('threads', values.threads, defaultThreads(), 1, 256);
    const r = await runPersistedPool<Record<string, unknown>>(db, target, { threads, signal: interrupted, onProgress: (d, p) => progress.update(d, p) });
    progress.finish();
    process.stderr.write(
      `run ${r.runId} stored in ${db.description}: ${r.copy.rows.toLocaleString('en-US')} entry score rows by COPY (${(r.copy.bytes / 2 ** 20).toFixed(1)} MiB)\n`,
    );
    const report = r.report;
    const isEval = report.mode === 'evaluate' || (report.mode === undefined && mode === 'evaluate');
    const text = isEval ? evaluationText(report as unknown as PoolEvaluation) : optimizeText(report as unknown as PoolOptimizeResult['report']);
    const csv = isEval ? evaluationCsv(report as unknown as PoolEvaluation) : bracketCsv(report as unknown as PoolOptimizeResult['report']);
    process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : values.csv ? csv : `run ${r.runId}\n${text}`);
    return 0;
  } finally {
    await closeWorkers();
    await db.close();
  }
}

const pct = (p: number, d = 2) => `${(100 * p).toFixed(d)}%`;
/** Rounds named from the final down (so any bracket size reads right). */
const FROM_FINAL = ['Final', 'Final Four', 'Elite 8', 'Sweet 16', 'Round of 32', 'Round of 64'];

function champion(b: Record<string, number>): string {
  let best = '';
  for (const [n, w] of Object.entries(b)) if (best === '' || w > b[best]) best = n;
  return best;
}

function poolLine(p: { opponents: number; model: string; payouts: number[]; roundPoints: number[]; seedBonus: number[] | null }): string {
  return `a pool of ${p.opponents.toLocaleString('en-US')} other entries (${p.model} opponents), scoring ${p.roundPoints.join('-')}${p.seedBonus ? ' with a seed bonus' : ''}, payouts ${p.payouts.join('/')}`;
}

function importanceTable(rows: PoolImportanceRecord[], top = 8): string {
  const last = Math.max(0, ...rows.map((r) => r.round));
  return renderTable(
    ['Round', 'Side A', 'Side B', 'P(A)', 'P(win | A)', 'P(win | B)', 'Importance'],
    rows
      .slice(0, top)
      .map((r) => [
        FROM_FINAL[last - r.round] ?? `round ${r.round}`,
        r.sideA,
        r.sideB,
        pct(r.pA, 1),
        r.givenA === null ? '' : pct(r.givenA),
        r.givenB === null ? '' : pct(r.givenB),
        r.importance === null ? '' : pct(r.importance),
      ]),
    ['l', 'l', 'l', 'r', 'r', 'r', 'r'],
  );
}

export function optimizeText(r: PoolOptimizeResult['report']): string {
  const h = r.holdout;
  const diff = Object.keys(r.bracket)
    .filter((t) => r.bracket[t] !== r.chalk.bracket[t])
    .sort((a, b) => r.bracket[b] - r.bracket[a] || r.chalk.bracket[b] - r.chalk.bracket[a]);
  const lines = [
    `Best entry for ${poolLine(r.pool)}`,
    `Champion: ${champion(r.bracket)} (chalk: ${champion(r.chalk.bracket)})${h.chosen === 'chalk' ? ': the hold-out found no entry better than chalk, so chalk is kept' : ''}`,
    '',
    `P(win) ${pct(r.winProbability)} ± ${pct(h.winProbability.se)}; chalk ${pct(r.chalk.winProbability)} ± ${pct(h.chalkWinProbability.se)}; ratio ${h.winRatio.value.toFixed(3)} ± ${h.winRatio.se.toFixed(3)}`,
    `(hold-out: ${h.sims.toLocaleString('en-US')} tournaments of their own seed; in-sample ratio ${(r.search.expectedPrize / r.search.chalkExpectedPrize).toFixed(3)} on ${r.search.sims.toLocaleString('en-US')})`,
    `Expected score ${r.expectedScore.toFixed(1)}; chalk ${r.chalk.expectedScore.toFixed(1)}. Naive 1/(N+1): ${pct(1 / (r.pool.opponents + 1))}.`,
    '',
  ];
  if (diff.length > 0) {
    lines.push(
      'Picks that differ from chalk (games won):',
      renderTable(
        ['Team', 'Entry', 'Chalk'],
        diff.map((t) => [t, r.bracket[t], r.chalk.bracket[t]]),
        ['l', 'r', 'r'],
      ),
    );
  }
  lines.push('Games that matter most for this entry:', importanceTable(r.importance));
  lines.push(
    `seed ${r.seed}, ${r.search.evaluations.toLocaleString('en-US')} candidates priced, ${((r.timings.totalMs ?? 0) / 1000).toFixed(1)} s; --json for the whole bracket`,
    '',
  );
  return lines.join('\n');
}

export function bracketCsv(r: PoolOptimizeResult['report']): string {
  return renderCsv(
    ['team', 'wins', 'chalk_wins'],
    Object.keys(r.bracket).map((t) => [t, r.bracket[t], r.chalk.bracket[t]]),
  );
}

export function evaluationText(r: PoolEvaluation): string {
  return [
    `Entry in ${poolLine(r.pool)}`,
    '',
    renderTable(
      ['Entry', 'Champion', 'P(win)', '±', 'E[prize]', 'E[score]', 'Score p10 / p50 / p90'],
      [
        ['entry', r.entry, r.entry.percentiles],
        ['chalk', r.chalk, r.chalk.percentiles],
      ].map(([label, e, p]) => {
        const x = e as PoolEvaluation['entry'];
        const q = p as { p: number; score: number }[];
        const at = (k: number) => q.find((z) => z.p === k)?.score ?? '';
        return [
          label as string,
          x.champion,
          pct(x.winProbability.value),
          pct(x.winProbability.se),
          x.expectedPrize.value.toFixed(4),
          x.expectedScore.toFixed(1),
          `${at(10)} / ${at(50)} / ${at(90)}`,
        ];
      }),
      ['l', 'l', 'r', 'r', 'r', 'r', 'r'],
    ),
    `Ratio to chalk ${r.winRatio.value.toFixed(3)} ± ${r.winRatio.se.toFixed(3)} (paired, same ${r.sims.toLocaleString('en-US')} tournaments, seed ${r.seed})`,
    '',
    'Games that matter most for this entry:',
    importanceTable(r.importance),
  ].join('\n');
}

export function evaluationCsv(r: PoolEvaluation): string {
  const ps = r.entry.percentiles.map((q) => `p${q.p}`);
  return renderCsv(
    ['entry', 'champion', 'win_probability', 'win_probability_se', 'expected_prize', 'expected_score', ...ps],
    [
      ['entry', r.entry],
      ['chalk', r.chalk],
    ].map(([label, e]) => {
      const x = e as PoolEvaluation['entry'];
      return [
        label as string,
        x.champion,
        x.winProbability.value,
        x.winProbability.se,
        x.expectedPrize.value,
        x.expectedScore,
        ...x.percentiles.map((q) => q.score),
      ];
    }),
  );
}
