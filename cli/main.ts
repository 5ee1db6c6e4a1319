#!/usr/bin/env node
// simcast command-line entry: dispatches to one module per command in cli/commands/.
import { runCli } from './run-cli.js';

process.exitCode = await runCli(process.argv.slice(2));
