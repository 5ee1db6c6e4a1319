// CSV records with their 1-based line numbers (csv-parse, RFC 4180 quoting), for messages that name
// file, line and column.
import { parse } from 'csv-parse/sync';
import { InputError } from '../errors.js';

export interface CsvRecord {
  line: number;
  values: Record<string, string>;
  /** How many values the row has (a row may have more or fewer than the header). */
  width: number;
}

export function readCsv(text: string, source: string, opts: { columns?: string[] } = {}): { header: string[]; records: CsvRecord[] } {
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(text, { info: true, relax_column_count: true, skip_empty_lines: true, trim: true, bom: true }) as never;
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    throw new InputError('CSV_INVALID', `malformed CSV: ${(e as Error).message.replace(/^Invalid [^:]*: /, '')}`, { location: { file: source, line }, cause: e });
  }
  const header = opts.columns ?? (rows.shift()?.record ?? []).map((h) => h.toLowerCase());
  const records = rows.map(({ record, info }) => {
    const values: Record<string, string> = {};
    header.forEach((h, i) => (values[h] = record[i] ?? ''));
    return { line: info.lines, values, width: record.length };
  });
  return { header, records };
}
