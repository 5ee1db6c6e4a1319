// `simcast pool optimize|evaluate`, `simcast run examples/job-pool.json` and `tournament --importance`
// through the built CLI on the 2016 field and ESPN's 2016 picks (small runs: a block or two).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, ROOT, simcast } from './helpers/cli.js';
import { embeddedDataDir, tempDir } from './helpers/temp.js';

const EMBEDDED = { DATABASE_URL: '' };
const INPUTS = [
  '--field',
  'examples/ncaa-2016.json',
  '--results',
  'examples/data/ncaa-mens-2016-first-four.csv',
  '--picks',
  'examples/data/ncaa-mens-2016-espn-picks.csv',
];
const quiet = (stderr: string) => stderr.replace(/^tournaments: .*\n/gm, '');

describe('simcast pool', { timeout: 300_000 }, () => {
  it('explains itself with --help and is listed in the main help', () => {
    expect(simcast(['--help']).stdout).toMatch(/^\s+pool\s/m);
    const r = simcast(['pool', '--help']);
    expect(r.code).toBe(0);
    for (const opt of [
      'optimize',
      'evaluate',
      '--field',
      '--picks',
      '--aliases',
      '--pool-size',
      '--payouts',
      '--scoring',
      '--sims',
      '--seed',
      '--json',
      '--csv',
      '--persist',
    ])
      expect(r.stdout).toContain(opt);
    expect(simcast(['tournament', '--help']).stdout).toContain('--importance');
  });

  it('optimize: text, JSON and CSV; the same bracket for the same seed', () => {
    const args = ['pool', 'optimize', ...INPUTS, '--pool-size', '100', '--sims', '4096', '--seed', '7'];
    const t = simcast(args);
    expect(t.code, t.stderr).toBe(0);
    expect(t.stdout).toContain('Best entry for a pool of 100 other entries');
    expect(t.stdout).toContain('Games that matter most');
    const j = simcast([...args, '--json', '--quiet']);
    expect(j.code, j.stderr).toBe(0);
    const r = JSON.parse(j.stdout);
    expect(r).toMatchObject({ sims: 4096, seed: 7, holdout: { sims: 4096, seed: '7|pool-holdout' }, pool: { opponents: 100, payouts: [1] } });
    expect(Object.keys(r.bracket)).toHaveLength(64);
    expect(Object.values(r.bracket as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(63);
    // Never below chalk by the hold-out's estimate.
    expect(r.expectedPrize).toBeGreaterThanOrEqual(r.chalk.expectedPrize);
    expect(r.importance.length).toBeGreaterThan(0);
    const c = simcast([...args, '--csv', '--quiet']);
    const lines = c.stdout.trim().split('\n');
    expect(lines[0]).toBe('team,wins,chalk_wins');
    expect(lines).toHaveLength(65);
    const again = JSON.parse(simcast([...args, '--json', '--quiet']).stdout);
    expect(again.bracket).toEqual(r.bracket);
    expect(again.winProbability).toBe(r.winProbability);
  });

  it("optimize against a real pool's entries (--opponent-entries)", () => {
    const dir = tempDir('simcast-pool-');
    const entry = JSON.parse(readFileSync(join(ROOT, 'examples', 'pool-entry-2016.json'), 'utf8')).bracket;
    const opps = join(dir, 'opponents.json');
    writeFileSync(opps, JSON.stringify([entry, { bracket: entry }]));
    const r = simcast(['pool', 'optimize', ...INPUTS, '--opponent-entries', opps, '--sims', '2048', '--seed', '1', '--json', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).pool).toMatchObject({ opponents: 2, model: 'explicit' });
  });

  it('evaluate: the example entry against chalk, with percentiles and importance', () => {
    const r = simcast([
      'pool',
      'evaluate',
      '--entry',
      'examples/pool-entry-2016.json',
      ...INPUTS,
      '--pool-size',
      '1000',
      '--sims',
      '4096',
      '--seed',
      '1',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const e = JSON.parse(r.stdout);
    expect(e.entry.champion).toBe('North Carolina');
    expect(e.chalk.champion).toBe('Kansas');
    expect(e.winRatio.value).toBeGreaterThan(1);
    expect(e.entry.percentiles.map((p: { p: number }) => p.p)).toEqual([1, 5, 10, 25, 50, 75, 90, 95, 99]);
    const csv = simcast([
      'pool',
      'evaluate',
      '--entry',
      'examples/pool-entry-2016.json',
      ...INPUTS,
      '--pool-size',
      '1000',
      '--sims',
      '4096',
      '--seed',
      '1',
      '--csv',
    ]);
    expect(csv.stdout.split('\n')[0]).toMatch(/^entry,champion,win_probability,win_probability_se,expected_prize,expected_score,p1,/);
  });

  it('bad input: exit 2, one line naming file, line and field', () => {
    const dir = tempDir('simcast-pool-');
    const picks = join(dir, 'picks.csv');
    writeFileSync(picks, 'name,round1,round2,round3,round4,round5,round6\nKansass,1,1,1,1,1,1\n');
    const opps = join(dir, 'opponents.json');
    writeFileSync(opps, '[{ "Kansas": 7 }]');
    const checks: [string[], RegExp][] = [
      [['pool', 'optimize', ...INPUTS, '--opponent-entries', opps], /^simcast: POOL_INVALID: opponent entry 1 gives 'Kansas' 7 wins/],
      [
        ['pool', 'optimize', ...INPUTS.slice(0, 4), '--picks', picks, '--pool-size', '10'],
        /^simcast: TEAM_UNKNOWN: .*picks\.csv:2: name: unknown team 'Kansass'/,
      ],
      [
        ['pool', 'optimize', '--field', 'examples/ncaa-2016.json', '--picks', 'examples/data/ncaa-mens-2016-espn-picks.csv', '--pool-size', '10'],
        /^simcast: POOL_INVALID: .*not decided/,
      ],
      [['pool', 'optimize', ...INPUTS, '--pool-size', '0'], /^simcast: OPTION_INVALID: (options\.|--)pool-size/],
      [['pool', 'optimize', ...INPUTS], /^simcast: OPTION_INVALID: (options\.|--)pool-size is required/],
      [['pool', 'evaluate', ...INPUTS, '--pool-size', '10'], /^simcast: OPTION_INVALID: (options\.|--)entry is required/],
      [
        ['pool', 'evaluate', '--entry', 'examples/ncaa-2016.json', ...INPUTS, '--pool-size', '10'],
        /^simcast: TEAM_UNKNOWN: the entry names unknown team 'name'/,
      ],
      [['pool', 'optimize', ...INPUTS, '--pool-size', '10', '--lock', 'Kansass:6'], /^simcast: TEAM_UNKNOWN: lock names 'Kansass'/],
      [['pool', 'optimize', ...INPUTS, '--pool-size', '10', '--payouts', '70,x'], /^simcast: POOL_INVALID: payouts must be/],
      [['pool', 'tune'], /^simcast: OPTION_INVALID: unknown subcommand 'tune'/],
    ];
    for (const [args, want] of checks) {
      const r = simcast(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr, args.join(' ')).toMatch(want);
      expect(r.stdout).toBe('');
    }
  });

  it('Ctrl-C stops an optimisation: exit 130, nothing on stdout', async () => {
    const child = spawn(process.execPath, [CLI, 'pool', 'optimize', ...INPUTS, '--pool-size', '100', '--sims', '2000000', '--seed', '1'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SIMCAST_PROGRESS_MS: '0' },
    });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    await new Promise<void>((resolve) => child.stderr!.once('data', () => resolve()));
    child.kill('SIGINT');
    const [code, signal] = await exited;
    expect(signal).toBeNull();
    expect(code, err).toBe(130);
    expect(quiet(err)).toMatch(/^simcast: CANCELLED: .*\n$/);
    expect(out).toBe('');
  });

  it('--persist stores a pool run; simcast run examples/job-pool.json runs the job on the embedded database', () => {
    const d = embeddedDataDir();
    const p = simcast(['pool', 'optimize', ...INPUTS, '--pool-size', '30', '--sims', '4096', '--seed', '3', '--persist', '--json', '--data-dir', d], EMBEDDED);
    expect(p.code, p.stderr).toBe(0);
    expect(p.stderr).toMatch(/run 1 stored in .*: 8,192 entry score rows by COPY/);
    expect(JSON.parse(p.stdout)).toMatchObject({ runId: 1, mode: 'optimize', sims: 4096, seed: 3 });
    const shown = simcast(['runs', 'show', '1', '--data-dir', d], EMBEDDED);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain('pool');
    const r = simcast(['run', 'examples/job-pool.json', '--data-dir', d, '--json'], EMBEDDED);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('"kind": "pool"');
    const t = simcast(['run', 'examples/job-pool.json', '--data-dir', d], EMBEDDED);
    expect(t.code, t.stderr).toBe(0);
    expect(t.stdout).toMatch(/chalk\s+Kansas/);
  });
});

describe('simcast tournament --importance', { timeout: 300_000 }, () => {
  it('lists the games that matter for a team, as JSON and CSV', () => {
    const j = simcast([
      'tournament',
      '--field',
      'examples/ncaa-2016.json',
      '--importance',
      '--team',
      'Kansas',
      '--sims',
      '20000',
      '--seed',
      '2',
      '--json',
      '--quiet',
    ]);
    expect(j.code, j.stderr).toBe(0);
    const r = JSON.parse(j.stdout);
    expect(r.importance).toMatchObject({ team: 'Kansas', sims: 20000 });
    expect(r.importance.games.length).toBe(67);
    // P(X) = p P(X | A) + (1 - p) P(X | B) on every game.
    const kansas = r.teams.find((t: { name: string }) => t.name === 'Kansas').probabilities.at(-1);
    for (const g of r.importance.games) if (g.givenA !== null && g.givenB !== null) expect(g.pA * g.givenA + (1 - g.pA) * g.givenB).toBeCloseTo(kansas, 9);
    const c = simcast(['tournament', '--field', 'examples/ncaa-2016.json', '--importance', '--sims', '10000', '--seed', '2', '--csv', '--quiet']);
    expect(c.stdout.split('\n')[0]).toBe('game,round,side_a,side_b,p_a,team,p_title_given_a,p_title_given_b,swing,importance');
    const bad = simcast(['tournament', '--field', 'examples/ncaa-2016.json', '--importance', '--exact']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('OPTION_INVALID');
  });
});
