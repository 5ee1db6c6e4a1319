import { describe, expect, it } from 'vitest';
import { normalCdf } from '../engine/math/normal.js';
import { skellamOutcome } from '../engine/models/poisson.js';
import { MARGIN_RANGE, simulateGame, simulateNormalGameByLoop } from '../engine/models/montecarlo.js';

describe('game Monte Carlo', () => {
  const nfl = { kind: 'normal' as const, expectedMargin: 3.2, expectedTotal: 44.5, marginSd: 13.45, totalSd: 13.5, spread: -2.5, total: 46.5 };

  it('is deterministic for a seed and differs between seeds', () => {
    const a = simulateGame({ ...nfl, seed: 7 });
    const b = simulateGame({ ...nfl, seed: 7 });
    const c = simulateGame({ ...nfl, seed: 8 });
    expect(b).toEqual(a);
    expect(c.pHome).not.toBe(a.pHome);
    expect(a.sims).toBe(10_000);
  });

  it('agrees with the normal CDF within 4 standard errors (win, cover, over), and the margins sum to 1', () => {
    const r = simulateGame({ ...nfl, seed: 'check', sims: 40_000 });
    const se = (p: number) => 4 * Math.sqrt((p * (1 - p)) / 40_000);
    const pw = normalCdf(3.2 / 13.45);
    const pc = normalCdf((3.2 - 2.5) / 13.45);
    const po = 1 - normalCdf((46.5 - 44.5) / 13.5);
    expect(Math.abs(r.pHome - pw)).toBeLessThan(se(pw));
    expect(Math.abs(r.pCover! - pc)).toBeLessThan(se(pc));
    expect(Math.abs(r.pOver! - po)).toBeLessThan(se(po));
    expect(r.margins.length).toBe(2 * MARGIN_RANGE + 1);
    expect(r.margins.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    expect(Math.abs(r.meanMargin - 3.2)).toBeLessThan(4 * 13.45 / Math.sqrt(40_000));
  });

  it('Poisson scores agree with the exact Skellam win/draw/loss', () => {
    const r = simulateGame({ kind: 'poisson', muHome: 1.5, muAway: 1.1, seed: 3, sims: 40_000 });
    const o = skellamOutcome(1.5, 1.1);
    for (const [mc, ex] of [[r.pHome, o.win], [r.pDraw, o.draw], [r.pAway, o.loss]]) {
      expect(Math.abs(mc - ex)).toBeLessThan(4 * Math.sqrt((ex * (1 - ex)) / 40_000));
    }
  });

  it('counts the normal game over sorted draws bit-identically to the plain loop (pushes, ends of the histogram)', () => {
    const cases = [
      nfl,
      { ...nfl, spread: -3, total: 44 }, // whole-number lines: pushes
      { ...nfl, expectedMargin: 0, spread: 0, total: 0 },
      { ...nfl, expectedMargin: 75, marginSd: 20, spread: -75 }, // beyond ±MARGIN_RANGE
      { ...nfl, expectedMargin: -7.25, spread: 7, total: 51, marginSd: 12, totalSd: 18 },
      { ...nfl, spread: null, total: null },
    ];
    let k = 0;
    for (const c of cases) {
      for (const seed of [0, 11, 'x'] as const) {
        for (const sims of [1, 999, 10_000]) {
          const input = { ...c, seed, sims };
          // the loop first: it caches the seed's draws, so simulateGame takes the counted path
          const loop = simulateNormalGameByLoop(input);
          expect(simulateGame(input), `case ${k++}`).toEqual(loop);
        }
      }
    }
    const push = simulateGame({ ...nfl, spread: -3, total: 44 });
    expect(push.pSpreadPush).toBeGreaterThan(0);
    expect(push.pTotalPush).toBeGreaterThan(0);
  });
});
