import { randomUUID } from 'node:crypto';
import { CancelledError, isSimcastError } from '../core/errors.js';
import { interrupted } from './interrupt.js';
import { COMMANDS, type CommandName } from './commands/index.js';
import { exitCodeOf } from './exit-codes.js';
import { mainHelp } from './help.js';

/** Runs one command; the exit code follows cli/exit-codes.ts. */
export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === 'help' && rest[0] !== undefined && rest[0] in COMMANDS) return runCli([rest[0], '--help']);
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(mainHelp());
    return 0;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${(await import('../core/version.js')).VERSION}\n`);
    return 0;
  }
  if (!(name in COMMANDS)) {
    process.stderr.write(`simcast: unknown command '${name}' (try 'simcast --help')\n`);
    return 2;
  }
  try {
    if (interrupted.aborted) throw new CancelledError('interrupted before the command started');
    const mod = await COMMANDS[name as CommandName].load();
    return (await mod.run(rest)) ?? 0;
  } catch (e) {
    return reportError(e);
  }
}

function reportError(e: unknown): number {
  if (isSimcastError(e)) {
    process.stderr.write(`simcast: ${e.code}: ${asCommandLine(e.message.split('\n')[0])}\n`);
    return exitCodeOf(e.kind);
  }
  const id = randomUUID().slice(0, 8);
  process.stderr.write(`simcast: internal error ${id}${process.env.SIMCAST_DEBUG ? '' : ' (set SIMCAST_DEBUG=1 for the stack)'}\n`);
  if (process.env.SIMCAST_DEBUG) process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
  return 1;
}

/** Messages name options as the code does (`options.shardBlocks`); the command line says `--shard-blocks`. */
function asCommandLine(message: string): string {
  return message.replace(/\boptions\.([a-z][a-zA-Z-]*)/g, (_, name: string) => `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
}
