// Guards every JSON input passes before anything walks it deeper (field readers, job specs, HTTP bodies):
// no NUL character (Postgres text cannot hold one, so it would surface as a 500 mid-write) and nesting
// at most MAX_JSON_DEPTH deep (recursive readers, ajv and JSON.stringify would overflow the stack on a
// document nested thousands deep). Both checks are iterative, linear and allocate nothing per level.
import { SimcastError, type ErrorCode } from './errors.js';

/** Deepest nesting of arrays and objects any input may have (the deepest real document is about 6). */
export const MAX_JSON_DEPTH = 64;

const NUL_MESSAGE = 'contains a NUL character (\\u0000), which no text field may hold';
const depthMessage = `is nested more than ${MAX_JSON_DEPTH} levels deep`;
// Postgres stores UTF-8: a lone UTF-16 surrogate (JSON "\ud800" with no pair) has no encoding and
// fails the write the way NUL does.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const SURROGATE_MESSAGE = 'contains an unpaired UTF-16 surrogate (not valid Unicode text)';

/** Why a string cannot be stored as text, or null. */
function badText(s: string): string | null {
  if (s.includes('\0')) return NUL_MESSAGE;
  return LONE_SURROGATE.test(s) ? SURROGATE_MESSAGE : null;
}

/**
 * Scans JSON text before it is parsed: a raw or escaped NUL in a string, or brackets nested deeper than
 * MAX_JSON_DEPTH, is refused with `code`, naming the file and line. Malformed JSON is left to the parser.
 */
export function guardJsonText(text: string, source: string, code: ErrorCode): void {
  let depth = 0;
  let line = 1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    else if (c === 0) throw new SimcastError(code, NUL_MESSAGE, { location: { file: source, line } });
    else if (inString) {
      if (c === 34 /* " */) inString = false;
      else if (c === 92 /* \ */) {
        if (text.startsWith('u0000', i + 1)) throw new SimcastError(code, NUL_MESSAGE, { location: { file: source, line } });
        i++;
      }
    } else if (c === 34) inString = true;
    else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > MAX_JSON_DEPTH) throw new SimcastError(code, depthMessage, { location: { file: source, line } });
    } else if (c === 93 || c === 125) depth--;
  }
}

const pathName = (path: readonly (string | number)[]): string =>
  path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : `${s}.${p.length > 40 ? `${p.slice(0, 40)}…` : p}`), '');

/**
 * Walks an already-parsed value (an HTTP body, a job read from a file) without recursion: a string or
 * property name holding NUL or an unpaired surrogate, or nesting deeper than MAX_JSON_DEPTH, is refused with `code`, naming the
 * path (`body.field.teams[3].name`).
 */
export function guardJsonValue(value: unknown, source: string, code: ErrorCode): void {
  const stack: { v: unknown; path: (string | number)[] }[] = [{ v: value, path: [] }];
  while (stack.length > 0) {
    const { v, path } = stack.pop()!;
    if (typeof v === 'string') {
      const bad = badText(v);
      if (bad !== null) throw new SimcastError(code, `${source}${pathName(path)} ${bad}`);
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (path.length >= MAX_JSON_DEPTH) throw new SimcastError(code, `${source}${pathName(path.slice(0, 8))}… ${depthMessage}`);
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) stack.push({ v: v[i], path: [...path, i] });
    } else {
      for (const [k, x] of Object.entries(v)) {
        const bad = badText(k);
        if (bad !== null) throw new SimcastError(code, `${source}${pathName(path)} has a property name that ${bad}`);
        stack.push({ v: x, path: [...path, k] });
      }
    }
  }
}

/** JSON.parse behind guardJsonText: the guards' refusals and syntax errors both come out as `code`. */
export function parseGuardedJson(text: string, source: string, code: ErrorCode): unknown {
  guardJsonText(text, source, code);
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown;
  } catch (e) {
    throw new SimcastError(code, `invalid JSON: ${(e as Error).message}`, { location: { file: source }, cause: e });
  }
  guardJsonValue(value, source, code);
  return value;
}

/** For text formats other than JSON (CSV): a NUL character anywhere is refused with `code`, naming its line. */
export function guardNoNul(text: string, source: string, code: ErrorCode): void {
  const at = text.indexOf('\0');
  if (at < 0) return;
  let line = 1;
  for (let i = 0; i < at; i++) if (text.charCodeAt(i) === 10) line++;
  throw new SimcastError(code, NUL_MESSAGE, { location: { file: source, line } });
}
