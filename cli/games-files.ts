// `--games LEAGUE=FILE` for the commands that load a predictor (serve, cache warm), and the report of
// rows the games parser rejected, in the words `simcast ratings replay` uses.
import { OptionError } from '../core/errors.js';
import type { RejectedRow } from '../engine/games/types.js';

export function gamesFilesOption(given: readonly string[] | undefined): Record<string, string> {
  const files: Record<string, string> = {};
  for (const g of given ?? []) {
    const m = /^([a-z][a-z0-9_-]*)=(.+)$/.exec(g);
    if (!m) throw new OptionError(`options.games must be LEAGUE=FILE (got '${g}')`);
    files[m[1]] = m[2];
  }
  return files;
}

export function reportRejected(rejected: readonly (RejectedRow & { file: string })[], write = (s: string) => process.stderr.write(s)): void {
  for (const r of rejected) write(`simcast: warning: ${r.file}:${r.line}: ${r.reason} (skipped)\n`);
}
