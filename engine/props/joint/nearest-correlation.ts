// Nearest correlation matrix (Higham 2002: alternating projections with Dykstra's correction between
// the positive semidefinite cone and the unit-diagonal matrices), so that correlations estimated pair
// by pair, which need not be jointly consistent, can drive one simulation. Eigenvalues are floored at
// `minEigen` so the result has a Cholesky factor. ml-matrix does the symmetric eigendecomposition.
import { CholeskyDecomposition, EigenvalueDecomposition, Matrix } from 'ml-matrix';

export interface NearestCorrelation {
  /** Row-major n × n correlation matrix, positive definite. */
  matrix: Float64Array;
  /** Whether the input had to change (it was not positive definite). */
  adjusted: boolean;
  /** Frobenius distance from the input. */
  distance: number;
  iterations: number;
}

function toRows(a: ArrayLike<number>, n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => a[i * n + j]));
}

/** The smallest eigenvalue of a symmetric matrix. */
export function minEigenvalue(a: ArrayLike<number>, n: number): number {
  const e = new EigenvalueDecomposition(new Matrix(toRows(a, n)), { assumeSymmetric: true });
  return Math.min(...e.realEigenvalues);
}

export function nearestCorrelation(a: ArrayLike<number>, n: number, opts: { minEigen?: number; tol?: number; maxIter?: number } = {}): NearestCorrelation {
  if (a.length !== n * n) throw new RangeError(`matrix has ${a.length} entries, expected ${n}×${n}`);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const v = a[i * n + j];
      if (!Number.isFinite(v) || Math.abs(v - a[j * n + i]) > 1e-12) throw new RangeError('correlation matrix must be finite and symmetric');
    }
  }
  const minEigen = opts.minEigen ?? 1e-8;
  const input = Float64Array.from(a);
  for (let i = 0; i < n; i++) input[i * n + i] = 1;
  if (minEigenvalue(input, n) >= minEigen) return { matrix: input, adjusted: false, distance: 0, iterations: 0 };
  const tol = opts.tol ?? 1e-12;
  const maxIter = opts.maxIter ?? 500;
  let y: Float64Array = Float64Array.from(input);
  const ds = new Float64Array(n * n);
  let x: Float64Array = new Float64Array(n * n);
  let it = 0;
  for (; it < maxIter; it++) {
    const r = y.map((v, k) => v - ds[k]);
    x = projectPsd(r, n, minEigen);
    for (let k = 0; k < n * n; k++) ds[k] = x[k] - r[k];
    const next = Float64Array.from(x);
    for (let i = 0; i < n; i++) next[i * n + i] = 1;
    let diff = 0;
    let norm = 0;
    for (let k = 0; k < n * n; k++) {
      diff += (next[k] - y[k]) ** 2;
      norm += next[k] ** 2;
    }
    y = next;
    if (Math.sqrt(diff) <= tol * Math.sqrt(norm)) break;
  }
  // the unit diagonal may leave a hair below the floor: rescale the PSD iterate to unit diagonal instead
  const d = Array.from({ length: n }, (_, i) => Math.sqrt(x[i * n + i]));
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = i === j ? 1 : x[i * n + j] / (d[i] * d[j]);
  let dist = 0;
  for (let k = 0; k < n * n; k++) dist += (out[k] - input[k]) ** 2;
  return { matrix: out, adjusted: true, distance: Math.sqrt(dist), iterations: it + 1 };
}

function projectPsd(r: Float64Array, n: number, floor: number): Float64Array {
  const e = new EigenvalueDecomposition(new Matrix(toRows(r, n)), { assumeSymmetric: true });
  const v = e.eigenvectorMatrix;
  const lam = e.realEigenvalues.map((l) => Math.max(l, floor));
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += v.get(i, k) * lam[k] * v.get(j, k);
      out[i * n + j] = s;
      out[j * n + i] = s;
    }
  }
  return out;
}

/** Lower Cholesky factor (row-major) of a positive definite matrix; null when it is not. */
export function choleskyLower(a: ArrayLike<number>, n: number): Float64Array | null {
  const c = new CholeskyDecomposition(new Matrix(toRows(a, n)));
  if (!c.isPositiveDefinite()) return null;
  const l = c.lowerTriangularMatrix;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) out[i * n + j] = l.get(i, j);
  return out;
}
