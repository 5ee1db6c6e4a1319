// Debian's chromium for the browser tests and bench/web.ts (.ci/ensure-chromium installs it; nothing is
// downloaded by npm), and a real `simcast serve` for it to load.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { distFile } from '../core/paths.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Why the browser tests cannot run here, or null when they can. In CI a missing browser is a failure, not a skip. */
export function browserMissing(): string | null {
  if (existsSync(CHROMIUM)) return null;
  const why = `chromium not found at ${CHROMIUM}: run .ci/ensure-chromium (apt-get install chromium) or set CHROMIUM_PATH`;
  if (process.env.CI === 'true') throw new Error(why);
  return why;
}

export interface Served {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts the built `simcast serve` on a free port and resolves with its address; without a database unless `dataDir` names an embedded one. */
export async function serveBuilt(args: string[], env: Record<string, string> = {}, dataDir?: string): Promise<Served> {
  const cli = distFile('cli', 'main.js');
  const db = dataDir === undefined ? ['--no-db'] : ['--data-dir', dataDir];
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', ...db, '--quiet', ...args], {
    env: { ...process.env, REDIS_URL: '', DATABASE_URL: '', SIMCAST_API_KEY: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /serving on (http:\/\/[^\s]+) /.exec(err);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
  return {
    url,
    child,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}
