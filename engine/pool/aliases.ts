// From the names a pick-population file uses (ESPN's short names: UNC, Wichita St., SF Austin) to the
// field's names (FiveThirtyEight's: North Carolina, Wichita State, Stephen F. Austin). Order: the field's
// own name, then the user's `alias,name` rows, then the built-in table, then a normalised comparison
// (case, punctuation, a trailing "St" for "State"); a name none of them places is an error naming it.
import { InputError, SimcastError, type ErrorLocation } from '../../core/errors.js';
import { readCsv } from '../field/csv.js';

/**
 * ESPN's short names and their usual long forms. A target that is not in the field is skipped (the next
 * rule is tried), so a longer table cannot map a name to the wrong team of another year's field.
 */
export const BUILTIN_ALIASES: Readonly<Record<string, readonly string[]>> = {
  UNC: ['North Carolina'],
  UVA: ['Virginia'],
  Pitt: ['Pittsburgh'],
  Cal: ['California'],
  UConn: ['Connecticut'],
  USC: ['Southern California'],
  VCU: ['Virginia Commonwealth'],
  Miami: ['Miami (FL)', 'Miami FL', 'Miami (Fla.)'],
  FGCU: ['Florida Gulf Coast'],
  FDU: ['Fairleigh Dickinson'],
  'SF Austin': ['Stephen F. Austin'],
  'Mid Tennessee': ['Middle Tennessee', 'Middle Tennessee State'],
  'AR-Little Rock': ['Arkansas-Little Rock', 'Little Rock'],
  'Little Rock': ['Arkansas-Little Rock'],
  'CSU Bakersfield': ['Cal State Bakersfield'],
  'CSU Fullerton': ['Cal State Fullerton'],
  'CSU Northridge': ['Cal State Northridge'],
  'UNC Asheville': ['North Carolina-Asheville', 'UNC Asheville'],
  'UNC Wilmington': ['North Carolina-Wilmington', 'UNC Wilmington'],
  UNCW: ['North Carolina-Wilmington', 'UNC Wilmington'],
  'UNC Greensboro': ['North Carolina-Greensboro', 'UNC Greensboro'],
  'NC Central': ['North Carolina Central'],
  'NC State': ['North Carolina State'],
  "Saint Joe's": ["Saint Joseph's", "St. Joseph's"],
  "St. Joe's": ["Saint Joseph's", "St. Joseph's"],
  "St. Mary's": ["Saint Mary's (CA)", "Saint Mary's"],
  "St. John's": ["St. John's (NY)", "St. John's"],
  "Mt. St. Mary's": ["Mount St. Mary's", "Mount Saint Mary's"],
  'Ole Miss': ['Mississippi'],
  LSU: ['Louisiana State', 'LSU'],
  SMU: ['Southern Methodist', 'SMU'],
  BYU: ['Brigham Young', 'BYU'],
  TCU: ['Texas Christian', 'TCU'],
  UCF: ['Central Florida', 'UCF'],
  UNI: ['Northern Iowa'],
  ETSU: ['East Tennessee State'],
  UMBC: ['Maryland-Baltimore County', 'UMBC'],
  LIU: ['Long Island University', 'LIU Brooklyn'],
  'LIU Brooklyn': ['Long Island University'],
  Penn: ['Pennsylvania'],
  'Loyola Chicago': ['Loyola (IL)', 'Loyola-Chicago', 'Loyola Chicago'],
  'UC Irvine': ['California-Irvine', 'UC-Irvine'],
  'UC Davis': ['California-Davis', 'UC-Davis'],
  UCSB: ['UC Santa Barbara', 'California-Santa Barbara'],
  'Texas A&M-CC': ['Texas A&M-Corpus Christi'],
  'App State': ['Appalachian State'],
  'Col of Charleston': ['College of Charleston', 'Charleston'],
  'N Kentucky': ['Northern Kentucky'],
  'N Dakota St': ['North Dakota State'],
  'S Dakota St': ['South Dakota State'],
  'South Dakota St': ['South Dakota State'],
  'Mississippi St': ['Mississippi State'],
  'Miss St': ['Mississippi State'],
  'G Washington': ['George Washington'],
  'Wichita St.': ['Wichita State'],
};

export interface AliasRow {
  alias: string;
  name: string;
  line: number;
}

/** An aliases file: rows `alias,name` (a header row `alias,name` is optional). */
export function parseAliasesCsv(text: string, source: string): AliasRow[] {
  const { records } = readCsv(text, source, { columns: ['alias', 'name'] });
  const rows = records.filter((r, i) => !(i === 0 && r.values.alias.toLowerCase() === 'alias' && r.values.name.toLowerCase() === 'name'));
  const seen = new Map<string, number>();
  return rows.map(({ line, values, width }) => {
    if (width !== 2) throw new InputError('CSV_INVALID', `a row is alias,name: 2 values, not ${width}`, { location: { file: source, line } });
    for (const col of ['alias', 'name'] as const) {
      if (!values[col]) throw new InputError('CSV_INVALID', `${col} is empty (rows are alias,name)`, { location: { file: source, line, field: col } });
    }
    const key = values.alias.toLowerCase();
    if (seen.has(key)) {
      throw new SimcastError('POOL_INVALID', `alias '${values.alias}' is given twice (also line ${seen.get(key)})`, {
        location: { file: source, line, field: 'alias' },
      });
    }
    seen.set(key, line);
    return { alias: values.alias, name: values.name, line };
  });
}

/** Lower case, no punctuation, hyphens as spaces, "Saint"/"St." alike, a trailing "St" as "State". */
export function normaliseName(name: string): string {
  let s = name
    .toLowerCase()
    .replace(/[-/]/g, ' ')
    .replace(/[.'’(),]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  s = s.replace(/^st /, 'saint ').replace(/ st$/, ' state');
  return s;
}

export interface NameResolver {
  /** The field's name for `name`, or null when no rule places it. */
  resolve(name: string): string | null;
  /** Where a user alias was given, for messages. */
  aliasLocation(name: string): ErrorLocation | undefined;
}

export function nameResolver(fieldNames: readonly string[], aliases: readonly AliasRow[] = [], aliasSource?: string): NameResolver {
  const exact = new Set(fieldNames);
  const lower = new Map<string, string | null>();
  const normal = new Map<string, string | null>();
  for (const n of fieldNames) {
    const l = n.toLowerCase();
    lower.set(l, lower.has(l) ? null : n);
    const k = normaliseName(n);
    normal.set(k, normal.has(k) ? null : n);
  }
  const user = new Map(aliases.map((a) => [a.alias.toLowerCase(), a]));
  const builtin = new Map(Object.entries(BUILTIN_ALIASES).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    resolve(name) {
      if (exact.has(name)) return name;
      const l = name.toLowerCase();
      const byCase = lower.get(l);
      if (byCase) return byCase;
      const a = user.get(l);
      if (a !== undefined) {
        const target = exact.has(a.name) ? a.name : lower.get(a.name.toLowerCase());
        if (!target) {
          throw new SimcastError('TEAM_UNKNOWN', `alias '${a.alias}' names '${a.name}', which is not a team of the field`, {
            location: { file: aliasSource, line: a.line, field: 'name' },
          });
        }
        return target;
      }
      for (const target of builtin.get(l) ?? []) if (exact.has(target)) return target;
      return normal.get(normaliseName(name)) ?? null;
    },
    aliasLocation(name) {
      const a = user.get(name.toLowerCase());
      return a ? { file: aliasSource, line: a.line } : undefined;
    },
  };
}

/** Field names most like `name` (shared words), for an unknown-name message. */
export function closeNames(name: string, candidates: readonly string[], max = 3): string[] {
  const words = new Set(
    normaliseName(name)
      .split(' ')
      .filter((w) => w.length > 1),
  );
  return candidates
    .map((c) => ({
      c,
      n: normaliseName(c)
        .split(' ')
        .filter((w) => words.has(w)).length,
    }))
    .filter((x) => x.n > 0)
    .sort((a, b) => b.n - a.n || a.c.localeCompare(b.c))
    .slice(0, max)
    .map((x) => x.c);
}
