import { COMMANDS } from './commands/index.js';

/** The main help, made from the command list so it always names every command. */
export function mainHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length)) + 3;
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}${c.summary}`);
  return `simcast: seeded, multi-threaded sports simulation and prediction

Usage: simcast <command> [options]

Commands:
${lines.join('\n')}

Run 'simcast <command> --help' (or 'simcast help <command>') for a command's options.
Environment: DATABASE_URL (Postgres; embedded PGlite otherwise), REDIS_URL (cache; in-process otherwise).
`;
}
