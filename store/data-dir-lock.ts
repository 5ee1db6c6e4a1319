// One owner per embedded data folder: PGlite has no lock of its own, and two processes writing one
// folder lose runs and corrupt indexes. The owner holds `simcast.lock` (created exclusively, holding
// its pid, host, command and start time); another process fails at once naming the holder. A lock whose
// process is gone (same host) is taken over. Written by hand: it is the postmaster.pid idea in 20 lines,
// and the lock libraries on npm record no holder to name.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { StoreError } from '../core/errors.js';

interface Holder {
  pid: number;
  host: string;
  command: string;
  since: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the folder's lock or throws DATABASE_LOCKED naming the holder; returns the release. */
export function lockDataDir(dir: string): () => void {
  const path = join(dir, 'simcast.lock');
  const me: Holder = { pid: process.pid, host: hostname(), command: process.argv.slice(1).join(' ').slice(0, 200), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let holder: Holder | null = null;
      try {
        holder = JSON.parse(readFileSync(path, 'utf8')) as Holder;
      } catch {
        // a lock being written this instant, or an empty file left by a crash at its creation
      }
      if (holder && holder.host === me.host && !alive(holder.pid) && attempt === 0) {
        rmSync(path, { force: true }); // its process is gone: take over
        continue;
      }
      const who = holder ? `process ${holder.pid} on ${holder.host} (${holder.command || 'simcast'}) since ${holder.since}` : 'another process';
      throw new StoreError('DATABASE_LOCKED', `the embedded database in ${dir} is in use by ${who}; wait for it to finish, stop it, or use another --data-dir`);
    }
  }
  throw new StoreError('DATABASE_LOCKED', `the embedded database in ${dir} is in use by another process`);
}
