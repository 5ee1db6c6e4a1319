// Monte Carlo simulation of one game, seeded and allocation-free per simulation.
//
// Normal model (NFL, NBA): margin_i = μ_m + σ_m · z_i, total_i = μ_t + σ_t · z'_i with independent
// standard normals; home wins when margin_i > 0, covers a home line s when margin_i + s > 0 (a push when
// the rounded margin equals −s exactly, for whole-number lines), goes over a total line L when total_i > L.
// Poisson model (low scoring): home_i ~ Poisson(μ_h), away_i ~ Poisson(μ_a) by inversion; margin and
// total are their difference and sum (draws possible).
// The margin distribution is a histogram of margins rounded to whole points, clamped to ±MARGIN_RANGE.
//
// Two entry points:
//   simulateGame(input): pure, no state: draws the seed's numbers and loops over them (job kinds, where
//     every block has a seed of its own).
//   GameSimulator: owned by a league state (engine/models/league-state.ts), keeps the draws of the last
//     few (seed, sims) pairs in its own bounded cache, and runs the normal game by the algorithm its
//     caller names: 'loop' (the plain loop) or 'counted' (binary searches over the draws sorted once,
//     ~15x faster when one seed is reused, as predictions do). Both give the same counts to the bit
//     (test/models-montecarlo.test.ts). Nothing it returns is shared with its cache.
//
// Draws: xoshiro128** inlined with its state in locals, seeded through seedrandom's ARC4
// (engine/random/stream-scheme.ts blockState), Marsaglia's polar Box-Muller in pairs.
import { fillDraws } from '../random/draws.js';
import { blockState } from '../random/stream-scheme.js';
import { type Seed } from '../../core/seed.js';

export const DEFAULT_SIMS = 10_000;
const MAX_SIMS = 1_000_000;
export const MARGIN_RANGE = 80;

interface GameSimInput {
  kind: 'normal' | 'poisson';
  /** normal: expected home margin and total, with their standard deviations */
  expectedMargin?: number;
  expectedTotal?: number;
  marginSd?: number;
  totalSd?: number;
  /** poisson: expected home and away scores */
  muHome?: number;
  muAway?: number;
  /** the home line (negative = home favoured) and the total line, when asked */
  spread?: number | null;
  total?: number | null;
  sims?: number;
  seed?: Seed;
}

type NormalGameInput = Omit<GameSimInput, 'kind' | 'muHome' | 'muAway'>;
type PoissonGameInput = Omit<GameSimInput, 'kind' | 'expectedMargin' | 'expectedTotal' | 'marginSd' | 'totalSd'>;

/** How a normal game is simulated: the plain loop over the draws, or counted over them sorted (same counts). */
export type GameSimAlgorithm = 'loop' | 'counted';

export interface GameSimResult {
  sims: number;
  pHome: number;
  pAway: number;
  pDraw: number;
  pCover: number | null;
  pSpreadPush: number | null;
  pOver: number | null;
  pTotalPush: number | null;
  meanMargin: number;
  meanTotal: number;
  /** probability of each whole-point margin from −MARGIN_RANGE (index 0) to +MARGIN_RANGE (the caller's own array) */
  margins: Float64Array;
}

function checkSims(sims: number): number {
  if (!Number.isSafeInteger(sims) || sims < 1 || sims > MAX_SIMS) throw new RangeError(`sims must be an integer from 1 to ${MAX_SIMS}`);
  return sims;
}

/** `count` draws for a seed: standard normals ('n') or uniforms in (0,1) ('u'), freshly drawn. */
function drawSeeded(seed: Seed, count: number, what: 'n' | 'u'): Float64Array {
  return fillDraws(blockState(seed, 0), new Float64Array(count), what === 'n' ? 'normal' : 'uniform');
}

/** One game by the plain loop, its draws made for this call: the pure form job kinds use. */
export function simulateGame(input: GameSimInput): GameSimResult {
  const sims = checkSims(input.sims ?? DEFAULT_SIMS);
  const seed = input.seed ?? 0;
  return input.kind === 'normal' ? loopNormalGame(input, sims, drawSeeded(seed, 2 * sims, 'n')) : loopPoissonGame(input, sims, drawSeeded(seed, 2 * sims, 'u'));
}

interface SortedNormals {
  margin: Float64Array;
  total: Float64Array;
  sumMargin: number;
  sumTotal: number;
}

/** A small FIFO map: the oldest entry leaves when a new one would exceed `max`. */
class Bounded<V> {
  private readonly m = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(k: string): V | undefined {
    return this.m.get(k);
  }
  set(k: string, v: V): V {
    if (this.m.size >= this.max) this.m.delete(this.m.keys().next().value!);
    this.m.set(k, v);
    return v;
  }
}

const seedKey = (seed: Seed, sims: number) => `${typeof seed}|${seed}|${sims}`;

/**
 * Game simulations with the draws of the last few (seed, sims) pairs kept, so a league state answering
 * many predictions on one seed draws (and sorts) them once. The cache is this object's alone: the results
 * are computed from it, never handed out of it.
 */
export class GameSimulator {
  private readonly normals: Bounded<Float64Array>;
  private readonly uniforms: Bounded<Float64Array>;
  private readonly sorted: Bounded<SortedNormals>;

  /** cacheSize: (seed, sims) pairs kept per kind of draw (each 10,000-simulation pair is 160 KB). */
  constructor(cacheSize = 8) {
    if (!Number.isSafeInteger(cacheSize) || cacheSize < 1) throw new RangeError('cacheSize must be a positive integer');
    this.normals = new Bounded(cacheSize);
    this.uniforms = new Bounded(cacheSize);
    this.sorted = new Bounded(cacheSize);
  }

  /** A normal-scoring game by the algorithm named; 'counted' needs finite inputs and positive sds. */
  normal(input: NormalGameInput, algorithm: GameSimAlgorithm): GameSimResult {
    const sims = checkSims(input.sims ?? DEFAULT_SIMS);
    const seed = input.seed ?? 0;
    if (algorithm === 'loop') return loopNormalGame(input, sims, this.normalDraws(seed, sims));
    if (algorithm !== 'counted') throw new RangeError(`algorithm must be loop or counted (got '${String(algorithm)}')`);
    const sm = input.marginSd ?? DEFAULT_MARGIN_SD;
    const st = input.totalSd ?? DEFAULT_TOTAL_SD;
    if (!(sm > 0 && st > 0 && Number.isFinite(sm + st + (input.expectedMargin ?? 0) + (input.expectedTotal ?? 0) + (input.spread ?? 0) + (input.total ?? 0)))) {
      throw new RangeError('the counted algorithm needs finite means and lines and positive standard deviations');
    }
    return countNormalGame(input, sims, this.sortedNormals(seed, sims));
  }

  /** A Poisson-scoring game (always the loop: its margin is not monotone in one draw). */
  poisson(input: PoissonGameInput): GameSimResult {
    const sims = checkSims(input.sims ?? DEFAULT_SIMS);
    const seed = input.seed ?? 0;
    const key = seedKey(seed, 2 * sims);
    const u = this.uniforms.get(key) ?? this.uniforms.set(key, drawSeeded(seed, 2 * sims, 'u'));
    return loopPoissonGame(input, sims, u);
  }

  private normalDraws(seed: Seed, sims: number): Float64Array {
    const key = seedKey(seed, sims);
    return this.normals.get(key) ?? this.normals.set(key, drawSeeded(seed, 2 * sims, 'n'));
  }

  /** The seed's margin draws (even indices) and total draws (odd indices), each sorted ascending, and their sums. */
  private sortedNormals(seed: Seed, sims: number): SortedNormals {
    const key = seedKey(seed, sims);
    const hit = this.sorted.get(key);
    if (hit) return hit;
    const z = this.normalDraws(seed, sims);
    const margin = new Float64Array(sims);
    const total = new Float64Array(sims);
    let sumMargin = 0;
    let sumTotal = 0;
    for (let i = 0; i < sims; i++) {
      margin[i] = z[2 * i];
      total[i] = z[2 * i + 1];
      sumMargin += margin[i];
      sumTotal += total[i];
    }
    margin.sort();
    total.sort();
    return this.sorted.set(key, { margin, total, sumMargin, sumTotal });
  }
}

const DEFAULT_MARGIN_SD = 13.45;
const DEFAULT_TOTAL_SD = 13.5;

const GUIDE = 256;

/** Inverse-CDF table of Poisson(mu) with a guide table: draw(u) is O(1) on average. */
function poissonTable(mu: number): { cdf: Float64Array; guide: Int32Array } {
  const kMax = Math.ceil(mu + 12 * Math.sqrt(mu) + 20);
  const cdf = new Float64Array(kMax + 1);
  let p = Math.exp(-mu);
  let c = 0;
  for (let k = 0; k <= kMax; k++) {
    c += p;
    cdf[k] = c;
    p *= mu / (k + 1);
  }
  cdf[kMax] = 1;
  const guide = new Int32Array(GUIDE);
  let k = 0;
  for (let j = 0; j < GUIDE; j++) {
    while (cdf[k] <= j / GUIDE) k++;
    guide[j] = k;
  }
  return { cdf, guide };
}

function loopPoissonGame(input: PoissonGameInput, sims: number, u: Float64Array): GameSimResult {
  const spread = input.spread ?? null;
  const line = input.total ?? null;
  const hist = new Float64Array(2 * MARGIN_RANGE + 1);
  let home = 0;
  let away = 0;
  let cover = 0;
  let spush = 0;
  let over = 0;
  let tpush = 0;
  let sumM = 0;
  let sumT = 0;
  const hasSpread = spread !== null;
  const hasLine = line !== null;
  const s = hasSpread ? spread : 0;
  const l = hasLine ? line : 0;
  const th = poissonTable(input.muHome ?? 0);
  const ta = poissonTable(input.muAway ?? 0);
  const ch = th.cdf;
  const ca = ta.cdf;
  const gh = th.guide;
  const ga = ta.guide;
  for (let i = 0; i < sims; i++) {
    const u1 = u[2 * i];
    const u2 = u[2 * i + 1];
    let x = gh[(u1 * GUIDE) | 0];
    while (ch[x] < u1) x++;
    let y = ga[(u2 * GUIDE) | 0];
    while (ca[y] < u2) y++;
    const m = x - y;
    const t = x + y;
    sumM += m;
    sumT += t;
    if (m > 0) home++;
    else if (m < 0) away++;
    if (m + s === 0 && hasSpread) spush++;
    else if (m + s > 0) cover++;
    if (t === l && hasLine) tpush++;
    else if (t > l) over++;
    hist[m < -MARGIN_RANGE ? 0 : m > MARGIN_RANGE ? 2 * MARGIN_RANGE : m + MARGIN_RANGE]++;
  }
  for (let k = 0; k < hist.length; k++) hist[k] /= sims;
  return gameResult(sims, home, away, cover, spush, over, tpush, sumM, sumT, hist, hasSpread, hasLine);
}

/** First index of ascending `a` from `lo` where mu + sd·z + c > x (monotone in z for sd > 0). */
function firstAbove(a: Float64Array, lo: number, mu: number, sd: number, c: number, x: number): number {
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (mu + sd * a[mid] + c > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** First index of ascending `a` from `lo` where floor(mu + sd·z + 0.5) ≥ k: the loop's rounding. */
function firstRoundedAtLeast(a: Float64Array, lo: number, mu: number, sd: number, k: number): number {
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (Math.floor(mu + sd * a[mid] + 0.5) >= k) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * The normal game counted instead of looped: the draws of a (seed, sims) pair are fixed, and every
 * quantity the loop counts (m > 0, m + s > 0, round(m) = k, t > L) is a monotone function of its draw
 * (IEEE rounding is monotone; the sds are positive), so over the draws sorted once each count is a
 * binary search with the loop's own expression: the counts, so every probability and the margin
 * histogram, are identical to the loop's (test/models-montecarlo.test.ts), and both take the means from
 * the draws' sums, so the two agree to the bit. ~200 searches instead of 10,000 iterations:
 * bench/models.ts measures both.
 */
function countNormalGame(input: NormalGameInput, sims: number, d: SortedNormals): GameSimResult {
  const mm = input.expectedMargin ?? 0;
  const mt = input.expectedTotal ?? 0;
  const sm = input.marginSd ?? DEFAULT_MARGIN_SD;
  const stt = input.totalSd ?? DEFAULT_TOTAL_SD;
  const spread = input.spread ?? null;
  const line = input.total ?? null;
  const s = spread ?? 0;
  const l = line ?? 0;
  const zm = d.margin;
  const zt = d.total;
  const home = sims - firstAbove(zm, 0, mm, sm, 0, 0);
  const coverFrom = firstAbove(zm, 0, mm, sm, s, 0);
  let cover = sims - coverFrom;
  let spush = 0;
  if (spread !== null && Number.isInteger(s)) {
    const a = firstRoundedAtLeast(zm, 0, mm, sm, -s);
    const b = firstRoundedAtLeast(zm, a, mm, sm, -s + 1);
    spush = b - a;
    cover -= Math.max(0, b - Math.max(a, coverFrom));
  }
  const overFrom = firstAbove(zt, 0, mt, stt, 0, l);
  let over = sims - overFrom;
  let tpush = 0;
  if (line !== null && Number.isInteger(l)) {
    const a = firstRoundedAtLeast(zt, 0, mt, stt, l);
    const b = firstRoundedAtLeast(zt, a, mt, stt, l + 1);
    tpush = b - a;
    over -= Math.max(0, b - Math.max(a, overFrom));
  }
  // hist[j] counts round(m) = j − R, the ends taking everything beyond ±R
  const hist = new Float64Array(2 * MARGIN_RANGE + 1);
  let prev = 0;
  for (let j = 0; j < 2 * MARGIN_RANGE; j++) {
    const at = firstRoundedAtLeast(zm, prev, mm, sm, j - MARGIN_RANGE + 1);
    hist[j] = (at - prev) / sims;
    prev = at;
  }
  hist[2 * MARGIN_RANGE] = (sims - prev) / sims;
  return gameResult(
    sims,
    home,
    sims - home,
    cover,
    spush,
    over,
    tpush,
    sims * mm + sm * d.sumMargin,
    sims * mt + stt * d.sumTotal,
    hist,
    spread !== null,
    line !== null,
  );
}

function gameResult(
  sims: number,
  home: number,
  away: number,
  cover: number,
  spush: number,
  over: number,
  tpush: number,
  sumM: number,
  sumT: number,
  hist: Float64Array,
  hasSpread: boolean,
  hasLine: boolean,
): GameSimResult {
  return {
    sims,
    pHome: home / sims,
    pAway: away / sims,
    pDraw: (sims - home - away) / sims,
    pCover: hasSpread ? cover / sims : null,
    pSpreadPush: hasSpread ? spush / sims : null,
    pOver: hasLine ? over / sims : null,
    pTotalPush: hasLine ? tpush / sims : null,
    meanMargin: sumM / sims,
    meanTotal: sumT / sims,
    margins: hist,
  };
}

/** The normal game as a plain loop over the draws z (margin at even indices, total at odd). */
function loopNormalGame(input: NormalGameInput, sims: number, z: Float64Array): GameSimResult {
  const spread = input.spread ?? null;
  const line = input.total ?? null;
  const hasSpread = spread !== null;
  const hasLine = line !== null;
  const s = spread ?? 0;
  const l = line ?? 0;
  const spreadWhole = hasSpread && Number.isInteger(s);
  const lineWhole = hasLine && Number.isInteger(l);
  const mm = input.expectedMargin ?? 0;
  const mt = input.expectedTotal ?? 0;
  const sm = input.marginSd ?? DEFAULT_MARGIN_SD;
  const stt = input.totalSd ?? DEFAULT_TOTAL_SD;
  const hist = new Float64Array(2 * MARGIN_RANGE + 1);
  let home = 0;
  let cover = 0;
  let spush = 0;
  let over = 0;
  let tpush = 0;
  // the means as sims·μ + σ·Σz, Σz in draw order: the counted version gets the same bits
  let sumZm = 0;
  let sumZt = 0;
  for (let i = 0; i < sims; i++) {
    const m = mm + sm * z[2 * i];
    const t = mt + stt * z[2 * i + 1];
    sumZm += z[2 * i];
    sumZt += z[2 * i + 1];
    if (m > 0) home++;
    const rm = Math.floor(m + 0.5);
    if (spreadWhole && rm === -s) spush++;
    else if (m + s > 0) cover++;
    if (lineWhole && Math.floor(t + 0.5) === l) tpush++;
    else if (t > l) over++;
    hist[rm < -MARGIN_RANGE ? 0 : rm > MARGIN_RANGE ? 2 * MARGIN_RANGE : rm + MARGIN_RANGE]++;
  }
  for (let k = 0; k < hist.length; k++) hist[k] /= sims;
  return gameResult(sims, home, sims - home, cover, spush, over, tpush, sims * mm + sm * sumZm, sims * mt + stt * sumZt, hist, hasSpread, hasLine);
}
