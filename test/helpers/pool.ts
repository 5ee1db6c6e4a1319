// Small pools for checking the pool engine against enumeration: a field of n teams, public pick shares
// from the exact advancement of a second set of ratings (so each round's shares add up to its games),
// every tournament outcome with its probability, and every bracket.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FieldSpec } from '../../engine/field/types.js';
import { parseResultsCsv } from '../../engine/field/read-results.js';
import { compileBracket, type Bracket } from '../../engine/tournament/bracket.js';
import { exactGameWins } from '../../engine/tournament/exact.js';
import { fiveThirtyEight, type WinProbabilityModel } from '../../engine/tournament/win-probability.js';
import type { PickShares } from '../../engine/pool/pick-shares.js';
import { poolBracket, type PoolBracket } from '../../engine/pool/pool-bracket.js';
import type { PoolContext } from '../../engine/pool/pool-context.js';
import { joinBlocks, PoolBlockBuilder, type PoolSample } from '../../engine/pool/sample.js';
import { field2016 } from './field-2016.js';

export const PICKS_2016 = fileURLToPath(new URL('../fixtures/ncaa-mens-2016-espn-picks.csv', import.meta.url));
const FIRST_FOUR_2016 = fileURLToPath(new URL('../fixtures/ncaa-mens-2016-first-four.csv', import.meta.url));

/** The 2016 field with the First Four decided (as the picks file assumes). */
export async function field2016AfterFirstFour(): Promise<FieldSpec> {
  const spec = await field2016();
  spec.results.push(...parseResultsCsv(readFileSync(FIRST_FOUR_2016, 'utf8'), FIRST_FOUR_2016));
  return spec;
}

/** Deterministic numbers for building cases. */
function lcg(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

export function smallField(n: number, seed: number, seeds = true): FieldSpec {
  const rnd = lcg(seed);
  const names = Array.from({ length: n }, (_, i) => `T${i}`);
  return {
    name: `small-${n}-${seed}`,
    teams: names.map((name, i) => ({ name, rating: 78 + rnd() * 16, ...(seeds ? { seed: 1 + (i % 8) } : {}) })),
    slots: names.map((team) => ({ kind: 'team', team })),
    results: [],
  };
}

/** Public shares: exact advancement under ratings moved by up to `noise` points (the public's beliefs). */
export function publicShares(pb: PoolBracket, seed: number, noise = 6, model: WinProbabilityModel = fiveThirtyEight): PickShares {
  const rnd = lcg(seed * 7919);
  const b = pb.bracket;
  const believed: Bracket = { ...b, ratings: Float64Array.from(b.ratings, (r) => r + (rnd() - 0.5) * 2 * noise) };
  const wins = exactGameWins(believed, model);
  const S = pb.size;
  const share = new Float64Array(pb.rounds * S);
  for (let j = 0; j < pb.gameCount; j++) {
    for (let i = pb.lo[j]; i < pb.hi[j]; i++) share[(pb.round[j] - 1) * S + i] = wins[pb.game[j] * b.teamCount + pb.team[i]];
  }
  return { source: 'test', rounds: pb.rounds, size: S, share, fileNames: pb.names };
}

export function smallPool(n: number, seed: number): { pb: PoolBracket; shares: PickShares } {
  const pb = poolBracket(compileBracket(smallField(n, seed)));
  return { pb, shares: publicShares(pb, seed) };
}

/** Every outcome of the pool bracket's games (main wins per team) with its probability. */
export function enumerateOutcomes(
  pb: PoolBracket,
  model: WinProbabilityModel = fiveThirtyEight,
): { outcomes: Uint8Array; weights: Float64Array; count: number } {
  const b = pb.bracket;
  const J = pb.gameCount;
  const S = pb.size;
  const count = 2 ** J;
  const outcomes = new Uint8Array(count * S);
  const weights = new Float64Array(count);
  const winner = new Int32Array(J);
  for (let mask = 0; mask < count; mask++) {
    let p = 1;
    for (let j = 0; j < J; j++) {
      const a = pb.childA[j] >= 0 ? winner[pb.childA[j]] : -pb.childA[j] - 1;
      const c = pb.childB[j] >= 0 ? winner[pb.childB[j]] : -pb.childB[j] - 1;
      const pa = model.prob(b.ratings[pb.team[a]], b.ratings[pb.team[c]]);
      const aWins = ((mask >> j) & 1) === 0;
      p *= aWins ? pa : 1 - pa;
      winner[j] = aWins ? a : c;
      outcomes[mask * S + winner[j]]++;
    }
    weights[mask] = p;
  }
  return { outcomes, weights, count };
}

/** Every bracket (picks per pool game) of the pool bracket. */
export function allBrackets(pb: PoolBracket): Int32Array[] {
  const J = pb.gameCount;
  const out: Int32Array[] = [];
  for (let mask = 0; mask < 2 ** J; mask++) {
    const picks = new Int32Array(J);
    for (let j = 0; j < J; j++) {
      const a = pb.childA[j] >= 0 ? picks[pb.childA[j]] : -pb.childA[j] - 1;
      const c = pb.childB[j] >= 0 ? picks[pb.childB[j]] : -pb.childB[j] - 1;
      picks[j] = ((mask >> j) & 1) === 0 ? a : c;
    }
    out.push(picks);
  }
  return out;
}

/** The exactly enumerated sample (one block, outcome probabilities as weights). */
export function exactSample(ctx: PoolContext): PoolSample {
  const { outcomes, weights, count } = enumerateOutcomes(ctx.pb);
  const block = new PoolBlockBuilder(ctx).fromOutcomes(outcomes, count);
  return joinBlocks(ctx, [block], weights);
}

/** A small pool as the JSON document jobs and HTTP take (field inline, picks as { name, shares }). */
export function smallPoolDocument(n: number, seed: number, poolSize: number): Record<string, unknown> & { picks: { name: string; shares: number[] }[] } {
  const field = smallField(n, seed);
  const { pb, shares } = smallPool(n, seed);
  const picks = pb.names.map((name, i) => ({ name, shares: Array.from({ length: pb.rounds }, (_, r) => shares.share[r * pb.size + i]) }));
  return { field: { name: field.name, teams: field.teams, slots: field.teams.map((t) => t.name) }, picks, poolSize };
}
