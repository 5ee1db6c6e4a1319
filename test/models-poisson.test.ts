import { describe, expect, it } from 'vitest';
import { poissonPmf, poissonTotal, skellamOutcome, skellamPmf } from '../engine/models/poisson.js';

function directDiff(mu1: number, mu2: number, k: number): number {
  let s = 0;
  for (let y = 0; y < 400; y++) if (y + k >= 0) s += poissonPmf(y + k, mu1) * poissonPmf(y, mu2);
  return s;
}

describe('Skellam against direct summation of Poisson products', () => {
  for (const [mu1, mu2] of [
    [1.45, 1.1],
    [3.1, 2.7],
    [0.2, 4.5],
    [23.4, 20.9],
    [112, 108],
  ]) {
    it(`pmf and win/draw/loss for μ = ${mu1}, ${mu2}`, () => {
      for (const k of [-6, -2, -1, 0, 1, 2, 5, 9]) {
        const direct = directDiff(mu1, mu2, k);
        expect(Math.abs(skellamPmf(k, mu1, mu2) - direct)).toBeLessThan(1e-12 + 1e-9 * direct);
      }
      let win = 0;
      let draw = 0;
      let loss = 0;
      for (let x = 0; x < 400; x++) {
        const px = poissonPmf(x, mu1);
        if (px < 1e-300) continue;
        for (let y = 0; y < 400; y++) {
          const pp = px * poissonPmf(y, mu2);
          if (x > y) win += pp;
          else if (x === y) draw += pp;
          else loss += pp;
        }
      }
      const o = skellamOutcome(mu1, mu2);
      expect(o.win).toBeCloseTo(win, 10);
      expect(o.draw).toBeCloseTo(draw, 10);
      expect(o.loss).toBeCloseTo(loss, 10);
      expect(o.win + o.draw + o.loss).toBeCloseTo(1, 10);
    });
  }
  it("totals from Poisson(μ1 + μ2), with a whole-number line's push apart", () => {
    const t = poissonTotal(1.4, 1.2, 2.5);
    const under = poissonPmf(0, 2.6) + poissonPmf(1, 2.6) + poissonPmf(2, 2.6);
    expect(t.under).toBeCloseTo(under, 14);
    expect(t.over).toBeCloseTo(1 - under, 14);
    const w = poissonTotal(1.4, 1.2, 3);
    expect(w.push).toBeCloseTo(poissonPmf(3, 2.6), 14);
    expect(w.over + w.push + w.under).toBeCloseTo(1, 14);
  });
});
