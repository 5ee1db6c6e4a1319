// Logistic regression fitted by iteratively reweighted least squares (Newton's method on the log
// likelihood), with an optional ridge penalty on the non-intercept weights.
//
//   p_i = σ(x_i · β),  σ(z) = 1 / (1 + e^{−z})
//   each step: W = diag(p_i (1 − p_i)),  β ← β + (Xᵀ W X + λ I′)⁻¹ (Xᵀ (y − p) − λ I′ β)
//   (I′ = identity with 0 for the intercept column); stops when max |Δβ| < tol.
// Rows are a flat Float64Array (row-major, n × d); y may hold 0, 1 or 0.5 (a tie); weights optional.

interface LogisticFit {
  coef: Float64Array;
  iterations: number;
  converged: boolean;
  logLoss: number;
}

interface LogisticOptions {
  ridge?: number;
  maxIter?: number;
  tol?: number;
  /** Column that is the intercept (not penalised); -1 for none. Default 0. */
  intercept?: number;
  weights?: Float64Array;
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

export function logit(p: number): number {
  const q = Math.min(1 - 1e-12, Math.max(1e-12, p));
  return Math.log(q / (1 - q));
}

/** Solves A x = b (A: d × d row-major, symmetric positive definite) by Cholesky; null when A is not. */
export function choleskySolve(a: Float64Array, b: Float64Array, d: number): Float64Array | null {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * d + j];
      for (let k = 0; k < j; k++) s -= l[i * d + k] * l[j * d + k];
      if (i === j) {
        if (s <= 0) return null;
        l[i * d + i] = Math.sqrt(s);
      } else l[i * d + j] = s / l[j * d + j];
    }
  }
  const z = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * d + k] * z[k];
    z[i] = s / l[i * d + i];
  }
  const x = new Float64Array(d);
  for (let i = d - 1; i >= 0; i--) {
    let s = z[i];
    for (let k = i + 1; k < d; k++) s -= l[k * d + i] * x[k];
    x[i] = s / l[i * d + i];
  }
  return x;
}

export function fitLogistic(x: Float64Array, y: Float64Array, d: number, opts: LogisticOptions = {}): LogisticFit {
  const n = y.length;
  if (x.length !== n * d) throw new RangeError(`fitLogistic: x has ${x.length} values, expected ${n} × ${d}`);
  const ridge = opts.ridge ?? 1e-6;
  const maxIter = opts.maxIter ?? 50;
  const tol = opts.tol ?? 1e-10;
  const icpt = opts.intercept ?? 0;
  const w = opts.weights;
  const beta = new Float64Array(d);
  const h = new Float64Array(d * d);
  const g = new Float64Array(d);
  let it = 0;
  let converged = false;
  for (; it < maxIter && !converged; it++) {
    h.fill(0);
    g.fill(0);
    for (let i = 0; i < n; i++) {
      const o = i * d;
      let z = 0;
      for (let j = 0; j < d; j++) z += x[o + j] * beta[j];
      const p = sigmoid(z);
      const wi = w ? w[i] : 1;
      const v = wi * Math.max(p * (1 - p), 1e-12);
      const r = wi * (y[i] - p);
      for (let j = 0; j < d; j++) {
        const xj = x[o + j];
        g[j] += xj * r;
        for (let k = 0; k <= j; k++) h[j * d + k] += v * xj * x[o + k];
      }
    }
    for (let j = 0; j < d; j++) {
      for (let k = 0; k < j; k++) h[k * d + j] = h[j * d + k];
      if (j !== icpt) {
        h[j * d + j] += ridge;
        g[j] -= ridge * beta[j];
      }
    }
    const step = choleskySolve(h, g, d);
    if (step === null) break;
    let max = 0;
    for (let j = 0; j < d; j++) {
      beta[j] += step[j];
      max = Math.max(max, Math.abs(step[j]));
    }
    converged = max < tol;
  }
  let ll = 0;
  let wsum = 0;
  for (let i = 0; i < n; i++) {
    let z = 0;
    for (let j = 0; j < d; j++) z += x[i * d + j] * beta[j];
    const p = Math.min(1 - 1e-15, Math.max(1e-15, sigmoid(z)));
    const wi = w ? w[i] : 1;
    ll -= wi * (y[i] * Math.log(p) + (1 - y[i]) * Math.log(1 - p));
    wsum += wi;
  }
  return { coef: beta, iterations: it, converged, logLoss: ll / Math.max(wsum, 1e-300) };
}

export function predictLogistic(coef: ArrayLike<number>, row: ArrayLike<number>): number {
  let z = 0;
  for (let j = 0; j < coef.length; j++) z += coef[j] * row[j];
  return sigmoid(z);
}

/**
 * Weighted least squares with a small ridge on the non-intercept columns: β = (XᵀWX + λI′)⁻¹ XᵀWy.
 * Used for the expected margin and total. Same row layout as fitLogistic.
 */
export function fitLinear(
  x: Float64Array,
  y: Float64Array,
  d: number,
  opts: { ridge?: number; weights?: Float64Array; intercept?: number } = {},
): { coef: Float64Array; residualSd: number } {
  const n = y.length;
  if (x.length !== n * d) throw new RangeError(`fitLinear: x has ${x.length} values, expected ${n} × ${d}`);
  const ridge = opts.ridge ?? 1e-6;
  const icpt = opts.intercept ?? 0;
  const w = opts.weights;
  const h = new Float64Array(d * d);
  const g = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    const wi = w ? w[i] : 1;
    for (let j = 0; j < d; j++) {
      const xj = x[o + j] * wi;
      g[j] += xj * y[i];
      for (let k = 0; k <= j; k++) h[j * d + k] += xj * x[o + k];
    }
  }
  for (let j = 0; j < d; j++) {
    for (let k = 0; k < j; k++) h[k * d + j] = h[j * d + k];
    if (j !== icpt) h[j * d + j] += ridge;
  }
  const coef = choleskySolve(h, g, d) ?? new Float64Array(d);
  let ss = 0;
  let ws = 0;
  for (let i = 0; i < n; i++) {
    let z = 0;
    for (let j = 0; j < d; j++) z += x[i * d + j] * coef[j];
    const wi = w ? w[i] : 1;
    ss += wi * (y[i] - z) ** 2;
    ws += wi;
  }
  return { coef, residualSd: Math.sqrt(ss / Math.max(ws, 1e-300)) };
}
