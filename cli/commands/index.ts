// One module per command; each exports `run(argv): Promise<number | void>` and `help`.
export interface CommandModule {
  run(argv: string[]): Promise<number | void>;
  help: string;
}

export const COMMANDS = {
  calcutta: () => import('./calcutta.js'),
  tournament: () => import('./tournament.js'),
  migrate: () => import('./migrate.js'),
  runs: () => import('./runs.js'),
  run: () => import('./run.js'),
  jobs: () => import('./jobs.js'),
  worker: () => import('./worker.js'),
  serve: () => import('./serve.js'),
  cache: () => import('./cache.js'),
  ratings: () => import('./ratings.js'),
  ingest: () => import('./ingest.js'),
  backtest: () => import('./backtest.js'),
} satisfies Record<string, () => Promise<CommandModule>>;

export type CommandName = keyof typeof COMMANDS;
