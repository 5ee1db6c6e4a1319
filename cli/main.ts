#!/usr/bin/env node
// simcast command-line entry: signals are handled from here on, then one module per command in cli/commands/.
import { installInterrupt } from './interrupt.js';

installInterrupt();
const { runCli } = await import('./run-cli.js');
process.exitCode = await runCli(process.argv.slice(2));
