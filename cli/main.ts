#!/usr/bin/env node
// simcast command-line entry: signals are handled from here on, then one module per command in cli/commands/.
import { installInterrupt } from './interrupt.js';

installInterrupt();
const { runCli } = await import('./run-cli.js');
process.exitCode = await runCli(process.argv.slice(2));
// The command is done: whatever a library left open (a reconnecting client, a timer) must not keep the
// process alive; it gets a moment to close, then the process exits with the command's code.
setTimeout(() => process.exit(), 3000).unref();
