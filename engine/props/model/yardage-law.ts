// Yardage as a fitted continuous law, read at whole yards: P(Y ≤ k) = G(k + ½). The spread grows with
// the mean but less than in proportion (a 250-yard passer varies by about a third, a 15-yard receiver by
// more than his mean): sd = c (μ + s)^γ. Two families, chosen per stat by likelihood on earlier games:
//   normal:              G(x) = Φ((x − μ)/sd)
//   shifted log-normal:  Y + s ~ LogNormal(m, σ²), σ² = ln(1 + sd²/(μ + s)²), m = ln(μ + s) − σ²/2
//   square-root normal:  Y + s = T², T ~ N(m, τ²), with τ² = (μ + s) − √((μ + s)² − sd²/2), m = √(μ + s − τ²)
//                        (exact mean and sd; a skew between the normal's and the log-normal's)
// (s lets rushing yards be negative; the skewed families suit receivers).
import { normalCdf } from '../../math/normal.js';
import type { LineOutcome } from './count-laws.js';

export interface YardageParams {
  family: 'normal' | 'sqrt' | 'lognormal';
  c: number;
  gamma: number;
  shift: number;
}

export function yardageSd(p: YardageParams, mean: number): number {
  return p.c * Math.max(mean + p.shift, 1) ** p.gamma;
}

/** G(x): the continuous CDF for a player whose expected yards are `mean`. */
export function yardageCdf(p: YardageParams, mean: number, x: number): number {
  const sd = yardageSd(p, mean);
  if (p.family === 'normal') return normalCdf((x - mean) / sd);
  const m0 = Math.max(mean + p.shift, 1e-6);
  const v = x + p.shift;
  if (v <= 0) return 0;
  if (p.family === 'sqrt') {
    const s2 = Math.min(sd * sd, 2 * m0 * m0 * (1 - 1e-9));
    const tau2 = m0 - Math.sqrt(m0 * m0 - s2 / 2);
    const m = Math.sqrt(Math.max(m0 - tau2, 0));
    const tau = Math.sqrt(Math.max(tau2, 1e-12));
    const r = Math.sqrt(v);
    return normalCdf((r - m) / tau) - normalCdf((-r - m) / tau);
  }
  const s2 = Math.log(1 + (sd * sd) / (m0 * m0));
  return normalCdf((Math.log(v) - (Math.log(m0) - s2 / 2)) / Math.sqrt(s2));
}

/** P(Y = y) at whole yards. */
export function yardageProbability(p: YardageParams, mean: number, y: number): number {
  return Math.max(0, yardageCdf(p, mean, y + 0.5) - yardageCdf(p, mean, y - 0.5));
}

export function yardageLineOutcome(p: YardageParams, mean: number, line: number): LineOutcome {
  if (!Number.isFinite(line)) throw new RangeError(`line must be a finite number (got ${line})`);
  if (Number.isInteger(line)) {
    const under = yardageCdf(p, mean, line - 0.5);
    const push = yardageProbability(p, mean, line);
    return { under, push, over: Math.max(0, 1 - under - push) };
  }
  const under = yardageCdf(p, mean, Math.floor(line) + 0.5);
  return { under, push: 0, over: 1 - under };
}

/** Mean log-likelihood of outcomes y given means μ (probabilities floored at 1e-7). */
export function yardageLogLik(p: YardageParams, y: ArrayLike<number>, mu: ArrayLike<number>): number {
  let ll = 0;
  for (let i = 0; i < y.length; i++) ll += Math.log(Math.max(1e-7, yardageProbability(p, mu[i], y[i])));
  return ll / Math.max(1, y.length);
}

const THRESHOLDS = [0.25, 0.5, 0.75, 1, 1.25, 1.5, 2];

/**
 * Mean threshold score of the law: Σ_t (G(t) − 1{y ≤ t})² at lines t = ⌊q μ⌋ + ½ for q in 0.25 .. 2,
 * a discretised CRPS around where prop lines sit (lower is better). The log-likelihood is dominated by
 * the tails and the zeros; this weighs what a line is priced from.
 */
export function yardageThresholdScore(p: YardageParams, y: ArrayLike<number>, mu: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    for (const q of THRESHOLDS) {
      const t = Math.floor(q * mu[i]) + 0.5;
      s += (yardageCdf(p, mu[i], t) - (y[i] <= t ? 1 : 0)) ** 2;
    }
  }
  return s / Math.max(1, y.length);
}

/**
 * Fits c and γ of each family (γ on a grid, ln c by golden section) by the threshold score, and for the
 * skewed families the shift too (a larger shift is a less skewed law), keeping the best. `shift` is the
 * smallest shift: how far below zero the stat reaches.
 */
export function fitYardageLaw(y: ArrayLike<number>, mu: ArrayLike<number>, minShift: number): YardageParams & { logLik: number; score: number } {
  let best: (YardageParams & { logLik: number; score: number }) | null = null;
  const candidates: [YardageParams['family'], number][] = [
    ['normal', minShift],
    ...[1, 4, 16].flatMap((k): [YardageParams['family'], number][] => [
      ['sqrt', minShift * k],
      ['lognormal', minShift * k],
    ]),
  ];
  for (const [family, shift] of candidates) {
    for (const gamma of [0.3, 0.5, 0.7, 0.9]) {
      const f = (lc: number) => -yardageThresholdScore({ family, c: Math.exp(lc), gamma, shift }, y, mu);
      let a = -3;
      let b = 5;
      const r = (Math.sqrt(5) - 1) / 2;
      let x1 = b - r * (b - a);
      let x2 = a + r * (b - a);
      let f1 = f(x1);
      let f2 = f(x2);
      for (let it = 0; it < 22; it++) {
        if (f1 > f2) {
          b = x2;
          x2 = x1;
          f2 = f1;
          x1 = b - r * (b - a);
          f1 = f(x1);
        } else {
          a = x1;
          x1 = x2;
          f1 = f2;
          x2 = a + r * (b - a);
          f2 = f(x2);
        }
      }
      const lc = (a + b) / 2;
      const score = -f(lc);
      const params = { family, c: Math.exp(lc), gamma, shift };
      if (!best || score < best.score) best = { ...params, score, logLik: yardageLogLik(params, y, mu) };
    }
  }
  return best!;
}
