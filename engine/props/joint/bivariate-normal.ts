// Bivariate normal probabilities by Genz's BVNU (Drezner & Wesolowsky's method with Gauss-Legendre
// rules of 6, 12 or 20 points by |ρ|; absolute error about 1e-15), the algorithm behind scipy's and R's
// mvtnorm bivariate case. Ported by hand: no maintained npm package has it, and it is a hot path of the
// exact parlay price and of the latent-correlation bisection.
import { normalCdf } from '../../math/normal.js';

const TWO_PI = 2 * Math.PI;

// Half of each symmetric Gauss-Legendre rule on [-1, 1]: nodes (negative half) and weights.
const NODES = [
  [-0.9324695142031522, -0.6612093864662647, -0.238619186083197],
  [-0.9815606342467191, -0.904117256370475, -0.769902674194305, -0.5873179542866171, -0.3678314989981802, -0.1252334085114692],
  [
    -0.9931285991850949, -0.9639719272779138, -0.9122344282513259, -0.8391169718222188, -0.7463319064601508, -0.636053680726515, -0.5108670019508271,
    -0.3737060887154196, -0.2277858511416451, -0.07652652113349733,
  ],
];
const WEIGHTS = [
  [0.1713244923791705, 0.3607615730481384, 0.4679139345726904],
  [0.04717533638651177, 0.1069393259953183, 0.1600783285433464, 0.2031674267230659, 0.2334925365383547, 0.2491470458134029],
  [
    0.01761400713915212, 0.04060142980038694, 0.06267204833410906, 0.08327674157670475, 0.1019301198172404, 0.1181945319615184, 0.1316886384491766,
    0.1420961093183821, 0.1491729864726037, 0.1527533871307259,
  ],
];

/** P(X > h, Y > k) for standard normals X, Y with correlation r. */
export function bvnUpper(h: number, k: number, r: number): number {
  if (h === Infinity || k === Infinity) return 0;
  if (h === -Infinity) return k === -Infinity ? 1 : normalCdf(-k);
  if (k === -Infinity) return normalCdf(-h);
  const ng = Math.abs(r) < 0.3 ? 0 : Math.abs(r) < 0.75 ? 1 : 2;
  const x = NODES[ng];
  const w = WEIGHTS[ng];
  let hk = h * k;
  let bvn = 0;
  if (Math.abs(r) < 0.925) {
    const hs = (h * h + k * k) / 2;
    const asr = Math.asin(r);
    for (let i = 0; i < x.length; i++) {
      let sn = Math.sin((asr * (x[i] + 1)) / 2);
      bvn += w[i] * Math.exp((sn * hk - hs) / (1 - sn * sn));
      sn = Math.sin((asr * (-x[i] + 1)) / 2);
      bvn += w[i] * Math.exp((sn * hk - hs) / (1 - sn * sn));
    }
    return (bvn * asr) / (2 * TWO_PI) + normalCdf(-h) * normalCdf(-k);
  }
  if (r < 0) {
    k = -k;
    hk = -hk;
  }
  if (Math.abs(r) < 1) {
    const as = (1 - r) * (1 + r);
    let a = Math.sqrt(as);
    const bs = (h - k) ** 2;
    const c = (4 - hk) / 8;
    const d = (12 - hk) / 16;
    bvn = a * Math.exp(-(bs / as + hk) / 2) * (1 - (c * (bs - as) * (1 - (d * bs) / 5)) / 3 + (c * d * as * as) / 5);
    if (hk > -160) {
      const b = Math.sqrt(bs);
      bvn -= Math.exp(-hk / 2) * Math.sqrt(TWO_PI) * normalCdf(-b / a) * b * (1 - (c * bs * (1 - (d * bs) / 5)) / 3);
    }
    a /= 2;
    for (let i = 0; i < x.length; i++) {
      let xs = (a * (x[i] + 1)) ** 2;
      let rs = Math.sqrt(1 - xs);
      bvn += a * w[i] * (Math.exp(-bs / (2 * xs) - hk / (1 + rs)) / rs - Math.exp(-(bs / xs + hk) / 2) * (1 + c * xs * (1 + d * xs)));
      xs = (as * (-x[i] + 1) ** 2) / 4;
      rs = Math.sqrt(1 - xs);
      bvn += a * w[i] * Math.exp(-(bs / xs + hk) / 2) * (Math.exp((-hk * (1 - rs)) / (2 * (1 + rs))) / rs - (1 + c * xs * (1 + d * xs)));
    }
    bvn = -bvn / TWO_PI;
  }
  if (r > 0) return bvn + normalCdf(-Math.max(h, k));
  bvn = -bvn;
  if (k > h) bvn += h < 0 ? normalCdf(k) - normalCdf(h) : normalCdf(-h) - normalCdf(-k);
  return Math.max(0, bvn);
}

/** P(X ≤ h, Y ≤ k) for standard normals with correlation r (infinite limits allowed). */
export function bvnCdf(h: number, k: number, r: number): number {
  return bvnUpper(-h, -k, r);
}

/** P(a1 < X ≤ b1, a2 < Y ≤ b2): a rectangle, by inclusion-exclusion on the CDF. */
export function bvnRectangle(a1: number, b1: number, a2: number, b2: number, r: number): number {
  if (!(b1 > a1) || !(b2 > a2)) return 0;
  const p = bvnCdf(b1, b2, r) - bvnCdf(a1, b2, r) - bvnCdf(b1, a2, r) + bvnCdf(a1, a2, r);
  return Math.max(0, p);
}
