// `--persist rows` says what it will take on disk before it starts.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rowsDiskBytes } from '../store/rows-disk.js';
import { simcast } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';

describe('disk estimate of per-simulation rows', () => {
  it('is about 80 bytes a simulation for 68 teams (four bits a team, plus the row and its index entry)', () => {
    expect(rowsDiskBytes(68, 1_000_000)).toBe(80_000_000);
    expect(rowsDiskBytes(4, 10)).toBe(10 * (2 + 46));
  });

  it('is printed on stderr before the run, with the number of simulations', { timeout: 300_000 }, () => {
    const dir = tempDir('simcast-estimate-');
    try {
      const r = simcast([
        'tournament',
        '--field',
        'examples/ncaa-2016.json',
        '--sims',
        '5000',
        '--seed',
        '1',
        '--persist',
        'rows',
        '--data-dir',
        join(dir, 'pg'),
      ]);
      expect(r.code).toBe(0);
      const lines = r.stderr.split('\n');
      expect(lines[0]).toBe('--persist rows: about 0.4 MB on disk for 5,000 simulations');
      expect(r.stderr).toMatch(/5,000 rows by COPY/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
