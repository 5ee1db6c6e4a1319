// Games already decided, as a CSV of winner,loser (a header row is optional).
import { FieldError, InputError } from '../../core/errors.js';
import { readCsv } from './csv.js';
import type { ResultSpec } from './types.js';

export function parseResultsCsv(text: string, source: string): ResultSpec[] {
  const { records } = readCsv(text, source, { columns: ['winner', 'loser'] });
  const rows = records.filter((r, i) => !(i === 0 && r.values.winner.toLowerCase() === 'winner' && r.values.loser.toLowerCase() === 'loser'));
  return rows.map(({ line, values, width }) => {
    if (width > 2) {
      throw new InputError('CSV_INVALID', `a row is winner,loser: 2 values, not ${width}`, { location: { file: source, line } });
    }
    for (const col of ['winner', 'loser'] as const) {
      if (!values[col]) throw new FieldError('FIELD_INVALID', `${col} is empty (rows are winner,loser)`, { location: { file: source, line, field: col } });
    }
    return { winner: values.winner, loser: values.loser, where: { line } };
  });
}
