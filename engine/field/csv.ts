// CSV records with their 1-based line numbers (csv-parse, RFC 4180 quoting), for messages that name
// file, line and column.
import { parse } from 'csv-parse/sync';
import { InputError } from '../../core/errors.js';
import { guardNoNul } from '../../core/json-guards.js';

interface CsvRecord {
  line: number;
  values: Record<string, string>;
  /** How many values the row has (a row may have more or fewer than the header). */
  width: number;
}

export function readCsv(text: string, source: string, opts: { columns?: string[] } = {}): { header: string[]; records: CsvRecord[] } {
  guardNoNul(text, source, 'CSV_INVALID');
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(text, { info: true, relax_column_count: true, skip_empty_lines: true, trim: true, bom: true }) as never;
  } catch (e) {
    if ((e as { code?: string }).code === 'CSV_QUOTE_NOT_CLOSED') {
      // csv-parse reports the end of the file; the user needs the line where the quote opened.
      throw new InputError('CSV_INVALID', 'malformed CSV: a quote opened on this line is never closed', {
        location: { file: source, line: unclosedQuoteLine(text) },
        cause: e,
      });
    }
    const line = (e as { lines?: number }).lines;
    throw new InputError('CSV_INVALID', `malformed CSV: ${(e as Error).message.replace(/^Invalid [^:]*: /, '')}`, {
      location: { file: source, line },
      cause: e,
    });
  }
  const header = opts.columns ?? (rows.shift()?.record ?? []).map((h) => h.toLowerCase());
  const records = rows.map(({ record, info }) => {
    const values: Record<string, string> = {};
    header.forEach((h, i) => (values[h] = record[i] ?? ''));
    return { line: info.lines, values, width: record.length };
  });
  return { header, records };
}

/** The line of the quote that is still open at the end of the text (a doubled "" opens and closes). */
function unclosedQuoteLine(text: string): number {
  let line = 1;
  let openedAt = 1;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    else if (c === 34) {
      quoted = !quoted;
      if (quoted) openedAt = line;
    }
  }
  return openedAt;
}
