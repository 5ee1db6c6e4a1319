// What every props parser returns: typed rows, and the rows it did not take with the line and the reason
// (never a silent guess). `scope: 'field'` marks a row taken without one of its optional values.

export interface RejectedRow {
  /** 1-based line of the source (the header is line 1) */
  line: number;
  reason: string;
  scope: 'row' | 'field';
}

export interface ParseReport<T> {
  rows: T[];
  rejected: RejectedRow[];
  /** data rows read, not counting the header */
  read: number;
}

/** A finite number, or undefined when malformed (empty included). */
export function numberOf(s: string): number | undefined {
  if (!/^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$/.test(s)) return undefined;
  return Number(s);
}

/** A non-negative whole number written as an integer or as "12.0"; undefined otherwise. */
export function countOf(s: string): number | undefined {
  const v = numberOf(s);
  return v !== undefined && Number.isInteger(v) && v >= 0 ? v : undefined;
}

/** American odds: a number ≤ −100 or ≥ 100. */
export function americanOf(s: string): number | undefined {
  const v = numberOf(s);
  return v !== undefined && (v <= -100 || v >= 100) ? v : undefined;
}
