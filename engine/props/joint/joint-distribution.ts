// The joint law of a set of legs over their hit/push/miss patterns: exact integration when every group
// of mutually correlated legs has at most three legs (groups are independent, so their laws multiply),
// the seeded simulation otherwise (or when asked). Correlations between legs of different games are
// zero by construction, so each game is its own group at most.
import type { Seed } from '../../../core/seed.js';
import { exactPatternProbabilities, MAX_EXACT_LEGS } from './exact-legs.js';
import { nearestCorrelation } from './nearest-correlation.js';
import type { BlockNormalsCache } from './block-normals.js';
import { patternProbabilities, prepareJointLegs, simulateLegs, type LegProbabilities } from './simulate-legs.js';

/** Four blocks: a standard error of 0.0037 at p = 0.3, 0.0021 at p = 0.08. */
export const DEFAULT_JOINT_SIMS = 16_384;

export interface JointOptions {
  method?: 'auto' | 'exact' | 'simulate';
  sims?: number;
  seed?: Seed;
  /** block normals kept by the caller between calls (same seed and legs count: no new draws) */
  normals?: BlockNormalsCache;
}

export interface JointDistribution {
  n: number;
  method: 'exact' | 'simulate';
  /** simulations run (null when exact) */
  sims: number | null;
  /** patterns with positive probability, code = Σ state_i 3^i (0 hit, 1 push, 2 miss) */
  patterns: { code: number; p: number }[];
  /** P(every leg hits) */
  pAllHit: number;
  /** Monte Carlo standard error of pAllHit (0 when exact) */
  seAllHit: number;
  /** the latent correlation used (row-major), after projection to positive definite */
  correlation: Float64Array;
  /** whether the latent correlation had to be projected */
  projected: boolean;
}

/** Connected groups of legs by non-zero correlation. */
export function correlatedGroups(correlation: ArrayLike<number>, n: number): number[][] {
  const seen = new Uint8Array(n);
  const groups: number[][] = [];
  for (let s = 0; s < n; s++) {
    if (seen[s]) continue;
    const g: number[] = [];
    const stack = [s];
    seen[s] = 1;
    while (stack.length) {
      const i = stack.pop()!;
      g.push(i);
      for (let j = 0; j < n; j++) {
        if (!seen[j] && j !== i && correlation[i * n + j] !== 0) {
          seen[j] = 1;
          stack.push(j);
        }
      }
    }
    groups.push(g.sort((a, b) => a - b));
  }
  return groups;
}

export function jointDistribution(legs: readonly LegProbabilities[], correlation: ArrayLike<number>, opts: JointOptions = {}): JointDistribution {
  const n = legs.length;
  const proj = nearestCorrelation(correlation, n);
  const r = proj.matrix;
  const groups = correlatedGroups(r, n);
  const method = opts.method ?? 'auto';
  const exactOk = groups.every((g) => g.length <= MAX_EXACT_LEGS);
  if (method === 'exact' && !exactOk) throw new RangeError(`exact integration handles groups of at most ${MAX_EXACT_LEGS} correlated legs`);
  if (method === 'exact' || (method === 'auto' && exactOk)) {
    let dist = new Map<number, number>([[0, 1]]);
    for (const g of groups) {
      const sub = new Float64Array(g.length * g.length);
      g.forEach((a, i) => g.forEach((b, j) => (sub[i * g.length + j] = r[a * n + b])));
      const probs = exactPatternProbabilities(
        g.map((i) => legs[i]),
        sub,
      );
      const next = new Map<number, number>();
      for (const [code, p] of dist) {
        probs.forEach((q, local) => {
          if (q <= 0) return;
          let add = 0;
          let c = local;
          for (const leg of g) {
            add += (c % 3) * 3 ** leg;
            c = Math.floor(c / 3);
          }
          next.set(code + add, (next.get(code + add) ?? 0) + p * q);
        });
      }
      dist = next;
    }
    const patterns = [...dist].map(([code, p]) => ({ code, p })).sort((a, b) => a.code - b.code);
    return { n, method: 'exact', sims: null, patterns, pAllHit: dist.get(0) ?? 0, seAllHit: 0, correlation: r, projected: proj.adjusted };
  }
  const sims = opts.sims ?? DEFAULT_JOINT_SIMS;
  const counts = simulateLegs(prepareJointLegs(legs, r), opts.seed ?? 0, sims, opts.normals);
  const patterns = patternProbabilities(counts);
  const pAll = patterns.length > 0 && patterns[0].code === 0 ? patterns[0].p : 0;
  return { n, method: 'simulate', sims, patterns, pAllHit: pAll, seAllHit: Math.sqrt((pAll * (1 - pAll)) / sims), correlation: r, projected: proj.adjusted };
}
