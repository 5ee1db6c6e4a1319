import { describe, expect, it } from 'vitest';
import { fitLogistic, predictLogistic, sigmoid } from '../engine/models/logistic.js';

describe('logistic regression by IRLS', () => {
  it('fits a small known data set (the textbook hours-studied/passed example: β0 = −4.0777, β1 = 1.5046)', () => {
    const hours = [0.5, 0.75, 1, 1.25, 1.5, 1.75, 1.75, 2, 2.25, 2.5, 2.75, 3, 3.25, 3.5, 4, 4.25, 4.5, 4.75, 5, 5.5];
    const pass = [0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1, 1, 1, 1, 1];
    const x = new Float64Array(hours.flatMap((h) => [1, h]));
    const fit = fitLogistic(x, Float64Array.from(pass), 2, { ridge: 0 });
    expect(fit.converged).toBe(true);
    expect(fit.coef[0]).toBeCloseTo(-4.0777, 3);
    expect(fit.coef[1]).toBeCloseTo(1.5046, 3);
    expect(predictLogistic(fit.coef, [1, 2])).toBeCloseTo(sigmoid(-4.0777 + 2 * 1.5046), 3);
  });
  it('recovers known coefficients from a large simulated sample, with weights equal to repeated rows', () => {
    let s = 12345;
    const rnd = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296;
    const n = 20000;
    const x = new Float64Array(n * 3);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const a = rnd() * 4 - 2;
      const b = rnd() < 0.5 ? 1 : 0;
      x.set([1, a, b], i * 3);
      y[i] = rnd() < sigmoid(-0.3 + 0.8 * a + 0.5 * b) ? 1 : 0;
    }
    const fit = fitLogistic(x, y, 3, { ridge: 0 });
    expect(fit.coef[0]).toBeCloseTo(-0.3, 1);
    expect(fit.coef[1]).toBeCloseTo(0.8, 1);
    expect(fit.coef[2]).toBeCloseTo(0.5, 1);
    const w2 = fitLogistic(x.subarray(0, 300), y.subarray(0, 100), 3, { ridge: 0, weights: new Float64Array(100).fill(2) });
    const dup = fitLogistic(
      Float64Array.from([...x.subarray(0, 300), ...x.subarray(0, 300)]),
      Float64Array.from([...y.subarray(0, 100), ...y.subarray(0, 100)]),
      3,
      { ridge: 0 },
    );
    for (let j = 0; j < 3; j++) expect(w2.coef[j]).toBeCloseTo(dup.coef[j], 8);
  });
});
