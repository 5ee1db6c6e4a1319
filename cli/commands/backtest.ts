import { OptionError } from '../../core/errors.js';
import { backtestFile, BUNDLED_NFL_GAMES, storeBacktest, type BacktestResult } from '../../app/backtest.js';
import { gamesFormatOption } from '../games-files.js';
import { intOption, parseOptions } from '../args.js';
import { DB_HELP, DB_OPTIONS, openCliDb } from '../db-options.js';
import { renderTable } from '../table.js';

export const help = `Usage: simcast backtest --league nfl --from 2010 --to 2024 [--games FILE] [--json]

Walk-forward backtest: every game of seasons FROM..TO is predicted from what was known before it (ratings
updated game by game; the logistic, margin and ensemble fits use only the seasons before the game's
season). For each model and the ensemble: Brier score, log loss, accuracy, a 10-bin calibration table
(with --calibration or --json), the ensemble's predicted margin against the margin played by size
of the predicted margin (same options) and the ROI of fractional-Kelly bets against the closing spread at -110.
Reference rows: 'line' is the closing spread read as a probability, Phi(-spread/sd); 'ensemble+line' is
the ensemble with that line as one more input. docs/backtest.md has the results and the method.

Options:
  --league L           league (default: nfl)
  --from Y, --to Y     seasons to score (default: 2010..2024)
  --games FILE         games file (default: the bundled NFL spreadspoke file, examples/data/)
  --format F           spreadspoke | generic | auto (default auto: told apart by the header row)
  --teams FILE         nfl-teams.csv for a spreadspoke file (default: the bundled table)
  --calibration        print each model's calibration table
  --json               print the full result as JSON
  --no-store           do not store the scores in model_performance (stored when DATABASE_URL or
                       --data-dir is given)
${DB_HELP}`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parseOptions(argv, {
    ...DB_OPTIONS,
    league: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    games: { type: 'string' },
    format: { type: 'string' },
    teams: { type: 'string' },
    calibration: { type: 'boolean' },
    json: { type: 'boolean' },
    'no-store': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(help);
    return 0;
  }
  const league = values.league ?? 'nfl';
  const from = intOption('from', values.from, 2010, 1900, 2100);
  const to = intOption('to', values.to, 2024, 1900, 2100);
  if (to < from) throw new OptionError(`options.to must be at least options.from (${from})`);
  const file = values.games ?? BUNDLED_NFL_GAMES;
  const format = gamesFormatOption(values.format);
  const { result, rowsSkipped: skipped, format: read } = await backtestFile({ league, from, to, file, format, teams: values.teams });
  if (result.games === 0) throw new OptionError(`no played ${league} games in seasons ${from}..${to} in ${file}`);
  // Everything needed to reproduce the run (the format matters: --games alone reads the generic CSV).
  const command = `simcast backtest --league ${league} --from ${from} --to ${to}${values.games ? ` --games ${values.games} --format ${read}` : ''}${values.teams ? ` --teams ${values.teams}` : ''}`;
  if (values.json) process.stdout.write(`${JSON.stringify({ command, file, rowsSkipped: skipped, ...result }, null, 2)}\n`);
  else process.stdout.write(renderBacktest(result, command, values.calibration === true));
  const store = !values['no-store'] && (Boolean(process.env.DATABASE_URL) || values['data-dir'] !== undefined);
  if (store) {
    const db = await openCliDb(values);
    try {
      const n = await storeBacktest(db, result, command);
      process.stderr.write(`stored ${n} rows in model_performance (${db.description})\n`);
    } finally {
      await db.close();
    }
  }
  return 0;
}

export function renderBacktest(r: BacktestResult, command: string, calibration = false): string {
  const f = (x: number, d = 4) => (Number.isFinite(x) ? x.toFixed(d) : '');
  const rows = r.models.map((m) => [m.model, m.games, f(m.brier, 5), f(m.logLoss), f(m.accuracy, 3), m.bets || '', m.bets ? f(m.roi * 100, 1) + '%' : '']);
  let out = `${command}\n${r.league.toUpperCase()} seasons ${r.from}-${r.to}: ${r.games} games, walk-forward, ${(r.ms / 1000).toFixed(1)} s\n`;
  out += renderTable(['model', 'games', 'brier', 'log loss', 'accuracy', 'bets', 'ROI'], rows, ['l', 'r', 'r', 'r', 'r', 'r', 'r']);
  if (calibration) {
    for (const m of r.models) {
      out += `\n${m.model}: calibration\n`;
      out += renderTable(
        ['bin', 'games', 'mean p', 'observed'],
        m.calibration.map((b) => [`${b.lo.toFixed(1)}-${b.hi.toFixed(1)}`, b.count, f(b.meanP, 3), f(b.observed, 3)]),
        ['l', 'r', 'r', 'r'],
      );
    }
    for (const c of r.marginCalibration) {
      out += `\n${c.model}: predicted margin against the margin played, by size of the predicted margin\n`;
      out += renderTable(
        ['|margin|', 'games', 'predicted', 'played', 'P(fav) predicted', 'fav won', 'residual sd'],
        c.buckets.map((b) => [
          b.hi === null ? `${b.lo}+` : `${b.lo}-${b.hi}`,
          b.games,
          f(b.predictedMargin, 1),
          f(b.actualMargin, 1),
          f(b.predictedWin, 3),
          f(b.observedWin, 3),
          f(b.residualSd, 1),
        ]),
        ['l', 'r', 'r', 'r', 'r', 'r', 'r'],
      );
    }
  }
  return out;
}
