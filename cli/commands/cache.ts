import { OptionError } from '../../core/errors.js';
import { loadPredictor } from '../../app/predictions/load.js';
import { warmPredictions } from '../../app/predictions/warm.js';
import { ttlFromEnv } from '../../server/config.js';
import { parseOptions } from '../args.js';
import { gamesFilesOption, reportRejected } from '../games-files.js';

export const help = `Usage: simcast cache warm --league L --date YYYY-MM-DD [--games L=FILE] [--json]

Computes the predictions for a league's games on a day and stores them in the cache (REDIS_URL), so the
first requests for them are answered from the cache: the requests that name the game's lines, date and
season, as a client predicting that game should. Keys carry the ratings version, so values computed for
older ratings are never read. A game whose line is not on half points is skipped with a warning.

Options:
  --league L           league id (e.g. nfl)
  --date D             the day, YYYY-MM-DD
  --games L=FILE       the league's games CSV, the same file 'simcast serve' reads (scheduled games have
                       empty scores; rejected rows are reported on stderr and skipped); default, as for
                       serve: the bundled NFL history (league nfl)
  --prefix P           key prefix (default simcast)
  --json               print the warmed keys as JSON

Environment: REDIS_URL (required: without it there is no shared cache to warm).
`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions(
    argv,
    {
      league: { type: 'string' },
      date: { type: 'string' },
      games: { type: 'string', multiple: true },
      prefix: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    true,
  );
  if (values.help) {
    process.stdout.write(help);
    return 0;
  }
  if (positionals[0] !== 'warm') throw new OptionError(`options.action must be warm (got '${positionals[0] ?? ''}')`);
  const league = values.league;
  if (!league || !/^[a-z][a-z0-9_-]*$/.test(league)) throw new OptionError(`options.league must be a league id such as nfl (got '${league ?? ''}')`);
  const date = values.date ?? '';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) throw new OptionError(`options.date must be a day as YYYY-MM-DD (got '${date}')`);
  const gamesFiles = gamesFilesOption(values.games);
  // Without --games, the same default as `simcast serve`: the bundled NFL history.
  if (!gamesFiles[league] && (Object.keys(gamesFiles).length > 0 || league !== 'nfl')) {
    throw new OptionError(`options.games must name a file for league ${league} (--games ${league}=FILE)`);
  }
  const redisUrl = process.env.REDIS_URL;
  if (!redisUrl) throw new OptionError('REDIS_URL must be set: warming the in-process cache of this command would be lost when it exits');

  const { predictor, rejected } = await loadPredictor({ gamesFiles });
  reportRejected(rejected);
  const report = await warmPredictions(predictor, league, date, { redisUrl, prefix: values.prefix, ttl: ttlFromEnv() });
  for (const g of report.skipped) process.stderr.write(`simcast: warning: ${g.home} v ${g.away}: ${g.reason} (skipped)\n`);
  const warmed = report.games;
  if (values.json)
    process.stdout.write(`${JSON.stringify({ league, date, ratingsVersion: report.ratingsVersion, games: warmed, skipped: report.skipped }, null, 2)}\n`);
  else
    process.stdout.write(
      `warmed ${warmed.length} game${warmed.length === 1 ? '' : 's'} of ${league} on ${date} (ratings r${report.ratingsVersion}, TTL ${report.ttlSeconds} s)\n`,
    );
  return 0;
}
