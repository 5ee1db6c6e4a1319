// The bundled examples (examples/*.json) as the web page and GET /v1/examples see them: a list with each
// file's kind, and one file by name. Only names from the folder's own listing are ever opened, so a name
// cannot reach outside it (no "..", no slashes, no other extensions).
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { RequestError } from '../core/errors.js';
import { projectFile } from '../core/paths.js';

export type ExampleKind = 'field' | 'calcutta' | 'job' | 'other';

export interface ExampleInfo {
  name: string;
  kind: ExampleKind;
  /** The file's own "name" (a field's title), or null. */
  title: string | null;
  /** Teams in a field, else null. */
  teams: number | null;
  bytes: number;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.json$/;
/** Examples are small; a larger file is not sent whole to a browser. */
const MAX_BYTES = 2 << 20;

function kindOf(o: Record<string, unknown>): ExampleKind {
  if (typeof o.kind === 'string') return 'job';
  if (Array.isArray(o.teams) && (Array.isArray(o.slots) || Array.isArray(o.regions))) return 'field';
  if ('entries' in o && 'field' in o) return 'calcutta';
  return 'other';
}

export function examplesDir(): string {
  return projectFile('examples');
}

async function names(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile() && NAME.test(e.name))
    .map((e) => e.name)
    .sort();
}

export async function listExamples(dir = examplesDir()): Promise<ExampleInfo[]> {
  const out: ExampleInfo[] = [];
  for (const name of await names(dir)) {
    const path = join(dir, name);
    const { size } = await stat(path);
    let o: Record<string, unknown> = {};
    if (size <= MAX_BYTES) {
      try {
        const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
        if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) o = parsed as Record<string, unknown>;
      } catch {
        // Not JSON: listed as 'other'.
      }
    }
    const kind = kindOf(o);
    out.push({
      name,
      kind,
      title: typeof o.name === 'string' ? o.name : null,
      teams: kind === 'field' ? (o.teams as unknown[]).length : null,
      bytes: size,
    });
  }
  return out;
}

/** One example's text, by a name from the listing; anything else is NOT_FOUND. */
export async function readExample(name: string, dir = examplesDir()): Promise<string> {
  if (!NAME.test(name) || !(await names(dir)).includes(name)) throw new RequestError('NOT_FOUND', `no example named '${name}' (GET /v1/examples lists them)`);
  const path = join(dir, name);
  if ((await stat(path)).size > MAX_BYTES) throw new RequestError('LIMIT_EXCEEDED', `example '${name}' is larger than ${MAX_BYTES} bytes`);
  return readFile(path, 'utf8');
}
