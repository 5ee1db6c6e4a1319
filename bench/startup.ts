// Start-up of a command, as a user pays it: the whole process, from spawn to exit. Beside it, the same
// node starting and exiting with nothing to do (the floor no command can go under), and a command that
// opens the embedded database (what commands that do not need a database must not pay).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectFile } from '../core/paths.js';

const CLI = projectFile('dist', 'cli', 'main.js');

interface StartupRow {
  what: string;
  medianMs: number;
  target: string;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

function timeCommand(args: string[], runs: number, cwd: string): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env: { ...process.env, DATABASE_URL: '', REDIS_URL: '' } });
    times.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`bench startup: ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  }
  return median(times);
}

export function benchStartup(o: { smoke?: boolean } = {}): StartupRow[] {
  const runs = o.smoke ? 3 : 9;
  const dir = mkdtempSync(join(tmpdir(), 'simcast-bench-startup-'));
  try {
    const field = projectFile('examples', 'ncaa-2016.json');
    const rows: StartupRow[] = [
      { what: 'node -e 0 (reference: the floor)', medianMs: timeCommand(['-e', '0'], runs, dir), target: '' },
      { what: 'simcast --version', medianMs: timeCommand([CLI, '--version'], runs, dir), target: '< 500 ms' },
      {
        what: 'simcast tournament, 2016 field, 1,000 simulations',
        medianMs: timeCommand([CLI, 'tournament', '--field', field, '--sims', '1000', '--seed', '1', '--quiet'], runs, dir),
        target: '< 500 ms',
      },
    ];
    // The first open creates and migrates the folder; the timed ones open an existing database.
    timeCommand([CLI, 'runs', 'list', '--data-dir', join(dir, 'pg')], 1, dir);
    rows.push({
      what: 'simcast runs list on the embedded database (reference: opening PGlite)',
      medianMs: timeCommand([CLI, 'runs', 'list', '--data-dir', join(dir, 'pg')], runs, dir),
      target: '',
    });
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function startupReport(rows: StartupRow[]): string {
  const floor = rows[0].medianMs;
  const lines = ['| command (whole process, median) | ms | over bare node | target |', '| --- | ---: | ---: | --- |'];
  for (const r of rows) {
    const met = r.target === '' ? '' : `${r.target}: ${r.medianMs < 500 ? 'met' : 'NOT met'}`;
    lines.push(`| ${r.what} | ${r.medianMs.toFixed(0)} | +${(r.medianMs - floor).toFixed(0)} | ${met} |`);
  }
  return `${lines.join('\n')}\n\nCommands that need no database (--version, a tournament without --persist) do not open one.\n`;
}
