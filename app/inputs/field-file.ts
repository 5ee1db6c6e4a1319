// A field from files: native JSON or FiveThirtyEight's CSV, plus a results file.
import { FieldError, OptionError } from '../../core/errors.js';
import { parseField538, parseSemis } from '../../engine/field/read-538.js';
import { parseFieldJson } from '../../engine/field/read-json.js';
import { parseResultsCsv } from '../../engine/field/read-results.js';
import type { FieldSpec } from '../../engine/field/types.js';

import { readText } from './read-text.js';

interface LoadFieldOptions {
  format?: 'json' | '538';
  /** Semifinal pairing, "A-B,C-D": required for a four-region 538 file, optional override for JSON. */
  semis?: string;
  /** A CSV of winner,loser: games already decided, added to the field's own results. */
  results?: string;
}

export async function loadField(path: string, opts: LoadFieldOptions = {}): Promise<FieldSpec> {
  if (opts.format !== undefined && opts.format !== 'json' && opts.format !== '538') {
    throw new OptionError(`options.format must be json or 538 (got '${String(opts.format)}')`);
  }
  const text = await readText(path);
  const format = opts.format ?? (/\.csv$/i.test(path) ? '538' : 'json');
  const spec =
    format === '538' ? parseField538(text, path, opts.semis) : parseFieldJson(text, path, { semis: opts.semis ? parseSemis(opts.semis) : undefined });
  if (opts.results !== undefined) {
    const results = parseResultsCsv(await readText(opts.results), opts.results);
    const names = new Set(spec.teams.map((t) => t.name));
    for (const r of results) {
      for (const name of [r.winner, r.loser]) {
        if (!names.has(name)) {
          throw new FieldError('TEAM_UNKNOWN', `unknown team '${name}'`, {
            location: { file: opts.results, line: r.where?.line, field: name === r.winner ? 'winner' : 'loser' },
          });
        }
      }
      spec.results.push({ ...r, where: { file: opts.results, ...r.where } });
    }
  }
  return spec;
}
