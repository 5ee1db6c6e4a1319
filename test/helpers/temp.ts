// Temporary folders a test file makes, removed when the file's tests end; embedded database folders
// start as a copy of the run's migrated template (test/global-setup.ts).
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const made: string[] = [];
afterAll(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

export function tempDir(prefix = 'simcast-test-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  made.push(d);
  return d;
}

function template(): string {
  const t = process.env.SIMCAST_TEST_TEMPLATE;
  if (!t) throw new Error('SIMCAST_TEST_TEMPLATE is not set: run the tests through vitest (test/global-setup.ts makes it)');
  return t;
}

/** A fresh embedded database folder, already migrated. */
export function embeddedDataDir(): string {
  const d = join(tempDir('simcast-db-'), 'pg');
  cpSync(join(template(), 'pg'), d, { recursive: true });
  return d;
}

let tar: Blob | null = null;
/** The migrated template as PGlite loads it into a memory:// database. */
export function embeddedTemplate(): Blob {
  return (tar ??= new Blob([readFileSync(join(template(), 'pg.tar'))]));
}
