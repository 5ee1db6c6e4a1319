// Standard normal distribution. erfc comes from stdlib's fdlibm port (about 1 ulp), so tail
// probabilities stay accurate where 1 - erf would cancel.
import erfc from '@stdlib/math-base-special-erfc';

/** P(Z <= x) for a standard normal Z. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}
