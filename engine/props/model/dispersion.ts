// Dispersion of a count stat around its predicted means, measured on earlier games:
//   φ = Σ (y − μ̂)² / Σ μ̂   (1 for Poisson; NBA points ≈ 2.8, threes ≈ 1.1 in raw season terms)
// and the negative binomial size matching it by moments, Var = μ + μ²/r:
//   r = Σ μ̂² / Σ [(y − μ̂)² − μ̂]   (Poisson when the excess is not positive).

export interface Dispersion {
  /** variance / mean of y around μ̂ */
  phi: number;
  /** negative binomial size (Infinity = Poisson) */
  size: number;
  n: number;
}

export function measureDispersion(y: ArrayLike<number>, mu: ArrayLike<number>): Dispersion {
  let sq = 0;
  let sm = 0;
  let sm2 = 0;
  let n = 0;
  for (let i = 0; i < y.length; i++) {
    const m = mu[i];
    if (!(m > 0) || !Number.isFinite(y[i])) continue;
    sq += (y[i] - m) ** 2;
    sm += m;
    sm2 += m * m;
    n++;
  }
  if (n === 0 || sm === 0) return { phi: 1, size: Infinity, n };
  const excess = sq - sm;
  return { phi: sq / sm, size: excess > 0 ? sm2 / excess : Infinity, n };
}
