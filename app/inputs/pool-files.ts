// The files of a bracket pool: the public's picks (name, round1..round6 shares), an aliases table
// (alias,name rows) and an entry to evaluate (JSON: { "<team>": wins } or { "bracket": { ... } }).
import { InputError } from '../../core/errors.js';
import { parseAliasesCsv, type AliasRow } from '../../engine/pool/aliases.js';
import { parsePicksCsv, type PicksTable } from '../../engine/pool/picks-csv.js';
import { readText } from './read-text.js';

export async function loadPicks(path: string): Promise<PicksTable> {
  return parsePicksCsv(await readText(path), path);
}

export async function loadAliases(path: string): Promise<AliasRow[]> {
  return parseAliasesCsv(await readText(path), path);
}

/** An entry file: `{ "<team>": wins, ... }`, or a pool report's `{ "bracket": { ... } }` (what `pool optimize --json` prints). */
export async function loadEntry(path: string): Promise<Record<string, unknown>> {
  const text = await readText(path);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new InputError('POOL_INVALID', `not valid JSON (${(e as Error).message})`, { location: { file: path }, cause: e });
  }
  const record = doc !== null && typeof doc === 'object' && !Array.isArray(doc) && 'bracket' in doc ? (doc as { bracket: unknown }).bracket : doc;
  if (record === null || typeof record !== 'object' || Array.isArray(record)) {
    throw new InputError('POOL_INVALID', 'an entry is an object of team names to games won ({ "Kansas": 6, ... }) or { "bracket": { ... } }', {
      location: { file: path, field: 'bracket' },
    });
  }
  return record as Record<string, unknown>;
}

/** A real pool's other entries: a JSON array of brackets ({ "<team>": wins }, or { "bracket": ... } each). */
export async function loadOpponentEntries(path: string): Promise<Record<string, number>[]> {
  const text = await readText(path);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new InputError('POOL_INVALID', `not valid JSON (${(e as Error).message})`, { location: { file: path }, cause: e });
  }
  if (!Array.isArray(doc) || doc.length === 0) {
    throw new InputError('POOL_INVALID', 'the opponents file is a JSON array of brackets, { "<team>": wins } each', { location: { file: path } });
  }
  return doc.map((d: unknown, i) => {
    const rec = d !== null && typeof d === 'object' && !Array.isArray(d) && 'bracket' in d ? (d as { bracket: unknown }).bracket : d;
    const ok = rec !== null && typeof rec === 'object' && !Array.isArray(rec) && Object.values(rec).every((w) => Number.isInteger(w));
    if (!ok) throw new InputError('POOL_INVALID', `entry ${i + 1} is not { "<team>": whole number of wins }`, { location: { file: path, field: `[${i}]` } });
    return rec as Record<string, number>;
  });
}
