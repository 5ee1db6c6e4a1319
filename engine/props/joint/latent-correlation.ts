// From the correlation of observed outcomes to the correlation of the latent normals of a Gaussian
// copula (NORTA: NORmal To Anything). Each outcome is X = F⁻¹(Φ(Z)) for its own law F; the latent pair
// (Z1, Z2) has correlation ρ; the outcomes' Pearson correlation r(ρ) rises with ρ, so ρ is found by
// bisection on r(ρ) = r_observed.
//
// For discrete laws (every law here is: counts, whole yards, a leg's hit/miss) r(ρ) is exact through
// Hoeffding's covariance identity over the support points x_i (cut points z_i = Φ⁻¹(F(x_i))):
//   Cov(X1, X2) = Σ_i Σ_j Δx_i Δy_j [Φ2(z_i, w_j; ρ) − Φ(z_i) Φ(w_j)],   Δx_i = x_{i+1} − x_i.
// Two legs (hit/miss with P(hit) = pA, pB): r is the φ coefficient and
//   P(A ∧ B) = pA pB + φ √(pA(1−pA) pB(1−pB)) = Φ2(Φ⁻¹(pA), Φ⁻¹(pB); ρ).
import { normalQuantile } from '../../models/probit.js';
import { bvnCdf } from './bivariate-normal.js';

/**
 * The latent correlation of two legs on one quantity (a player's stat twice, a game's total twice): one
 * latent normal. 1 would make the matrix singular; at 0.999 two even legs join at 0.4929 against the
 * bound 0.5 (P = 1/4 + asin(ρ)/2π), and the projection to a positive definite matrix keeps it.
 */
export const SAME_QUANTITY_RHO = 0.999;

/** A law on finitely many points: values ascending, probabilities summing to 1. */
export interface DiscreteLaw {
  values: Float64Array;
  probs: Float64Array;
}

const RHO_MAX = 1 - 1e-12;

/** The latent correlation whose orthant probability is P(A ∧ B) = joint, by bisection (|error| < 1e-13). */
export function latentFromJoint(pA: number, pB: number, joint: number): number {
  checkProbability(pA, 'pA');
  checkProbability(pB, 'pB');
  if (!Number.isFinite(joint)) throw new RangeError(`joint probability must be finite (got ${joint})`);
  const a = normalQuantile(pA);
  const b = normalQuantile(pB);
  return bisect((rho) => bvnCdf(a, b, rho) - joint);
}

/** The latent correlation of two legs whose outcomes (hit = 1) have correlation φ. */
export function latentFromPhi(pA: number, pB: number, phi: number): number {
  checkProbability(pA, 'pA');
  checkProbability(pB, 'pB');
  return latentFromJoint(pA, pB, pA * pB + phi * Math.sqrt(pA * (1 - pA) * pB * (1 - pB)));
}

/** φ of two legs' outcomes for a latent correlation ρ (the inverse of latentFromPhi). */
export function phiFromLatent(pA: number, pB: number, rho: number): number {
  const joint = bvnCdf(normalQuantile(pA), normalQuantile(pB), rho);
  return (joint - pA * pB) / Math.sqrt(pA * (1 - pA) * pB * (1 - pB));
}

/** Pearson correlation of F1⁻¹(Φ(Z1)) and F2⁻¹(Φ(Z2)) for latent correlation ρ (exact for discrete laws). */
export function outcomeCorrelation(a: DiscreteLaw, b: DiscreteLaw, rho: number): number {
  const za = cutPoints(a);
  const zb = cutPoints(b);
  const fa = cumulative(a);
  const fb = cumulative(b);
  let cov = 0;
  for (let i = 0; i < za.length; i++) {
    const dx = a.values[i + 1] - a.values[i];
    for (let j = 0; j < zb.length; j++) {
      const dy = b.values[j + 1] - b.values[j];
      cov += dx * dy * (bvnCdf(za[i], zb[j], rho) - fa[i] * fb[j]);
    }
  }
  return cov / Math.sqrt(variance(a) * variance(b));
}

/** The latent ρ that gives outcome correlation r for these laws; ±1 when r is beyond what they attain. */
export function latentFromObserved(a: DiscreteLaw, b: DiscreteLaw, r: number, tol = 1e-14): number {
  if (!Number.isFinite(r) || Math.abs(r) > 1) throw new RangeError(`observed correlation must be in [-1, 1] (got ${r})`);
  if (variance(a) === 0 || variance(b) === 0) throw new RangeError('a law with a single point has no correlation');
  return bisect((rho) => outcomeCorrelation(a, b, rho) - r, tol);
}

/** Groups a law's points into at most `groups` runs of about equal probability, each at its mean (keeps bisection cheap). */
export function coarsen(law: DiscreteLaw, groups: number): DiscreteLaw {
  const n = law.values.length;
  if (n <= groups) return law;
  const values: number[] = [];
  const probs: number[] = [];
  let p = 0;
  let m = 0;
  let cum = 0;
  for (let i = 0; i < n; i++) {
    p += law.probs[i];
    m += law.probs[i] * law.values[i];
    cum += law.probs[i];
    if (cum >= (values.length + 1) / groups - 1e-12 || i === n - 1) {
      if (p > 0) {
        values.push(m / p);
        probs.push(p);
      }
      p = 0;
      m = 0;
    }
  }
  return { values: Float64Array.from(values), probs: Float64Array.from(probs) };
}

export function lawMean(law: DiscreteLaw): number {
  let m = 0;
  for (let i = 0; i < law.values.length; i++) m += law.values[i] * law.probs[i];
  return m;
}

function variance(law: DiscreteLaw): number {
  const m = lawMean(law);
  let v = 0;
  for (let i = 0; i < law.values.length; i++) v += law.probs[i] * (law.values[i] - m) ** 2;
  return v;
}

function cumulative(law: DiscreteLaw): Float64Array {
  const out = new Float64Array(law.values.length - 1);
  let c = 0;
  for (let i = 0; i < out.length; i++) {
    c += law.probs[i];
    out[i] = Math.min(1, c);
  }
  return out;
}

function cutPoints(law: DiscreteLaw): Float64Array {
  const f = cumulative(law);
  return f.map((c) => normalQuantile(c));
}

/** Root of an increasing g on (−1, 1); the nearer end when g keeps one sign. */
function bisect(g: (rho: number) => number, tol = 1e-14): number {
  let lo = -RHO_MAX;
  let hi = RHO_MAX;
  if (g(lo) >= 0) return -1;
  if (g(hi) <= 0) return 1;
  for (let it = 0; it < 200 && hi - lo > tol; it++) {
    const mid = (lo + hi) / 2;
    if (g(mid) < 0) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

function checkProbability(p: number, name: string): void {
  if (!(p > 0 && p < 1)) throw new RangeError(`${name} must be strictly between 0 and 1 (got ${p})`);
}

/**
 * The observed (Pearson) correlation of n pairs from their sums Σa, Σb, Σa², Σb², Σab, kept inside
 * (−0.999, 0.999) so the latent conversion stays finite; 0 when either side does not vary. With the
 * two variances, for callers that also need them (a standard error).
 */
export function momentCorrelation(n: number, sa: number, sb: number, saa: number, sbb: number, sab: number): { r: number; va: number; vb: number } {
  const va = saa / n - (sa / n) ** 2;
  const vb = sbb / n - (sb / n) ** 2;
  const cov = sab / n - (sa / n) * (sb / n);
  return { r: va > 0 && vb > 0 ? Math.max(-0.999, Math.min(0.999, cov / Math.sqrt(va * vb))) : 0, va, vb };
}
