// `simcast props price`: one player prop (or NFL game leg) priced from the stored histories.
import { OptionError } from '../../core/errors.js';
import { loadPropsBook } from '../../app/props/load.js';
import { normaliseProp, priceProp, type LegRequest } from '../../app/props/price.js';
import { numberOption, parseOptions } from '../args.js';
import { DB_HELP, DB_OPTIONS, openCliDb } from '../db-options.js';
import { experimentMetrics, runExperiment } from '../../app/props/experiments.js';
import { renderCsv, renderTable } from '../table.js';
import { legsCsv, propText, fitNote } from '../props-output.js';

export const help = `Usage: simcast props price --league nfl --game ID (--player NAME | --player-id ID) --stat S --line L [--side over|under]
       simcast props price --league nba --player NAME --date D --opponent TEAM (--home | --away) --stat threes --line L
       [--over-odds A --under-odds A] [--json | --csv]
       simcast props backtest --league nba --stat threes [--lines FILE --games FILE] [--from D --to D] [--risk-mode M] [--json | --csv]

Prices one prop from the player stats and schedules stored by simcast ingest: the model's expected
stat, P(over), P(push) (whole-number lines) and P(under), and the side's fair American price. With the
book's two prices, also the market's P(over) without the margin and each side's EV per unit staked.
Only games before the prop's game count (NFL: the model fitted on the earlier seasons, which takes a
few seconds on a full history). Players by name as any feed spells it (aliases: simcast ingest aliases).

props backtest is an experiment: the NBA threes model, the de-vigged market consensus and their blend,
walk-forward over the prices (stored by simcast ingest props and player-stats, or the files given), scored
on the settled rows (Brier, log loss; all rows and those from --holdout-from, default 2025-01-01, held
out from every fit), with the ROI of a staking rule (--risk-mode conservative|balanced|aggressive). It is
stored with its metrics as an experiment. --csv prints one row per price: date, player, bookmaker, line,
over_odds, under_odds, p_over_market, p_over_model, p_over_blend, threes.

Options:
  --league nfl|nba     the league
  --game ID            NFL: the nflverse game id, as 2022_06_BUF_KC
  --player NAME        the player's name; or --player-id ID (the feed's id)
  --stat S             NFL: passing_yards, passing_tds, completions, attempts, interceptions, rushing_yards,
                       carries, receptions, targets, receiving_yards, receiving_tds (and home_margin,
                       total_points without a player); NBA: threes
  --line L             the line (quarter points)
  --side over|under    the side priced (default over)
  --date D             NBA: the game's local date (YYYY-MM-DD)
  --opponent TEAM      NBA: the opponent's abbreviation or name
  --home | --away      NBA: where the player plays
  --over-odds A, --under-odds A   the book's American prices
  --json, --csv        machine-readable output
${DB_HELP}`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions(
    argv,
    {
      ...DB_OPTIONS,
      league: { type: 'string' },
      game: { type: 'string' },
      player: { type: 'string' },
      'player-id': { type: 'string' },
      stat: { type: 'string' },
      line: { type: 'string' },
      side: { type: 'string' },
      date: { type: 'string' },
      opponent: { type: 'string' },
      home: { type: 'boolean' },
      away: { type: 'boolean' },
      'over-odds': { type: 'string' },
      'under-odds': { type: 'string' },
      lines: { type: 'string' },
      games: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      'holdout-from': { type: 'string' },
      'risk-mode': { type: 'string' },
      json: { type: 'boolean' },
      csv: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    true,
  );
  if (values.help) {
    process.stdout.write(help);
    return 0;
  }
  if (positionals[0] === 'backtest' && positionals.length === 1) return backtest(values);
  if (positionals[0] !== 'price' || positionals.length !== 1)
    throw new OptionError('usage: simcast props price|backtest --league nfl|nba ... (simcast props --help)');
  if (values.stat === undefined) throw new OptionError('props price needs --stat');
  if (values.line === undefined) throw new OptionError('props price needs --line');
  if (values.home && values.away) throw new OptionError('--home and --away exclude each other');
  const req: LegRequest = {
    league: values.league,
    game: values.game,
    player: values.player,
    playerId: values['player-id'],
    stat: values.stat,
    side: values.side,
    line: numberOption('line', values.line, NaN),
    date: values.date,
    opponent: values.opponent,
    home: values.home ? true : values.away ? false : undefined,
    overOdds: values['over-odds'] === undefined ? undefined : numberOption('over-odds', values['over-odds'], NaN),
    underOdds: values['under-odds'] === undefined ? undefined : numberOption('under-odds', values['under-odds'], NaN),
  };
  const db = await openCliDb(values);
  try {
    const book = await loadPropsBook(db, fitNote);
    const priced = priceProp(book, normaliseProp(book, req, ''));
    process.stdout.write(values.json ? `${JSON.stringify(priced, null, 2)}\n` : values.csv ? legsCsv([priced]) : propText(priced));
    return 0;
  } finally {
    await db.close();
  }
}

async function backtest(values: Record<string, string | boolean | undefined>): Promise<number> {
  const str = (k: string) => values[k] as string | undefined;
  if ((str('lines') === undefined) !== (str('games') === undefined))
    throw new OptionError('--lines and --games go together (or neither: the stored histories)');
  const db = await openCliDb(values as { 'data-dir'?: string });
  try {
    const r = await runExperiment(db, {
      league: str('league') ?? '',
      stat: str('stat') ?? '',
      from: str('from'),
      to: str('to'),
      holdoutFrom: str('holdout-from'),
      riskMode: str('risk-mode'),
      files: str('lines') ? { lines: str('lines')!, games: str('games')! } : undefined,
    });
    const b = r.backtest;
    if (values.csv) {
      const cols = ['date', 'player', 'bookmaker', 'line', 'over_odds', 'under_odds', 'p_over_market', 'p_over_model', 'p_over_blend', 'threes'] as const;
      process.stdout.write(
        renderCsv(
          [...cols],
          b.rows.map((x) => cols.map((c) => x[c])),
        ),
      );
    } else if (values.json) process.stdout.write(`${JSON.stringify({ experiment: r.experiment, ...experimentMetrics(b, r.ms) }, null, 2)}\n`);
    else {
      const table = (name: string, sc: typeof b.scores.all | null) =>
        sc
          ? `${name}: ${sc.rows} rows, base rate ${sc.baseRate.toFixed(3)} (Brier ${sc.baseRateBrier.toFixed(4)})\n` +
            renderTable(
              ['forecast', 'Brier', 'log loss'],
              (['market', 'model', 'blend'] as const).map((k) => [k, sc[k].brier.toFixed(4), sc[k].logLoss.toFixed(4)]),
              ['l', 'r', 'r'],
            )
          : '';
      const st = b.staking.holdout ?? b.staking.all;
      process.stdout.write(
        `${table('all rows', b.scores.all)}\n${table(`held out (from ${b.holdoutFrom})`, b.scores.holdout)}` +
          `staking (${st.riskMode}, bankroll 1): ${st.bets} bets on ${st.props} props, staked ${st.staked.toFixed(3)}, profit ${st.profit.toFixed(3)}, ROI ${(100 * st.roi).toFixed(2)}%\n` +
          `${r.experiment ? `stored as experiment ${r.experiment.id}; ` : ''}${b.rows.length} settled rows, ${b.pushes} pushes, ${r.ms} ms\n`,
      );
    }
    return 0;
  } finally {
    await db.close();
  }
}
