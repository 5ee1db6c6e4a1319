// A user's seed, as every interface takes it: a non-negative safe integer or a non-empty string. What
// the seed drives (the random-stream scheme) is engine/random/stream-scheme.ts.
import { SimcastError } from './errors.js';

export type Seed = number | string;

export function parseSeed(raw: unknown, field = 'seed'): Seed {
  if (typeof raw === 'number') {
    if (Number.isSafeInteger(raw) && raw >= 0) return raw;
  } else if (typeof raw === 'string') {
    const s = raw.trim();
    if (/^[0-9]+$/.test(s) && Number.isSafeInteger(Number(s))) return Number(s);
    if (s.length > 0 && s.length <= 200 && !s.includes('\0')) return s;
  }
  throw new SimcastError(
    'SEED_INVALID',
    `${field} must be a non-negative integer or a non-empty string of at most 200 characters without NUL (got ${JSON.stringify(raw)})`,
  );
}

/** A seed as stored in a run (text) back to the value it was given as. */
export function storedSeed(text: string): Seed {
  return parseSeed(/^[0-9]+$/.test(text) ? Number(text) : text);
}
