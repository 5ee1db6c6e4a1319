import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Runs the built `simcast` (npm test builds it first) and returns exit code, stdout and stderr. */
export function simcast(args: string[], env: Record<string, string | undefined> = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** stderr without the progress lines a slow machine adds to any run longer than a second. */
export function withoutProgress(stderr: string): string {
  return stderr.replace(/^simulations: .*\n/gm, '');
}
