import { describe, expect, it } from 'vitest';
import { normalQuantile } from '../engine/models/probit.js';
import { bvnCdf, bvnRectangle } from '../engine/props/joint/bivariate-normal.js';
import { tvnCdf } from '../engine/props/joint/trivariate-normal.js';
import { latentFromObserved, latentFromPhi, outcomeCorrelation, phiFromLatent, coarsen } from '../engine/props/joint/latent-correlation.js';
import { minEigenvalue, nearestCorrelation } from '../engine/props/joint/nearest-correlation.js';
import { exactPatternProbabilities } from '../engine/props/joint/exact-legs.js';
import { jointDistribution } from '../engine/props/joint/joint-distribution.js';
import { emptyCounts, mergeCounts, prepareJointLegs, simulateLegBlocks, simulateLegs } from '../engine/props/joint/simulate-legs.js';
import { BLOCK_SIZE } from '../engine/random/stream-scheme.js';
import { BlockNormalsCache } from '../engine/props/joint/block-normals.js';

const q = normalQuantile;
const both = (pA: number, pB: number, rho: number) => bvnCdf(q(pA), q(pB), rho);

describe('reference values of correlated legs', () => {
  it('P(A ∧ B) for two legs through the bivariate normal', () => {
    expect(both(0.5, 0.5, 0.5)).toBeCloseTo(1 / 3, 14);
    expect(both(0.6, 0.55, 0.4).toFixed(6)).toBe('0.393220');
    expect(both(0.3, 0.7, -0.3).toFixed(6)).toBe('0.171857');
  });

  it('observed φ = 0.20 at (0.6, 0.55) is latent ρ = 0.312222, and back', () => {
    const rho = latentFromPhi(0.6, 0.55, 0.2);
    expect(rho.toFixed(6)).toBe('0.312222');
    expect(phiFromLatent(0.6, 0.55, rho)).toBeCloseTo(0.2, 12);
  });

  it('three legs p = (0.6, 0.55, 0.5), R12 = 0.4, R13 = 0.2, R23 = 0.3: 0.240800', () => {
    expect(tvnCdf([q(0.6), q(0.55), q(0.5)], 0.4, 0.2, 0.3).toFixed(6)).toBe('0.240800');
    // any order of the legs gives the same value
    expect(tvnCdf([q(0.5), q(0.6), q(0.55)], 0.2, 0.3, 0.4)).toBeCloseTo(0.2407997214219, 11);
  });
});

describe('bivariate and trivariate normal', () => {
  it('matches closed forms: independence, ρ = 0 orthant, perfect correlation', () => {
    expect(bvnCdf(0.3, -1.2, 0)).toBeCloseTo(0.6179114221889527 * 0.11506967022170828, 14);
    // P(X ≤ 0, Y ≤ 0) = 1/4 + asin(ρ)/(2π)
    for (const r of [-0.95, -0.5, 0.1, 0.8, 0.99]) expect(bvnCdf(0, 0, r)).toBeCloseTo(0.25 + Math.asin(r) / (2 * Math.PI), 14);
    expect(bvnCdf(0.5, 1, 1 - 1e-15)).toBeCloseTo(0.6914624612740131, 8);
  });

  it('agrees with values from an independent implementation (scipy) across ρ', () => {
    // scipy.stats.multivariate_normal.cdf([0.3, -1.2]) for these ρ
    const ref: [number, number][] = [
      [-0.99, 6.294409438112325e-13],
      [-0.8, 0.006739633818572399],
      [0.3, 0.0919318555424587],
      [0.93, 0.1150687317524916],
    ];
    for (const [r, v] of ref) expect(bvnCdf(0.3, -1.2, r)).toBeCloseTo(v, 12);
  });

  it('a rectangle is the CDF differenced at its corners and is never negative', () => {
    const v = bvnRectangle(-0.5, 0.7, -1, 0.2, 0.45);
    expect(v).toBeCloseTo(bvnCdf(0.7, 0.2, 0.45) - bvnCdf(-0.5, 0.2, 0.45) - bvnCdf(0.7, -1, 0.45) + bvnCdf(-0.5, -1, 0.45), 15);
    expect(bvnRectangle(0, 0, -1, 1, 0.3)).toBe(0);
  });

  it('the trivariate reduces to the bivariate when a limit is infinite and to a product when independent', () => {
    expect(tvnCdf([0.2, -0.4, 9], 0.5, 0.1, 0.2)).toBeCloseTo(bvnCdf(0.2, -0.4, 0.5), 10);
    expect(tvnCdf([0.2, -0.4, 0.9], 0, 0, 0)).toBeCloseTo(0.579259709439103 * 0.3445782583896758 * 0.8159398746532405, 11);
  });
});

describe('latent correlation of outcomes (NORTA)', () => {
  it('a continuous-like law keeps nearly the latent correlation; binary laws need the φ conversion', () => {
    const grid = Array.from({ length: 81 }, (_, i) => -4 + i * 0.1);
    const probs = grid.map((x) => Math.exp(-0.5 * x * x));
    const s = probs.reduce((a, b) => a + b, 0);
    const normalish = { values: Float64Array.from(grid), probs: Float64Array.from(probs.map((p) => p / s)) };
    expect(outcomeCorrelation(normalish, normalish, 0.5)).toBeCloseTo(0.5, 2);
    const legA = { values: Float64Array.of(0, 1), probs: Float64Array.of(0.4, 0.6) };
    const legB = { values: Float64Array.of(0, 1), probs: Float64Array.of(0.45, 0.55) };
    // for hit/miss laws, the Pearson correlation is φ: the same ρ as latentFromPhi
    expect(latentFromObserved(legA, legB, 0.2)).toBeCloseTo(latentFromPhi(0.6, 0.55, 0.2), 10);
    expect(outcomeCorrelation(legA, legB, 0.312222)).toBeCloseTo(0.2, 5);
  });

  it('counts with small means: the latent correlation exceeds the observed one; coarsening keeps the mean', () => {
    const pois = (mu: number) => {
      const v: number[] = [];
      const p: number[] = [];
      let t = Math.exp(-mu);
      for (let k = 0; k < 40; k++) {
        v.push(k);
        p.push(t);
        t *= mu / (k + 1);
      }
      const s = p.reduce((a, b) => a + b, 0);
      return { values: Float64Array.from(v), probs: Float64Array.from(p.map((x) => x / s)) };
    };
    const rho = latentFromObserved(pois(0.4), pois(0.6), 0.25);
    expect(rho).toBeGreaterThan(0.25);
    expect(outcomeCorrelation(pois(0.4), pois(0.6), rho)).toBeCloseTo(0.25, 10);
    const c = coarsen(pois(8), 6);
    expect(c.values.length).toBeLessThanOrEqual(7);
    expect(c.values.reduce((a, v, i) => a + v * c.probs[i], 0)).toBeCloseTo(8, 6);
  });

  it('an unattainable observed correlation gives the bound', () => {
    const legA = { values: Float64Array.of(0, 1), probs: Float64Array.of(0.9, 0.1) };
    const legB = { values: Float64Array.of(0, 1), probs: Float64Array.of(0.1, 0.9) };
    expect(latentFromObserved(legA, legB, 0.9)).toBe(1);
  });
});

describe('nearest correlation matrix', () => {
  it('leaves a positive definite matrix alone and projects one that is not', () => {
    const ok = nearestCorrelation([1, 0.3, 0.3, 1], 2);
    expect(ok.adjusted).toBe(false);
    const bad = [1, 0.9, 0.7, 0.9, 1, -0.6, 0.7, -0.6, 1];
    expect(minEigenvalue(bad, 3)).toBeLessThan(0);
    const p = nearestCorrelation(bad, 3);
    expect(p.adjusted).toBe(true);
    expect(minEigenvalue(p.matrix, 3)).toBeGreaterThan(0);
    for (let i = 0; i < 3; i++) expect(p.matrix[i * 4]).toBe(1);
    // symmetric, and not further than needed: Higham's example distances are below 0.6 here
    expect(p.matrix[1]).toBe(p.matrix[3]);
    expect(p.distance).toBeLessThan(0.6);
  });
});

describe('joint simulation of legs (stream scheme)', () => {
  const legs = [
    { pHit: 0.6, pPush: 0 },
    { pHit: 0.55, pPush: 0.05 },
    { pHit: 0.5, pPush: 0 },
    { pHit: 0.45, pPush: 0.02 },
  ];
  const R = [1, 0.4, 0.2, 0.1, 0.4, 1, 0.3, -0.2, 0.2, 0.3, 1, 0.25, 0.1, -0.2, 0.25, 1];

  it('is bit-identical however the blocks are split', () => {
    const model = prepareJointLegs(legs, R);
    const sims = 5 * BLOCK_SIZE + 123;
    const whole = simulateLegs(model, 7, sims);
    const parts = [
      [0, 2],
      [2, 3],
      [3, 6],
    ].map(([a, b]) => simulateLegBlocks(model, 7, sims, a, b));
    const merged = parts.reduce((acc, p) => mergeCounts(acc, p), emptyCounts(4));
    expect(merged.sims).toBe(sims);
    expect(Array.from(merged.dense!)).toEqual(Array.from(whole.dense!));
    // normals kept by the caller give the same counts
    const cache = new BlockNormalsCache();
    simulateLegs(model, 7, sims, cache);
    expect(Array.from(simulateLegs(model, 7, sims, cache).dense!)).toEqual(Array.from(whole.dense!));
    // a different seed gives different counts
    expect(Array.from(simulateLegs(model, 8, sims).dense!)).not.toEqual(Array.from(whole.dense!));
  });

  it('agrees with exact integration within Monte Carlo error for two and three legs, pushes included', () => {
    for (const k of [2, 3]) {
      const sub = legs.slice(0, k);
      const r = Array.from({ length: k * k }, (_, idx) => R[Math.floor(idx / k) * 4 + (idx % k)]);
      const exact = exactPatternProbabilities(sub, r);
      expect(exact.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
      const sims = 200_000;
      const mc = simulateLegs(prepareJointLegs(sub, r), 'agree', sims);
      exact.forEach((p, code) => {
        const se = Math.sqrt((p * (1 - p)) / sims);
        expect(Math.abs(mc.dense![code] / sims - p)).toBeLessThan(4.5 * se + 1e-12);
      });
    }
  });

  it('auto uses exact integration for small groups and multiplies independent games', () => {
    const r = [1, 0.4, 0, 0.4, 1, 0, 0, 0, 1];
    const three = [legs[0], legs[2], legs[3]];
    const d = jointDistribution(three, r);
    expect(d.method).toBe('exact');
    expect(d.pAllHit).toBeCloseTo(bvnCdf(q(0.6), q(0.5), 0.4) * 0.45, 12);
    const sim = jointDistribution(legs, R, { sims: 100_000, seed: 1 });
    expect(sim.method).toBe('simulate');
    expect(sim.seAllHit).toBeGreaterThan(0);
  });
});
