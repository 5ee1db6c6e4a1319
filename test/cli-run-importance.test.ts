// `simcast run JOB --importance` (the built CLI, embedded database): a season job's remaining games ranked
// by their playoff swing, in the JSON (beside the results it is read from) and as a table, for the league
// and for one team (where P(X) = p·P(X | home) + (1 - p)·P(X | away) holds); what it refuses (exit 2, one line).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seasonImportance, type SeasonImportanceRow } from '../app/seasons/importance.js';
import type { SeasonReport } from '../engine/season/report.js';
import { ROOT, simcast } from './helpers/cli.js';
import { embeddedDataDir, tempDir } from './helpers/temp.js';

const EMBEDDED = { DATABASE_URL: '' };
const tmp = tempDir('simcast-run-importance-');
const job = join(tmp, 'job-season-december.json');
writeFileSync(job, JSON.stringify({ kind: 'season', sims: 4000, seed: 3, season: { league: 'nfl', fromGames: { season: 2024, asOf: '2024-12-20' } } }));
const miniJob = join(tmp, 'job-season-mini.json');
writeFileSync(miniJob, JSON.stringify({ kind: 'season', sims: 100, seed: 1, season: { league: 'mini', homeAdvantage: 0, teams: [], remaining: [] } }));

function expectOneLineError(r: ReturnType<typeof simcast>, pattern: RegExp) {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stdout).toBe('');
}

type Row = SeasonImportanceRow;

describe('simcast run --importance', { timeout: 300_000 }, () => {
  it('--help explains it', () => {
    const r = simcast(['run', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {2}--importance\s+season jobs with playoffs/m);
    expect(r.stdout).toMatch(/^ {2}--team ID\s+with --importance/m);
  });

  let results: SeasonReport;
  it('--json: every game with the team it moves most, most important first, read from the run’s own results', () => {
    const r = simcast(['run', job, '--importance', '--json', '--quiet', '--data-dir', embeddedDataDir()], EMBEDDED);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as {
      kind: string;
      status: string;
      results: SeasonReport;
      importance: { team: null; outcome: string; sims: number; games: Row[] };
    };
    expect(j).toMatchObject({ kind: 'season', status: 'complete', importance: { team: null, outcome: 'playoffs', sims: 4000 } });
    results = j.results;
    const games = results.games!;
    expect(games.length).toBeGreaterThan(30);
    const imp = j.importance.games;
    // One row per game that moves anyone, each the game's largest importance.
    expect(imp.length).toBe(games.filter((g) => g.teams.length > 0).length);
    for (const row of imp) {
      const g = games[row.game];
      expect([row.home, row.away, row.pHome]).toEqual([g.home, g.away, g.pHome]);
      const top = Math.max(...g.teams.map((t) => t.importance));
      expect(row.importance).toBe(top);
      const t = g.teams.find((x) => x.id === row.team)!;
      expect(t.importance).toBe(top);
      expect(row.swing).toBe(t.swing);
      expect(row.importance).toBeCloseTo(2 * g.pHome * (1 - g.pHome) * row.swing, 12);
    }
    for (let k = 1; k < imp.length; k++) expect(imp[k - 1].importance).toBeGreaterThanOrEqual(imp[k].importance);
    expect(imp[0].importance).toBeGreaterThan(0.05);
  });

  it('--team: the table of that team’s games, equal to the ranking of the same seed’s results; the identity holds', () => {
    const contender = [...results.teams].sort((a, b) => Math.abs(0.5 - a.playoffs!) - Math.abs(0.5 - b.playoffs!))[0];
    const r = simcast(['run', job, '--importance', '--team', contender.id, '--quiet', '--data-dir', embeddedDataDir()], EMBEDDED);
    expect(r.code, r.stderr).toBe(0);
    const want = seasonImportance(results, contender.id);
    expect(want.games).toHaveLength(results.games!.length);
    for (const g of want.games) {
      const p = g.pHome;
      expect(p * g.ifHome! + (1 - p) * g.ifAway!, `${g.home}-${g.away}`).toBeCloseTo(contender.playoffs!, 12);
    }
    const lines = r.stdout.split('\n');
    const head = lines.findIndex((l) => l.startsWith(`Games that matter most for ${contender.id}'s playoff chances (`));
    expect(head, r.stdout).toBeGreaterThan(0);
    expect(lines[head + 1]).toMatch(/^Home\s+Away\s+P\(home\)\s+Team\s+P\(playoffs \| home\)\s+P\(playoffs \| away\)\s+Swing\s+Importance$/);
    const pct = (x: number | null) => `${(100 * x!).toFixed(2)}%`;
    const first = want.games[0];
    expect(lines[head + 3].split(/\s+/)).toEqual([
      first.home,
      first.away,
      pct(first.pHome),
      contender.id,
      pct(first.ifHome),
      pct(first.ifAway),
      pct(first.swing),
      pct(first.importance),
    ]);
    // The first 15 games.
    expect(lines.slice(head + 3).filter((l) => l.trim() !== '')).toHaveLength(15);
  });

  it('refuses what it cannot answer before running anything: exit 2, one line', () => {
    const d = ['--data-dir', join(tmp, 'never-made')];
    expectOneLineError(
      simcast(['run', join(ROOT, 'examples/job-tournament.json'), '--importance', ...d], EMBEDDED),
      /^simcast: OPTION_INVALID: .*job-tournament\.json is a tournament job/,
    );
    expectOneLineError(
      simcast(['run', miniJob, '--importance', ...d], EMBEDDED),
      /^simcast: OPTION_INVALID: --importance needs a season with playoffs: .*job-season-mini\.json/,
    );
    expectOneLineError(simcast(['run', job, '--team', 'SEA', ...d], EMBEDDED), /^simcast: OPTION_INVALID: --team needs --importance\n$/);
    expectOneLineError(simcast(['run', job, '--importance', '--no-work', ...d], EMBEDDED), /^simcast: OPTION_INVALID: --importance prints the finished run/);
    expectOneLineError(
      simcast(['run', job, '--importance', '--team', 'XYZ', ...d], EMBEDDED),
      /^simcast: TEAM_UNKNOWN: --team names 'XYZ', which is not a team of .*job-season-december\.json \(/,
    );
  });
});
