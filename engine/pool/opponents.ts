// How the other entries in a pool pick. Default ("public"): draw the champion by the title shares, then
// walk down the bracket; a game whose winner is fixed by the round above keeps it, any other game's
// winner is drawn among the teams that can reach it in proportion to their share for that round.
// "chalky" raises the shares to a power (> 1 leans further to the public's favourites) before the same
// walk. Both are defined by weight[j][i]: the chance that a free game j is picked for team i.
// Explicit opponents (a real pool's entries) are brackets, not a model (see pool-context.ts).
import { SimcastError } from '../../core/errors.js';
import type { Seed } from '../../core/seed.js';
import { BLOCK_SIZE, blockState } from '../random/stream-scheme.js';
import { Xoshiro128 } from '../random/xoshiro128.js';
import type { PickShares } from './pick-shares.js';
import type { PoolBracket } from './pool-bracket.js';

export type OpponentModelSpec = { kind: 'public' } | { kind: 'chalky'; power?: number };

export const DEFAULT_CHALKY_POWER = 2;

export interface OpponentModel {
  name: string;
  /** weight[j * size + i]: P(an opponent picks i in pool game j | j's winner is not fixed from above). */
  weight: Float64Array;
  /** Cumulative weights of each game over its reach, scaled to 2^32 for drawing with one generator output. */
  cumulative: Float64Array;
}

export function opponentModel(pb: PoolBracket, shares: PickShares, spec: OpponentModelSpec = { kind: 'public' }): OpponentModel {
  let power = 1;
  if (spec.kind === 'chalky') {
    power = spec.power ?? DEFAULT_CHALKY_POWER;
    if (!(Number.isFinite(power) && power > 0))
      throw new SimcastError('POOL_INVALID', `the chalky opponents' power must be a positive number (got ${spec.power})`);
  } else if (spec.kind !== 'public') {
    throw new SimcastError('POOL_INVALID', `opponent model must be public or chalky (got '${String((spec as { kind: unknown }).kind)}')`);
  }
  const S = pb.size;
  const weight = new Float64Array(pb.gameCount * S);
  const cumulative = new Float64Array(pb.gameCount * S);
  for (let j = 0; j < pb.gameCount; j++) {
    const r = pb.round[j] - 1;
    let sum = 0;
    for (let i = pb.lo[j]; i < pb.hi[j]; i++) {
      const w = Math.pow(shares.share[r * S + i], power);
      weight[j * S + i] = w;
      sum += w;
    }
    const n = pb.hi[j] - pb.lo[j];
    let acc = 0;
    for (let i = pb.lo[j]; i < pb.hi[j]; i++) {
      // Nobody picks anyone here (all shares zero): every team alike, so the model stays a distribution.
      const w = sum > 0 ? weight[j * S + i] / sum : 1 / n;
      weight[j * S + i] = w;
      acc += w;
      cumulative[j * S + i] = acc * 4294967296;
    }
    cumulative[j * S + pb.hi[j] - 1] = 4294967296;
  }
  return { name: spec.kind === 'chalky' ? `chalky(power=${power})` : 'public', weight, cumulative };
}

/** A uniform 32-bit source (a xoshiro128** generator, or any other in tests). */
export interface Uint32Source {
  nextUint32(): number;
}

/** One opponent's bracket, drawn top-down: picks[j] for every pool game. One draw per free game. */
export function drawOpponent(pb: PoolBracket, m: OpponentModel, rng: Uint32Source, picks: Int32Array): Int32Array {
  const S = pb.size;
  const J = pb.gameCount;
  for (let j = J - 1; j >= 0; j--) {
    const p = pb.parent[j];
    if (p >= 0) {
      const w = picks[p];
      if (w >= pb.lo[j] && w < pb.hi[j]) {
        picks[j] = w;
        continue;
      }
    }
    const u = rng.nextUint32();
    let i = pb.lo[j];
    const last = pb.hi[j] - 1;
    while (i < last && u >= m.cumulative[j * S + i]) i++;
    picks[j] = i;
  }
  return picks;
}

/** P(the model draws exactly this bracket): the product of the free games' weights. */
export function bracketProbability(pb: PoolBracket, m: OpponentModel, picks: Int32Array): number {
  let p = 1;
  for (let j = 0; j < pb.gameCount; j++) {
    const parent = pb.parent[j];
    const fixed = parent >= 0 && picks[parent] === picks[j];
    if (!fixed) p *= m.weight[j * pb.size + picks[j]];
  }
  return p;
}

/** The stream of sampled opponents: seed material distinct from the tournaments' and the hold-out's. */
export function opponentSeed(seed: Seed): string {
  return `${seed}|pool-opponents`;
}

/**
 * Opponents first .. first + count - 1 of a run, as brackets (picks per pool game): opponent k is drawn
 * from stream block floor(k / BLOCK_SIZE) of opponentSeed(seed), after the opponents before it in that
 * block, so any split of the work draws the same opponents. For showing or storing example entries;
 * pricing uses the exact distribution instead (opponent-score.ts).
 */
export function sampleOpponents(pb: PoolBracket, m: OpponentModel, seed: Seed, first: number, count: number): Int32Array[] {
  const out: Int32Array[] = [];
  let block = -1;
  let rng: Xoshiro128 | null = null;
  const scratch = new Int32Array(pb.gameCount);
  for (let k = Math.floor(first / BLOCK_SIZE) * BLOCK_SIZE; k < first + count; k++) {
    const b = Math.floor(k / BLOCK_SIZE);
    if (b !== block) {
      block = b;
      rng = new Xoshiro128(blockState(opponentSeed(seed), b));
    }
    const picks = k >= first ? new Int32Array(pb.gameCount) : scratch;
    drawOpponent(pb, m, rng!, picks);
    if (k >= first) out.push(picks);
  }
  return out;
}
