// The native JSON field format (docs/field-format.md). Positions come from jsonc-parser's tree, so
// every error names the line of the object it is about.
import { Ajv, type ErrorObject } from 'ajv';
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { FieldError, type ErrorCode, type ErrorLocation } from '../errors.js';
import { regionSlots } from './region-layout.js';
import { FIELD_SCHEMA, NCAA_SEED_ORDER } from './schema.js';
import type { FieldSpec, ResultSpec, SlotSpec, TeamSpec } from './types.js';

const ajv = new Ajv({ allErrors: false, strict: false });
const validateField = ajv.compile(FIELD_SCHEMA);

interface RawField {
  name?: string;
  teams: { name: string; rating: number; region?: string; seed?: number }[];
  regions?: string[];
  semis?: [string, string][];
  seedOrder?: number[];
  slots?: (string | [string, string])[];
  results?: { winner: string; loser: string }[];
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

/** Parses a field from JSON text; `source` names it in messages (a file path, or e.g. "body"). */
export function parseFieldJson(text: string, source: string, opts: { semis?: [string, string][] } = {}): FieldSpec {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  if (errors.length > 0 || root === undefined) {
    const e = errors[0];
    throw new FieldError('FIELD_INVALID', `invalid JSON: ${e ? jsonErrorWords(printParseErrorCode(e.error)) : 'empty document'}`, {
      location: { file: source, line: e ? lineAt(text, e.offset) : 1 },
    });
  }
  const raw = JSON.parse(text) as unknown;
  const where = (path: (string | number)[]): ErrorLocation => {
    const node: Node | undefined = findNodeAtLocation(root, path) ?? root;
    const field = path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${p}` : p), '');
    return { file: source, line: lineAt(text, node.offset), ...(field ? { field } : {}) };
  };
  return fieldFromObject(raw, source, where, opts);
}

/** The same from an already-parsed object (an HTTP body): locations name fields, not lines. */
export function parseFieldObject(raw: unknown, source = 'field'): FieldSpec {
  return fieldFromObject(raw, source, (path) => ({
    field: [source, ...path].reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${p}` : String(p)), ''),
  }));
}

function fieldFromObject(
  raw: unknown,
  source: string,
  where: (path: (string | number)[]) => ErrorLocation,
  opts: { semis?: [string, string][] } = {},
): FieldSpec {
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
  const known = (name: string, path: (string | number)[]) => {
    if (!seen.has(name)) throw new FieldError('TEAM_UNKNOWN', `unknown team '${name}'`, { location: where(path) });
    return name;
  };
  let slots: SlotSpec[];
  if (f.slots !== undefined) {
    slots = f.slots.map((s, i): SlotSpec => {
      if (s === 'BYE') return { kind: 'bye', where: where(['slots', i]) };
      if (Array.isArray(s)) return { kind: 'playin', teams: [known(s[0], ['slots', i, 0]), known(s[1], ['slots', i, 1])], where: where(['slots', i]) };
      return { kind: 'team', team: known(s, ['slots', i]), where: where(['slots', i]) };
    });
    const S = slots.length;
    if (S < 2 || (S & (S - 1)) !== 0) {
      throw new FieldError('SIZE_INVALID', `the bracket has ${S} slots; the size must be a power of two of at least 2`, { location: where(['slots']) });
    }
  } else {
    slots = regionSlots(teams, {
      regions: f.regions!,
      semis: opts.semis ?? f.semis,
      seedOrder: f.seedOrder ?? NCAA_SEED_ORDER,
      source,
      regionsWhere: (() => {
        const w = where([f.semis ? 'semis' : 'regions']);
        return { line: w.line, field: w.field };
      })(),
    });
  }
  const results: ResultSpec[] = (f.results ?? []).map((r, i) => ({
    winner: known(r.winner, ['results', i, 'winner']),
    loser: known(r.loser, ['results', i, 'loser']),
    where: where(['results', i]),
  }));
  return { name: f.name, source, teams, slots, results };
}

function schemaError(e: ErrorObject, raw: unknown, where: (path: (string | number)[]) => ErrorLocation): FieldError {
  const path: (string | number)[] = e.instancePath
    .split('/')
    .slice(1)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p.replace(/~1/g, '/').replace(/~0/g, '~')));
  let code: ErrorCode = 'FIELD_INVALID';
  let message = e.message ?? 'is invalid';
  const last = e.keyword === 'required' ? (e.params as { missingProperty: string }).missingProperty : path[path.length - 1];
  if (last === 'rating') {
    code = 'RATING_INVALID';
    const v = e.keyword === 'required' ? undefined : path.reduce<unknown>((o, p) => (o as Record<string | number, unknown>)?.[p], raw);
    message = v === undefined ? 'rating is missing: every team needs a numeric rating' : `rating must be a number (got ${JSON.stringify(v)})`;
  } else if (last === 'seed') {
    code = 'SEED_NUMBER_INVALID';
    message = 'seed must be a positive integer';
  } else if (e.keyword === 'required') {
    message = `'${last}' is required`;
  } else if (e.keyword === 'additionalProperties') {
    message = `unknown property '${(e.params as { additionalProperty: string }).additionalProperty}'`;
  } else if (e.keyword === 'oneOf' && path.length === 0) {
    message = 'give the bracket either as "regions" (with seeds) or as "slots", not both or neither';
  }
  const loc = where(path);
  return new FieldError(code, message, { location: e.keyword === 'required' && last !== undefined && path.length > 0 ? loc : loc });
}
