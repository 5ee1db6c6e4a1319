// Every command: its one-line summary (the main help is made from these) and its module, loaded only
// when the command runs. Each module exports `run(argv): Promise<number | void>` and `help`.
export interface CommandModule {
  run(argv: string[]): Promise<number | void>;
  help: string;
}

interface Command {
  summary: string;
  load: () => Promise<CommandModule>;
}

export const COMMANDS = {
  tournament: {
    summary: 'Simulate a single-elimination tournament (Monte Carlo or exact), optionally into the database',
    load: () => import('./tournament.js'),
  },
  calcutta: { summary: "Calcutta auction: value teams, choose our bids, simulate every entry's payout", load: () => import('./calcutta.js') },
  pool: {
    summary: 'Bracket pools: the entry most likely to win the pool (pool optimize), or how a given entry fares (pool evaluate)',
    load: () => import('./pool.js'),
  },
  run: { summary: 'Run a batch job (tournament, season, slate of games, Calcutta) in shards, locally or through the queue', load: () => import('./run.js') },
  jobs: { summary: 'List, show or cancel batch jobs', load: () => import('./jobs.js') },
  runs: { summary: 'List, show or drop stored runs', load: () => import('./runs.js') },
  worker: { summary: 'Pull queued shards from Postgres and run them (any number, any machines)', load: () => import('./worker.js') },
  serve: {
    summary: 'Serve the HTTP API: cached game predictions, teams, tournaments, jobs, runs, Calcutta, health, metrics',
    load: () => import('./serve.js'),
  },
  cache: { summary: "Warm the prediction cache with a day's games (cache warm --league nfl --date D)", load: () => import('./cache.js') },
  ratings: { summary: 'Replay games through Elo (ratings replay --league nfl --games FILE)', load: () => import('./ratings.js') },
  ingest: { summary: 'Import games and closing lines into the database (ingest games --format spreadspoke FILE)', load: () => import('./ingest.js') },
  backtest: { summary: 'Walk-forward backtest of the game models (backtest --league nfl --from 2010 --to 2024)', load: () => import('./backtest.js') },
  props: { summary: 'Price a player prop from the stored histories (props price --league nfl --game ID --player NAME ...)', load: () => import('./props.js') },
  slips: { summary: 'Price a slip of correlated legs: joint probability, EV, variance, VaR, Kelly (slips price FILE)', load: () => import('./slips.js') },
  migrate: { summary: 'Apply, revert or list database migrations', load: () => import('./migrate.js') },
  season: { summary: 'Simulate the rest of an NFL season: tiebreakers, seeds, playoffs, draft order (or week by week)', load: () => import('./season.js') },
} satisfies Record<string, Command>;

export type CommandName = keyof typeof COMMANDS;
