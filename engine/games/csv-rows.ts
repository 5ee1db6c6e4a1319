// CSV reading shared by the game parsers: csv-parse (quotes, embedded commas) with each record's
// 1-based source line, so rejected rows can be reported where they are.
import { parse } from 'csv-parse/sync';
import { InputError } from '../../core/errors.js';
import { guardNoNul } from '../../core/json-guards.js';

interface CsvRow {
  line: number;
  get(column: string): string;
  has(column: string): boolean;
}

/** A row whose column count differs from the header's (a truncated or run-on line). */
interface MalformedRow {
  line: number;
  reason: string;
}

interface ReadCsvOptions {
  /**
   * What to do with a row of the wrong width: 'throw' (default) stops with CSV_INVALID naming file and
   * line; 'report' leaves it out of `rows` and lists it in `malformed`, for parsers that report rejected rows.
   */
  wrongWidth?: 'throw' | 'report';
}

export function readCsvRows(
  text: string,
  source: string,
  required: readonly string[],
  opts: ReadCsvOptions = {},
): { header: string[]; rows: CsvRow[]; malformed: MalformedRow[] } {
  guardNoNul(text, source, 'CSV_INVALID');
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // relax_column_count so one bad row is reported with its line rather than failing the whole file
    // with csv-parse's message; each row's width is checked below, and a wrong one is never imported
    // (a line cut after `48.` would otherwise read as a total of 48).
    records = parse(text, { info: true, relax_column_count: true, skip_empty_lines: true, trim: true, bom: true }) as never;
  } catch (e) {
    throw new InputError('CSV_INVALID', `${source}: ${(e as Error).message}`, { cause: e });
  }
  if (records.length === 0) throw new InputError('CSV_INVALID', 'empty file (expected a header row)', { location: { file: source, line: 1 } });
  const header = records[0].record.map((h) => h.toLowerCase());
  for (const c of required) {
    if (!header.includes(c))
      throw new InputError('CSV_INVALID', `missing column '${c}' (header: ${header.join(',')})`, { location: { file: source, line: 1 } });
  }
  const index = new Map(header.map((h, i) => [h, i]));
  const rows: CsvRow[] = [];
  const malformed: MalformedRow[] = [];
  for (const { record, info } of records.slice(1)) {
    // info.lines is the line the record ends on; records here never span lines in well-formed files
    const line = info.lines;
    if (record.length !== header.length) {
      const reason = `has ${record.length} columns where the header has ${header.length} (a truncated or run-on line; row not imported)`;
      if (opts.wrongWidth === 'report') {
        malformed.push({ line, reason });
        continue;
      }
      throw new InputError('CSV_INVALID', reason, { location: { file: source, line } });
    }
    rows.push({
      line,
      get: (c) => {
        const i = index.get(c);
        return i === undefined ? '' : (record[i] ?? '');
      },
      has: (c) => index.has(c),
    });
  }
  return { header, rows, malformed };
}

/** A strict integer score: digits only. */
export function parseScore(s: string): number | null | undefined {
  if (s === '') return null;
  return /^[0-9]{1,3}$/.test(s) ? Number(s) : undefined;
}

/** A finite decimal number or null when empty; undefined when malformed. */
export function parseOptionalNumber(s: string): number | null | undefined {
  if (s === '') return null;
  if (!/^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$/.test(s)) return undefined;
  return Number(s);
}

export function parseBool(s: string): boolean | undefined {
  const v = s.toLowerCase();
  if (v === '' || v === 'false' || v === '0' || v === 'no' || v === 'f') return false;
  if (v === 'true' || v === '1' || v === 'yes' || v === 't') return true;
  return undefined;
}

/** ISO date check: YYYY-MM-DD that exists on the calendar. */
export function validIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}
