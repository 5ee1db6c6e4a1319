// Trivariate normal CDF by conditioning on one variable:
//   P(Y1 ≤ h1, Y2 ≤ h2, Y3 ≤ h3) = ∫_{−∞}^{h1} φ(y) Φ2((h2 − r12 y)/s2, (h3 − r13 y)/s3; ρ23·1) dy,
//   s2 = √(1 − r12²), s3 = √(1 − r13²), ρ23·1 = (r23 − r12 r13) / (s2 s3),
// with the variable least correlated with the others as Y1 (the conditional stays far from singular).
// The integrand is smooth, so adaptive Gauss-Kronrod reaches 1e-12; below −9 the φ weight is < 1e-18.
import { bvnCdf } from './bivariate-normal.js';
import { integrate } from './quadrature.js';

const LOW = -9;
const MAX_R = 1 - 1e-12;

export function tvnCdf(h: readonly [number, number, number], r12: number, r13: number, r23: number): number {
  const r = [
    [1, r12, r13],
    [r12, 1, r23],
    [r13, r23, 1],
  ];
  // the conditioning variable: smallest largest |correlation| with the other two
  let first = 0;
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const m = Math.max(...[0, 1, 2].filter((j) => j !== i).map((j) => Math.abs(r[i][j])));
    if (m < best) {
      best = m;
      first = i;
    }
  }
  const [j, k] = [0, 1, 2].filter((x) => x !== first);
  const h1 = h[first];
  const h2 = h[j];
  const h3 = h[k];
  if (h1 === -Infinity || h2 === -Infinity || h3 === -Infinity) return 0;
  const a12 = clamp(r[first][j]);
  const a13 = clamp(r[first][k]);
  const s2 = Math.sqrt(1 - a12 * a12);
  const s3 = Math.sqrt(1 - a13 * a13);
  const rc = clamp((r[j][k] - a12 * a13) / (s2 * s3));
  const upper = Math.min(h1, 9);
  if (upper <= LOW) return 0;
  const f = (y: number) => Math.exp(-0.5 * y * y) * bvnCdf((h2 - a12 * y) / s2, (h3 - a13 * y) / s3, rc);
  const v = integrate(f, LOW, upper, 1e-14) / Math.sqrt(2 * Math.PI);
  // beyond [−9, 9] the φ weight is below 1e-18
  return Math.min(1, Math.max(0, v));
}

function clamp(x: number): number {
  return Math.max(-MAX_R, Math.min(MAX_R, x));
}
