// Is the predicted margin as large as the margins games end with? A model can be well calibrated on
// average and still overconfident on big favourites (a 15-point favourite winning 87% when such teams
// win 80%): bucketing games by the size of the predicted margin shows it.
import { normalCdf } from '../math/normal.js';

/** Bucket edges on |predicted margin| in points; the last bucket is open. */
export const MARGIN_BUCKETS = [0, 3, 7, 10, 14] as const;

export interface MarginBucket {
  /** |predicted margin| in [lo, hi); hi is null for the open last bucket. */
  lo: number;
  hi: number | null;
  games: number;
  /** Mean predicted margin, from the favourite's side. */
  predictedMargin: number;
  /** Mean actual margin, from the predicted favourite's side. */
  actualMargin: number;
  /** Mean predicted P(favourite wins). */
  predictedWin: number;
  /** How often the favourite won (a tie counts one half). */
  observedWin: number;
  /** Standard deviation of actual − predicted margin: the model assumes marginSd for every bucket. */
  residualSd: number;
}

/**
 * Buckets games by |m| where m = the predicted home margin and y = home margin as played; P(win) from
 * the model's own normal margin law, Φ(|m|/sd).
 */
export function marginCalibration(predicted: ArrayLike<number>, actual: ArrayLike<number>, sd: number): MarginBucket[] {
  const edges = MARGIN_BUCKETS;
  const acc = edges.map(() => ({ n: 0, pm: 0, am: 0, pw: 0, ow: 0, r: 0, r2: 0 }));
  for (let i = 0; i < predicted.length; i++) {
    const m = predicted[i];
    const side = m >= 0 ? 1 : -1;
    const fav = Math.abs(m);
    const got = side * actual[i];
    let k = edges.length - 1;
    while (k > 0 && fav < edges[k]) k--;
    const a = acc[k];
    a.n++;
    a.pm += fav;
    a.am += got;
    a.pw += normalCdf(fav / sd);
    a.ow += got > 0 ? 1 : got === 0 ? 0.5 : 0;
    a.r += got - fav;
    a.r2 += (got - fav) ** 2;
  }
  return acc.map((a, k) => ({
    lo: edges[k],
    hi: k + 1 < edges.length ? edges[k + 1] : null,
    games: a.n,
    predictedMargin: a.n ? a.pm / a.n : NaN,
    actualMargin: a.n ? a.am / a.n : NaN,
    predictedWin: a.n ? a.pw / a.n : NaN,
    observedWin: a.n ? a.ow / a.n : NaN,
    residualSd: a.n > 1 ? Math.sqrt(Math.max(0, (a.r2 - (a.r * a.r) / a.n) / (a.n - 1))) : NaN,
  }));
}
