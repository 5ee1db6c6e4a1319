import { OptionError } from '../../core/errors.js';
import { loadPredictor } from '../../app/predictions/load.js';
import { startServer } from '../../server/start.js';
import { gamesFilesOption, reportRejected } from '../games-files.js';
import { intOption, parseOptions } from '../args.js';
import { interrupted } from '../interrupt.js';
import { DB_HELP } from '../db-options.js';

export const help = `Usage: simcast serve [--port 3000] [--host 127.0.0.1] [--games LEAGUE=FILE ...]

Serves the HTTP API: game predictions (cached), team ratings, tournament simulation, health and
metrics; Swagger UI at /docs, the OpenAPI document at /docs/json (docs/api.md).

Options:
  --port N             port (default 3000; 0 picks a free one)
  --host H             interface (default 127.0.0.1; 0.0.0.0 for every interface). Beyond this machine
                       the write routes need SIMCAST_API_KEY: without it serve refuses to start, unless
                       --allow-open says that open write routes are meant
  --allow-open         listen beyond loopback with no API key (every write route open to the network)
  --games L=FILE       games for league L, a CSV: date,season,home,away,home_score,away_score[,neutral,spread,total]
                       (repeatable, e.g. --games nfl=games.csv), read as 'simcast ingest --format generic'
                       reads it (rows it rejects are reported on stderr and skipped); default: the NFL
                       history shipped in examples/data (teams by franchise id: KAN, BUF, RAI, ...)
  --threads T          worker threads for tournament simulations (default: the available cores)
  --no-db              do not open a database (readiness reports it absent)
  --quiet              no request log

Environment:
  REDIS_URL            cache in Redis (msgpack values); an in-process LRU otherwise
  SIMCAST_API_KEY      require 'Authorization: Bearer <key>' on write (POST) routes
  SIMCAST_RATE_LIMIT   requests per client per minute (default 1200; 0 turns it off)
  SIMCAST_CORS_ORIGINS allowed origins, comma-separated, or * (default: no CORS)
  SIMCAST_MAX_SLATE, SIMCAST_MAX_SIMS, SIMCAST_BODY_LIMIT   caps (64 games, 1,000,000 sims, 1 MiB)
  SIMCAST_TTL_PREDICTIONS, _TEAMS, _ODDS, _WEIGHTS           cache TTLs in seconds (900, 21600, 300, 86400)

${DB_HELP}`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parseOptions(argv, {
    port: { type: 'string' },
    host: { type: 'string' },
    games: { type: 'string', multiple: true },
    threads: { type: 'string' },
    'no-db': { type: 'boolean' },
    'allow-open': { type: 'boolean' },
    'data-dir': { type: 'string' },
    quiet: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(help);
    return 0;
  }
  const port = intOption('port', values.port, 3000, 0, 65535);
  const host = values.host ?? '127.0.0.1';
  if (!isLoopback(host) && !process.env.SIMCAST_API_KEY && !values['allow-open']) {
    throw new OptionError(
      `--host ${host} serves beyond this machine, and with no SIMCAST_API_KEY every write route would be open: set SIMCAST_API_KEY, or add --allow-open if that is meant`,
    );
  }
  const gamesFiles = gamesFilesOption(values.games);
  const threads = values.threads === undefined ? undefined : intOption('threads', values.threads, 1, 1, 256);
  const { predictor, rejected } = await loadPredictor({ gamesFiles });
  reportRejected(rejected);
  const server = await startServer({
    predictor,
    database: !values['no-db'],
    dataDir: values['data-dir'],
    app: { threads, logger: values.quiet ? false : { level: 'info' } },
  });
  const address = await server.app.listen({ port, host });
  process.stderr.write(
    `simcast: serving on ${address} (docs at ${address}/docs; leagues: ${server.app.simcast.predictor.leagues().join(', ') || 'none'}; cache: ${server.app.simcast.cache.status().backend}; database: ${server.db?.description ?? 'none'})\n`,
  );

  // SIGINT or SIGTERM stops it (a second one exits at once: cli/interrupt.ts).
  await new Promise<void>((resolve) => (interrupted.aborted ? resolve() : interrupted.addEventListener('abort', () => resolve(), { once: true })));
  process.stderr.write(`simcast: ${String(interrupted.reason ?? 'signal')}: stopping (draining requests; again to force)\n`);
  try {
    await server.stop();
    return 0;
  } catch (e) {
    process.stderr.write(`simcast: error while stopping: ${(e as Error).message}\n`);
    return 1;
  }
}

/** Only this machine can reach it: 127.0.0.0/8, ::1, localhost. */
function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
