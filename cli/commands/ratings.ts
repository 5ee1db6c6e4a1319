import { writeFile } from 'node:fs/promises';
import { OptionError } from '../../core/errors.js';
import { REPLAY_COLUMNS, replayRatingsFile, replayRows, storeRatings } from '../../app/ratings.js';
import { parseOptions } from '../args.js';
import { DB_HELP, DB_OPTIONS, openCliDb } from '../db-options.js';
import { renderCsv } from '../table.js';
import { gamesFormatOption } from '../games-files.js';

export const help = `Usage: simcast ratings replay --league nfl|nba --games FILE [--format F] [--teams FILE] [--initial FILE] [--out FILE] [--store]

Replays the played games of FILE (the generic games CSV: date, season, home, away, home_score, away_score,
neutral, spread, total, team columns holding ids; or spreadspoke's nfl-games-spreadspoke.csv) in date order through the league's Elo preset
(FiveThirtyEight's rules, docs/models.md) and writes one CSV row per game:
  date, season, home, away, home_elo_pre, away_elo_pre, home_win_prob, home_elo_post, away_elo_post
Rows the games file cannot support are reported on stderr and skipped.

Options:
  --league nfl|nba     Elo preset
  --games FILE         games CSV
  --format F           spreadspoke | generic | auto (default auto: told apart by the header row)
  --teams FILE         nfl-teams.csv to map spreadspoke names (default: the bundled table)
  --initial FILE       CSV (team, rating): the rating each listed team enters its first game with
  --out FILE           write the CSV here (default: stdout)
  --store              also store team_ratings_history (the default when DATABASE_URL is set)
  --no-store           never store
${DB_HELP}`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions(
    argv,
    {
      ...DB_OPTIONS,
      league: { type: 'string' },
      games: { type: 'string' },
      format: { type: 'string' },
      teams: { type: 'string' },
      initial: { type: 'string' },
      out: { type: 'string' },
      store: { type: 'boolean' },
      'no-store': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    true,
  );
  if (values.help) {
    process.stdout.write(help);
    return 0;
  }
  if (positionals[0] !== 'replay' || positionals.length !== 1) throw new OptionError(`options.action must be replay (got '${positionals.join(' ')}')`);
  const league = values.league;
  if (league !== 'nfl' && league !== 'nba') throw new OptionError(`options.league must be nfl or nba (got '${league ?? ''}')`);
  if (!values.games) throw new OptionError('options.games is required (a generic games CSV)');
  const r = await replayRatingsFile({
    league,
    gamesFile: values.games,
    format: gamesFormatOption(values.format),
    teams: values.teams,
    initialFile: values.initial,
  });
  for (const x of r.rejected) process.stderr.write(`simcast: warning: ${values.games}:${x.line}: ${x.reason} (skipped)\n`);
  const csv = renderCsv(REPLAY_COLUMNS, replayRows(r));
  if (values.out) await writeFile(values.out, csv);
  else process.stdout.write(csv);
  process.stderr.write(`replayed ${r.games.length} games in ${r.replayMs.toFixed(1)} ms (read ${r.readMs.toFixed(0)} ms)\n`);
  const store = values['no-store'] ? false : (values.store ?? Boolean(process.env.DATABASE_URL));
  if (store) {
    const db = await openCliDb(values);
    try {
      const n = await storeRatings(db, league, r);
      process.stderr.write(`stored ${n} team ratings in team_ratings_history (${db.description})\n`);
    } finally {
      await db.close();
    }
  }
  return 0;
}
