// Pool scoring: points per correct pick by round (ESPN: 10-20-40-80-160-320), optionally with a bonus by
// the winner's seed, added to or multiplied with the round's points (as mRchmadness allows). Play-in
// games are not scored. Scores are also laid on an integer grid (a common unit of every point value)
// so that the opponents' score distribution is an array indexed by score (opponent-score.ts); when the
// grid would be too fine, points are rounded to a coarser one and the result says so.
import { SimcastError } from '../../core/errors.js';
import type { PoolBracket } from './pool-bracket.js';

export interface PoolScoring {
  /** Points for a correct pick in each pool round (first full round first). */
  roundPoints: number[];
  /** Bonus by the winning team's seed: seedBonus[seed - 1]. */
  seedBonus?: number[];
  /** How the seed bonus combines with the round's points (default add). */
  combine?: 'add' | 'multiply';
}

export const ESPN_ROUND_POINTS: readonly number[] = [10, 20, 40, 80, 160, 320];

/** ESPN's points for a bracket of `rounds` pool rounds: 10, 20, 40, ... (doubling). */
export function defaultScoring(rounds: number): PoolScoring {
  return { roundPoints: Array.from({ length: rounds }, (_, r) => ESPN_ROUND_POINTS[r] ?? 10 * 2 ** r) };
}

/** "10,20,40,80,160,320" → numbers (for interfaces); each must be a finite non-negative number. */
export function parsePointsList(text: string, what = 'scoring'): number[] {
  const parts = text.split(',').map((s) => s.trim());
  return parts.map((p) => {
    const v = p === '' ? NaN : Number(p);
    if (!(Number.isFinite(v) && v >= 0)) throw new SimcastError('POOL_INVALID', `${what} must be comma-separated non-negative numbers (got '${text}')`);
    return v;
  });
}

export interface PointsGrid {
  /** Columns per team: rounds + 1 (0..rounds wins). */
  width: number;
  /** cum[i * width + k]: points of main team i's first k wins, exactly. */
  cum: Float64Array;
  /** The same in grid units (integers). */
  cumUnits: Int32Array;
  /** units[j * size + i]: grid units for team i winning pool game j (0 if it cannot reach j). */
  units: Int32Array;
  /** Points per grid unit. */
  unit: number;
  /** True when every point value is a whole number of units (scores and ties are exact). */
  exact: boolean;
  /** Highest possible score in units + 1: the length of a score distribution. */
  bins: number;
}

/** Default upper limit of the grid: ESPN's 1,920 points in steps of 10 (193 values) fit. */
export const DEFAULT_MAX_BINS = 256;

export function validateScoring(s: PoolScoring, pb: PoolBracket): void {
  if (!Array.isArray(s.roundPoints) || s.roundPoints.length !== pb.rounds) {
    throw new SimcastError('POOL_INVALID', `scoring needs points for each of the ${pb.rounds} rounds after the play-ins (got ${s.roundPoints?.length ?? 0})`);
  }
  for (const v of s.roundPoints)
    if (!(Number.isFinite(v) && v >= 0)) throw new SimcastError('POOL_INVALID', `round points must be non-negative numbers (got ${v})`);
  if (s.combine !== undefined && s.combine !== 'add' && s.combine !== 'multiply') {
    throw new SimcastError('POOL_INVALID', `seed bonuses combine by add or multiply (got '${String(s.combine)}')`);
  }
  if (s.seedBonus === undefined) return;
  for (const v of s.seedBonus)
    if (!(Number.isFinite(v) && v >= 0)) throw new SimcastError('POOL_INVALID', `seed bonuses must be non-negative numbers (got ${v})`);
  pb.seeds.forEach((seed, i) => {
    if (seed === null) throw new SimcastError('POOL_INVALID', `'${pb.names[i]}' has no seed, so seed bonuses cannot apply`);
    if (seed > s.seedBonus!.length)
      throw new SimcastError('POOL_INVALID', `'${pb.names[i]}' has seed ${seed}, but seed bonuses are given for seeds 1..${s.seedBonus!.length}`);
  });
}

/** Points for main team i winning pool game j. */
export function pickPoints(s: PoolScoring, pb: PoolBracket, i: number, j: number): number {
  const base = s.roundPoints[pb.round[j] - 1];
  if (s.seedBonus === undefined) return base;
  const bonus = s.seedBonus[(pb.seeds[i] ?? 1) - 1];
  return s.combine === 'multiply' ? base * bonus : base + bonus;
}

export function pointsGrid(s: PoolScoring, pb: PoolBracket, maxBins = DEFAULT_MAX_BINS): PointsGrid {
  validateScoring(s, pb);
  const S = pb.size;
  const J = pb.gameCount;
  const R = pb.rounds;
  const W = R + 1;
  const pts = new Float64Array(J * S);
  for (let j = 0; j < J; j++) for (let i = pb.lo[j]; i < pb.hi[j]; i++) pts[j * S + i] = pickPoints(s, pb, i, j);
  const maxPoints = subtreeMax(pb, pts)[J - 1];
  // A common unit: the values as integers after scaling by 10^d, divided by their gcd.
  let unit = 0;
  let exact = false;
  for (let d = 0; d <= 6 && !exact; d++) {
    const scale = 10 ** d;
    let g = 0;
    let ok = true;
    for (const v of pts) {
      const x = v * scale;
      const n = Math.round(x);
      if (Math.abs(x - n) > 1e-9 * Math.max(1, x)) {
        ok = false;
        break;
      }
      g = gcd(g, n);
    }
    if (!ok) continue;
    if (g === 0) {
      unit = 1;
      exact = true;
    } else if ((maxPoints * scale) / g + 1 <= maxBins) {
      unit = g / scale;
      exact = true;
    } else break;
  }
  if (!exact) unit = maxPoints / (maxBins - 1);
  const units = new Int32Array(J * S);
  for (let x = 0; x < pts.length; x++) units[x] = Math.round(pts[x] / unit);
  const cum = new Float64Array(S * W);
  const cumUnits = new Int32Array(S * W);
  for (let i = 0; i < S; i++) {
    for (let k = 1; k < W; k++) {
      const j = k <= pb.pathLength[i] ? pb.path[i * R + k - 1] : -1;
      cum[i * W + k] = cum[i * W + k - 1] + (j >= 0 ? pts[j * S + i] : 0);
      cumUnits[i * W + k] = cumUnits[i * W + k - 1] + (j >= 0 ? units[j * S + i] : 0);
    }
  }
  // Grid length from the rounded values (rounding can move the highest score by a few units).
  const subU = subtreeMax(pb, units);
  return { width: W, cum, cumUnits, units, unit, exact, bins: subU[J - 1] + 1 };
}

/**
 * Highest points in each game's subtree over all brackets, by dynamic programming (best[j][i] = most
 * points in j's subtree with i winning j); value[j * size + i] = points for i winning j.
 */
export function subtreeMax(pb: PoolBracket, value: ArrayLike<number>): Float64Array {
  const S = pb.size;
  const J = pb.gameCount;
  const best = new Float64Array(J * S);
  const sub = new Float64Array(J);
  for (let j = 0; j < J; j++) {
    const A = pb.childA[j];
    const B = pb.childB[j];
    const aHi = A >= 0 ? pb.hi[A] : -A;
    let top = 0;
    for (let i = pb.lo[j]; i < pb.hi[j]; i++) {
      const own = i < aHi ? A : B;
      const other = i < aHi ? B : A;
      const v = value[j * S + i] + (own >= 0 ? best[own * S + i] : 0) + (other >= 0 ? sub[other] : 0);
      best[j * S + i] = v;
      if (v > top) top = v;
    }
    sub[j] = top;
  }
  return sub;
}

function gcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b) [a, b] = [b, a % b];
  return a;
}

/** An entry's points in one tournament: entry and outcome as wins per main team. */
export function entryPoints(grid: PointsGrid, entry: Uint8Array, outcome: Uint8Array, outcomeOffset = 0): number {
  const W = grid.width;
  let s = 0;
  for (let i = 0; i < entry.length; i++) {
    const o = outcome[outcomeOffset + i];
    const e = entry[i];
    s += grid.cum[i * W + (e < o ? e : o)];
  }
  return s;
}

export function entryUnits(grid: PointsGrid, entry: Uint8Array, outcome: Uint8Array, outcomeOffset = 0): number {
  const W = grid.width;
  let s = 0;
  for (let i = 0; i < entry.length; i++) {
    const o = outcome[outcomeOffset + i];
    const e = entry[i];
    s += grid.cumUnits[i * W + (e < o ? e : o)];
  }
  return s;
}
