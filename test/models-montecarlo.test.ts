import { describe, expect, it } from 'vitest';
import { normalCdf } from '../engine/math/normal.js';
import { skellamOutcome } from '../engine/models/poisson.js';
import { GameSimulator, MARGIN_RANGE, simulateGame } from '../engine/models/montecarlo.js';

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
    expect(Math.abs(r.meanMargin - 3.2)).toBeLessThan((4 * 13.45) / Math.sqrt(40_000));
  });

  it('Poisson scores agree with the exact Skellam win/draw/loss', () => {
    const r = simulateGame({ kind: 'poisson', muHome: 1.5, muAway: 1.1, seed: 3, sims: 40_000 });
    const o = skellamOutcome(1.5, 1.1);
    for (const [mc, ex] of [
      [r.pHome, o.win],
      [r.pDraw, o.draw],
      [r.pAway, o.loss],
    ]) {
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
    // the counted path first on a fresh simulator (nothing cached), then the loop on another, then the pure function
    let k = 0;
    for (const c of cases) {
      for (const seed of [0, 11, 'x'] as const) {
        for (const sims of [1, 999, 10_000]) {
          const input = { ...c, seed, sims };
          const counted = new GameSimulator().normal(input, 'counted');
          const loop = new GameSimulator().normal(input, 'loop');
          expect(counted, `case ${k}`).toEqual(loop);
          expect(simulateGame(input), `case ${k++}`).toEqual(loop);
        }
      }
    }
    const push = simulateGame({ ...nfl, spread: -3, total: 44 });
    expect(push.pSpreadPush).toBeGreaterThan(0);
    expect(push.pTotalPush).toBeGreaterThan(0);
  });

  it('a simulator answers the same whatever its cache holds, and hands out nothing of it', () => {
    const sim = new GameSimulator(2);
    const input = { ...nfl, seed: 5 };
    const first = sim.normal(input, 'counted');
    first.margins.fill(0); // the caller's own array: the cache is not touched
    for (const seed of [1, 2, 3]) sim.normal({ ...nfl, seed }, 'counted'); // evicts seed 5 (two pairs kept)
    const again = sim.normal(input, 'counted');
    expect(again).toEqual(new GameSimulator().normal(input, 'loop'));
    expect(sim.normal(input, 'counted')).toEqual(again); // from the cache now
    const p1 = sim.poisson({ muHome: 1.4, muAway: 1.1, seed: 9, sims: 5000 });
    p1.margins.fill(0);
    expect(sim.poisson({ muHome: 1.4, muAway: 1.1, seed: 9, sims: 5000 })).toEqual(
      simulateGame({ kind: 'poisson', muHome: 1.4, muAway: 1.1, seed: 9, sims: 5000 }),
    );
    expect(() => sim.normal({ ...nfl, marginSd: 0 }, 'counted')).toThrow(RangeError);
    expect(() => sim.normal(nfl, 'fast' as never)).toThrow(RangeError);
  });
});
