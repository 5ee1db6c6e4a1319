// simcast tournament --sites --locations: the built CLI (exit codes, one-line errors) and a stored run.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simcast } from './helpers/cli.js';
import { embeddedDataDir, tempDir } from './helpers/temp.js';

describe('simcast tournament --sites --locations', () => {
  const dir = tempDir('simcast-travel-');
  const ARGS = ['tournament', '--field', 'examples/ncaa-2016.json', '--exact', '--json'];
  const S = ['--sites', 'examples/ncaa-2016-sites.csv', '--locations', 'examples/ncaa-2016-locations.csv'];

  it('prints travel-adjusted odds, with k in the footer; --travel-k 0 is the fixed-ratings answer', () => {
    const t = simcast([...ARGS.slice(0, 4), '--exact', ...S]);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/exact \(538, travel k=0\.3611\)/);
    const plain = JSON.parse(simcast(ARGS).stdout);
    const zero = JSON.parse(simcast([...ARGS, ...S, '--travel-k', '0']).stdout);
    expect(zero.travelK).toBe(0);
    expect(zero.teams.map((x: { probabilities: number[] }) => x.probabilities)).toEqual(plain.teams.map((x: { probabilities: number[] }) => x.probabilities));
    const hot = simcast(['tournament', '--field', 'examples/ncaa-2016.json', '--hot', '2', '--sims', '5000', '--seed', '1', '--quiet', '--json', ...S]);
    expect(hot.code).toBe(0);
    expect(JSON.parse(hot.stdout)).toMatchObject({ hot: 2, travelK: 11 / 30.464 });
  });

  it('bad files and options: exit 2, one line naming file, line and field', () => {
    const sites = join(dir, 'sites.csv');
    writeFileSync(sites, 'region,games,city,lat,lon\nSouth,pod-1,Des Moines,41.5868,-93.6250\nSouth,pod-9,Nowhere,1,1\n');
    const locations = join(dir, 'locations.csv');
    writeFileSync(locations, 'team,lat,lon\nKansas,38.97,west\n');
    const cases: [string[], RegExp][] = [
      [
        ['--sites', sites, '--locations', 'examples/ncaa-2016-locations.csv'],
        /^simcast: TRAVEL_INVALID: .*sites\.csv:3: games: no game of the field is South pod-9 \(South has: playin, pod-1, pod-4, pod-3, pod-2, regional\)\n$/,
      ],
      [
        ['--sites', 'examples/ncaa-2016-sites.csv', '--locations', locations],
        /^simcast: TRAVEL_INVALID: .*locations\.csv:2: lon: longitude must be a number of degrees from -180 to 180 \(got "west"\)\n$/,
      ],
      [['--sites', 'examples/ncaa-2016-sites.csv'], /^simcast: OPTION_INVALID: --sites needs --locations/],
      [['--travel-k', '1'], /^simcast: OPTION_INVALID: --travel-k needs --sites and --locations\n$/],
    ];
    for (const [extra, want] of cases) {
      const r = simcast([...ARGS, ...extra]);
      expect(r.code, extra.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(want);
    }
    writeFileSync(locations, 'team,lat,lon\nKansas,38.97,-95.23\n');
    const missing = simcast([...ARGS, '--sites', 'examples/ncaa-2016-sites.csv', '--locations', locations]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^simcast: TRAVEL_INVALID: .*locations\.csv: team: team 'North Carolina' of the field has no location \(and 66 more: /);
  });

  it('--persist keeps the travel inputs with the run: the same numbers as a run not stored; runs show counts them', () => {
    const dataDir = embeddedDataDir();
    const args = ['tournament', '--field', 'examples/ncaa-2016.json', '--sims', '20000', '--seed', '5', '--json', '--quiet'];
    const S = ['--sites', 'examples/ncaa-2016-sites.csv', '--locations', 'examples/ncaa-2016-locations.csv'];
    const stored = simcast([...args, ...S, '--persist', 'aggregates', '--data-dir', dataDir]);
    expect(stored.code, stored.stderr).toBe(0);
    const now = JSON.parse(simcast([...args, ...S]).stdout);
    const kept = JSON.parse(stored.stdout);
    expect(kept.travelK).toBe(now.travelK);
    expect(kept.teams.map((t: { probabilities: number[] }) => t.probabilities)).toEqual(now.teams.map((t: { probabilities: number[] }) => t.probabilities));
    const shown = simcast(['runs', 'show', String(kept.runId), '--data-dir', dataDir]);
    expect(shown.stdout).toContain('"travel":{"sites":22,"locations":68}');
  });
});
