import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './helpers/temp.js';
import { describe, expect, it } from 'vitest';
import { simcast } from './helpers/cli.js';

const dir = tempDir('simcast-cli-');

describe('simcast tournament', () => {
  it('explains itself with --help', () => {
    const top = simcast(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toContain('tournament');
    const r = simcast(['tournament', '--help']);
    expect(r.code).toBe(0);
    for (const opt of ['--field', '--format', '--semis', '--results', '--exact', '--sims', '--seed', '--threads', '--hot', '--json', '--csv']) {
      expect(r.stdout).toContain(opt);
    }
  });

  it('prints the documented JSON: same numbers for the same seed on 1 and 2 threads', () => {
    const a = simcast(['tournament', '--field', 'examples/ncaa-2016.json', '--sims', '50000', '--seed', '7', '--threads', '1', '--json']);
    const b = simcast(['tournament', '--field', 'examples/ncaa-2016.json', '--sims', '50000', '--seed', '7', '--threads', '2', '--json']);
    expect(a.code).toBe(0);
    const ja = JSON.parse(a.stdout);
    const jb = JSON.parse(b.stdout);
    expect(ja).toMatchObject({ sims: 50000, seed: 7, threads: 1, streamScheme: 'xoshiro128ss+arc4seed/block4096/v1' });
    expect(typeof ja.elapsedMs).toBe('number');
    expect(typeof ja.simsPerSecond).toBe('number');
    expect(ja.teams).toHaveLength(68);
    expect(Object.keys(ja.teams[0])).toEqual(expect.arrayContaining(['name', 'seed', 'region', 'rating', 'probabilities']));
    expect(ja.teams[0].probabilities).toHaveLength(7);
    expect(jb.teams).toEqual(ja.teams);
    // Sorted by title odds.
    const titles = ja.teams.map((t: { probabilities: number[] }) => t.probabilities[6]);
    expect(titles).toEqual([...titles].sort((x: number, y: number) => y - x));
  });

  it('reads FiveThirtyEight CSV and prints a table or CSV; exact needs no seed', () => {
    const t = simcast(['tournament', '--field', 'test/fixtures/ncaa-mens-2016-538.csv', '--format', '538', '--semis', 'South-West,East-Midwest', '--exact']);
    expect(t.code).toBe(0);
    expect(t.stdout.split('\n')[3]).toMatch(/^Kansas\s+1\s+South\s+94\.46/);
    const c = simcast(['tournament', '--field', 'examples/ncaa-2016.json', '--exact', '--csv']);
    expect(c.stdout.split('\n')[0]).toBe('team,seed,region,rating,rd1_win,rd2_win,rd3_win,rd4_win,rd5_win,rd6_win,rd7_win,expected_wins');
    expect(c.stdout.trim().split('\n')).toHaveLength(69);
  });

  it('conditions on --results', () => {
    const results = join(dir, 'played.csv');
    writeFileSync(results, 'winner,loser\nAustin Peay,Kansas\n');
    const r = simcast(['tournament', '--field', 'examples/ncaa-2016.json', '--exact', '--json', '--results', results]);
    const kansas = JSON.parse(r.stdout).teams.find((t: { name: string }) => t.name === 'Kansas');
    expect(kansas.probabilities[1]).toBe(0);
  });

  it('bad input: exit code 2 and one line naming file, line and field; no stack trace', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{\n  "teams": [\n    { "name": "A", "rating": 1 },\n    { "name": "B", "rating": "x" }\n  ],\n  "slots": ["A", "B"]\n}\n');
    const cases: [string[], RegExp][] = [
      [['tournament', '--field', bad], /^simcast: RATING_INVALID: .*bad\.json:4: teams\[1\]\.rating: rating must be a number \(got "x"\)\n$/],
      [['tournament', '--field', 'nope.json'], /^simcast: FILE_UNREADABLE: cannot read nope\.json: no such file\n$/],
      [['tournament'], /^simcast: OPTION_INVALID: --field is required \(try --help\)\n$/],
      [
        ['tournament', '--field', 'examples/ncaa-2016.json', '--sims', '0'],
        /^simcast: OPTION_INVALID: --sims must be a whole number of at least 1 \(got '0'\)\n$/,
      ],
      [
        ['tournament', '--field', 'examples/ncaa-2016.json', '--sims', '-5'],
        /^simcast: OPTION_INVALID: --sims must be a whole number of at least 1 \(got '-5'\)\n$/,
      ],
      [
        ['tournament', '--field', 'examples/ncaa-2016.json', '--sims', '1e12', '--threads', '2'],
        /^simcast: OPTION_INVALID: --sims 1,000,000,000,000 would take about [\d.]+ hours on 2 threads here; add --yes to run it anyway, or ask for fewer\n$/,
      ],
      [
        ['tournament', '--field', 'examples/ncaa-2016.json', '--threads', 'many'],
        /^simcast: OPTION_INVALID: --threads must be a whole number from 1 to 256 \(got 'many'\)\n$/,
      ],
      [['tournament', '--field', 'examples/ncaa-2016.json', '--exact', '--hot', '2'], /^simcast: OPTION_INVALID: --hot cannot be used with --exact/],
      [
        ['tournament', '--field', 'examples/ncaa-2016.json', '--model', 'magic'],
        /^simcast: OPTION_INVALID: --model must be one of 538, elo, normal \(got 'magic'\)\n$/,
      ],
      [
        ['tournament', '--field', 'test/fixtures/ncaa-mens-2016-538.csv', '--format', '538'],
        /^simcast: FIELD_INVALID: .*ncaa-mens-2016-538\.csv: --semis: the semifinal pairing/,
      ],
      [['tournament', '--bogus'], /^simcast: OPTION_INVALID: Unknown option '--bogus'/],
      [['nosuchcommand'], /^simcast: unknown command 'nosuchcommand'/],
    ];
    for (const [args, pattern] of cases) {
      const r = simcast(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(pattern);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stdout).toBe('');
    }
  });
});
