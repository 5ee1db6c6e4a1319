// The native JSON field format (docs/field-format.md). Positions come from jsonc-parser's tree, so
// every error names the line of the object it is about.
import { Ajv, type ErrorObject } from 'ajv';
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { FieldError, OptionError, type ErrorCode, type ErrorLocation } from '../../core/errors.js';
import { guardJsonText, guardJsonValue } from '../../core/json-guards.js';
import { isPowerOfTwo, regionSlots } from './region-layout.js';
import { FIELD_SCHEMA, NCAA_SEED_ORDER } from './schema.js';
import type { FieldSpec, ResultSpec, SlotSpec, TeamSpec } from './types.js';

// strict: false because the schema carries documentation keywords; strictNumbers kept on so that a
// rating such as 1e999 (Infinity after JSON.parse) is not a number.
const ajv = new Ajv({ allErrors: false, strict: false, strictNumbers: true });
const validateField = ajv.compile(FIELD_SCHEMA);

type Path = (string | number)[];
type Where = (path: Path) => ErrorLocation;

interface RawField {
  name?: string;
  teams: { name: string; rating: number; region?: string; seed?: number }[];
  regions?: string[];
  semis?: [string, string][];
  seedOrder?: number[];
  slots?: (string | [string, string])[];
  results?: { winner: string; loser: string }[];
}

interface ParseFieldOptions {
  /** Semifinal pairing that overrides the file's `semis` (the --semis option); region form only. */
  semis?: [string, string][];
}

/** jsonc-parser's codes in words: "PropertyNameExpected" → "property name expected". */
function jsonErrorWords(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

const pathName = (path: Path): string => path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${p}` : p), '');

/** Parses a field from JSON text; `source` names it in messages (a file path, or e.g. "body"). */
export function parseFieldJson(text: string, source: string, opts: ParseFieldOptions = {}): FieldSpec {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // Before jsonc-parser and the readers below walk it (recursively).
  guardJsonText(text, source, 'FIELD_INVALID');
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  if (errors.length > 0 || root === undefined) {
    const e = errors[0];
    throw new FieldError('FIELD_INVALID', `invalid JSON: ${e ? jsonErrorWords(printParseErrorCode(e.error)) : 'empty document'}`, {
      location: { file: source, line: e ? lineAt(text, e.offset) : 1 },
    });
  }
  const raw = JSON.parse(text) as unknown;
  guardJsonValue(raw, source, 'FIELD_INVALID');
  const where: Where = (path) => {
    const node: Node | undefined = findNodeAtLocation(root, path) ?? nearest(root, path);
    const field = pathName(path);
    return { file: source, line: lineAt(text, node.offset), ...(field ? { field } : {}) };
  };
  return fieldFromObject(raw, source, where, opts);
}

/** The deepest node that exists along `path` (for a property that is missing, its object). */
function nearest(root: Node, path: Path): Node {
  for (let n = path.length - 1; n > 0; n--) {
    const node = findNodeAtLocation(root, path.slice(0, n));
    if (node) return node;
  }
  return root;
}

/** The same from an already-parsed object (an HTTP body): locations name fields, not lines. */
export function parseFieldObject(raw: unknown, source = 'field'): FieldSpec {
  guardJsonValue(raw, source, 'FIELD_INVALID');
  return fieldFromObject(raw, source, (path) => ({ field: pathName([source, ...path]) }));
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function fieldFromObject(raw: unknown, source: string, where: Where, opts: ParseFieldOptions = {}): FieldSpec {
  checkShape(raw, where, opts);
  if (!validateField(raw)) throw schemaError(validateField.errors![0], raw, where);
  const f = raw as unknown as RawField;
  const teams: TeamSpec[] = f.teams.map((t, i) => ({ name: t.name, rating: t.rating, region: t.region, seed: t.seed, where: where(['teams', i]) }));
  const seen = new Map<string, number>();
  teams.forEach((t, i) => {
    if (seen.has(t.name)) {
      throw new FieldError('TEAM_DUPLICATE', `team '${t.name}' appears twice (also teams[${seen.get(t.name)}])`, { location: where(['teams', i, 'name']) });
    }
    seen.set(t.name, i);
  });
  const known = (name: string, path: Path) => {
    if (!seen.has(name)) throw new FieldError('TEAM_UNKNOWN', `unknown team '${name}'`, { location: where(path) });
    return name;
  };
  let slots: SlotSpec[];
  if (f.slots !== undefined) {
    const S = f.slots.length;
    if (!isPowerOfTwo(S) || S < 2) {
      throw new FieldError('SIZE_INVALID', `the bracket has ${S} slots; the size must be a power of two of at least 2`, { location: where(['slots']) });
    }
    slots = f.slots.map((s, i): SlotSpec => {
      if (s === 'BYE') return { kind: 'bye', where: where(['slots', i]) };
      if (Array.isArray(s)) return { kind: 'playin', teams: [known(s[0], ['slots', i, 0]), known(s[1], ['slots', i, 1])], where: where(['slots', i]) };
      return { kind: 'team', team: known(s, ['slots', i]), where: where(['slots', i]) };
    });
  } else {
    const semisGiven = opts.semis !== undefined;
    slots = regionSlots(teams, {
      regions: f.regions!,
      semis: opts.semis ?? f.semis,
      seedOrder: f.seedOrder ?? NCAA_SEED_ORDER,
      source,
      regionsWhere: where(['regions']),
      semisWhere: semisGiven ? { field: '--semis' } : where(['semis']),
      seedOrderWhere: where(['seedOrder']),
      missingWhere: where(['regions']),
    });
  }
  const results: ResultSpec[] = (f.results ?? []).map((r, i) => ({
    winner: known(r.winner, ['results', i, 'winner']),
    loser: known(r.loser, ['results', i, 'loser']),
    where: where(['results', i]),
  }));
  return { ...(f.name !== undefined ? { name: f.name } : {}), source, teams, slots, results };
}

/** The two forms, checked before the schema so that the messages say what to do. */
function checkShape(raw: unknown, where: Where, opts: ParseFieldOptions): void {
  if (!isObject(raw)) {
    const got = Array.isArray(raw) ? 'an array' : raw === null ? 'null' : `a ${typeof raw}`;
    throw new FieldError('FIELD_INVALID', `a field is a JSON object with "teams" and "regions" or "slots" (got ${got})`, { location: where([]) });
  }
  const has = (k: string) => raw[k] !== undefined;
  if (has('regions') && has('slots')) {
    throw new FieldError('FIELD_INVALID', 'give the bracket either as "regions" (teams with region and seed) or as "slots", not both', {
      location: where(['slots']),
    });
  }
  if (!has('regions') && !has('slots')) {
    const region = Array.isArray(raw.teams) && raw.teams.some((t) => isObject(t) && (t.region !== undefined || t.seed !== undefined));
    throw new FieldError(
      'FIELD_INVALID',
      region
        ? 'the bracket is missing: the teams have regions and seeds, so list the regions in "regions"'
        : 'the bracket is missing: give "slots" (top to bottom) or "regions" (teams with region and seed)',
      { location: where([]) },
    );
  }
  if (has('slots')) {
    for (const k of ['semis', 'seedOrder']) {
      if (has(k))
        throw new FieldError('FIELD_INVALID', `"${k}" belongs to the region form; a field with "slots" gives the order itself`, { location: where([k]) });
    }
    if (opts.semis !== undefined) throw new OptionError('options.semis applies only to a field in region form (this one has "slots")');
  }
}

const describe = (v: unknown): string => (v === undefined ? 'nothing' : (JSON.stringify(v) ?? String(v)));

function schemaError(e: ErrorObject, raw: unknown, where: Where): FieldError {
  const path: Path = e.instancePath
    .split('/')
    .slice(1)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p.replace(/~1/g, '/').replace(/~0/g, '~')));
  const valueAt = (p: Path) => p.reduce<unknown>((o, k) => (o as Record<string | number, unknown> | undefined)?.[k], raw);
  let code: ErrorCode = 'FIELD_INVALID';
  let message = e.message ?? 'is invalid';
  let at = path;
  const last = e.keyword === 'required' ? (e.params as { missingProperty: string }).missingProperty : path[path.length - 1];
  if (path[0] === 'slots' && typeof path[1] === 'number') {
    // A slot is a name, a pair of names or "BYE": say which rule the slot broke.
    code = 'SLOT_INVALID';
    at = path.slice(0, 2);
    const v = valueAt(at);
    if (Array.isArray(v)) {
      message =
        v.length === 2
          ? `a play-in pair is two team names (got ${describe(v)})`
          : `a slot holds one team or a play-in pair of two, not ${v.length} (got ${describe(v)})`;
    } else if (v === '') {
      message = 'a slot needs a team name (or "BYE")';
    } else {
      message = `a slot is a team name, a two-name array (play-in) or "BYE" (got ${describe(v)})`;
    }
  } else if (last === 'rating' && path[0] === 'teams') {
    code = 'RATING_INVALID';
    const v = e.keyword === 'required' ? undefined : valueAt(path);
    message =
      v === undefined
        ? 'rating is missing: every team needs a numeric rating'
        : typeof v === 'number'
          ? `rating must be a finite number (got ${v})`
          : `rating must be a number (got ${describe(v)})`;
  } else if (last === 'seed' && path[0] === 'teams') {
    code = 'SEED_NUMBER_INVALID';
    message = `seed must be a positive integer (got ${describe(valueAt(path))})`;
  } else if (path[0] === 'seedOrder') {
    code = 'SEED_NUMBER_INVALID';
    message =
      e.keyword === 'uniqueItems'
        ? `seeds in seedOrder must be distinct (${describe(valueAt(['seedOrder']))})`
        : `seedOrder lists positive integer seeds (got ${describe(valueAt(path))})`;
  } else if (e.keyword === 'required') {
    message = `'${last}' is required`;
  } else if (e.keyword === 'additionalProperties') {
    message = `unknown property '${(e.params as { additionalProperty: string }).additionalProperty}'`;
  } else if (e.keyword === 'minItems' && path.length === 1 && path[0] === 'teams') {
    code = 'SIZE_INVALID';
    message = `a field needs at least 2 teams (got ${(valueAt(path) as unknown[]).length})`;
  } else if (e.keyword === 'minLength') {
    message = 'must not be empty';
  }
  return new FieldError(code, message, { location: where(at) });
}
