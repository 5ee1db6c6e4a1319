// A pick-population file as text: `name, round1 .. roundK`, the share of the public's brackets that pick
// each team to win its game in each round (ESPN's "who picked whom"). Names stay as written here; the
// join to the field's names is pick-shares.ts. Errors name file, line and column.
import { InputError, SimcastError } from '../../core/errors.js';
import { readCsv } from '../field/csv.js';

export interface PicksRow {
  name: string;
  /** shares[r]: share of brackets picking the team to win its round r + 1 game (0..1). */
  shares: number[];
  line: number;
}

export interface PicksTable {
  source: string;
  /** Number of round columns (6 for a 64-team bracket). */
  rounds: number;
  rows: PicksRow[];
}

export function parsePicksCsv(text: string, source: string): PicksTable {
  const { header, records } = readCsv(text, source);
  if (!header.includes('name')) {
    throw new InputError('CSV_INVALID', `column 'name' is missing (a picks file has name, round1, round2, ...)`, {
      location: { file: source, line: 1, field: 'name' },
    });
  }
  let rounds = 0;
  while (header.includes(`round${rounds + 1}`)) rounds++;
  if (rounds === 0) {
    throw new InputError(
      'CSV_INVALID',
      `no round columns: a picks file has name, round1, round2, ... (shares of brackets picking the team to win in that round)`,
      {
        location: { file: source, line: 1, field: 'round1' },
      },
    );
  }
  const stray = header.find((h) => /^round\d+$/.test(h) && Number(h.slice(5)) > rounds);
  if (stray !== undefined) {
    throw new InputError('CSV_INVALID', `column '${stray}' without round${rounds + 1}: round columns must run round1, round2, ... without gaps`, {
      location: { file: source, line: 1, field: stray },
    });
  }
  if (records.length === 0) throw new InputError('CSV_INVALID', 'the picks file has no teams', { location: { file: source, line: 1 } });
  const seen = new Map<string, number>();
  const rows = records.map(({ line, values, width }): PicksRow => {
    if (width < header.length) {
      throw new InputError('CSV_INVALID', `a row has ${width} values, the header ${header.length}`, { location: { file: source, line } });
    }
    const name = values.name;
    if (!name) throw new InputError('CSV_INVALID', 'team name is empty', { location: { file: source, line, field: 'name' } });
    const key = name.toLowerCase();
    if (seen.has(key)) {
      throw new SimcastError('TEAM_DUPLICATE', `team '${name}' appears twice (also line ${seen.get(key)})`, {
        location: { file: source, line, field: 'name' },
      });
    }
    seen.set(key, line);
    const shares: number[] = [];
    for (let r = 1; r <= rounds; r++) {
      const field = `round${r}`;
      const raw = values[field];
      const v = raw === '' ? NaN : Number(raw);
      if (!Number.isFinite(v)) {
        throw new InputError('CSV_INVALID', raw === '' ? 'share is missing' : `share must be a number (got '${raw}')`, {
          location: { file: source, line, field },
        });
      }
      if (v < 0 || v > 1) {
        throw new SimcastError('POOL_INVALID', `share must be between 0 and 1, the fraction of brackets (got ${raw})`, {
          location: { file: source, line, field },
        });
      }
      shares.push(v);
    }
    return { name, shares, line };
  });
  return { source, rounds, rows };
}
