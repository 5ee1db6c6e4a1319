// `simcast ingest player-stats|schedules|props|aliases FILE` (dispatched from ingest.ts).
import { OptionError } from '../../core/errors.js';
import { checkFeed, ingestPropsFeed, readPropsFeed } from '../../app/props/ingest.js';
import { intOption, parseOptions } from '../args.js';
import { DB_HELP, DB_OPTIONS, openCliDb } from '../db-options.js';

export const help = `Usage: simcast ingest player-stats [--format nflverse-weekly|nba-gamelog] FILE
       simcast ingest schedules [--format nflverse] FILE
       simcast ingest props [--format odds-api] FILE
       simcast ingest aliases --league nba|nfl FILE

Imports the prop models' histories: player box scores (nflverse weekly rows, NBA game logs), NFL
schedules with closing lines, sportsbook prop prices (The Odds API, flattened), and player aliases
(CSV alias,name: a spelling a price feed uses and the one the player stats use). Rows are validated by
the feed's parser and upserted on the feed's natural key, one transaction per batch: a second import of
the same file changes nothing. Rows that do not validate are reported with file, line and reason, and
nothing is guessed. Formats: docs/props.md.

Options:
  --format F           the file's format (default: the feed's only one; player stats from the header)
  --league nba|nfl     the league (default: the format's; needed for aliases)
  --batch N            rows per transaction (default 2000)
  --json               print the report as JSON
${DB_HELP}`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions(
    argv,
    {
      ...DB_OPTIONS,
      format: { type: 'string' },
      league: { type: 'string' },
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
  if (positionals.length !== 2) throw new OptionError('usage: simcast ingest player-stats|schedules|props|aliases [--format F] FILE');
  const feed = checkFeed(positionals[0]);
  const file = positionals[1];
  if (values.league !== undefined && values.league !== 'nba' && values.league !== 'nfl')
    throw new OptionError(`--league must be nba or nfl (got '${values.league}')`);
  if (feed === 'aliases' && values.league === undefined) throw new OptionError('ingest aliases needs --league nba|nfl');
  const batch = intOption('batch', values.batch, 2000, 1, 100_000);
  const parsed = await readPropsFeed(file, feed, values.format, values.league);
  const db = await openCliDb(values);
  try {
    const r = await ingestPropsFeed(db, parsed, file, batch);
    if (values.json) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
    else {
      process.stdout.write(
        `${file}: ${r.rows} rows, ${r.valid} valid (${r.league} ${r.feed}, ${r.format}): ${r.inserted} inserted, ${r.updated} updated, ${r.unchanged} unchanged (${db.description}, ${r.ms} ms)\n`,
      );
      if (r.rejected.length > 0)
        process.stdout.write(
          `rejected: ${r.rejected.filter((x) => x.scope === 'row').length} rows, ${r.rejected.filter((x) => x.scope === 'field').length} fields\n`,
        );
      for (const x of r.rejected) process.stdout.write(`  ${file}:${x.line}: ${x.scope === 'row' ? 'row rejected' : 'value dropped'}: ${x.reason}\n`);
    }
    return 0;
  } finally {
    await db.close();
  }
}
