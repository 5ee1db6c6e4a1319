import { describe, expect, it } from 'vitest';
import { normalQuantile } from '../engine/models/probit.js';
import { bvnCdf } from '../engine/props/joint/bivariate-normal.js';
import { evaluateSlip } from '../engine/props/slip/evaluate-slip.js';
import { simultaneousKelly } from '../engine/props/slip/kelly.js';
import { evaluatePortfolio } from '../engine/props/slip/portfolio.js';
import { compilePayout, slipReturn } from '../engine/props/slip/payout.js';
import { riskSummary } from '../engine/props/slip/risk.js';
import { SimcastError } from '../core/errors.js';

describe('simultaneous Kelly', () => {
  it('two independent even-money bets at p = 0.55: f = 0.09901 each', () => {
    // scenarios: both win, first only, second only, both lose
    const r = Float64Array.of(1, 1, 1, -1, -1, 1, -1, -1);
    const w = Float64Array.of(0.55 * 0.55, 0.55 * 0.45, 0.45 * 0.55, 0.45 * 0.45);
    const k = simultaneousKelly(r, w, 2);
    expect(k.fractions[0].toFixed(5)).toBe('0.09901');
    expect(k.fractions[1].toFixed(5)).toBe('0.09901');
    expect(k.fractions[0]).toBeCloseTo(0.1 / 1.01, 9);
  });

  it('one bet: the classic (bp − q)/b; a losing bet gets nothing', () => {
    const one = simultaneousKelly(Float64Array.of(1.5, -1), Float64Array.of(0.5, 0.5), 1);
    expect(one.fractions[0]).toBeCloseTo((1.5 * 0.5 - 0.5) / 1.5, 9);
    expect(simultaneousKelly(Float64Array.of(1, -1), Float64Array.of(0.45, 0.55), 1).fractions[0]).toBe(0);
  });

  it('the same even-money bets through a portfolio of two one-leg slips (exact joint law)', () => {
    const p = evaluatePortfolio({
      legs: [
        { pHit: 0.55, pPush: 0 },
        { pHit: 0.55, pPush: 0 },
      ],
      correlation: [1, 0, 0, 1],
      slips: [
        { legs: [0], stake: 1, payout: { kind: 'decimal', odds: 2 } },
        { legs: [1], stake: 1, payout: { kind: 'american', odds: 100 } },
      ],
    });
    expect(p.method).toBe('exact');
    expect(p.kelly.fractions[0]).toBeCloseTo(0.0990099, 6);
    expect(p.kelly.fractions[1]).toBeCloseTo(0.0990099, 6);
    expect(p.covariance[1]).toBeCloseTo(0, 12);
    expect(p.covariance[0]).toBeCloseTo(1 - 0.1 * 0.1, 12);
    // correlated bets share less: each Kelly stake shrinks
    const c = evaluatePortfolio({
      legs: [
        { pHit: 0.55, pPush: 0 },
        { pHit: 0.55, pPush: 0 },
      ],
      correlation: [1, 0.6, 0.6, 1],
      slips: [
        { legs: [0], stake: 1, payout: { kind: 'decimal', odds: 2 } },
        { legs: [1], stake: 1, payout: { kind: 'decimal', odds: 2 } },
      ],
    });
    expect(c.kelly.fractions[0]).toBeLessThan(0.0990099);
    expect(c.covariance[1]).toBeGreaterThan(0);
  });
});

describe('risk of a P&L law', () => {
  it('VaR and CVaR at 95% of a bet that loses 1 with probability 0.5 or wins 1', () => {
    const r = riskSummary(
      [
        { x: -1, p: 0.5 },
        { x: 1, p: 0.5 },
      ],
      0.95,
    );
    expect(r.valueAtRisk).toBe(1);
    expect(r.conditionalValueAtRisk).toBeCloseTo(1, 12);
    expect(r.variance).toBeCloseTo(1, 12);
  });

  it('splits the atom at the quantile (CVaR between VaR and the worst loss)', () => {
    const r = riskSummary(
      [
        { x: -10, p: 0.02 },
        { x: -1, p: 0.08 },
        { x: 2, p: 0.9 },
      ],
      0.95,
    );
    expect(r.valueAtRisk).toBe(1);
    // worst 5%: 2% at −10 and 3% at −1
    expect(r.conditionalValueAtRisk).toBeCloseTo((0.02 * 10 + 0.03 * 1) / 0.05, 12);
  });
});

describe('payout rules', () => {
  it('a whole-slip price refunds on a push; per-leg prices drop the pushed leg; multiplier tables by live legs', () => {
    const price = compilePayout({ kind: 'american', odds: 260 }, 2);
    expect(slipReturn(price, [0, 0], [0, 1])).toBeCloseTo(3.6, 12);
    expect(slipReturn(price, [0, 1], [0, 1])).toBe(1);
    expect(slipReturn(price, [2, 1], [0, 1])).toBe(0);
    const legs = compilePayout({ kind: 'per-leg', decimals: [1.9, 2.1] }, 2);
    expect(slipReturn(legs, [0, 1], [0, 1])).toBeCloseTo(1.9, 12);
    expect(slipReturn(legs, [0, 0], [0, 1])).toBeCloseTo(3.99, 12);
    const table = compilePayout({ kind: 'multipliers', table: { 3: { 3: 5, 2: 1.25 }, 2: { 2: 3 } } }, 3);
    expect(slipReturn(table, [0, 0, 2], [0, 1, 2])).toBe(1.25);
    expect(slipReturn(table, [0, 2, 2], [0, 1, 2])).toBe(0);
    expect(slipReturn(table, [0, 0, 1], [0, 1, 2])).toBe(3);
    expect(slipReturn(table, [0, 1, 1], [0, 1, 2])).toBe(1);
  });

  it('rejects a payout that cannot be read, with SLIP_INVALID', () => {
    expect(() => compilePayout({ kind: 'american', odds: 50 }, 2)).toThrow(SimcastError);
    expect(() => compilePayout({ kind: 'per-leg', decimals: [1.9] }, 2)).toThrow(/one price per leg/);
    expect(() => compilePayout({ kind: 'multipliers', table: { 2: { 2: 3 } } }, 3)).toThrow(/no row for 3 legs/);
    try {
      compilePayout({ kind: 'decimal', odds: 1 }, 1);
    } catch (e) {
      expect((e as SimcastError).code).toBe('SLIP_INVALID');
    }
  });
});

describe('a slip', () => {
  it('two correlated legs at +260: joint probability, fair odds, EV, variance, VaR, Kelly', () => {
    const legs = [
      { pHit: 0.6, pPush: 0 },
      { pHit: 0.55, pPush: 0 },
    ];
    const s = evaluateSlip({ legs, correlation: [1, 0.4, 0.4, 1], stake: 10, payout: { kind: 'american', odds: 260 } });
    const p = bvnCdf(normalQuantile(0.6), normalQuantile(0.55), 0.4);
    expect(s.pJoint).toBeCloseTo(0.39322, 5);
    expect(s.pIndependent).toBeCloseTo(0.33, 12);
    expect(s.fairDecimal).toBeCloseTo(1 / p, 10);
    expect(s.expectedProfit).toBeCloseTo(10 * (p * 3.6 - 1), 10);
    expect(s.variance).toBeCloseTo(100 * 3.6 * 3.6 * p * (1 - p), 8);
    expect(s.valueAtRisk).toBe(10);
    expect(s.kellyFraction).toBeCloseTo((2.6 * p - (1 - p)) / 2.6, 8);
    expect(s.pairs[0].latent).toBe(0.4);
    expect(s.pairs[0].phi).toBeGreaterThan(0.2);
    expect(s.method).toBe('exact');
  });

  it('four legs by simulation: reproducible by seed, within Monte Carlo error of the exact 3-leg value when the 4th is sure', () => {
    const legs = [
      { pHit: 0.6, pPush: 0 },
      { pHit: 0.55, pPush: 0 },
      { pHit: 0.5, pPush: 0 },
      { pHit: 0.999999, pPush: 0 },
    ];
    const R = [1, 0.4, 0.2, 0.1, 0.4, 1, 0.3, 0.1, 0.2, 0.3, 1, 0.1, 0.1, 0.1, 0.1, 1];
    const a = evaluateSlip({ legs, correlation: R, stake: 1, payout: { kind: 'decimal', odds: 5 }, joint: { sims: 200_000, seed: 3 } });
    const b = evaluateSlip({ legs, correlation: R, stake: 1, payout: { kind: 'decimal', odds: 5 }, joint: { sims: 200_000, seed: 3 } });
    expect(a.method).toBe('simulate');
    expect(a.pJoint).toBe(b.pJoint);
    expect(Math.abs(a.pJoint - 0.2407997)).toBeLessThan(4 * a.seJoint);
  });

  it('refuses an empty slip and a stake that is not positive', () => {
    expect(() => evaluateSlip({ legs: [], correlation: [], stake: 1, payout: { kind: 'decimal', odds: 2 } })).toThrow(/at least one leg/);
    expect(() => evaluateSlip({ legs: [{ pHit: 0.5, pPush: 0 }], correlation: [1], stake: 0, payout: { kind: 'decimal', odds: 2 } })).toThrow(/stake/);
  });
});
