// Elo presets against hand computations (python, written out below), game by game.
import { describe, expect, it } from 'vitest';
import { ELO_PRESETS, eloConfig, eloUpdate, movMultiplier, replayElo } from '../engine/models/elo.js';
import { eloProbability } from '../engine/math/elo-probability.js';
import type { Game } from '../engine/games/types.js';

const game = (date: string, season: number, home: string, away: string, hs: number, as: number, neutral = false): Game => ({
  date,
  season,
  home,
  away,
  homeScore: hs,
  awayScore: as,
  neutral,
  spread: null,
  total: null,
});

describe('Elo presets', () => {
  it("NFL preset is 538's: mean 1505, new team 1300, K 20, home 65, revert 1/3", () => {
    expect(ELO_PRESETS.nfl).toEqual({ mean: 1505, newTeam: 1300, k: 20, hfa: 65, revert: 1 / 3, mov: 'nfl' });
    expect(ELO_PRESETS.nba).toEqual({ mean: 1505, newTeam: 1300, k: 20, hfa: 100, revert: 1 / 4, mov: 'nba' });
  });

  const nfl = eloConfig('nfl');
  const nba = eloConfig('nba');

  it('NFL win: 1600 v 1500 at home, 24-17', () => {
    // d = 165; p = 1/(1+10^(-165/400)) = 0.72107824; M = ln 8 × 2.2 / (0.165 + 2.2); shift = 20 M (1 − p)
    const u = eloUpdate(nfl, 1600, 1500, 24, 17, false);
    expect(u.pHome).toBeCloseTo(0.7210782431975601, 12);
    expect(u.shift).toBeCloseTo(10.79072535764305, 10);
  });
  it('NFL loss: 1600 v 1500 at home, 10-13 (d_w = −165 from the away winner)', () => {
    expect(eloUpdate(nfl, 1600, 1500, 10, 13, false).shift).toBeCloseTo(-21.613550323697616, 10);
  });
  it('NFL tie: 0.5 each, multiplier 2.2 ln 2', () => {
    expect(movMultiplier('nfl', 0, 165)).toBeCloseTo(2.2 * Math.LN2, 14);
    expect(eloUpdate(nfl, 1600, 1500, 20, 20, false).shift).toBeCloseTo(-6.742549482043526, 10);
  });
  it('NFL neutral site: no home advantage, 1500 v 1550, 21-20', () => {
    const u = eloUpdate(nfl, 1500, 1550, 21, 20, true);
    expect(u.pHome).toBeCloseTo(0.4285368825916186, 12);
    expect(u.shift).toBeCloseTo(8.106397274198665, 10);
  });
  it('NBA win, loss and tie: 1550 v 1500 at home (d = 150)', () => {
    const w = eloUpdate(nba, 1550, 1500, 110, 100, false);
    expect(w.pHome).toBeCloseTo(0.7033850034718286, 12);
    expect(w.shift).toBeCloseTo(5.496655215314331, 10); // 20 × 13^0.8 / (7.5 + 0.9) × (1 − p)
    expect(eloUpdate(nba, 1550, 1500, 98, 105, false).shift).toBeCloseTo(-13.44866466478111, 10); // 10^0.8 / (7.5 − 0.9)
    expect(eloUpdate(nba, 1550, 1500, 100, 100, false).shift).toBeCloseTo(-1.3061247626046855, 10); // 3^0.8 / 7.5
  });
  it('NBA neutral site: no home advantage, 1500 v 1550, 101-99 (d_w = −50 from the home winner)', () => {
    // p = 1/(1+10^(50/400)); M = 5^0.8 / (7.5 − 0.3); shift = 20 M (1 − p)
    const u = eloUpdate(nba, 1500, 1550, 101, 99, true);
    expect(u.pHome).toBeCloseTo(0.4285368825916186, 12);
    expect(u.shift).toBeCloseTo(5.752567306103529, 10);
  });
  it('p(home) = 1/(1+10^(−d/400))', () => {
    for (const d of [-400, -65, 0, 65, 400]) expect(eloProbability(d)).toBeCloseTo(1 / (1 + 10 ** (-d / 400)), 14);
  });
  it('other leagues are configurable and validated', () => {
    const c = eloConfig('nhl', { k: 8, hfa: 30, mov: 'none', revert: 0.25 });
    expect(c.k).toBe(8);
    expect(eloUpdate(c, 1500, 1500, 3, 2, false).shift).toBeCloseTo(8 * (1 - eloProbability(30)), 12);
    expect(() => eloConfig('nfl', { k: -1 })).toThrow('options.elo.k must be a positive number');
    expect(() => eloConfig('nfl', { revert: 2 })).toThrow('options.elo.revert must be a number from 0 to 1');
  });
});

describe('replayElo', () => {
  it('new teams enter at 1300, reversion moves every team one third toward 1505 at a new season', () => {
    const games = [game('2020-09-10', 2020, 'AAA', 'BBB', 27, 3), game('2021-09-09', 2021, 'AAA', 'BBB', 20, 20)];
    const r = replayElo(games, eloConfig('nfl'));
    // game 1: 1300 v 1300, d = 65, p = 0.59246623; shift = 20 × ln 25 × 2.2/2.265 × (1 − p) = 25.48310212818467
    expect(r.homePre[0]).toBe(1300);
    expect(r.awayPre[0]).toBe(1300);
    expect(r.pHome[0]).toBeCloseTo(0.5924662305843318, 12);
    expect(r.homePost[0]).toBeCloseTo(1325.48310212818467, 9);
    // season 2021: R ← R + (1505 − R)/3
    const aPre = 1325.48310212818467 + (1505 - 1325.48310212818467) / 3;
    const bPre = 1274.51689787181533 + (1505 - 1274.51689787181533) / 3;
    expect(r.homePre[1]).toBeCloseTo(aPre, 9);
    expect(r.awayPre[1]).toBeCloseTo(bPre, 9);
    const tie = 20 * 2.2 * Math.LN2 * (0.5 - eloProbability(aPre - bPre + 65));
    expect(r.homePost[1]).toBeCloseTo(aPre + tie, 9);
    expect(r.ratings.get('BBB')).toBeCloseTo(bPre - tie, 9);
  });
  it('NBA: new teams enter at 1300, reversion moves every team one quarter toward 1505 at a new season', () => {
    const games = [game('2020-12-22', 2020, 'AAA', 'BBB', 110, 100), game('2021-10-19', 2021, 'BBB', 'AAA', 100, 100)];
    const r = replayElo(games, eloConfig('nba'));
    // game 1: 1300 v 1300 at home, d = 100, p = 0.64006500; shift = 20 × 13^0.8 / (7.5 + 0.6) × (1 − p)
    expect(r.homePre[0]).toBe(1300);
    expect(r.pHome[0]).toBeCloseTo(0.6400649998028851, 12);
    expect(r.homePost[0]).toBeCloseTo(1306.9170949668037, 9);
    // season 2021: R ← R + (1505 − R)/4
    expect(r.awayPre[1]).toBeCloseTo(1356.4378212251027, 9);
    expect(r.homePre[1]).toBeCloseTo(1346.0621787748973, 9);
  });
  it("an --initial rating is the rating entering the team's first game, with no reversion before it", () => {
    const games = [game('2020-09-10', 2020, 'AAA', 'BBB', 24, 17), game('2021-09-09', 2021, 'CCC', 'AAA', 17, 24)];
    const r = replayElo(
      games,
      eloConfig('nfl'),
      new Map([
        ['AAA', 1600],
        ['BBB', 1500],
        ['CCC', 1550],
      ]),
    );
    expect(r.homePre[0]).toBe(1600);
    expect(r.homePost[0]).toBeCloseTo(1600 + 10.79072535764305, 9);
    expect(r.homePre[1]).toBe(1550); // first seen in 2021: enters at its listed rating, not reverted
    expect(r.awayPre[1]).toBeCloseTo(1610.79072535764305 + (1505 - 1610.79072535764305) / 3, 9);
  });
});
