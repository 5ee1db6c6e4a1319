// One owner per embedded data folder: a second process fails at once, naming the holder, and writes
// nothing; a lock left by a process that is gone is taken over.
import { writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb } from '../store/db.js';
import { simcast } from './helpers/cli.js';
import { embeddedDataDir } from './helpers/temp.js';

describe('the embedded database has one owner at a time', () => {
  it('a second process is refused with the holder named, and gets in once the first closes', async () => {
    const dir = embeddedDataDir();
    const db = await openDb({ url: '', dataDir: dir });
    try {
      const second = simcast(
        ['tournament', '--field', 'examples/four-teams.json', '--model', 'elo', '--sims', '1000', '--seed', '1', '--persist', 'aggregates', '--data-dir', dir],
        { DATABASE_URL: '' },
      );
      expect(second.code).toBe(2);
      expect(second.stderr).toMatch(
        new RegExp(
          `^simcast: DATABASE_LOCKED: the embedded database in .* is in use by process ${process.pid} on .*; wait for it to finish, stop it, or use another --data-dir\\n$`,
        ),
      );
      expect(second.stdout).toBe('');
      expect((await db.query<{ n: number }>('select count(*)::int as n from runs')).rows[0].n).toBe(0);
    } finally {
      await db.close();
    }
    const third = simcast(['runs', 'list', '--data-dir', dir], { DATABASE_URL: '' });
    expect(third.code, third.stderr).toBe(0);
  });

  it('takes over a lock whose process is gone', async () => {
    const dir = embeddedDataDir();
    // pid 2^22 + 1 is above Linux's pid limit: no such process.
    writeFileSync(join(dir, 'simcast.lock'), JSON.stringify({ pid: 4194305, host: hostname(), command: 'simcast crashed', since: '2026-01-01T00:00:00Z' }));
    const db = await openDb({ url: '', dataDir: dir });
    await db.close();
  });

  it('in one process too: a second open of the same folder is refused until the first closes', async () => {
    const dir = embeddedDataDir();
    const db = await openDb({ url: '', dataDir: dir });
    await expect(openDb({ url: '', dataDir: dir })).rejects.toMatchObject({ code: 'DATABASE_LOCKED' });
    await db.close();
    const again = await openDb({ url: '', dataDir: dir });
    await again.close();
  });
});
