// Seeded simulation of correlated legs (a Gaussian copula, NORTA on thresholds). Each leg has a latent
// standard normal Y oriented so that small is good: the leg hits when Y ≤ c_hit = Φ⁻¹(P(hit)), pushes
// when c_hit < Y ≤ c_push = Φ⁻¹(P(hit) + P(push)), misses otherwise; so its marginal law is exact and
// only the latent correlation matrix R joins the legs (Y = L Z, L L' = R). A simulation's outcome is
// the pattern code Σ state_i 3^i (state 0 hit, 1 push, 2 miss).
//
// Stream scheme: simulation s belongs to block ⌊s/4096⌋ and draws its n normals from that block's
// generator in order, so counts of any block range are the same on any thread or shard split; counts
// are integers, so adding them in block order is exact.
import type { Seed } from '../../../core/seed.js';
import { normalQuantile } from '../../models/probit.js';
import { BLOCK_SIZE, blockCount, simsInBlock } from '../../random/stream-scheme.js';
import { fillBlockNormals, type BlockNormalsCache } from './block-normals.js';
import { choleskyLower } from './nearest-correlation.js';

export const HIT = 0;
export const PUSH = 1;
export const MISS = 2;
/** Largest number of legs whose 3^n patterns are tallied in a dense array. */
export const DENSE_LEGS = 10;
export const MAX_SIM_LEGS = 30;

export interface LegProbabilities {
  pHit: number;
  /** 0 unless the line is a whole number the stat can land on */
  pPush: number;
}

export interface JointLegsModel {
  n: number;
  /** lower Cholesky factor of the latent correlation, row-major */
  chol: Float64Array;
  /** c_hit, c_push per leg */
  cuts: Float64Array;
}

export function prepareJointLegs(legs: readonly LegProbabilities[], correlation: ArrayLike<number>): JointLegsModel {
  const n = legs.length;
  if (n < 1 || n > MAX_SIM_LEGS) throw new RangeError(`a joint simulation takes 1 to ${MAX_SIM_LEGS} legs (got ${n})`);
  const chol = choleskyLower(correlation, n);
  if (chol === null) throw new RangeError('the latent correlation matrix is not positive definite (project it with nearestCorrelation first)');
  const cuts = new Float64Array(2 * n);
  legs.forEach((l, i) => {
    checkLeg(l, i);
    cuts[2 * i] = normalQuantile(l.pHit);
    cuts[2 * i + 1] = normalQuantile(Math.min(1, l.pHit + l.pPush));
  });
  return { n, chol, cuts };
}

function checkLeg(l: LegProbabilities, i: number): void {
  if (!(l.pHit >= 0 && l.pPush >= 0 && l.pHit + l.pPush <= 1 + 1e-12)) throw new RangeError(`leg ${i}: probabilities must be in [0, 1] with hit + push ≤ 1`);
}

/** Pattern counts of a run: dense (3^n entries) up to DENSE_LEGS legs, sparse beyond. */
export interface PatternCounts {
  n: number;
  sims: number;
  dense: Float64Array | null;
  sparse: Map<number, number> | null;
}

export function emptyCounts(n: number): PatternCounts {
  return n <= DENSE_LEGS ? { n, sims: 0, dense: new Float64Array(3 ** n), sparse: null } : { n, sims: 0, dense: null, sparse: new Map() };
}

/** Adds b's counts into a (same legs). */
export function mergeCounts(a: PatternCounts, b: PatternCounts): PatternCounts {
  a.sims += b.sims;
  if (a.dense && b.dense) for (let k = 0; k < a.dense.length; k++) a.dense[k] += b.dense[k];
  else if (a.sparse && b.sparse) for (const [k, v] of b.sparse) a.sparse.set(k, (a.sparse.get(k) ?? 0) + v);
  return a;
}

/** Simulates blocks [fromBlock, toBlock) of a `sims`-simulation run into `into`. */
export function simulateLegBlocks(
  model: JointLegsModel,
  seed: Seed,
  sims: number,
  fromBlock: number,
  toBlock: number,
  into: PatternCounts = emptyCounts(model.n),
  cache?: BlockNormalsCache,
): PatternCounts {
  const { n, chol, cuts } = model;
  const z = new Float64Array(BLOCK_SIZE * n);
  const y = new Float64Array(n);
  const state = new Uint32Array(4);
  const pow3 = Array.from({ length: n }, (_, i) => 3 ** i);
  const last = Math.min(toBlock, blockCount(sims));
  for (let b = fromBlock; b < last; b++) {
    const m = simsInBlock(sims, b);
    const draws = cache ? cache.get(seed, b, m * n) : fillBlockNormals(seed, b, m === BLOCK_SIZE ? z : z.subarray(0, m * n), state);
    for (let s = 0; s < m; s++) {
      const o = s * n;
      let code = 0;
      for (let i = 0; i < n; i++) {
        let v = 0;
        const row = i * n;
        for (let k = 0; k <= i; k++) v += chol[row + k] * draws[o + k];
        y[i] = v;
        code += v <= cuts[2 * i] ? 0 : v <= cuts[2 * i + 1] ? pow3[i] : 2 * pow3[i];
      }
      if (into.dense) into.dense[code]++;
      else into.sparse!.set(code, (into.sparse!.get(code) ?? 0) + 1);
    }
    into.sims += m;
  }
  return into;
}

/** The whole run: every block, in order. */
export function simulateLegs(model: JointLegsModel, seed: Seed, sims: number, cache?: BlockNormalsCache): PatternCounts {
  if (!Number.isSafeInteger(sims) || sims < 1) throw new RangeError(`sims must be a positive integer (got ${sims})`);
  return simulateLegBlocks(model, seed, sims, 0, blockCount(sims), emptyCounts(model.n), cache);
}

/** Each leg's state in a pattern code. */
export function decodePattern(code: number, n: number, out: Uint8Array = new Uint8Array(n)): Uint8Array {
  for (let i = 0; i < n; i++) {
    out[i] = code % 3;
    code = Math.floor(code / 3);
  }
  return out;
}

/** Patterns with their probabilities (counts / sims), in code order. */
export function patternProbabilities(c: PatternCounts): { code: number; p: number }[] {
  const out: { code: number; p: number }[] = [];
  if (c.dense) c.dense.forEach((v, code) => v > 0 && out.push({ code, p: v / c.sims }));
  else for (const [code, v] of [...c.sparse!].sort((a, b) => a[0] - b[0])) out.push({ code, p: v / c.sims });
  return out;
}
