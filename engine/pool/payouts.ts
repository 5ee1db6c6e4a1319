// Payouts by finishing place (1 = winner takes all; 70/20/10 for a top three), ties splitting the prize:
// an entry tied with k others at rank a + 1 gets the mean of the payouts of ranks a + 1 .. a + k + 1.
//
// Against n opponents drawn independently from one distribution (given the tournament), each above our
// score with probability a, tied with b, below with c, the expected prize has a closed form. Break ties
// by uniform keys: with ours at v, each opponent is above us with q(v) = a + b(1 - v), so the number
// above is Binomial(n, q(v)) and
//   E[prize] = sum_r pay[r] * integral_0^1 Bin(n, q(v)).pmf(r) dv
//            = sum_r pay[r] * (F_r(a) - F_r(a + b)) / ((n + 1) b),  F_r(q) = P(Bin(n + 1, q) <= r),
// since d/dq P(Bin(n + 1, q) >= r + 1) = (n + 1) Bin(n, q).pmf(r). For one payout this is
// ((b + c)^(n+1) - c^(n+1)) / ((n + 1) b): the chance to win the pool, ties split.
import { SimcastError } from '../../core/errors.js';

/** Checked payouts by place; `entrants` counts every entry (ours included). */
export function validatePayouts(payouts: readonly number[], entrants: number): Float64Array {
  if (!Array.isArray(payouts) || payouts.length === 0) throw new SimcastError('POOL_INVALID', 'payouts need at least one place');
  for (const p of payouts) {
    if (!(Number.isFinite(p) && p >= 0)) throw new SimcastError('POOL_INVALID', `payouts must be non-negative numbers (got ${p})`);
  }
  if (!payouts.some((p) => p > 0)) throw new SimcastError('POOL_INVALID', 'payouts pay nothing: at least one place must be positive');
  let last = payouts.length;
  while (payouts[last - 1] === 0) last--;
  if (last > entrants) throw new SimcastError('POOL_INVALID', `payouts pay ${last} places, but the pool has ${entrants} entries`);
  return Float64Array.from(payouts.slice(0, last));
}

/** "70,20,10" → numbers. */
export function parsePayouts(text: string): number[] {
  return text.split(',').map((s) => {
    const v = s.trim() === '' ? NaN : Number(s);
    if (!(Number.isFinite(v) && v >= 0)) throw new SimcastError('POOL_INVALID', `payouts must be comma-separated non-negative numbers (got '${text}')`);
    return v;
  });
}

/** Binomial(n, q) pmf at 0..r into out[0..r]. */
function binomialHead(n: number, q: number, r: number, out: Float64Array): void {
  if (q <= 0) {
    out.fill(0, 0, r + 1);
    out[0] = 1;
    return;
  }
  if (q >= 1) {
    out.fill(0, 0, r + 1);
    if (n <= r) out[n] = 1;
    return;
  }
  let term = Math.pow(1 - q, n);
  const ratio = q / (1 - q);
  for (let k = 0; k <= r; k++) {
    out[k] = k <= n ? term : 0;
    term *= ((n - k) / (k + 1)) * ratio;
  }
}

/** Scratch space for prize computations (one per caller: no module state). */
export class PrizeScratch {
  readonly lo: Float64Array;
  readonly hi: Float64Array;
  readonly below: Float64Array;
  constructor(
    readonly places: number,
    bins: number,
  ) {
    this.lo = new Float64Array(places + 1);
    this.hi = new Float64Array(places + 1);
    this.below = new Float64Array(bins + 1);
  }
}

/** Expected prize against n iid opponents: P(above) = a, P(tie) = b, P(below) = c (a + b + c = 1). */
export function expectedPrize(pay: Float64Array, n: number, a: number, b: number, c: number, scratch: PrizeScratch): number {
  const P = pay.length;
  if (P === 1) return pay[0] * winShare(n, b, c);
  const x = (n + 1) * b;
  let e = 0;
  if (x < 1e-5) {
    // Tiny tie mass: the integrand barely moves over [a, a + b]; its midpoint is exact to O(x^2).
    binomialHead(n, a + b / 2, P - 1, scratch.lo);
    for (let r = 0; r < P; r++) e += pay[r] * scratch.lo[r];
    return e;
  }
  binomialHead(n + 1, a, P - 1, scratch.lo);
  binomialHead(n + 1, a + b > 1 ? 1 : a + b, P - 1, scratch.hi);
  let Flo = 0;
  let Fhi = 0;
  for (let r = 0; r < P; r++) {
    Flo += scratch.lo[r];
    Fhi += scratch.hi[r];
    e += pay[r] * (Flo - Fhi);
  }
  return e / x;
}

/** P(we finish first, ties split) against n iid opponents: ((b + c)^(n+1) - c^(n+1)) / ((n + 1) b). */
export function winShare(n: number, b: number, c: number): number {
  if (b <= 0) return Math.pow(c, n);
  if (c <= 0) return Math.pow(b, n) / (n + 1);
  if (b >= c) return (Math.pow(b + c, n + 1) - Math.pow(c, n + 1)) / ((n + 1) * b);
  // b < c: c^(n+1) ((1 + b/c)^(n+1) - 1), without the cancellation of the difference.
  return (Math.pow(c, n + 1) * Math.expm1((n + 1) * Math.log1p(b / c))) / ((n + 1) * b);
}

/**
 * prize[u] for every score u on the grid, from the distribution of one opponent's score (pmf over the
 * grid) and n opponents. The prize does not fall as our score rises, so below the first u where it
 * underflows to zero every value is zero.
 */
export function prizeTable(pmf: Float64Array, bins: number, n: number, pay: Float64Array, out: Float64Array, outOffset: number, scratch: PrizeScratch): void {
  // below[u] summed from the bottom, above from the top: each tail keeps its own precision.
  const below = scratch.below;
  below[0] = 0;
  for (let u = 0; u < bins; u++) below[u + 1] = below[u] + pmf[u];
  let above = 0;
  for (let u = bins - 1; u >= 0; u--) {
    const b = pmf[u];
    const v = expectedPrize(pay, n, above, b, below[u], scratch);
    out[outOffset + u] = v;
    above += b;
    if (v < 1e-300) {
      out.fill(0, outOffset, outOffset + u);
      return;
    }
  }
}

/** payTable[a * (M + 1) + k]: prize with a opponents above and k tied, M opponents in all. */
export function finitePayTable(pay: Float64Array, opponents: number): Float64Array {
  const M1 = opponents + 1;
  const tab = new Float64Array(M1 * M1);
  for (let a = 0; a < M1; a++) {
    for (let k = 0; a + k < M1; k++) {
      let s = 0;
      for (let r = a; r <= a + k && r < pay.length; r++) s += pay[r];
      tab[a * M1 + k] = s / (k + 1);
    }
  }
  return tab;
}

/**
 * prize[u] from the opponents' scores of one tournament counted by grid value (counts[v] opponents
 * scored v): exact for that one field of opponents.
 */
export function prizeTableFromCounts(counts: Int32Array, bins: number, opponents: number, tab: Float64Array, out: Float64Array, outOffset: number): void {
  const M1 = opponents + 1;
  let above = 0;
  for (let u = bins - 1; u >= 0; u--) {
    const k = counts[u];
    out[outOffset + u] = tab[above * M1 + k];
    above += k;
  }
}
