// `simcast props price`: one player prop (or NFL game leg) priced from the stored histories.
import { OptionError } from '../../core/errors.js';
import { loadPropsBook } from '../../app/props/load.js';
import { normaliseProp, priceProp, type LegRequest } from '../../app/props/price.js';
import { numberOption, parseOptions } from '../args.js';
import { DB_HELP, DB_OPTIONS, openCliDb } from '../db-options.js';
import { legsCsv, propText } from '../props-output.js';

export const help = `Usage: simcast props price --league nfl --game ID (--player NAME | --player-id ID) --stat S --line L [--side over|under]
       simcast props price --league nba --player NAME --date D --opponent TEAM (--home | --away) --stat threes --line L
       [--over-odds A --under-odds A] [--json | --csv]

Prices one prop from the player stats and schedules stored by simcast ingest: the model's expected
stat, P(over), P(push) (whole-number lines) and P(under), and the side's fair American price. With the
book's two prices, also the market's P(over) without the margin and each side's EV per unit staked.
Only games before the prop's game count (NFL: the model fitted on the earlier seasons, which takes a
few seconds on a full history). Players by name as any feed spells it (aliases: simcast ingest aliases).

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
  if (positionals[0] !== 'price' || positionals.length !== 1) throw new OptionError('usage: simcast props price --league nfl|nba ... (simcast props --help)');
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
    const book = await loadPropsBook(db);
    const priced = priceProp(book, normaliseProp(book, req, ''));
    process.stdout.write(values.json ? `${JSON.stringify(priced, null, 2)}\n` : values.csv ? legsCsv([priced]) : propText(priced));
    return 0;
  } finally {
    await db.close();
  }
}
