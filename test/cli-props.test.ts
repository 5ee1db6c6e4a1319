// The built CLI for props: ingest of the four feeds (rejected rows by file and line, a second import
// changing nothing), a prop and a slip priced from what was stored (table, --json, --csv), and bad
// input stopping with one line and exit 2. Embedded PGlite in a fresh --data-dir.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simcast } from './helpers/cli.js';
import { embeddedDataDir, tempDir } from './helpers/temp.js';

const EMBEDDED = { DATABASE_URL: '' };
const F = 'test/fixtures/props';

function expectOneLineError(r: ReturnType<typeof simcast>, pattern: RegExp) {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stdout).toBe('');
}

describe('simcast ingest / props price / slips price', { timeout: 300_000 }, () => {
  const dir = embeddedDataDir();
  const run = (...args: string[]) => simcast([...args, '--data-dir', dir], EMBEDDED);

  it('ingests the feeds; a second import changes nothing; a rejected row is named by file and line', () => {
    const w = run('ingest', 'player-stats', `${F}/nfl-player-weekly.csv`);
    expect(w.code, w.stderr).toBe(0);
    expect(w.stdout).toMatch(/375 rows, 375 valid \(nfl player-stats, nflverse-weekly\): 375 inserted, 0 updated, 0 unchanged/);
    expect(run('ingest', 'schedules', `${F}/nfl-schedules.csv`).code).toBe(0);
    expect(run('ingest', 'player-stats', '--format', 'nba-gamelog', `${F}/nba-player-games.csv`).code).toBe(0);
    const p = run('ingest', 'props', `${F}/nba-threes-lines.csv`, '--json');
    expect(p.code, p.stderr).toBe(0);
    const report = JSON.parse(p.stdout);
    expect(report).toMatchObject({ rows: 251, valid: 250, inserted: 250, rejected: [{ line: 252, scope: 'row' }] });
    const again = run('ingest', 'props', `${F}/nba-threes-lines.csv`);
    expect(again.stdout).toMatch(/0 inserted, 0 updated, 250 unchanged/);
    expect(again.stdout).toContain(`${F}/nba-threes-lines.csv:252: row rejected: over_odds '' is not American odds`);
  });

  it('prices a prop: table, --csv, --json; bad legs exit 2 with one line', () => {
    const args = ['props', 'price', '--league', 'nfl', '--game', '2022_06_BUF_KC', '--player', 'Patrick Mahomes', '--stat', 'passing_yards', '--line', '274.5'];
    const t = run(...args, '--over-odds', '-115', '--under-odds', '-105');
    expect(t.code, t.stderr).toBe(0);
    expect(t.stdout).toMatch(/Patrick Mahomes \(KC QB1\)\s+passing_yards\s+over\s+274\.5/);
    expect(t.stdout).toMatch(/^market: P\(over\) 0\.\d{4} without the margin/m);
    const csv = run(...args, '--csv')
      .stdout.trim()
      .split('\n');
    expect(csv[0]).toBe('player,player_id,game,date,stat,side,line,mean,p_over,p_push,p_under,p_hit,fair_american,market_p_over,ev_over,ev_under');
    const j = JSON.parse(run(...args, '--json').stdout);
    expect(Number(csv[1].split(',')[8])).toBe(j.pOver);
    expect(j.pOver + j.pPush + j.pUnder).toBeCloseTo(1, 12);
    expectOneLineError(
      run('props', 'price', '--league', 'nfl', '--game', '2022_06_BUF_KC', '--player', 'Pat Mahomes', '--stat', 'passing_yards', '--line', '1.5'),
      /PLAYER_UNKNOWN: .*'Pat Mahomes'/,
    );
    expectOneLineError(
      run('props', 'price', '--league', 'nfl', '--game', '2022_06_BUF_KC', '--player', 'Patrick Mahomes', '--stat', 'tackles', '--line', '1.5'),
      /LEG_INVALID: stat 'tackles' has no model/,
    );
    expectOneLineError(
      run('props', 'price', '--league', 'nfl', '--game', '2022_06_BUF_KC', '--player', 'Patrick Mahomes', '--stat', 'passing_yards', '--line', 'lots'),
      /OPTION_INVALID: .*line/,
    );
  });

  it('props backtest: an experiment over the stored prices, --csv one row per price', () => {
    const t = run('props', 'backtest', '--league', 'nba', '--stat', 'threes', '--risk-mode', 'aggressive');
    expect(t.code, t.stderr).toBe(0);
    expect(t.stdout).toMatch(/^all rows: 204 rows/m);
    expect(t.stdout).toMatch(/^blend\s+0\.\d{4}\s+0\.\d{4}$/m);
    expect(t.stdout).toMatch(/^staking \(aggressive, bankroll 1\)/m);
    expect(t.stdout).toMatch(/^stored as experiment \d+;/m);
    const csv = run('props', 'backtest', '--league', 'nba', '--stat', 'threes', '--csv').stdout.trim().split('\n');
    expect(csv[0]).toBe('date,player,bookmaker,line,over_odds,under_odds,p_over_market,p_over_model,p_over_blend,threes');
    expect(csv).toHaveLength(205);
    expectOneLineError(run('props', 'backtest', '--league', 'nfl', '--stat', 'threes'), /OPTION_INVALID: .*nba threes/);
  });

  it('prices a slip: the same figures as --json and --csv, the same answer twice; bad slips exit 2', () => {
    const text = run('slips', 'price', 'examples/slip-nfl.json');
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^P\(every leg hits\) 0\.\d{4}/m);
    const j = JSON.parse(run('slips', 'price', 'examples/slip-nfl.json', '--json').stdout);
    const j2 = JSON.parse(run('slips', 'price', 'examples/slip-nfl.json', '--json').stdout);
    expect(j2).toEqual(j);
    expect(j.slip.legs).toBe(4);
    const csv = run('slips', 'price', 'examples/slip-nfl.json', '--csv').stdout.trim().split('\n');
    expect(csv[0].split(',').slice(0, 3)).toEqual(['legs', 'p_joint', 'se_joint']);
    expect(Number(csv[1].split(',')[1])).toBe(j.slip.pJoint);
    // a portfolio: the shared leg (Allen's yards) is one leg; one joint law; simultaneous Kelly
    const pf = JSON.parse(run('slips', 'price', 'examples/slips-portfolio.json', '--json').stdout);
    expect(pf.legs).toHaveLength(4);
    expect(pf.slipLegs).toEqual([
      [0, 1],
      [2, 3],
      [0, 3],
    ]);
    expect(pf.portfolio.kelly.fractions).toHaveLength(3);
    expect(pf.portfolio.covariance).toHaveLength(9);
    expect(run('slips', 'price', 'examples/slips-portfolio.json', '--csv').stdout.trim().split('\n')).toHaveLength(4);
    const tmp = tempDir();
    const twoLeagues = join(tmp, 'two-leagues.json');
    writeFileSync(
      twoLeagues,
      JSON.stringify({ league: 'nfl', legs: [{ league: 'nba', player: 'Jalen Brunson', stat: 'threes', line: 2.5 }], payout: { kind: 'decimal', odds: 2 } }),
    );
    expectOneLineError(run('slips', 'price', twoLeagues), /SLIP_INVALID: .*two-leagues\.json: legs\[0\]\.league/);
    const broken = join(tmp, 'broken.json');
    writeFileSync(broken, '{ "league": ');
    expectOneLineError(run('slips', 'price', broken), /SLIP_INVALID: .*broken\.json: not JSON/);
  });
});
