// The season use case (app/seasons/) end to end against reality: every season 2002-2024 of the bundled
// games, simulated from its final regular-season results (nothing left to play), must seed every club
// exactly as the NFL did: the seeds must explain the real playoffs (field, byes, every pairing and home
// side, round by round) read from the same file. Also the inputs a week or a day names.
import { afterAll, describe, expect, it } from 'vitest';
import { seasonGames, seasonInputs, seasonWeeks } from '../app/seasons/inputs.js';
import { simulateSeason, simulateSeasonWeekly } from '../app/seasons/simulate.js';
import { seasonView } from '../app/seasons/view.js';
import { checkSeedsAgainstPlayoffs, realPlayoffGames } from '../engine/season/real-playoffs.js';
import { closePool } from '../workers/pool.js';

afterAll(() => closePool());

describe('simcast season (app layer) reproduces the real seeds, 2002-2024', { timeout: 600_000 }, () => {
  it('every season from its final regular-season results: seeds certain, and the real playoffs follow from them', async () => {
    const games = await seasonGames();
    const matched: number[] = [];
    const problems: string[] = [];
    for (let year = 2002; year <= 2024; year++) {
      const weeks = seasonWeeks(games, year).firstDay.length;
      const r = await simulateSeason({ league: 'nfl', season: year, week: weeks + 1 }, { sims: 64, seed: year, threads: 1 });
      expect(r.meta.gamesLeft).toBe(0);
      const v = seasonView(r.meta, r.report);
      const S = r.report.playoffs!.seeds;
      expect(S).toBe(year >= 2020 ? 7 : 6);
      const seeds: Record<string, string[]> = {};
      for (const t of v.teams) {
        // Nothing left to simulate: every club's seed (or none) is certain.
        const k = t.seeds.findIndex((p) => p === 1);
        expect(
          t.seeds.every((p) => p === 0 || p === 1),
          `${year} ${t.id}`,
        ).toBe(true);
        expect(t.playoffs, `${year} ${t.id}`).toBe(k >= 0 ? 1 : 0);
        if (k >= 0) (seeds[t.conference] ??= [])[k] = t.id;
      }
      for (const s of Object.values(seeds)) expect(s.filter(Boolean)).toHaveLength(S);
      const p = checkSeedsAgainstPlayoffs(seeds, r.report.playoffs!, realPlayoffGames(games, year));
      if (p.length === 0) matched.push(year);
      else problems.push(`${year}: ${p.join('; ')}`);
    }
    expect(problems).toEqual([]);
    expect(matched).toHaveLength(23);
  });

  it('a week means the day before its first game; the last week + 1 means after the regular season', async () => {
    const w10 = await seasonInputs({ league: 'nfl', season: 2024, week: 10 });
    expect({ asOf: w10.asOf, played: w10.gamesPlayed, left: w10.gamesLeft, weeks: w10.weeks }).toEqual({
      asOf: '2024-11-06',
      played: 138,
      left: 134,
      weeks: 18,
    });
    const end = await seasonInputs({ league: 'nfl', season: 2024, week: 19 });
    expect({ asOf: end.asOf, played: end.gamesPlayed, left: end.gamesLeft }).toEqual({ asOf: '2025-01-05', played: 272, left: 0 });
    const day = await seasonInputs({ league: 'nfl', asOf: '2024-11-06' });
    expect({ season: day.season, played: day.gamesPlayed }).toEqual({ season: 2024, played: 138 });
    await expect(seasonInputs({ league: 'nfl', season: 2024, week: 20 })).rejects.toMatchObject({
      code: 'OPTION_INVALID',
      message: 'options.week must be from 1 to 19 for season 2024 (18 weeks; 19: after the regular season), got 20',
    });
    await expect(seasonInputs({ league: 'nfl', season: 1901 })).rejects.toMatchObject({ code: 'OPTION_INVALID' });
    // The bundled file holds only 2025's first weeks: refused, and the default is the last whole season, after its regular season.
    await expect(seasonInputs({ league: 'nfl', season: 2025 })).rejects.toMatchObject({
      message: expect.stringMatching(/^options\.season: examples\/data\/nfl-games-spreadspoke\.csv holds \d+ of season 2025's 272 regular-season games/),
    });
    const dflt = await seasonInputs({ league: 'nfl' });
    expect({ season: dflt.season, asOf: dflt.asOf, left: dflt.gamesLeft }).toEqual({ season: 2024, asOf: '2025-01-05', left: 0 });
    await expect(seasonInputs({ league: 'nfl', season: 2024, week: 3, asOf: '2024-10-01' })).rejects.toMatchObject({ code: 'OPTION_INVALID' });
  });

  it('the weekly replay: each point equals the run from that week with the same seed; the last is certain', async () => {
    const w = await simulateSeasonWeekly({ league: 'nfl', season: 2023 }, { sims: 300, seed: 5, threads: 2 });
    expect(w.points).toHaveLength(19);
    const one = await simulateSeason({ league: 'nfl', season: 2023, week: 12 }, { sims: 300, seed: 5, threads: 1 });
    for (const t of one.report.teams) expect(w.points[11].playoffs[t.id]).toBe(t.playoffs);
    const last = w.points[18];
    expect(Object.values(last.playoffs).filter((p) => p === 1)).toHaveLength(14);
    expect(Object.values(last.playoffs).every((p) => p === 0 || p === 1)).toBe(true);
  });

  it('caps simulated games before anything runs', async () => {
    await expect(simulateSeason({ league: 'nfl', season: 2024, week: 1 }, { sims: 1_000_000, seed: 1, sync: true })).rejects.toMatchObject({
      code: 'LIMIT_EXCEEDED',
    });
  });
});
