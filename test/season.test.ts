import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadGames } from '../app/inputs/games-file.js';
import { nflTeams } from '../engine/games/nfl-teams.js';
import { eloConfig, replayElo } from '../engine/models/elo.js';
import { seasonFromGames } from '../engine/season/from-games.js';
import { createJobRun } from '../app/jobs/execute.js';
import { parseJobSpec } from '../app/jobs/parse.js';
import { runLocally } from '../app/jobs/local-queue.js';
import { embeddedDb } from './helpers/databases.js';
import { getRun } from '../store/runs.js';
import { compileSeason, eloHomeProb, type SeasonSpec } from '../engine/season/season.js';
import { closePool } from '../workers/pool.js';
import { runSeasonPool } from '../workers/season-run.js';

afterAll(closePool);

const spec: SeasonSpec = {
  league: 'test',
  homeAdvantage: 65,
  teams: [
    { id: 'A', rating: 1600, division: 'North', conference: 'C1', wins: 2, losses: 0 },
    { id: 'B', rating: 1500, division: 'North', conference: 'C1', wins: 1, losses: 1 },
    { id: 'C', rating: 1450, division: 'North', conference: 'C1', wins: 1, losses: 1 },
    { id: 'D', rating: 1550, division: 'South', conference: 'C1', wins: 0, losses: 1, ties: 1 },
  ],
  remaining: [
    { home: 'A', away: 'B' },
    { home: 'C', away: 'A' },
    { home: 'B', away: 'C', neutral: true },
    { home: 'D', away: 'A' },
  ],
};

/** Enumerates all outcomes: P(team has w half-wins) and P(team finishes first in its division), ties split evenly. */
function exact(s: SeasonSpec) {
  const season = compileSeason(s);
  const T = season.teamCount;
  const G = season.gameCount;
  const halfWins = new Map<string, number>();
  const first = new Float64Array(T);
  for (let mask = 0; mask < 2 ** G; mask++) {
    let p = 1;
    const wins = Array.from(season.baseHalfWins);
    for (let g = 0; g < G; g++) {
      const ph = eloHomeProb(season.ratings[season.home[g]], season.ratings[season.away[g]], season.advantage[g]);
      const homeWins = ((mask >> g) & 1) === 0;
      p *= homeWins ? ph : 1 - ph;
      wins[homeWins ? season.home[g] : season.away[g]] += 2;
    }
    for (let t = 0; t < T; t++) halfWins.set(`${t}:${wins[t]}`, (halfWins.get(`${t}:${wins[t]}`) ?? 0) + p);
    const div = season.group[0];
    for (const members of season.members[0]) {
      const best = Math.max(...Array.from(members, (t) => wins[t]));
      const top = Array.from(members).filter((t) => wins[t] === best);
      for (const t of top) first[t] += p / top.length;
      void div;
    }
  }
  return { season, halfWins, first };
}

describe('season simulation', () => {
  it('matches exact enumeration of the remaining schedule (win totals and division winners)', async () => {
    const { season, halfWins, first } = exact(spec);
    const n = 200_000;
    const run = await runSeasonPool(season, { sims: n, seed: 12, threads: 2 });
    const W = season.maxHalfWins + 1;
    const T = season.teamCount;
    for (let t = 0; t < T; t++) {
      for (let w = 0; w < W; w++) {
        const p = halfWins.get(`${t}:${w}`) ?? 0;
        const k = run.halfWins[t * W + w];
        if (p === 0) expect(k).toBe(0);
        else expect(Math.abs(k / n - p)).toBeLessThanOrEqual(5 * Math.sqrt((p * (1 - p)) / n));
      }
      const p1 = first[t];
      expect(Math.abs(run.place[0][t * T] / n - p1)).toBeLessThanOrEqual(5 * Math.sqrt((p1 * (1 - p1)) / n) + 1e-12);
    }
    const a = run.report.teams.find((x) => x.id === 'A')!;
    expect(a.groups.division.name).toBe('North');
    expect(a.groups.division.place.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 12);
    expect(a.groups.league.place).toHaveLength(4);
    // D tied a game already: its half-wins are odd in every simulation.
    const d = run.report.teams.find((x) => x.id === 'D')!;
    d.halfWinsDistribution.forEach((p, w) => (w % 2 === 0 ? expect(p).toBe(0) : undefined));
  });

  it('is bit-identical on 1 and 2 threads; hot K = 0 equals fixed ratings', async () => {
    const season = compileSeason(spec);
    const one = await runSeasonPool(season, { sims: 50_000, seed: 'x', threads: 1 });
    const two = await runSeasonPool(season, { sims: 50_000, seed: 'x', threads: 2, blocksPerTask: 1 });
    const hot0 = await runSeasonPool(season, { sims: 50_000, seed: 'x', threads: 2, hotK: 0 });
    expect(Array.from(two.halfWins)).toEqual(Array.from(one.halfWins));
    expect(Array.from(two.place[2])).toEqual(Array.from(one.place[2]));
    expect(Array.from(hot0.halfWins)).toEqual(Array.from(one.halfWins));
    const hot = await runSeasonPool(season, { sims: 50_000, seed: 'x', threads: 2, hotK: 20 });
    expect(Array.from(hot.halfWins)).not.toEqual(Array.from(one.halfWins));
  });

  it('rejects unknown teams and bad records with clear messages', () => {
    expect(() => compileSeason({ ...spec, remaining: [{ home: 'A', away: 'Z' }] })).toThrow("remaining[0].away: unknown team 'Z'");
    expect(() => compileSeason({ ...spec, teams: [{ ...spec.teams[0], wins: -1 }, ...spec.teams.slice(1)] })).toThrow(
      'teams[0].wins: must be an integer from 0 to 200',
    );
  });
});

describe('a season from the games history (fromGames)', () => {
  const fixture = fileURLToPath(new URL('./fixtures/nfl-games-spreadspoke.csv', import.meta.url));

  it('takes current Elo, records, divisions and the remaining schedule of the 2024 NFL season as of a day', async () => {
    const { games } = await loadGames(fixture, 'spreadspoke');
    const t = nflTeams();
    const s = seasonFromGames(games, { league: 'nfl', season: 2024, asOf: '2024-11-01', division: t.division, conference: t.conference });
    expect(s.teams).toHaveLength(32);
    expect(s.homeAdvantage).toBe(65);
    // every team's 17 games: played ones in its record, the rest in the schedule
    for (const team of s.teams) {
      const left = s.remaining.filter((g) => g.home === team.id || g.away === team.id).length;
      expect(team.wins! + team.losses! + team.ties! + left, team.id).toBe(17);
    }
    const divisions = new Map<string, number>();
    for (const team of s.teams) divisions.set(team.division!, (divisions.get(team.division!) ?? 0) + 1);
    expect([...divisions.values()]).toEqual(Array(8).fill(4));
    // ratings are the replay's through the last game played by that day
    const played = games.filter((g) => g.homeScore !== null && g.date <= '2024-11-01');
    const elo = replayElo(played, eloConfig('nfl'));
    expect(s.teams.find((x) => x.id === 'KAN')!.rating).toBe(elo.ratings.get('KAN'));
    expect(s.teams.find((x) => x.id === 'KAN')).toMatchObject({ wins: 7, losses: 0, division: 'AFC West', conference: 'AFC' });
    expect(() => seasonFromGames(games, { league: 'nfl', season: 2024 })).toThrow('season 2024 has no games left to play');
  });

  it('runs as a job: the stored run holds the built teams, and the report covers the league', async () => {
    const db = await embeddedDb();
    try {
      const id = await createJobRun(
        db,
        parseJobSpec({ kind: 'season', sims: 8192, seed: 3, season: { league: 'nfl', fromGames: { season: 2024, asOf: '2024-12-01' } } }),
      );
      const stored = (await getRun(db, id)).spec as { season: { teams: unknown[]; fromGames?: unknown; source: unknown } };
      expect(stored.season.teams).toHaveLength(32);
      expect(stored.season.fromGames).toBeUndefined();
      expect(stored.season.source).toMatchObject({ fromGames: { season: 2024, asOf: '2024-12-01' } });
      const report = (await runLocally(db, id, { threads: 2 })) as { teams: { id: string; expectedWins: number }[] };
      expect(report.teams).toHaveLength(32);
      const kc = report.teams.find((x) => x.id === 'KAN')!;
      expect(kc.expectedWins).toBeGreaterThanOrEqual(11); // 11-1 on Dec 1
      await expect(createJobRun(db, parseJobSpec({ kind: 'season', sims: 10, season: { league: 'nba', fromGames: {} } }))).rejects.toMatchObject({
        code: 'JOB_INVALID',
        message: expect.stringContaining('league must be nfl'),
      });
    } finally {
      await db.close();
    }
  });
});
