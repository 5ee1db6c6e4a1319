// A pool entry (a filled-in bracket) in two equivalent forms: the pick of every pool game (picks[j] =
// main team) and the number of games it picks each main team to win (wins[i], 0..rounds). A
// single-elimination bracket is fixed by the wins of every team, so scoring reads only wins; moves are
// made on picks, where consistency is easy to keep.
import { SimcastError } from '../../core/errors.js';
import type { PoolBracket } from './pool-bracket.js';

export function picksToWins(pb: PoolBracket, picks: Int32Array, out: Uint8Array = new Uint8Array(pb.size)): Uint8Array {
  out.fill(0);
  for (let j = 0; j < pb.gameCount; j++) out[picks[j]]++;
  return out;
}

function describeGame(pb: PoolBracket, j: number): string {
  const teams = pb.names.slice(pb.lo[j], pb.hi[j]);
  const list = teams.length <= 4 ? teams.map((n) => `'${n}'`).join(', ') : `'${teams[0]}' .. '${teams[teams.length - 1]}'`;
  return `the round ${pb.round[j]} game of ${list}`;
}

/** Checks that wins describe one bracket (every game exactly one winner) and returns its picks. */
export function winsToPicks(pb: PoolBracket, wins: ArrayLike<number>, what = 'the entry'): Int32Array {
  const S = pb.size;
  for (let i = 0; i < S; i++) {
    const w = wins[i];
    if (!(Number.isInteger(w) && w >= 0 && w <= pb.pathLength[i])) {
      throw new SimcastError('POOL_INVALID', `${what} gives '${pb.names[i]}' ${w} wins; it can win 0..${pb.pathLength[i]}`);
    }
  }
  const picks = new Int32Array(pb.gameCount).fill(-1);
  for (let j = 0; j < pb.gameCount; j++) {
    for (let i = pb.lo[j]; i < pb.hi[j]; i++) {
      if (wins[i] <= pb.position[j * S + i]) continue;
      if (picks[j] >= 0) {
        throw new SimcastError('POOL_INVALID', `${what} picks both '${pb.names[picks[j]]}' and '${pb.names[i]}' to win ${describeGame(pb, j)}`);
      }
      picks[j] = i;
    }
    if (picks[j] < 0) throw new SimcastError('POOL_INVALID', `${what} picks no winner for ${describeGame(pb, j)}`);
  }
  return picks;
}

/** `{ "<team>": wins }` for the 64 main teams, in bracket order. */
export function entryToRecord(pb: PoolBracket, wins: Uint8Array): Record<string, number> {
  const out: Record<string, number> = {};
  for (let i = 0; i < pb.size; i++) out[pb.names[i]] = wins[i];
  return out;
}

/** An entry from `{ "<team>": wins }` (the field's names; teams left out win nothing), checked. */
export function entryFromRecord(pb: PoolBracket, record: Record<string, unknown>, what = 'the entry'): Int32Array {
  const index = new Map(pb.names.map((n, i) => [n, i]));
  const wins = new Array<number>(pb.size).fill(0);
  for (const [name, w] of Object.entries(record)) {
    const i = index.get(name);
    if (i === undefined) {
      const t = pb.bracket.names.indexOf(name);
      throw new SimcastError(
        t >= 0 ? 'POOL_INVALID' : 'TEAM_UNKNOWN',
        t >= 0 ? `${what} names '${name}', which lost its play-in game` : `${what} names unknown team '${name}'`,
      );
    }
    if (typeof w !== 'number') throw new SimcastError('POOL_INVALID', `${what} gives '${name}' ${JSON.stringify(w)} wins, not a number`);
    wins[i] = w;
  }
  return winsToPicks(pb, wins, what);
}

/**
 * The bracket with main team x picked to win exactly k games, changing as little as possible: x takes
 * the games of its first k rounds (displacing whoever was picked there); if x used to go further, the
 * opponent it now loses to (the pick from the other side of that game) takes over x's later games.
 */
export function withWins(pb: PoolBracket, picks: Int32Array, x: number, k: number, out: Int32Array = picks.slice()): Int32Array {
  if (out !== picks) out.set(picks);
  const R = pb.rounds;
  const L = pb.pathLength[x];
  for (let p = 0; p < k && p < L; p++) out[pb.path[x * R + p]] = x;
  if (k >= L) return out;
  const j = pb.path[x * R + k];
  const old = out[j];
  // x's side of game j: the child that contains x.
  const A = pb.childA[j];
  const B = pb.childB[j];
  const aHi = A >= 0 ? pb.hi[A] : -A;
  const xInA = x < aHi;
  const oldInXSide = xInA ? old < aHi : old >= aHi;
  if (!oldInXSide) return out;
  const other = xInA ? B : A;
  const y = other >= 0 ? out[other] : -other - 1;
  for (let h = j; h >= 0 && out[h] === old; h = pb.parent[h]) out[h] = y;
  return out;
}
