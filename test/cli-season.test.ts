// `simcast season` end to end (the built CLI): the table, --json and --csv, --weekly, --persist and
// `runs show` printing the stored run as the live command did, bad input (exit 2, one line), the cap on
// simulated games, and Ctrl-C (exit 130, nothing on stdout, no completed run).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { CLI, ROOT, simcast } from './helpers/cli.js';
import { embeddedDataDir } from './helpers/temp.js';

const EMBEDDED = { DATABASE_URL: '' };

/** A bad-input run: exit code 2, exactly one stderr line matching `pattern`, nothing on stdout. */
function expectOneLineError(r: ReturnType<typeof simcast>, pattern: RegExp) {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stdout).toBe('');
}

describe('simcast season', { timeout: 300_000 }, () => {
  it('explains itself with --help', () => {
    const r = simcast(['season', '--help']);
    expect(r.code).toBe(0);
    for (const opt of ['--season', '--week', '--as-of', '--games', '--sims', '--seed', '--threads', '--hot', '--weekly', '--persist', '--json', '--csv'])
      expect(r.stdout).toContain(opt);
    expect(simcast(['--help']).stdout).toMatch(/^\s+season\s/m);
  });

  it('after the 2024 regular season: the real seeds, certain, in the table', () => {
    const r = simcast(['season', '--season', '2024', '--week', '19', '--sims', '2000', '--seed', '1', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('2024 NFL season after the regular season (games to 2025-01-05): 272 games played, 0 left; % chances');
    expect(lines[1]).toMatch(/^Team\s+Division\s+E\[W\]\s+Div\s+Playoffs\s+#1\s+#2\s+#3\s+#4\s+#5\s+#6\s+#7\s+Rd2\s+Conf\s+SB\s+Title\s+Pick1\s+E\[pick\]$/);
    // 2024 AFC: Kansas City 1, Buffalo 2, Baltimore 3, Houston 4, then the wild cards; NFC: Detroit 1.
    expect(lines[3]).toMatch(/^KAN\s+AFC West\s+15\.0\s+100\.0\s+100\.0\s+100\.0\s+-\s/);
    expect(lines[4]).toMatch(/^BUF\s+AFC East\s+13\.0\s+100\.0\s+100\.0\s+-\s+100\.0\s/);
    expect(r.stdout).toMatch(/^DET\s+NFC North\s+15\.0\s+100\.0\s+100\.0\s+100\.0\s/m);
    expect(lines.at(-2)).toMatch(/^2,000 simulations, seed 1, \d+ threads, [\d.]+ s, stream xoshiro128ss\+arc4seed\/block4096\/v1$/);
  });

  it('--json: the same numbers on 1 and 2 threads; --csv: a column per seed, round and pick', () => {
    const args = ['season', '--season', '2024', '--week', '16', '--sims', '5000', '--seed', 'json', '--json'];
    const a = simcast([...args, '--threads', '1']);
    const b = simcast([...args, '--threads', '2']);
    expect(a.code, a.stderr).toBe(0);
    const ja = JSON.parse(a.stdout);
    const jb = JSON.parse(b.stdout);
    expect(ja).toMatchObject({ league: 'nfl', season: 2024, week: 16, asOf: '2024-12-18', gamesLeft: 48, sims: 5000, seed: 'json', threads: 1 });
    expect(ja.playoffs).toEqual({ season: 2024, seeds: 7, byes: 1 });
    expect(ja.teams).toHaveLength(32);
    expect(Object.keys(ja.teams[0])).toEqual(
      expect.arrayContaining(['id', 'conference', 'division', 'expectedWins', 'playoffs', 'divisionTitle', 'bye', 'seeds', 'rounds', 'draft', 'expectedPick']),
    );
    expect(ja.teams[0].seeds).toHaveLength(7);
    expect(ja.teams[0].draft).toHaveLength(32);
    expect(ja.games).toHaveLength(48);
    expect(jb.teams).toEqual(ja.teams);
    expect(jb.games).toEqual(ja.games);
    // Per conference, seed k is held in every simulation by exactly one club.
    for (const conf of ['AFC', 'NFC'])
      for (let k = 0; k < 7; k++)
        expect(
          ja.teams.filter((t: { conference: string }) => t.conference === conf).reduce((s: number, t: { seeds: number[] }) => s + t.seeds[k], 0),
        ).toBeCloseTo(1, 9);

    const c = simcast(['season', '--season', '2024', '--week', '16', '--sims', '5000', '--seed', 'json', '--csv', '--quiet']);
    expect(c.code, c.stderr).toBe(0);
    const rows = c.stdout.trim().split('\n');
    expect(rows).toHaveLength(33);
    expect(rows[0].split(',').slice(0, 16)).toEqual([
      'team',
      'conference',
      'division',
      'rating',
      'expected_wins',
      'division_title',
      'playoffs',
      'bye',
      'seed_1',
      'seed_2',
      'seed_3',
      'seed_4',
      'seed_5',
      'seed_6',
      'seed_7',
      'divisional',
    ]);
    expect(rows[0].split(',')).toHaveLength(15 + 5 + 32);
  });

  it('--weekly: playoff odds before every week, the last certain', () => {
    const r = simcast(['season', '--season', '2023', '--weekly', '--sims', '300', '--seed', '2', '--csv', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const rows = r.stdout.trim().split('\n');
    expect(rows[0]).toBe(`team,conference,division,${Array.from({ length: 18 }, (_, i) => `week_${i + 1}`).join(',')},end`);
    expect(rows).toHaveLength(33);
    const end = rows.slice(1).map((l) => Number(l.split(',').at(-1)));
    expect(end.filter((p) => p === 1)).toHaveLength(14);
    expect(end.filter((p) => p === 0)).toHaveLength(18);
    const t = simcast(['season', '--season', '2023', '--weekly', '--sims', '300', '--seed', '2', '--quiet']);
    expect(t.stdout.split('\n')[1]).toMatch(/^Team\s+Division\s+W1\s+W2\s.*\sW18\s+End$/);
  });

  it('--persist stores the run; runs show prints it as the live command did', () => {
    const d = ['--data-dir', embeddedDataDir()];
    const live = simcast(['season', '--season', '2024', '--week', '17', '--sims', '3000', '--seed', '4', '--persist', '--quiet', ...d], EMBEDDED);
    expect(live.code, live.stderr).toBe(0);
    expect(live.stderr).toMatch(/^run 1 stored in pglite /m);
    const shown = simcast(['runs', 'show', '1', ...d], EMBEDDED);
    expect(shown.code, shown.stderr).toBe(0);
    // Title and table identical; the live footer adds threads and time.
    const body = (s: string) => s.slice(s.indexOf('2024 NFL season')).split('\n').slice(0, 35);
    expect(body(shown.stdout)).toEqual(body(live.stdout));
    expect(body(live.stdout)[0]).toBe('2024 NFL season before week 17 (games to 2024-12-24): 240 games played, 32 left; % chances');
    const json = JSON.parse(simcast(['runs', 'show', '1', '--json', ...d], EMBEDDED).stdout);
    expect(json).toMatchObject({ kind: 'season', status: 'complete', sims: 3000, seed: '4', results: { playoffs: { season: 2024, seeds: 7 } } });
  });

  it('bad input: one line, exit 2', () => {
    expectOneLineError(simcast(['season', '--season', '2024', '--week', '20']), /^simcast: OPTION_INVALID: --week must be from 1 to 19 for season 2024/);
    expectOneLineError(simcast(['season', '--season', '1850']), /^simcast: OPTION_INVALID: --season/);
    expectOneLineError(simcast(['season', '--league', 'nba']), /^simcast: OPTION_INVALID: --league must be nfl/);
    expectOneLineError(simcast(['season', '--weekly', '--week', '3']), /--weekly replays every week/);
    expectOneLineError(simcast(['season', '--as-of', '2024-13-45']), /must be a day YYYY-MM-DD/);
    expectOneLineError(simcast(['season', '--games', 'no-such-file.csv']), /no-such-file\.csv/);
    expectOneLineError(
      simcast(['season', '--season', '2024', '--week', '1', '--sims', '100000000']),
      /^simcast: LIMIT_EXCEEDED: (options\.sims|--sims): 100,000,000 simulations of 272 games left and the playoffs are 28,500,000,000 simulated games; at most 20,000,000,000/,
    );
  });

  it('Ctrl-C stops a persisted run: exit 130, nothing on stdout, the run not complete and without results', async () => {
    const dataDir = embeddedDataDir();
    const child = spawn(
      process.execPath,
      [CLI, 'season', '--season', '2024', '--week', '1', '--sims', '20000000', '--seed', '1', '--persist', '--data-dir', dataDir],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...EMBEDDED, SIMCAST_PROGRESS_MS: '0' } },
    );
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    const started = new Promise<void>((resolve) =>
      child.stderr!.on('data', (d: Buffer) => {
        err += d.toString();
        if (/^simulations: /m.test(err)) resolve();
      }),
    );
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    await started;
    child.kill('SIGINT');
    const [code, signal] = await exited;
    expect(signal).toBeNull();
    expect(code).toBe(130);
    expect(err).toMatch(/simcast: CANCELLED: run 1 cancelled; finish it with --resume 1\n$/);
    expect(err).not.toMatch(/^\s*at /m);
    expect(out).toBe('');
    const runs = JSON.parse(simcast(['runs', 'list', '--json', '--data-dir', dataDir], EMBEDDED).stdout) as { id: number; status: string }[];
    expect(runs).toHaveLength(1);
    expect(runs[0].status).toBe('cancelled');
    const shown = JSON.parse(simcast(['runs', 'show', String(runs[0].id), '--json', '--data-dir', dataDir], EMBEDDED).stdout);
    expect(shown.results).toBeNull();
  });
});
