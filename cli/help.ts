export function mainHelp(): string {
  return `simcast: seeded, multi-threaded sports simulation and prediction

Usage: simcast <command> [options]

Commands:
  calcutta     Calcutta auction: value teams, choose our bids, simulate every entry's payout
  tournament   Simulate a single-elimination tournament (Monte Carlo or exact), optionally into the database
  migrate      Apply, revert or list database migrations
  runs         List, show or drop stored simulation runs
  run          Run a batch job (tournament or season) in shards, locally or through the queue
  jobs         List, show or cancel batch jobs
  worker       Pull queued shards from Postgres and run them (any number, any machines)
  serve        Serve the HTTP API: cached game predictions, teams, tournament simulation, health, metrics
  cache        Warm the prediction cache with a day's games (cache warm --league nfl --date D)
  ratings      Replay games through Elo (ratings replay --league nfl --games FILE)
  ingest       Import games and closing lines into the database (ingest games --format spreadspoke FILE)
  backtest     Walk-forward backtest of the game models (backtest --league nfl --from 2010 --to 2024)

Run 'simcast <command> --help' for a command's options.
Environment: DATABASE_URL (Postgres; embedded PGlite otherwise), REDIS_URL (cache; in-process otherwise).
`;
}
