// `--games LEAGUE=FILE` for the commands that load a predictor (serve, cache warm), and the report of
// rows the games parser rejected, in the words `simcast ratings replay` uses.
import { OptionError } from '../core/errors.js';
import type { RejectedRow } from '../engine/games/types.js';
import type { GamesFormat } from '../app/inputs/games-file.js';

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

/** `--format spreadspoke|generic|auto` for a games file; auto (the default) tells them apart by the header row. */
export function gamesFormatOption(given: string | undefined): GamesFormat | 'auto' {
  const f = given ?? 'auto';
  if (f !== 'spreadspoke' && f !== 'generic' && f !== 'auto') throw new OptionError(`options.format must be spreadspoke, generic or auto (got '${f}')`);
  return f;
}
