import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGames } from '../app/inputs/games-file.js';
import { nflTeams } from '../engine/games/nfl-teams.js';
import type { Game } from '../engine/games/types.js';
import { finalStandings } from '../engine/season/final-standings.js';
import { seasonFromGames } from '../engine/season/from-games.js';
import { simulateSeasonWithPlayoffs } from '../engine/season/playoff-kernel.js';
import { nflPlayoffFormat, playPlayoffs } from '../engine/season/playoffs.js';
import { blockState } from '../engine/random/stream-scheme.js';
import { seasonReportFromTallies } from '../engine/season/report.js';
import { compileSeason, eloHomeProb, type Season } from '../engine/season/season.js';
import { ROUND_COUNT, seasonTallyLayout, sectionOf } from '../engine/season/tallies.js';
import { closePool } from '../workers/pool.js';
import { runSeasonPool } from '../workers/season-run.js';

const fixture = fileURLToPath(new URL('./fixtures/nfl-games-spreadspoke.csv', import.meta.url));
let games: Game[] = [];
beforeAll(async () => {
  games = (await loadGames(fixture, 'spreadspoke')).games;
});
afterAll(closePool);

function nfl(year: number, asOf?: string): Season {
  const t = nflTeams();
  return compileSeason(
    seasonFromGames(games, { league: 'nfl', season: year, asOf, division: t.division, conference: t.conference, finished: asOf === undefined }),
  );
}

describe('the playoff bracket', () => {
  it('seven seeds: 2v7, 3v6, 4v5, re-seeded (the best seed hosts the worst left), conference final at the better seed, neutral Super Bowl', () => {
    const f = nflPlayoffFormat(2024);
    expect(f).toEqual({ seeds: 7, byes: 1 });
    // Teams 0..6 are AFC seeds 1..7, 10..16 NFC seeds 1..7; the away side wins every wild-card game, the home side the rest.
    const seedTeam = Int32Array.from([0, 1, 2, 3, 4, 5, 6, 10, 11, 12, 13, 14, 15, 16]);
    const played: string[] = [];
    let round = 0;
    const reached = new Int32Array(20);
    const champion = playPlayoffs(
      seedTeam,
      f,
      (h, a, neutral) => {
        played.push(`${h}v${a}${neutral ? 'n' : ''}`);
        return ++round > 3 && !(round > 6 && round <= 9);
      },
      reached,
      new Int32Array(8),
    );
    expect(played).toEqual(['1v6', '2v5', '3v4', '0v6', '4v5', '0v4', '11v16', '12v15', '13v14', '10v16', '14v15', '10v14', '0v10n']);
    expect(champion).toBe(0);
    expect(Array.from(reached.subarray(0, 7))).toEqual([5, 1, 1, 1, 3, 2, 2]);
  });

  it('six seeds before 2020: two byes, 3v6 and 4v5', () => {
    const f = nflPlayoffFormat(2019);
    expect(f).toEqual({ seeds: 6, byes: 2 });
    const played: string[] = [];
    playPlayoffs(
      Int32Array.from([0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15]),
      f,
      (h, a) => (played.push(`${h}v${a}`), true),
      new Int32Array(16),
      new Int32Array(8),
    );
    expect(played.slice(0, 4)).toEqual(['2v5', '3v4', '0v3', '1v2']);
  });
});

describe('season runs with playoffs on the pool', () => {
  it('2024 from week 10: bit-identical on 1 and 2 threads and across shard splits; tallies add up', async () => {
    const s = nfl(2024, '2024-11-05');
    expect(s.gameCount).toBe(134);
    const sims = 3 * 4096;
    const one = await runSeasonPool(s, { sims, seed: 7, threads: 1 });
    const two = await runSeasonPool(s, { sims, seed: 7, threads: 2, blocksPerTask: 1 });
    expect(Array.from(two.tallies)).toEqual(Array.from(one.tallies));
    const a = await runSeasonPool(s, { sims, seed: 7, threads: 2, blocks: { first: 0, count: 1 } });
    const b = await runSeasonPool(s, { sims, seed: 7, threads: 2, blocks: { first: 1, count: 2 } });
    expect(Array.from(a.tallies, (x, i) => x + b.tallies[i])).toEqual(Array.from(one.tallies));

    const lay = seasonTallyLayout(s);
    const T = s.teamCount;
    const S = lay.seeds;
    const t = one.tallies;
    const seed = sectionOf(t, lay.seed);
    const rounds = sectionOf(t, lay.rounds);
    const draft = sectionOf(t, lay.draft);
    for (let k = 0; k < S; k++) expect(Array.from({ length: T }, (_, i) => seed[i * S + k]).reduce((x, y) => x + y)).toBe(2 * sims);
    for (let k = 0; k < T; k++) expect(Array.from({ length: T }, (_, i) => draft[i * T + k]).reduce((x, y) => x + y)).toBe(sims);
    for (let i = 0; i < T; i++) {
      expect(draft.subarray(i * T, (i + 1) * T).reduce((x, y) => x + y)).toBe(sims);
      // made the playoffs = held a seed; each round reached at most as often as the one before
      expect(rounds[i * ROUND_COUNT]).toBe(seed.subarray(i * S, (i + 1) * S).reduce((x, y) => x + y));
      for (let r = 1; r < ROUND_COUNT; r++) expect(rounds[i * ROUND_COUNT + r]).toBeLessThanOrEqual(rounds[i * ROUND_COUNT + r - 1]);
    }
    const champions = Array.from({ length: T }, (_, i) => rounds[i * ROUND_COUNT + 4]).reduce((x, y) => x + y);
    expect(champions).toBe(sims);
    // The report: Kansas City, 8-0 on Nov 5, almost surely in.
    const kc = one.report.teams.find((x) => x.id === 'KAN')!;
    expect(kc.playoffs).toBeGreaterThan(0.97);
    expect(kc.seeds!.reduce((x, y) => x + y)).toBeCloseTo(kc.playoffs!, 12);
    expect(kc.draft!.reduce((x, y) => x + y)).toBeCloseTo(1, 12);
    expect(kc.expectedPick).toBeGreaterThan(20);
    expect(one.report.playoffs).toEqual({ season: 2024, seeds: 7, byes: 1 });
  });

  it('game importance: P(X) = p·P(X | home wins) + (1 − p)·P(X | away wins) exactly on the tallies', async () => {
    const s = nfl(2024, '2024-12-10');
    const sims = 2 * 4096;
    const run = await runSeasonPool(s, { sims, seed: 'importance', threads: 2 });
    const lay = seasonTallyLayout(s);
    const T = s.teamCount;
    const t = Int32Array.from(run.tallies);
    const rounds = sectionOf(t, lay.rounds);
    const gameHome = sectionOf(t, lay.gameHome);
    const ifHome = sectionOf(t, lay.ifHome);
    const ifAway = sectionOf(t, lay.ifAway);
    for (let g = 0; g < s.gameCount; g++) {
      expect(gameHome[g]).toBeGreaterThan(0);
      expect(gameHome[g]).toBeLessThan(sims);
      for (let i = 0; i < T; i++) {
        expect(ifHome[g * T + i] + ifAway[g * T + i]).toBe(rounds[i * ROUND_COUNT]);
        expect(ifHome[g * T + i]).toBeLessThanOrEqual(gameHome[g]);
      }
    }
    const report = run.report;
    expect(report.games).toHaveLength(s.gameCount);
    const playoffs = new Map(report.teams.map((x) => [x.id, x.playoffs!]));
    for (const game of report.games!) {
      for (const x of game.teams) {
        expect(game.pHome * x.ifHome! + (1 - game.pHome) * x.ifAway!).toBeCloseTo(playoffs.get(x.id)!, 12);
        expect(x.importance).toBeCloseTo(2 * game.pHome * (1 - game.pHome) * x.swing, 15);
      }
    }
    // A division game in the last weeks moves its own teams' chances most.
    const biggest = report
      .games!.map((g) => ({ g, top: g.teams[0] }))
      .filter((x) => x.top !== undefined)
      .sort((a, b) => b.top.swing - a.top.swing)[0];
    expect([biggest.g.home, biggest.g.away]).toContain(biggest.top.id);
    // The report is the same built again from the summed tallies.
    expect(seasonReportFromTallies(s, t, sims)).toEqual(report);
  });

  it("a finished season: the seeds are its final standings; the champion probabilities are the bracket's exact ones", async () => {
    const s = nfl(2023);
    expect(s.gameCount).toBe(0);
    const st = finalStandings(s);
    const sims = 16 * 4096;
    const run = await runSeasonPool(s, { sims, seed: 3, threads: 2 });
    for (const team of run.report.teams) {
      const seed = st.teams.find((x) => x.id === team.id)!.seed;
      team.seeds!.forEach((p, k) => expect(p).toBe(seed === k + 1 ? 1 : 0));
    }
    // Exact: enumerate every result of the 13 playoff games with the same Elo model.
    const P = s.playoffs!;
    const seedTeam = new Int32Array(14);
    P.confNames.forEach((c, ci) => st.seeds[c].forEach((id, k) => (seedTeam[ci * 7 + k] = s.ids.indexOf(id))));
    const exact = new Float64Array(s.teamCount);
    for (let mask = 0; mask < 1 << 13; mask++) {
      let p = 1;
      let bit = 0;
      const champion = playPlayoffs(
        seedTeam,
        P.format,
        (h, a, neutral) => {
          const ph = eloHomeProb(s.ratings[h], s.ratings[a], neutral ? 0 : s.homeAdvantage);
          const homeWins = ((mask >> bit++) & 1) === 0;
          p *= homeWins ? ph : 1 - ph;
          return homeWins;
        },
        new Int32Array(s.teamCount),
        new Int32Array(8),
      );
      exact[champion] += p;
    }
    for (const team of run.report.teams) {
      const pe = exact[s.ids.indexOf(team.id)];
      expect(Math.abs(team.rounds!.champion - pe)).toBeLessThanOrEqual(5 * Math.sqrt((pe * (1 - pe)) / sims) + 1e-12);
    }
  });

  it("the kernel's standings from simulated games are the played games' own: 2002-2024 from mid-season, every game forced to its real result", () => {
    for (let year = 2002; year <= 2024; year++) {
      // From November 1st, or after the season's last tie (simulated games cannot end tied).
      const ties = games.filter((g) => g.season === year && !g.playoff && g.homeScore === g.awayScore).map((g) => g.date);
      const s = nfl(year, [`${year}-11-01`, ...ties].sort().at(-1));
      const done = finalStandings(nfl(year));
      const real = new Map(games.filter((g) => g.season === year && !g.playoff).map((g) => [`${g.home}|${g.away}`, g.homeScore! - g.awayScore!]));
      // Thresholds decide every game (a signed draw is never below -2^31; this seed's draws never hit 2^31 - 1).
      for (let g = 0; g < s.gameCount; g++) {
        const margin = real.get(`${s.ids[s.home[g]]}|${s.ids[s.away[g]]}`)!;
        s.thresholds[g] = margin > 0 ? 0x7fffffff : -0x80000000;
      }
      const lay = seasonTallyLayout(s);
      const out = new Int32Array(lay.length);
      const sims = 16;
      simulateSeasonWithPlayoffs(s, blockState(5, year), sims, out, null);
      const T = s.teamCount;
      const place = sectionOf(out, lay.place);
      const seed = sectionOf(out, lay.seed);
      for (const team of done.teams) {
        const t = s.ids.indexOf(team.id);
        expect(place[t * T + team.divisionRank - 1], `${year} ${team.id}`).toBe(sims);
        expect(place[T * T + t * T + team.conferenceRank - 1], `${year} ${team.id}`).toBe(sims);
        if (team.seed !== null) expect(seed[t * lay.seeds + team.seed - 1], `${year} ${team.id}`).toBe(sims);
      }
      if (year === 2024) {
        // Picks 1-18 do not depend on the playoffs: the real 2025 order (see season-validation.test.ts).
        const first18 = ['OTI', 'CLE', 'NYG', 'NWE', 'JAX', 'RAI', 'NYJ', 'CAR', 'NOR', 'CHI', 'SFO', 'DAL', 'MIA', 'CLT', 'ATL', 'CRD', 'CIN', 'SEA'];
        const draft = sectionOf(out, lay.draft);
        first18.forEach((id, k) => expect(draft[s.ids.indexOf(id) * T + k], id).toBe(sims));
      }
    }
  });

  it('hot ratings: K = 0 is the fixed-ratings run, K = 20 differs; both deterministic', async () => {
    const s = nfl(2024, '2024-12-10');
    const sims = 4096;
    const fixed = await runSeasonPool(s, { sims, seed: 1, threads: 2 });
    const hot0 = await runSeasonPool(s, { sims, seed: 1, threads: 2, hotK: 0 });
    const hot = await runSeasonPool(s, { sims, seed: 1, threads: 2, hotK: 20 });
    const again = await runSeasonPool(s, { sims, seed: 1, threads: 1, hotK: 20 });
    expect(Array.from(hot0.tallies)).toEqual(Array.from(fixed.tallies));
    expect(Array.from(hot.tallies)).not.toEqual(Array.from(fixed.tallies));
    expect(Array.from(again.tallies)).toEqual(Array.from(hot.tallies));
  });

  it('refuses a playoff season without two conferences or with records the played games contradict', () => {
    const base = {
      league: 'x',
      homeAdvantage: 50,
      remaining: [],
      playoffs: { format: 'nfl' as const, season: 2024 },
      played: [{ home: 'A', away: 'B', homeScore: 21, awayScore: 3 }],
    };
    const teams = Array.from({ length: 16 }, (_, i) => ({
      id: String.fromCharCode(65 + i),
      rating: 1500,
      division: `D${i >> 2}`,
      conference: i < 8 ? 'X' : 'Y',
    }));
    expect(() => compileSeason({ ...base, teams: teams.map((t) => ({ ...t, conference: 'X' })) })).toThrow('playoffs need two conferences');
    expect(() => compileSeason({ ...base, teams: teams.map((t, i) => (i === 0 ? { ...t, wins: 0, losses: 1 } : t)) })).toThrow(
      "'A' is 0-1-0 but its played games make 1-0-0",
    );
    expect(() => compileSeason({ ...base, teams: teams.map((t, i) => (i === 1 ? { ...t, division: undefined } : t)) })).toThrow(
      'teams[1].division: is required with playoffs',
    );
  });
});
