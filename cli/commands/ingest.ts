import { OptionError } from '../../core/errors.js';
import { checkLeagueId, ingestGamesFile, readGamesFile } from '../../app/games/ingest.js';
import { intOption, parseOptions } from '../args.js';
import { DB_HELP, DB_OPTIONS, openCliDb } from '../db-options.js';
import { gamesFormatOption } from '../games-files.js';

export const help = `Usage: simcast ingest games [--format spreadspoke|generic] FILE [--league nfl] [--batch N] [--teams FILE] [--json]
       simcast ingest player-stats|schedules|props|aliases FILE   (props feeds: simcast ingest props --help)

Imports games into games_history and their closing lines into odds_history (source 'closing'):
validated rows, idempotent upserts (a second import of the same file changes nothing), one transaction
per batch of N games (default 1000). Rows that do not validate are reported with file line and reason
(and, for spreadspoke, lines whose favourite id matches neither team are dropped and reported) — nothing
is guessed. Formats: docs/models.md.

Options:
  --format spreadspoke|generic   spreadspoke: nfl-games-spreadspoke.csv (team names mapped to franchise ids
                                 through nfl-teams.csv); generic: date, season, home, away, home_score,
                                 away_score, neutral, spread, total (default: told apart by the header row)
  --league ID          league the games belong to (default nfl)
  --teams FILE         nfl-teams.csv to map spreadspoke names (default: the bundled table)
  --batch N            games per transaction (default 1000)
  --json               print the report as JSON
${DB_HELP}`;

export async function run(argv: string[]): Promise<number> {
  // player stats, schedules, prop prices and aliases: the props feeds' own command
  if (['player-stats', 'schedules', 'props', 'aliases'].includes(firstPositional(argv) ?? '')) return (await import('./ingest-props.js')).run(argv);
  const { values, positionals } = parseOptions(
    argv,
    {
      ...DB_OPTIONS,
      format: { type: 'string' },
      league: { type: 'string' },
      teams: { type: 'string' },
      batch: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    true,
  );
  if (values.help) {
    process.stdout.write(help);
    return 0;
  }
  if (positionals[0] !== 'games' || positionals.length !== 2) throw new OptionError('usage: simcast ingest games [--format spreadspoke|generic] FILE');
  const file = positionals[1];
  const league = checkLeagueId(values.league ?? 'nfl');
  const batch = intOption('batch', values.batch, 1000, 1, 100_000);
  const parsed = await readGamesFile(file, gamesFormatOption(values.format), values.teams);
  const db = await openCliDb(values);
  try {
    const report = await ingestGamesFile(db, parsed, { file, format: parsed.format, league, batch });
    if (values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else {
      process.stdout.write(
        `${file}: ${report.rows} rows, ${report.games} games valid: ${report.inserted} inserted, ${report.updated} updated, ${report.unchanged} unchanged; ` +
          `lines ${report.oddsInserted} inserted, ${report.oddsUpdated} updated (${db.description}, ${report.ms} ms)\n`,
      );
      const rows = report.rejected.filter((r) => r.scope === 'row').length;
      if (report.rejected.length > 0) process.stdout.write(`rejected: ${rows} rows, ${report.rejected.length - rows} lines\n`);
      for (const r of report.rejected) process.stdout.write(`  ${file}:${r.line}: ${r.scope === 'row' ? 'row rejected' : 'line dropped'}: ${r.reason}\n`);
    }
    return 0;
  } finally {
    await db.close();
  }
}

/** The first argument that is neither an option nor an option's value (--json and --help take none). */
function firstPositional(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('-')) return a;
    if (!a.includes('=') && !['--json', '--help', '-h'].includes(a)) i++;
  }
  return undefined;
}
