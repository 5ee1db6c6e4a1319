// The one resolver of files shipped with simcast (sql/, examples/, the built workers), found from the
// package root whether the code runs from TypeScript sources (tsx, vitest) or from dist/.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | null = null;

export function packageRoot(): string {
  if (root !== null) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  root = dir;
  return dir;
}

/** A file of the package (sql/, examples/, docs/, package.json), from its root. */
export function projectFile(...parts: string[]): string {
  return join(packageRoot(), ...parts);
}

/** The built JavaScript of a module (e.g. distFile('workers', 'worker.js')): always dist/, which `npm run build` makes. */
export function distFile(...parts: string[]): string {
  return join(packageRoot(), 'dist', ...parts);
}
